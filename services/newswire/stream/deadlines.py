"""Deadlines for kafka-python calls that otherwise wait forever when the broker stops answering."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from newswire.errors import TransactionTimeout

T = TypeVar("T")


class _Job:
    """One call handed to the runner's thread, and what became of it."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        self.fn = fn
        self.done = threading.Event()
        self.result: Any = None
        self.failure: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.fn()
        except BaseException as exc:
            self.failure = exc
        self.done.set()


def _serve(jobs: queue.SimpleQueue[_Job | None]) -> None:
    while (job := jobs.get()) is not None:
        job.run()


class DeadlineRunner:
    """Runs calls one at a time on a long-lived daemon thread, each within its own deadline.

    One thread serves every call instead of one started per call. A call past its deadline is left
    behind on its thread, which ends when that call returns; the next call gets a fresh thread. After
    a timeout the producer must not be reused: the abandoned call may still finish later.
    """

    def __init__(self, name: str = "deadline") -> None:
        self._name = name
        self._jobs: queue.SimpleQueue[_Job | None] | None = None

    def call(self, fn: Callable[[], T], seconds: float, what: str) -> T:
        """fn's result or exception; TransactionTimeout if it has not returned within seconds."""
        if self._jobs is None:
            self._jobs = queue.SimpleQueue()
            threading.Thread(target=_serve, args=(self._jobs,), name=self._name, daemon=True).start()
        job = _Job(fn)
        self._jobs.put(job)
        if not job.done.wait(seconds):
            self._jobs.put(None)  # its thread ends once the hung call returns
            self._jobs = None
            raise TransactionTimeout(f"{what} did not complete within {seconds:.0f}s")
        if job.failure is not None:
            raise job.failure
        result: T = job.result
        return result

    def close(self) -> None:
        """End the thread (once its call, if any, returns)."""
        if self._jobs is not None:
            self._jobs.put(None)
            self._jobs = None
