"""What gets produced for each consumed record: an article keyed by its id, or a dead letter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newswire.contracts import Article, DeadLetterReason
from newswire.errors import RecordError

#: Bytes allowed beyond max_output_bytes for keys and headers (a dead letter adds about 400).
HEADER_ROOM = 64 * 1024


@dataclass(frozen=True)
class OutRecord:
    """One record to produce, independent of any Kafka client type."""

    topic: str
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes]]

    @property
    def size(self) -> int:
        return len(self.key or b"") + len(self.value or b"") + sum(len(k) + len(v) for k, v in self.headers)


def article_record(article: Article, topic: str) -> OutRecord:
    """The article as JSON, keyed by its stable id so copies of one URL land on one partition."""
    value = article.model_dump_json(by_alias=True).encode()
    return OutRecord(topic, article.id.encode(), value, [("content-type", b"application/json")])


def dead_letter_record(source: Any, error: RecordError, topic: str, max_value_bytes: int | None = None) -> OutRecord:
    """The original key, value and headers unchanged, plus headers that say why.

    A value too large to produce is left out, and its size said in a header: the original stays
    on the input topic, findable by the topic, partition and offset headers.
    """
    value = source.value
    omitted = len(value) if value is not None and max_value_bytes is not None and len(value) > max_value_bytes else None
    reason = DeadLetterReason(
        topic=source.topic,
        partition=source.partition,
        offset=source.offset,
        timestamp=source.timestamp if source.timestamp is not None else -1,
        stage=error.stage,
        error_code=error.code,
        error_class=type(error.__cause__ or error).__name__,
        error_message=error.message,
        value_omitted_bytes=omitted,
    )
    kept = None if omitted is not None else value
    return OutRecord(topic, source.key, kept, [*(source.headers or []), *reason.to_headers()])
