"""The bare kafka-python clients `newswire bench` measures the service against: the library's defaults
plus only what the loop needs (a group, read_committed, a transactional id) and the connection's
security settings; none of the service's own options or patches, so the baseline stays bare."""

from __future__ import annotations

from kafka import KafkaConsumer, KafkaProducer

from newswire.config import Settings
from newswire.stream.clients import GroupConsumer, Producer, connection


def connect_bare(settings: Settings, batch: int) -> tuple[GroupConsumer, Producer]:
    """A member of settings.group_id reading `batch` records a poll, and a transactional producer."""
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
