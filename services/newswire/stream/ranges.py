"""Reading assigned partitions up to offsets fixed in advance: the loop the state log, inspect and replay share."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from newswire.stream.clients import Consumer, TopicPartition
from newswire.stream.records import ConsumedRecord


def read_to_end(
    consumer: Consumer,
    ends: Mapping[TopicPartition, int],
    *,
    poll_ms: int,
    position_ms: int,
    max_records: int | None = None,
    clip: bool = True,
) -> Iterator[list[ConsumedRecord]]:
    """What each poll returns, until every partition's position has reached its end in `ends`.

    Records at or past their partition's end are left out, unless `clip` is False. A position that
    cannot be read within position_ms counts as behind. Unbounded in time: the caller stops
    iterating when its deadline passes or it is told to stop."""
    behind = dict(ends)
    while True:
        behind = {tp: end for tp, end in behind.items() if (consumer.position(tp, position_ms) or 0) < end}
        if not behind:
            return
        polled = consumer.poll(timeout_ms=poll_ms, max_records=max_records)
        yield [
            r
            for records in polled.values()
            for r in records
            if not clip or r.offset < ends[TopicPartition(r.topic, r.partition)]
        ]
