"""newswire's own exceptions; third-party errors are translated into these at the edges.

NewswireError
├── ConfigurationError        a setting or a model cannot be used; raised at start-up
├── RecordError               one record cannot be processed; it goes to the dead-letter topic
│   (carries a stage and a fixed ErrorCode)
├── StreamError               a batch could not be written; it is aborted and done again
└── FatalStreamError          the process cannot go on safely and exits (a replica restarts it)
    └── TransactionTimeout    a transactional call did not return within its deadline
"""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """Where in the pipeline a record failed."""

    VALIDATE = "validate"
    NORMALIZE = "normalize"
    ENRICH = "enrich"
    PUBLISH = "publish"


class ErrorCode(StrEnum):
    """Fixed, bounded error codes: safe as metric labels and dead-letter headers."""

    PAYLOAD_TOO_LARGE = "payload_too_large"
    NOT_UTF8 = "not_utf8"
    HEADER_NOT_UTF8 = "header_not_utf8"
    NOT_JSON = "not_json"
    TOO_DEEP = "too_deep"
    NOT_OBJECT = "not_object"
    SCHEMA_INVALID = "schema_invalid"
    EMPTY_BODY = "empty_body"
    NOT_TEXT = "not_text"
    EXTRACTION_FAILED = "extraction_failed"
    ENRICHMENT_FAILED = "enrichment_failed"
    ARTICLE_INVALID = "article_invalid"
    NOT_SERIALIZABLE = "not_serializable"
    OUTPUT_TOO_LARGE = "output_too_large"
    INTERNAL = "internal"


class NewswireError(Exception):
    """Root of every error newswire raises on purpose."""


class ConfigurationError(NewswireError):
    """A setting, a model or a resource cannot be used; raised before any record is consumed."""


class RecordError(NewswireError):
    """One record cannot become an article; the message is short and never holds the payload."""

    def __init__(self, stage: Stage, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.stage = stage
        self.code = code
        self.message = message[:300]


class StreamError(NewswireError):
    """The broker cannot be reached, or a batch's records cannot be committed; retrying may help."""


class FatalStreamError(NewswireError):
    """Fenced by a newer producer, or the transaction's state is unknown: the process must stop."""


class TransactionTimeout(FatalStreamError):
    """A transactional call did not complete within its deadline; the transaction's fate is unknown."""
