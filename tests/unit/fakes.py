"""Hand-written fakes of the Kafka clients' Protocols (newswire.stream.clients), of the sink and of the
language identifier (newswire.pipeline.normalize.language), checked against them by mypy (`make check`
type-checks this file)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from newswire.pipeline.normalize.language import LanguageIdentifier
from newswire.stream.clients import (
    BrokerError,
    Consumer,
    GroupConsumer,
    Offsets,
    Producer,
    RebalanceListener,
    SendResult,
    TopicPartition,
)
from newswire.stream.records import ConsumedRecord, Header, OutRecord
from newswire.stream.sink import Sink


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

    def seek_to_beginning(self) -> None:
        self.positions = dict.fromkeys(self.positions, 0)

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

    def send(
        self, topic: str, *, key: bytes | None, value: bytes | None, headers: list[Header] | None = None
    ) -> SendResult:
        self.transactions[-1].sends.append((topic, key, value, headers or []))
        return Sent()

    def send_offsets_to_transaction(self, offsets: Offsets, group_metadata: object) -> None:
        self.transactions[-1].offsets, self.transactions[-1].group = offsets, group_metadata

    def commit_transaction(self) -> None:
        if self.fail_commits:
            self.fail_commits -= 1
            raise BrokerError("commit refused")
        self.transactions[-1].outcome = "committed"

    def abort_transaction(self) -> None:
        self.transactions[-1].outcome = "aborted"

    def flush(self, timeout: float | None = None) -> None:
        return None

    def close(self, timeout: float | None = None) -> None:
        return None


class Sent:
    """A send the broker has acknowledged."""

    def get(self, timeout: float | None = None) -> object:
        return None


@dataclass
class Rec:
    """A consumed record."""

    partition: int
    offset: int
    value: bytes | None
    topic: str = "in"
    key: bytes | None = None
    headers: list[Header] = field(default_factory=list)
    timestamp: int = 0


class FakeGroupConsumer:
    """A partitioned log with positions, as a group member sees it: poll reads from them, seek moves them."""

    def __init__(self, log: list[Rec]) -> None:
        self.log: dict[TopicPartition, list[Rec]] = {}
        for r in log:
            self.log.setdefault(TopicPartition(r.topic, r.partition), []).append(r)
        self.positions = {tp: records[0].offset for tp, records in self.log.items()}
        self.seeks: list[tuple[TopicPartition, int]] = []
        self.on_empty_poll: Callable[[], None] = lambda: None

    def subscribe(self, topics: Sequence[str], listener: RebalanceListener | None = None) -> None:
        return None

    def poll(self, timeout_ms: int = 0, max_records: int | None = None) -> dict[TopicPartition, list[Rec]]:
        polled = {}
        for tp, records in self.log.items():
            batch = [r for r in records if r.offset >= self.positions[tp]][: max_records or 500]
            if batch:
                polled[tp] = batch
                self.positions[tp] = batch[-1].offset + 1
        if not polled:
            self.on_empty_poll()
        return polled

    def assignment(self) -> set[TopicPartition]:
        return set(self.log)

    def seek(self, partition: TopicPartition, offset: int) -> None:
        self.seeks.append((partition, offset))
        self.positions[partition] = offset

    def position(self, partition: TopicPartition, timeout_ms: int | None = None) -> int | None:
        return self.positions[partition]

    def highwater(self, partition: TopicPartition) -> int | None:
        return None

    def group_metadata(self) -> object:
        return "group"

    def commit(self, offsets: Offsets, timeout_ms: int | None = None) -> None:
        return None

    def close(self, autocommit: bool = True) -> None:
        return None


class FakeSink:
    """Records each committed batch; `failures` are raised by the next commits, one each."""

    def __init__(self, failures: Sequence[Exception] = ()) -> None:
        self.failures = list(failures)
        self.commits: list[tuple[list[OutRecord], Offsets]] = []

    def start(self) -> None:
        return None

    def close(self) -> None:
        return None

    def commit(self, records: Sequence[OutRecord], offsets: Offsets, group_metadata: object) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.commits.append((list(records), offsets))


def _typed(
    consumer: FakeConsumer, group: FakeGroupConsumer, producer: FakeProducer, sink: FakeSink
) -> tuple[Consumer, GroupConsumer, Producer, Sink]:
    """mypy checks here that the fakes satisfy the Protocols."""
    return consumer, group, producer, sink


class FakeLanguages:
    """Names `default` as the language of any text of three words or more, or the language of the first
    of `words` the text holds; too short a text has none, as with the real model."""

    def __init__(self, words: dict[str, str] | None = None, default: str | None = "en") -> None:
        self.words = words or {}
        self.default = default

    def detect(self, text: str) -> str | None:
        words = text.split()
        if len(words) < 3:
            return None
        return next((code for word, code in self.words.items() if word in words), self.default)


def _typed_languages(languages: FakeLanguages) -> LanguageIdentifier:
    """mypy checks here that FakeLanguages satisfies the LanguageIdentifier Protocol."""
    return languages
