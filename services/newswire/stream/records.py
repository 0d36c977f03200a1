"""What gets produced for each consumed record: an article keyed by its id, or a dead letter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newswire.contracts import Article, DeadLetterReason
from newswire.errors import RecordError


@dataclass(frozen=True)
class OutRecord:
    """One record to produce, independent of any Kafka client type."""

    topic: str
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes]]


def article_record(article: Article, topic: str) -> OutRecord:
    """The article as JSON, keyed by its stable id so copies of one URL land on one partition."""
    value = article.model_dump_json(by_alias=True).encode()
    return OutRecord(topic, article.id.encode(), value, [("content-type", b"application/json")])


def dead_letter_record(source: Any, error: RecordError, topic: str) -> OutRecord:
    """The original key, value and headers unchanged, plus headers that say why."""
    reason = DeadLetterReason(
        topic=source.topic,
        partition=source.partition,
        offset=source.offset,
        timestamp=source.timestamp if source.timestamp is not None else -1,
        stage=error.stage,
        error_code=error.code,
        error_class=type(error.__cause__ or error).__name__,
        error_message=error.message,
    )
    return OutRecord(topic, source.key, source.value, [*(source.headers or []), *reason.to_headers()])
