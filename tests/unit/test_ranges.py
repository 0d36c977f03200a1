"""read_to_end: the one loop that reads assigned partitions up to offsets fixed in advance."""

from __future__ import annotations

from newswire.stream.clients import TopicPartition
from newswire.stream.ranges import read_to_end
from tests.unit.fakes import FakeConsumer, FakeLog

P0, P1 = TopicPartition("t", 0), TopicPartition("t", 1)


def _log() -> FakeLog:
    log = FakeLog()
    log.create("t", partitions=2)
    for i in range(5):
        log.append("t", f"a{i}".encode(), [], partition=0)
    for i in range(3):
        log.append("t", f"b{i}".encode(), [], partition=1)
    return log


def _read(ends: dict[TopicPartition, int], **options: bool) -> list[bytes | None]:
    consumer = FakeConsumer(_log())
    consumer.assign(list(ends))
    batches = read_to_end(consumer, ends, poll_ms=0, position_ms=0, max_records=2, **options)
    return [r.value for batch in batches for r in batch]


class TestReadToEnd:
    def test_each_partition_is_read_up_to_its_own_end(self) -> None:
        """Records at or past a partition's end are left out; the loop ends once every partition is there."""
        assert sorted(v or b"" for v in _read({P0: 3, P1: 1})) == [b"a0", b"a1", b"a2", b"b0"]

    def test_unclipped_reads_keep_what_was_polled_past_the_end(self) -> None:
        """The state log takes in everything it polls: a record past the end is not read twice later."""
        values = _read({P0: 3, P1: 1}, clip=False)
        assert {b"a0", b"a1", b"a2", b"b0"} <= set(values) and len(values) > 4

    def test_partitions_already_at_their_end_are_not_polled(self) -> None:
        """Empty partitions, or ends of 0, end the loop at once."""
        assert _read({P0: 0, P1: 0}) == []
