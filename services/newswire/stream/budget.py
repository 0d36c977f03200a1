"""A time budget per transaction: a slow batch is cut short so its finished records are committed soon.

Without it a record waits for its whole batch (64 articles through the recognizer, seconds when a
replica is behind) before anyone downstream sees it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from itertools import chain, zip_longest
from typing import Any, Protocol, TypeVar

from newswire.pipeline import Outcome

T = TypeVar("T")
T_contra = TypeVar("T_contra", contravariant=True)
_GAP: Any = object()

#: Records in the first chunk, before the time one record takes is known.
FIRST_CHUNK = 8
#: Weight of the newest chunk in the running estimate of seconds per record.
SMOOTHING = 0.5


class _Processor(Protocol[T_contra]):
    def process(self, values: Sequence[T_contra]) -> list[Outcome]: ...


class Budget:
    """Runs a batch through the pipeline in chunks sized to end when budget_s is spent; 0 means no limit."""

    def __init__(self, budget_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.budget_s = budget_s
        self.per_record_s = 0.0
        self._clock = clock

    def process(self, pipeline: _Processor[T], values: Sequence[T]) -> list[Outcome]:
        """Outcomes of a prefix of values, at least one; the rest is left for the next transaction."""
        if self.budget_s <= 0:
            return pipeline.process(values)
        started = self._clock()
        outcomes: list[Outcome] = []
        while len(outcomes) < len(values):
            left = self.budget_s - (self._clock() - started)
            if outcomes and left <= 0:
                break
            fits = int(left / self.per_record_s) if self.per_record_s else FIRST_CHUNK
            chunk = values[len(outcomes) : len(outcomes) + max(1, fits)]
            before = self._clock()
            outcomes += pipeline.process(chunk)
            took = (self._clock() - before) / len(chunk)
            known = self.per_record_s or took
            self.per_record_s = SMOOTHING * took + (1 - SMOOTHING) * known
        return outcomes


def interleave(batches: Sequence[Sequence[T]]) -> list[T]:
    """One record from each partition in turn (each keeps its order), so a batch cut short advances them all."""
    return [r for r in chain.from_iterable(zip_longest(*batches, fillvalue=_GAP)) if r is not _GAP]
