"""Dead letter v1: why a record could not be processed, carried as Kafka headers.

The dead-letter record keeps the original key, value and headers unchanged; these headers are added.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from newswire.contracts.base import contract_config
from newswire.errors import ErrorCode, Stage

SCHEMA_ID = "https://newswire.dev/schemas/dead-letter.v1.json"
HEADER_PREFIX = "newswire.dlq."


class DeadLetterReason(BaseModel):
    """The headers added to a dead-lettered record, each prefixed with `newswire.dlq.`."""

    model_config = contract_config("Dead-letter headers v1", SCHEMA_ID)

    topic: str = Field(max_length=249, description="The topic the record was consumed from.")
    partition: int = Field(ge=-1)
    offset: int = Field(ge=-1)
    timestamp: int = Field(description="The original record's timestamp, ms since the epoch.")
    stage: Stage
    error_code: ErrorCode
    error_class: str = Field(max_length=100)
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
    def from_headers(cls, headers: list[tuple[str, bytes]]) -> DeadLetterReason:
        """Read the reason back from a dead-lettered record's headers."""
        fields = {k[len(HEADER_PREFIX) :]: v.decode() for k, v in headers if k.startswith(HEADER_PREFIX)}
        return cls.model_validate(fields)
