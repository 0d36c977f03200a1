"""The one factory of Kafka clients and the one module that speaks kafka-python (beside header_keys.py,
which patches its record parsing): every consumer, producer and admin client is built here from the
settings, and kafka-python's errors are translated here.

kafka-python's classes are untyped; the Protocols here name the calls newswire makes, so mypy checks
callers and the hand-written fakes of the tests against them. Building a client that cannot reach
the broker raises BrokerUnreachable; `translated` turns kafka-python's errors met later into newswire's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import AlterConfigOp, ConfigResource, ConfigResourceType, NewTopic
from kafka.consumer.subscription_state import ConsumerRebalanceListener
from kafka.errors import KafkaError, ProducerFencedError, TopicAlreadyExistsError
from kafka.partitioner.default import murmur2
from kafka.structs import OffsetAndMetadata

from newswire.config import Settings
from newswire.errors import BrokerUnreachable, NewswireError, StreamError
from newswire.stream import header_keys
from newswire.stream.records import ConsumedRecord, Header

__all__ = [
    "Admin",
    "BrokerError",
    "Consumer",
    "Fenced",
    "GroupConsumer",
    "ListenerBase",
    "Offsets",
    "Producer",
    "RebalanceListener",
    "SendResult",
    "TopicPartition",
    "TopicSpec",
    "connect_admin",
    "connect_bare",
    "connect_consumer",
    "connect_group_consumer",
    "connect_producer",
    "connection",
    "default_partition",
    "offsets_after",
    "translated",
]

#: Every error kafka-python raises on purpose: caught inside this package only (and raised by the tests' fakes).
BrokerError = KafkaError
#: A newer producer with the same transactional id has taken over.
Fenced = ProducerFencedError
#: kafka-python takes a rebalance listener only of this class: a group member's listener subclasses it.
ListenerBase = ConsumerRebalanceListener
#: The offsets a batch commits: per partition, the offset of the next record to read.
Offsets = dict[TopicPartition, OffsetAndMetadata]
T = TypeVar("T")


class _Reading(Protocol):
    """What every consumer does, assigned by hand or by its group."""

    def poll(
        self, timeout_ms: int = 0, max_records: int | None = None
    ) -> Mapping[TopicPartition, Sequence[ConsumedRecord]]: ...
    def seek(self, partition: TopicPartition, offset: int) -> None: ...
    def position(self, partition: TopicPartition, timeout_ms: int | None = None) -> int | None: ...
    def close(self, autocommit: bool = True) -> None: ...


class Consumer(_Reading, Protocol):
    """A consumer whose partitions are assigned by hand: readers of whole topics or ranges."""

    def partitions_for_topic(self, topic: str) -> set[int] | None: ...
    def assign(self, partitions: Sequence[TopicPartition]) -> None: ...
    def seek_to_beginning(self) -> None: ...
    def beginning_offsets(
        self, partitions: Sequence[TopicPartition], timeout_ms: int | None = None
    ) -> dict[TopicPartition, int]: ...
    def end_offsets(
        self, partitions: Sequence[TopicPartition], timeout_ms: int | None = None
    ) -> dict[TopicPartition, int]: ...


class RebalanceListener(Protocol):
    """Told, inside poll(), which partitions a group member loses and gets."""

    def on_partitions_revoked(self, revoked: Sequence[TopicPartition]) -> None: ...
    def on_partitions_assigned(self, assigned: Sequence[TopicPartition]) -> None: ...


class GroupConsumer(_Reading, Protocol):
    """A member of a consumer group: its partitions come from the group, its offsets go to it."""

    def subscribe(self, topics: Sequence[str], listener: RebalanceListener | None = None) -> None: ...
    def assignment(self) -> set[TopicPartition]: ...
    def highwater(self, partition: TopicPartition) -> int | None: ...
    def group_metadata(self) -> object: ...
    def commit(self, offsets: Offsets, timeout_ms: int | None = None) -> None: ...


class SendResult(Protocol):
    def get(self, timeout: float | None = None) -> object: ...


class Producer(Protocol):
    """The calls of a producer, transactional or not."""

    def init_transactions(self) -> None: ...
    def begin_transaction(self) -> None: ...
    def send(
        self, topic: str, *, key: bytes | None, value: bytes | None, headers: list[Header] | None = None
    ) -> SendResult: ...
    def send_offsets_to_transaction(self, offsets: Offsets, group_metadata: object) -> None: ...
    def commit_transaction(self) -> None: ...
    def abort_transaction(self) -> None: ...
    def flush(self, timeout: float | None = None) -> None: ...
    def close(self, timeout: float | None = None) -> None: ...


@dataclass(frozen=True)
class TopicSpec:
    """A topic to create: its name, size and topic-level settings (`retention.ms`, ...)."""

    name: str
    partitions: int
    replication: int = 1
    configs: dict[str, str] = field(default_factory=dict)


class Admin(Protocol):
    """The topic administration newswire does."""

    def topic_names(self) -> set[str]: ...
    def broker_count(self) -> int: ...
    def replication_factors(self, topics: Sequence[str]) -> dict[str, int]: ...
    def create_topics(self, topics: Sequence[TopicSpec]) -> None: ...
    def topic_configs(self, topics: Sequence[str], name: str) -> dict[str, str | None]: ...
    def set_topic_configs(self, values: Mapping[str, str], name: str) -> dict[str, object]: ...
    def delete_topics(self, topics: Sequence[str]) -> None: ...
    def close(self) -> None: ...


def connection(settings: Settings) -> dict[str, object]:
    """Connection and security settings shared by every client, in kafka-python's parameter names."""
    config: dict[str, object] = {
        "bootstrap_servers": [s.strip() for s in settings.kafka_bootstrap_servers.split(",") if s.strip()],
        "security_protocol": settings.security_protocol,
        "client_id": f"newswire-{settings.replica_id}",
    }
    if settings.sasl_mechanism:
        config |= {
            "sasl_mechanism": settings.sasl_mechanism,
            "sasl_plain_username": settings.sasl_username,
            "sasl_plain_password": settings.sasl_password.get_secret_value() if settings.sasl_password else None,
        }
    if settings.ssl_cafile:
        config["ssl_cafile"] = settings.ssl_cafile
    return config


