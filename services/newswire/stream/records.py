"""What gets produced for each consumed record: an article keyed by its id, or a dead letter.

Building these never raises for one record's sake: an article that cannot be written becomes a
dead letter, and a dead letter always fits in max_output_bytes plus HEADER_ROOM.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from newswire import failures
from newswire.contracts import Article, DeadLetterReason
from newswire.errors import RecordError
from newswire.pipeline import Outcome
from newswire.stream.header_keys import RAW_KEY_PREFIX, RawHeaderKey, raw_header_keys

#: Bytes allowed beyond max_output_bytes for keys and headers (a dead letter adds about 400).
HEADER_ROOM = 64 * 1024
#: What the dead-letter headers themselves may take of HEADER_ROOM; the original key and headers get the rest.
REASON_ROOM = 4 * 1024

Header = tuple[str, bytes | None]


class ConsumedRecord(Protocol):
    """A record as a consumer returns it (kafka-python's ConsumerRecord), read-only."""

    @property
    def topic(self) -> str: ...
    @property
    def partition(self) -> int: ...
    @property
    def offset(self) -> int: ...
    @property
    def timestamp(self) -> int: ...
    @property
    def key(self) -> bytes | None: ...
    @property
    def value(self) -> bytes | None: ...
    @property
    def headers(self) -> list[Header]: ...


@dataclass(frozen=True)
class OutRecord:
    """One record to produce, independent of any Kafka client type."""

    topic: str
    key: bytes | None
    value: bytes | None
    headers: list[Header]

    @property
    def size(self) -> int:
        return len(self.key or b"") + len(self.value or b"") + _headers_size(self.headers)


def _headers_size(headers: list[Header]) -> int:
    # Each header also costs two length varints on the wire: counted as 10 bytes, a safe overestimate.
    return sum(len(k.encode()) + len(v or b"") + 10 for k, v in headers)


def article_record(article: Article, topic: str) -> OutRecord:
    """The article as JSON, keyed by its stable id so copies of one URL land on one partition.

    RecordError (publish, not_serializable) when the article cannot be written as JSON."""
    try:
        value = article.model_dump_json(by_alias=True).encode()
    except Exception as exc:  # any failure to write this one article is this record's dead letter
        raise failures.not_serializable(exc) from exc
    return OutRecord(topic, article.id.encode(), value, [("content-type", b"application/json")])


def dead_letter_record(
    source: ConsumedRecord, error: RecordError, topic: str, max_value_bytes: int | None = None
) -> OutRecord:
    """The original key, value and headers unchanged, plus headers that say why.

    A value too large to produce is left out, and its size said in a header: the original stays
    on the input topic, findable by the topic, partition and offset headers. So are the original
    key and headers when together they would not fit in HEADER_ROOM.
    """
    value: bytes | None = source.value
    key: bytes | None = source.key
    headers = _carried(source.headers)
    bounded = max_value_bytes is not None
    value_omitted = len(value) if bounded and value is not None and len(value) > (max_value_bytes or 0) else None
    extra = len(key or b"") + _headers_size(headers)
    extra_omitted = extra if bounded and extra > HEADER_ROOM - REASON_ROOM else None
    cause = error.__cause__ or error
    reason = DeadLetterReason(
        topic=str(source.topic)[:249],
        partition=max(-1, source.partition),
        offset=max(-1, source.offset),
        timestamp=source.timestamp if source.timestamp is not None else -1,
        stage=error.stage,
        error_code=error.code,
        error_class=type(cause).__name__[:100],
        error_message=error.message[:300],
        value_omitted_bytes=value_omitted,
        key_and_headers_omitted_bytes=extra_omitted,
    )
    if value_omitted is not None:
        value = None
    if extra_omitted is not None:
        key, headers = None, []
    return OutRecord(topic, key, value, [*headers, *reason.to_headers()])


def _carried(headers: list[Header] | None) -> list[Header]:
    """The original headers, a key that is not UTF-8 as RAW_KEY_PREFIX plus its bytes in hex."""
    return [(k.carried if isinstance(k, RawHeaderKey) else k, v) for k, v in headers or []]


def unreadable_headers(record: ConsumedRecord) -> RecordError | None:
    """Why a record's headers cannot be trusted, if they cannot: a header key that is not UTF-8."""
    keys = raw_header_keys(record.headers)
    if not keys:
        return None
    message = f"{len(keys)} header key(s) not UTF-8; the dead letter carries them as {RAW_KEY_PREFIX}<hex>"
    return failures.headers_not_utf8(message)


class _Values(Protocol):
    def process(self, values: Sequence[bytes | None]) -> list[Outcome]: ...


class Screened:
    """Records with unreadable headers become dead letters; the others go through the pipeline, in order."""

    def __init__(self, pipeline: _Values) -> None:
        self.pipeline = pipeline

    def process(self, values: Sequence[ConsumedRecord]) -> list[Outcome]:
        errors = [unreadable_headers(r) for r in values]
        passed = iter(self.pipeline.process([r.value for r, e in zip(values, errors, strict=True) if e is None]))
        return [Outcome(error=e) if e is not None else next(passed) for e in errors]


def for_outcome(
    source: ConsumedRecord, outcome: Outcome, output_topic: str, dlq_topic: str, max_output_bytes: int
) -> tuple[OutRecord, Outcome]:
    """The record to produce for one outcome, and the outcome it stands for: an article that
    cannot be written, or is larger than max_output_bytes, becomes a dead letter."""
    checked = output_check(outcome, output_topic, max_output_bytes)
    if isinstance(checked, OutRecord):
        return checked, outcome
    return dead_letter_record(source, checked, dlq_topic, max_output_bytes), Outcome(error=checked)


def output_check(outcome: Outcome, output_topic: str, max_output_bytes: int) -> OutRecord | RecordError:
    """The article's record when it can be written within max_output_bytes, else why not: the one
    check `newswire run` and `newswire process` both publish through."""
    if outcome.article is None:
        return outcome.error or failures.no_outcome()
    try:
        produced = article_record(outcome.article, output_topic)
    except RecordError as exc:
        return exc
    return produced if produced.size <= max_output_bytes else failures.too_large(produced.size, max_output_bytes)
