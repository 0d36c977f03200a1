"""newswire's own exceptions; third-party errors are translated into these at the edges.

NewswireError
├── ConfigurationError        a setting or a model cannot be used; raised at start-up
├── BrokerUnreachable         a Kafka client cannot be built: no broker answers; raised at start-up
├── RecordError               one record cannot be processed; it goes to the dead-letter topic
│   (carries a stage and a fixed ErrorCode)
├── StreamError               a call to the broker failed: the service aborts the batch and does it
│                             again; a command (topics, publish, replay, inspect) stops or reports it
└── FatalStreamError          the process cannot go on safely and exits (a replica restarts it)
    └── TransactionTimeout    a transactional call did not return within its deadline

One that reaches newswire.cli.main ends the process with exit code 1 (docs/operations.md lists the codes).
"""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """Where in the pipeline a record failed."""

    VALIDATE = "validate"
    NORMALIZE = "normalize"
    ENRICH = "enrich"
    #: Building the article from the enriched draft: fingerprints, duplicates, the contract check.
    ARTICLE = "article"
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


class BrokerUnreachable(NewswireError):
    """A consumer, producer or admin client could not be built because no broker answered."""


class RecordError(NewswireError):
    """One record cannot become an article; the message is short and never holds the payload."""

    def __init__(self, stage: Stage, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.stage = stage
        self.code = code
        self.message = message[:300]


class StreamError(NewswireError):
    """A call to the broker failed (a batch's records were not committed, a read or a topic change
    failed); retrying may help."""


class FatalStreamError(NewswireError):
    """Fenced by a newer producer, or the transaction's state is unknown: the process must stop."""


class TransactionTimeout(FatalStreamError):
    """A transactional call did not complete within its deadline; the transaction's fate is unknown."""