@contextmanager
def translated(what: str | Callable[[], str], error: type[NewswireError] = StreamError) -> Iterator[None]:
    """kafka-python's errors raised inside come out as `error`, saying what failed (`what`, or what it
    returns when the error happens) and which broker error it was."""
    try:
        yield
    except KafkaError as exc:
        said = what if isinstance(what, str) else what()
        raise error(f"{said}: {type(exc).__name__}: {exc}") from exc


def _connect(build: Callable[..., T], settings: Settings, **options: object) -> T:
    try:
        return build(**connection(settings), **options)
    except KafkaError as exc:
        raise BrokerUnreachable(f"cannot reach the broker at {settings.kafka_bootstrap_servers}: {exc}") from exc


def connect_consumer(settings: Settings, group_id: str | None = None, *, fetch_max_wait_ms: int = 500) -> Consumer:
    """A read_committed consumer assigned by hand that never commits on its own; offsets come from
    group_id when given. A header key that is not UTF-8 is read as a RawHeaderKey, not a failed poll()."""
    header_keys.install()
    consumer: Consumer = _connect(
        KafkaConsumer,
        settings,
        group_id=group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        isolation_level="read_committed",
        request_timeout_ms=int(settings.call_timeout_s * 1000) + 1000,
        fetch_max_wait_ms=fetch_max_wait_ms,
    )
    return consumer


def connect_group_consumer(settings: Settings) -> GroupConsumer:
    """The service's member of settings.group_id: read_committed, batches of batch_records, offsets
    committed by the service alone (with the batch's transaction)."""
    header_keys.install()
    consumer: GroupConsumer = _connect(
        KafkaConsumer,
        settings,
        group_id=settings.group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        isolation_level="read_committed",
        max_poll_records=settings.batch_records,
        max_poll_interval_ms=settings.max_poll_interval_ms,
        session_timeout_ms=settings.session_timeout_ms,
    )
    return consumer


