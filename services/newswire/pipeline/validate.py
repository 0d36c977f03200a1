"""Bytes from the wire to a RawArticle, or a RecordError that says precisely why not."""

from __future__ import annotations

import json
from dataclasses import dataclass

from pydantic import ValidationError

from newswire.contracts import RawArticle
from newswire.errors import ErrorCode, RecordError, Stage


@dataclass(frozen=True)
class Limits:
    """Bounds applied before and while decoding a record."""

    max_record_bytes: int = 8 * 1024 * 1024
    max_json_depth: int = 16


def _depth(value: object, limit: int) -> int:
    """Nesting depth of decoded JSON, walked iteratively; stops counting past the limit."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def reject(code: ErrorCode, message: str) -> RecordError:
    """The error that refuses a record before it is read as a raw article."""
    return RecordError(Stage.VALIDATE, code, message)


def parse_raw(value: bytes | None, limits: Limits) -> RawArticle:
    """Decode and validate one record value against raw article v1."""
    return read_record(value, limits)[0]


#: Confluent's wire format: byte 0 (the magic byte), the schema-registry id of the payload's schema
#: as 4 bytes big-endian, then the payload, which for a JSON Schema serializer is the JSON itself.
#: JSON text never starts with byte 0, so a leading 0 always means a frame.
FRAME_MAGIC, FRAME_HEADER = 0, 5
#: The registry's ids are Java ints: a larger one is no schema id.
MAX_SCHEMA_ID = 2**31 - 1


def read_record(value: bytes | None, limits: Limits) -> tuple[RawArticle, int | None]:
    """The raw article in one record value, plain JSON or Confluent-framed JSON, and the frame's
    schema id (None for plain JSON)."""
    if not value:
        raise reject(ErrorCode.NOT_JSON, "record has no value")
    if len(value) > limits.max_record_bytes:
        raise reject(ErrorCode.PAYLOAD_TOO_LARGE, f"record is {len(value)} bytes; limit {limits.max_record_bytes}")
    if value[0] != FRAME_MAGIC:
        return _decode(value, limits), None
    if len(value) <= FRAME_HEADER:
        raise reject(
            ErrorCode.NOT_JSON, f"record starts with byte 0, as a Confluent frame does, but has only {len(value)} bytes"
        )
    schema_id = int.from_bytes(value[1:FRAME_HEADER], "big")
    if schema_id > MAX_SCHEMA_ID:
        raise reject(ErrorCode.NOT_JSON, f"record starts with byte 0 but {schema_id} is no schema-registry id")
    try:
        return _decode(value[FRAME_HEADER:], limits), schema_id
    except RecordError as exc:
        framed = f"Confluent-framed record, schema id {schema_id} (its payload must be JSON, not Avro or Protobuf)"
        raise reject(exc.code, f"{framed}: {exc.message}") from exc.__cause__


def _decode(value: bytes, limits: Limits) -> RawArticle:
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise reject(ErrorCode.NOT_UTF8, f"invalid UTF-8 at byte {exc.start}") from exc
    try:
        data = json.loads(text)
    except RecursionError as exc:
        raise reject(ErrorCode.TOO_DEEP, f"JSON nested deeper than {limits.max_json_depth}") from exc
    except json.JSONDecodeError as exc:
        raise reject(ErrorCode.NOT_JSON, f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from exc
    except ValueError as exc:  # e.g. an integer literal longer than Python will convert
        raise reject(ErrorCode.NOT_JSON, f"unreadable JSON value: {str(exc)[:80]}") from exc
    if _depth(data, limits.max_json_depth) > limits.max_json_depth:
        raise reject(ErrorCode.TOO_DEEP, f"JSON nested deeper than {limits.max_json_depth}")
    if not isinstance(data, dict):
        raise reject(ErrorCode.NOT_OBJECT, f"expected a JSON object, got {type(data).__name__}")
    try:
        return RawArticle.model_validate(data)
    except ValidationError as exc:
        raise reject(ErrorCode.SCHEMA_INVALID, summarize(exc)) from exc


def summarize(exc: ValidationError, limit: int = 3) -> str:
    """Field paths and messages of a validation error, without the offending input."""
    parts = [f"{'.'.join(map(str, e['loc'])) or '<root>'}: {e['msg']}" for e in exc.errors()[:limit]]
    more = exc.error_count() - limit
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")
