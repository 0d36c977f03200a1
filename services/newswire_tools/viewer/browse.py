"""Reading committed records back for `newswire inspect`: the newest of a topic, one key's newest.

Every read is bounded in records and in time; kafka-python's errors come out as StreamError.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from newswire.errors import ConfigurationError
from newswire.stream.clients import Consumer, TopicPartition, default_partition, translated
from newswire.stream.ranges import read_to_end
from newswire.stream.records import ConsumedRecord

#: Records read per step when looking back through a partition for a key.
CHUNK = 500


class TopicReader:
    """Reads ranges of committed records with one manually assigned consumer (not thread-safe)."""

    def __init__(self, consumer: Consumer, deadline_s: float) -> None:
        self._consumer = consumer
        self._deadline_s = deadline_s

    def _partitions(self, topic: str) -> list[TopicPartition]:
        numbers = self._consumer.partitions_for_topic(topic)
        if not numbers:
            raise ConfigurationError(f"topic {topic} does not exist")
        return [TopicPartition(topic, p) for p in sorted(numbers)]

    def _bounds(self, partitions: list[TopicPartition]) -> dict[TopicPartition, tuple[int, int]]:
        timeout = int(self._deadline_s * 1000)
        first = self._consumer.beginning_offsets(partitions, timeout)
        end = self._consumer.end_offsets(partitions, timeout)  # the last stable offset: read_committed
        return {tp: (first[tp], end[tp]) for tp in partitions}

    def _read(self, ranges: dict[TopicPartition, tuple[int, int]]) -> list[ConsumedRecord]:
        """Every committed record in [start, end) of each partition, within the deadline."""
        wanted = {tp: span for tp, span in ranges.items() if span[0] < span[1]}
        if not wanted:
            return []
        self._consumer.assign(list(wanted))
        for tp, (start, _end) in wanted.items():
            self._consumer.seek(tp, start)
        records: list[ConsumedRecord] = []
        deadline = time.monotonic() + self._deadline_s
        ends = {tp: end for tp, (_start, end) in wanted.items()}
        for batch in read_to_end(self._consumer, ends, poll_ms=200, position_ms=int(self._deadline_s * 1000)):
            records.extend(batch)
            if time.monotonic() >= deadline:
                break
        return records

    def recent(self, topic: str, limit: int) -> list[ConsumedRecord]:
        """The newest `limit` committed records of the topic, newest first (by record time)."""
        with translated(f"reading {topic}"):
            partitions = self._partitions(topic)
            bounds = self._bounds(partitions)
            records = self._read({tp: (max(first, end - limit), end) for tp, (first, end) in bounds.items()})
        records.sort(key=lambda r: (r.timestamp, r.offset), reverse=True)
        return records[:limit]

    def newest_with_key(self, topic: str, key: bytes, max_scan: int) -> ConsumedRecord | None:
        """The newest record with this key, looked for backwards in the key's partition (as the
        default partitioner placed it), reading at most max_scan records."""
        with translated(f"looking through {topic}"):
            partitions = self._partitions(topic)
            tp = partitions[default_partition(key, len(partitions))]
            first, high = self._bounds([tp])[tp]
            scanned = 0
            while high > first and scanned < max_scan:
                low = max(first, high - CHUNK)
                found = [r for r in self._read({tp: (low, high)}) if r.key == key]
                if found:
                    return max(found, key=lambda r: r.offset)
                scanned += high - low
                high = low
        return None

    def newest_matching(self, topic: str, match: Callable[[ConsumedRecord], bool], limit: int) -> ConsumedRecord | None:
        """The newest of the topic's newest `limit` records (per partition) that `match` accepts."""
        found = [r for r in self.recent(topic, limit) if match(r)]
        return found[0] if found else None