def connect_producer(
    settings: Settings,
    max_request_size: int,
    transactional_id: str | None = None,
    *,
    linger_ms: int = 0,
    batch_bytes: int = 16384,
) -> Producer:
    """A producer that waits for every replica (acks=all) and at most call_timeout_s for room to send;
    with a transactional_id, idempotent and transactional: a restarted holder of the same id fences
    and aborts its predecessor."""
    options: dict[str, object] = {
        "acks": "all",
        "max_block_ms": int(settings.call_timeout_s * 1000),
        "max_request_size": max_request_size,
        "linger_ms": linger_ms,
        "batch_size": batch_bytes,
    }
    if transactional_id is not None:
        options |= {
            "transactional_id": transactional_id,
            "enable_idempotence": True,
            "transaction_timeout_ms": settings.transaction_timeout_ms,
        }
    producer: Producer = _connect(KafkaProducer, settings, **options)
    return producer


def connect_admin(settings: Settings) -> Admin:
    """Topic administration, each request bounded by call_timeout_s."""
    client = _connect(KafkaAdminClient, settings, request_timeout_ms=int(settings.call_timeout_s * 1000))
    return _KafkaAdmin(client)


def connect_bare(settings: Settings, batch: int) -> tuple[GroupConsumer, Producer]:
    """The bare clients `newswire bench` measures the service against: kafka-python's defaults plus only
    what its loop needs (a group, read_committed, a transactional id) and the connection's security
    settings; none of the service's own options, so the baseline stays bare."""
    consumer: GroupConsumer = KafkaConsumer(
        **connection(settings),
        group_id=settings.group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        isolation_level="read_committed",
        max_poll_records=batch,
    )
    producer: Producer = KafkaProducer(
        **connection(settings), transactional_id=f"{settings.group_id}-loop", enable_idempotence=True, acks="all"
    )
    return consumer, producer


def default_partition(key: bytes, partitions: int) -> int:
    """The partition kafka-python's default partitioner (and Java's) gives a record with this key."""
    return int(murmur2(key) & 0x7FFFFFFF) % partitions


def offsets_after(records: Iterable[ConsumedRecord]) -> Offsets:
    """Per partition, the offset after the last of these records: what committing them stores."""
    return {TopicPartition(r.topic, r.partition): OffsetAndMetadata(r.offset + 1, "", -1) for r in records}


class _KafkaAdmin:
    """kafka-python's admin client behind the Admin Protocol."""

    def __init__(self, client: KafkaAdminClient) -> None:
        self._client = client

    def topic_names(self) -> set[str]:
        return set(self._client.list_topics())

    def broker_count(self) -> int:
        return len(self._client.describe_cluster()["brokers"])

    def replication_factors(self, topics: Sequence[str]) -> dict[str, int]:
        """Each topic's fewest replicas of any partition."""
        described = self._client.describe_topics(list(topics)) if topics else []
        return {t["name"]: min(len(p["replica_nodes"]) for p in t["partitions"]) for t in described}

    def create_topics(self, topics: Sequence[TopicSpec]) -> None:
        """Creates them; one that exists meanwhile (another replica or job was faster) is no error."""
        with suppress(TopicAlreadyExistsError):
            self._client.create_topics(
                [NewTopic(t.name, t.partitions, t.replication, topic_configs=t.configs) for t in topics]
            )

    def topic_configs(self, topics: Sequence[str], name: str) -> dict[str, str | None]:
        """One setting's value for each topic (None when the broker did not say)."""
        resources = [ConfigResource(ConfigResourceType.TOPIC, topic, {name: None}) for topic in topics]
        described = self._client.describe_configs(resources, config_filter="all").get("topic", {})
        return {topic: described.get(topic, {}).get(name, {}).get("value") for topic in topics}

    def set_topic_configs(self, values: Mapping[str, str], name: str) -> dict[str, object]:
        """Set one setting of each topic, incrementally (their other settings stay); the broker's
        answer per topic, "OK" when it took the change."""
        changes = [
            ConfigResource(ConfigResourceType.TOPIC, topic, {name: (AlterConfigOp.SET, value)})
            for topic, value in values.items()
        ]
        results: dict[str, object] = self._client.alter_configs(changes).get("topic", {})
        return results

    def delete_topics(self, topics: Sequence[str]) -> None:
        self._client.delete_topics(list(topics))

    def close(self) -> None:
        self._client.close()
