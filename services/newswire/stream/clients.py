"""Kafka clients for the jobs that read and re-send topics (replay, inspect), typed by what they use.

kafka-python's classes are untyped; these Protocols name the calls newswire makes, so mypy checks
callers and the hand-written fakes of the tests against them. Connection errors become StreamError.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.errors import KafkaError

from newswire.config import Settings
from newswire.errors import StreamError
from newswire.stream import header_keys
from newswire.stream.records import ConsumedRecord, Header

__all__ = ["Consumer", "Producer", "TopicPartition", "connect_consumer", "connect_producer"]


class Consumer(Protocol):
    """The reading calls of a manually assigned consumer."""

    def partitions_for_topic(self, topic: str) -> set[int] | None: ...
    def assign(self, partitions: Sequence[TopicPartition]) -> None: ...
    def seek(self, partition: TopicPartition, offset: int) -> None: ...
    def position(self, partition: TopicPartition, timeout_ms: int | None = None) -> int | None: ...
    def poll(
        self, timeout_ms: int = 0, max_records: int | None = None
    ) -> dict[TopicPartition, list[ConsumedRecord]]: ...
    def beginning_offsets(
        self, partitions: Sequence[TopicPartition], timeout_ms: int | None = None
    ) -> dict[TopicPartition, int]: ...
    def end_offsets(
        self, partitions: Sequence[TopicPartition], timeout_ms: int | None = None
    ) -> dict[TopicPartition, int]: ...
    def close(self, autocommit: bool = True) -> None: ...


class Producer(Protocol):
    """The calls of a transactional producer."""

    def init_transactions(self) -> None: ...
    def begin_transaction(self) -> None: ...
    def send(self, topic: str, *, key: bytes | None, value: bytes | None, headers: list[Header]) -> object: ...
    def send_offsets_to_transaction(self, offsets: object, group_metadata: object) -> None: ...
    def commit_transaction(self) -> None: ...
    def abort_transaction(self) -> None: ...
    def close(self, timeout: float | None = None) -> None: ...


def connect_consumer(settings: Settings, group_id: str | None = None) -> Consumer:
    """A read_committed consumer that never commits on its own; offsets come from group_id when given."""
    header_keys.install()
    try:
        consumer: Consumer = KafkaConsumer(
            **settings.kafka_client_config(),
            group_id=group_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            isolation_level="read_committed",
            request_timeout_ms=int(settings.call_timeout_s * 1000) + 1000,
        )
    except KafkaError as exc:
        raise StreamError(f"cannot reach the broker at {settings.kafka_bootstrap_servers}: {exc}") from exc
    return consumer


def connect_producer(settings: Settings, transactional_id: str, max_request_size: int) -> Producer:
    """A transactional producer; a restarted job with the same id fences and aborts its predecessor."""
    try:
        producer: Producer = KafkaProducer(
            **settings.kafka_client_config(),
            acks="all",
            enable_idempotence=True,
            transactional_id=transactional_id,
            transaction_timeout_ms=settings.transaction_timeout_ms,
            max_block_ms=int(settings.call_timeout_s * 1000),
            max_request_size=max_request_size,
        )
    except KafkaError as exc:
        raise StreamError(f"cannot reach the broker at {settings.kafka_bootstrap_servers}: {exc}") from exc
    return producer
