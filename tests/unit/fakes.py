"""Hand-written fakes of the Kafka clients' Protocols (newswire.stream.clients), checked by mypy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kafka import TopicPartition

from newswire.stream.clients import Consumer, Producer
from newswire.stream.records import ConsumedRecord, Header


@dataclass(frozen=True)
class StoredRecord:
    topic: str
    partition: int
    offset: int
    timestamp: int
    key: bytes | None
    value: bytes | None
    headers: list[Header]


@dataclass
class FakeLog:
    """Topics as lists of records per partition: what a broker holds, committed."""

    partitions: dict[str, int] = field(default_factory=dict)
    records: dict[TopicPartition, list[StoredRecord]] = field(default_factory=dict)

    def create(self, topic: str, partitions: int = 1) -> None:
        self.partitions[topic] = partitions
        for p in range(partitions):
            self.records.setdefault(TopicPartition(topic, p), [])

    def append(
        self, topic: str, value: bytes | None, headers: list[Header], *, partition: int = 0, key: bytes | None = None
    ) -> None:
        log = self.records[TopicPartition(topic, partition)]
        log.append(StoredRecord(topic, partition, len(log), 1_000 + len(log), key, value, headers))


class FakeConsumer:
    """A manually assigned consumer over a FakeLog; positions start at 0."""

    def __init__(self, log: FakeLog) -> None:
        self.log = log
        self.positions: dict[TopicPartition, int] = {}

    def partitions_for_topic(self, topic: str) -> set[int] | None:
        return set(range(self.log.partitions[topic])) if topic in self.log.partitions else None

    def assign(self, partitions: Sequence[TopicPartition]) -> None:
        self.positions = {tp: 0 for tp in partitions}

    def seek(self, partition: TopicPartition, offset: int) -> None:
        self.positions[partition] = offset

    def position(self, partition: TopicPartition, timeout_ms: int | None = None) -> int | None:
        return self.positions[partition]

    def poll(self, timeout_ms: int = 0, max_records: int | None = None) -> dict[TopicPartition, list[ConsumedRecord]]:
        room = max_records or 500
        out: dict[TopicPartition, list[ConsumedRecord]] = {}
        for tp, at in self.positions.items():
            batch: list[ConsumedRecord] = list(self.log.records[tp][at : at + room])
            if batch:
                out[tp] = batch
                self.positions[tp] = at + len(batch)
                room -= len(batch)
            if room <= 0:
                break
        return out

    def beginning_offsets(
        self, partitions: Sequence[TopicPartition], timeout_ms: int | None = None
    ) -> dict[TopicPartition, int]:
        return {tp: 0 for tp in partitions}

    def end_offsets(
        self, partitions: Sequence[TopicPartition], timeout_ms: int | None = None
    ) -> dict[TopicPartition, int]:
        return {tp: len(self.log.records[tp]) for tp in partitions}

    def close(self, autocommit: bool = True) -> None:
        return None


@dataclass
class Transaction:
    sends: list[tuple[str, bytes | None, bytes | None, list[Header]]] = field(default_factory=list)
    offsets: object = None
    group: object = None
    outcome: str = "open"


class FakeProducer:
    """A transactional producer that records each transaction; `fail_commits` makes commits raise."""

    def __init__(self, fail_commits: int = 0) -> None:
        self.transactions: list[Transaction] = []
        self.fail_commits = fail_commits
        self.initialized = False

    def init_transactions(self) -> None:
        self.initialized = True

    def begin_transaction(self) -> None:
        self.transactions.append(Transaction())

    def send(self, topic: str, *, key: bytes | None, value: bytes | None, headers: list[Header]) -> object:
        self.transactions[-1].sends.append((topic, key, value, headers))
        return None

    def send_offsets_to_transaction(self, offsets: object, group_metadata: object) -> None:
        self.transactions[-1].offsets, self.transactions[-1].group = offsets, group_metadata

    def commit_transaction(self) -> None:
        from kafka.errors import KafkaError

        if self.fail_commits:
            self.fail_commits -= 1
            raise KafkaError("commit refused")
        self.transactions[-1].outcome = "committed"

    def abort_transaction(self) -> None:
        self.transactions[-1].outcome = "aborted"

    def close(self, timeout: float | None = None) -> None:
        return None


def _typed(consumer: FakeConsumer, producer: FakeProducer) -> tuple[Consumer, Producer]:
    """mypy checks here that the fakes satisfy the Protocols."""
    return consumer, producer
