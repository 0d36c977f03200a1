"""The worker loop with hand-written fakes: what it commits, and what it does when a commit fails."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kafka import TopicPartition

from newswire.errors import StreamError
from newswire.observability.metrics import Metrics
from newswire.pipeline import Pipeline
from newswire.stream.records import OutRecord
from newswire.stream.worker import Worker
from tests.conftest import FakeEntities, FakeTopics, raw


@dataclass
class Rec:
    partition: int
    offset: int
    value: bytes
    topic: str = "in"
    key: bytes | None = None
    headers: list[tuple[str, bytes]] = field(default_factory=list)
    timestamp: int = 0


class FakeConsumer:
    def __init__(self, batches: list[list[Rec]]) -> None:
        self.batches = batches
        self.seeks: list[tuple[TopicPartition, int]] = []

    def poll(self, timeout_ms: int, max_records: int) -> dict[TopicPartition, list[Rec]]:
        batch = self.batches.pop(0) if self.batches else []
        grouped: dict[TopicPartition, list[Rec]] = {}
        for r in batch:
            grouped.setdefault(TopicPartition(r.topic, r.partition), []).append(r)
        return grouped

    def assignment(self) -> set[TopicPartition]:
        return {TopicPartition("in", 0), TopicPartition("in", 1)}

    def seek(self, tp: TopicPartition, offset: int) -> None:
        self.seeks.append((tp, offset))

    def group_metadata(self) -> str:
        return "group"

    def highwater(self, tp: TopicPartition) -> None:
        return None


class FakeSink:
    def __init__(self, fail_first: bool = False) -> None:
        self.fail_first = fail_first
        self.commits: list[tuple[list[OutRecord], dict[Any, Any]]] = []

    def start(self) -> None: ...
    def close(self) -> None: ...

    def commit(self, records: Sequence[OutRecord], offsets: dict[Any, Any], group_metadata: Any) -> None:
        if self.fail_first:
            self.fail_first = False
            raise StreamError("transaction aborted: KafkaTimeoutError")
        self.commits.append((list(records), offsets))


def _worker(consumer: FakeConsumer, sink: FakeSink) -> Worker:
    worker = Worker(
        consumer,
        sink,
        Pipeline(FakeEntities(), FakeTopics()),
        Metrics(),
        output_topic="out",
        dlq_topic="dlq",
        poll_timeout_ms=10,
        max_records=10,
    )
    consumer.batches.append([])  # an empty poll after the batches, then stop
    original = consumer.poll

    def poll_then_stop(timeout_ms: int, max_records: int) -> dict[TopicPartition, list[Rec]]:
        if not consumer.batches[:-1]:
            worker.stop()
        return original(timeout_ms, max_records)

    consumer.poll = poll_then_stop  # type: ignore[method-assign]
    return worker


class TestWorker:
    def test_output_and_offsets_go_to_the_sink_together(self) -> None:
        """Articles to the output topic, failures to the DLQ, offsets one past each partition's last record."""
        batch = [Rec(0, 5, raw()), Rec(1, 9, b"{bad"), Rec(0, 6, raw(url="https://x.example/2"))]
        sink = FakeSink()
        _worker(FakeConsumer([batch]), sink).run()
        [(records, offsets)] = sink.commits
        assert sorted(r.topic for r in records) == ["dlq", "out", "out"]
        assert {tp.partition: o.offset for tp, o in offsets.items()} == {0: 7, 1: 10}

    def test_an_aborted_batch_is_rewound_and_redone(self) -> None:
        """When the commit fails, each partition is sought back to the batch's first offset."""
        batch = [Rec(0, 5, raw()), Rec(1, 9, raw(url="https://x.example/2")), Rec(0, 6, raw(url="https://x.example/3"))]
        consumer, sink = FakeConsumer([batch]), FakeSink(fail_first=True)
        worker = _worker(consumer, sink)
        worker.run()
        assert sorted((tp.partition, o) for tp, o in consumer.seeks) == [(0, 5), (1, 9)]
        assert sink.commits == []
        assert worker.handled == 0
