"""The per-transaction time budget: a slow batch is cut short, a fast one goes through whole."""

from __future__ import annotations

from collections.abc import Sequence

from newswire.pipeline import Outcome
from newswire.stream.budget import FIRST_CHUNK, Budget, interleave


class SlowPipeline:
    """Each record costs `seconds` on a hand-driven clock; remembers the chunk sizes it was given."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.now = 0.0
        self.chunks: list[int] = []

    def clock(self) -> float:
        return self.now

    def process(self, values: Sequence[bytes | None]) -> list[Outcome]:
        self.chunks.append(len(values))
        self.now += self.seconds * len(values)
        return [Outcome() for _ in values]


class TestBudget:
    def test_slow_batch_is_cut_when_the_budget_is_spent(self) -> None:
        """At 0.1 s a record and 0.5 s of budget, 64 records become a first transaction of about five."""
        slow = SlowPipeline(0.1)
        outcomes = Budget(0.5, slow.clock).process(slow, [b"x"] * 64)
        assert 1 <= len(outcomes) <= FIRST_CHUNK
        assert slow.now <= 0.5 + 0.1 * FIRST_CHUNK

    def test_estimate_sizes_later_chunks_to_the_budget(self) -> None:
        """Once the time per record is known, a whole transaction fits the budget with at most one record over."""
        slow = SlowPipeline(0.1)
        budget = Budget(0.5, slow.clock)
        budget.process(slow, [b"x"] * 64)
        started = slow.now
        outcomes = budget.process(slow, [b"x"] * 64)
        assert len(outcomes) == 5
        assert slow.now - started <= 0.5 + 1e-9

    def test_fast_batch_goes_through_whole(self) -> None:
        """Records far cheaper than the budget are all processed in one transaction."""
        fast = SlowPipeline(0.0001)
        outcomes = Budget(0.5, fast.clock).process(fast, [b"x"] * 64)
        assert len(outcomes) == 64

    def test_at_least_one_record_even_when_one_exceeds_the_budget(self) -> None:
        """A record slower than the whole budget still makes progress."""
        slow = SlowPipeline(2.0)
        budget = Budget(0.5, slow.clock)
        budget.process(slow, [b"x"] * 4)
        assert len(budget.process(slow, [b"x"] * 4)) == 1

    def test_zero_means_no_limit(self) -> None:
        """A budget of 0 hands the whole batch to the pipeline at once."""
        slow = SlowPipeline(1.0)
        assert len(Budget(0, slow.clock).process(slow, [b"x"] * 10)) == 10
        assert slow.chunks == [10]


class TestInterleave:
    def test_partitions_take_turns_and_keep_their_order(self) -> None:
        """Records of each partition stay in order; partitions alternate."""
        assert interleave([[1, 2, 3], [10], [20, 21]]) == [1, 10, 20, 2, 21, 3]
