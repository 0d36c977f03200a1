"""Dead letter v1: why a record could not be processed, carried as Kafka headers.

The dead-letter record keeps the original key, value and headers unchanged; these headers are added.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field, ValidationError

from newswire.contracts.base import contract_config
from newswire.errors import ErrorCode, Stage

SCHEMA_ID = "https://newswire.dev/schemas/dead-letter.v1.json"
HEADER_PREFIX = "newswire.dlq."


class DeadLetterReason(BaseModel):
    """The headers added to a dead-lettered record, each prefixed with `newswire.dlq.`."""

    model_config = contract_config("Dead-letter headers v1", SCHEMA_ID)

    topic: str = Field(max_length=249, description="The topic the record was consumed from.")
    partition: int = Field(ge=-1, description="The original record's partition; -1 when it came from no topic.")
    offset: int = Field(ge=-1, description="The original record's offset; -1 when it came from no topic.")
    timestamp: int = Field(description="The original record's timestamp, ms since the epoch.")
    stage: Stage = Field(description="Where it failed: validate, normalize, enrich, article or publish.")
    error_code: ErrorCode = Field(description="Why, from a fixed set (new codes may be added within v1).")
    error_class: str = Field(max_length=100, description="The exception's class name.")
    error_message: str = Field(max_length=300, description="Short, sanitized: no stack trace, no payload.")
    value_omitted_bytes: int | None = Field(
        default=None, ge=0, description="Set when the original value was too large to carry: its size."
    )
    key_and_headers_omitted_bytes: int | None = Field(
        default=None,
        ge=0,
        description="Set when the original key and headers were too large to carry: their size.",
    )

    def to_headers(self) -> list[tuple[str, bytes]]:
        """Render as Kafka headers (UTF-8 values)."""
        fields = self.model_dump(mode="json", exclude_none=True)
        return [(HEADER_PREFIX + k, str(v).encode()) for k, v in fields.items()]

    @classmethod
    def from_headers(cls, headers: Sequence[tuple[str, bytes | None]]) -> DeadLetterReason:
        """Read the reason back from a dead-lettered record's headers.

        A record dead-lettered again after being re-sent with its old headers carries one set per
        time, oldest first; a set starts at its topic (to_headers writes it first) or where a name
        repeats. Only the last set is read: the older ones may hold anything, even bytes that are
        not UTF-8, and none of their fields leaks into the newest."""
        newest: dict[str, bytes | None] = {}
        for key, value in headers:
            if not key.startswith(HEADER_PREFIX):
                continue
            name = key[len(HEADER_PREFIX) :]
            if name in newest or name == "topic":
                newest = {}
            newest[name] = value
        fields = {k: v.decode("utf-8", "replace") for k, v in newest.items() if v is not None}
        return cls.model_validate(fields)

    @classmethod
    def read(cls, headers: Sequence[tuple[str, bytes | None]]) -> DeadLetterReason | None:
        """The newest reason among a record's headers (a null value read as empty), or None when
        they hold no readable one."""
        try:
            return cls.from_headers([(k, v or b"") for k, v in headers if k.startswith(HEADER_PREFIX)])
        except ValidationError:
            return None
