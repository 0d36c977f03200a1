"""The failure policy, in one place: which failures become a record's dead letter (with which stage
and code), which abort a batch to be done again, and which stop the process.

- A record's own failure is a RecordError: its dead letter, the batch goes on. Unexpected errors
  inside a step become the RecordError of that step (`step`); building the article has its own
  stage (`building_failed`); writing it, its size and its headers are the publish and validate
  stages' (`not_serializable`, `too_large`, `headers_not_utf8`).
- A batch the broker did not commit is a StreamError: it is aborted and done again (`redo`), up to
  MAX_ABORTS_IN_A_ROW times in a row; then, or on any other error, the process stops (`stop_after`).
- A fenced producer or a transaction that cannot be aborted is a FatalStreamError: the process stops
  and a successor redoes the batch (`fenced`, `unabortable`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from newswire.errors import ErrorCode, FatalStreamError, RecordError, Stage, StreamError

T = TypeVar("T")
#: A batch that keeps failing (an output the broker refuses, say) stops the process, loudly.
MAX_ABORTS_IN_A_ROW = 5


def step(stage: Stage, code: ErrorCode, fn: Callable[[], T]) -> T:
    """Run one step for one record; an unexpected error becomes a RecordError of that stage and code."""
    try:
        return fn()
    except RecordError:
        raise
    except Exception as exc:
        raise RecordError(stage, code, f"{type(exc).__name__} during {stage.value}") from exc


def building_failed(exc: Exception, message: str | None = None) -> RecordError:
    """The article built from a record breaks its contract, or building it failed."""
    return _caused(
        Stage.ARTICLE, ErrorCode.ARTICLE_INVALID, message or f"{type(exc).__name__} while building the article", exc
    )


def not_serializable(exc: Exception) -> RecordError:
    """The article cannot be written as JSON."""
    return _caused(
        Stage.PUBLISH, ErrorCode.NOT_SERIALIZABLE, f"{type(exc).__name__} while writing the article as JSON", exc
    )


def too_large(size: int, limit: int) -> RecordError:
    """The article's record is larger than the output topics take."""
    return RecordError(Stage.PUBLISH, ErrorCode.OUTPUT_TOO_LARGE, f"article is {size} bytes; limit {limit}")


def headers_not_utf8(message: str) -> RecordError:
    """The record's header keys cannot be read, so its headers cannot be trusted."""
    return RecordError(Stage.VALIDATE, ErrorCode.HEADER_NOT_UTF8, message)


def no_outcome() -> RecordError:
    """A bug: the pipeline gave neither an article nor an error."""
    return RecordError(Stage.PUBLISH, ErrorCode.INTERNAL, "no article and no error")


def redo(exc: BaseException) -> bool:
    """Whether a batch that was not committed is aborted and done again (else the process stops)."""
    return isinstance(exc, StreamError)


def stop_after(aborts_in_a_row: int, exc: BaseException) -> None:
    """FatalStreamError once the same batch was aborted MAX_ABORTS_IN_A_ROW times."""
    if aborts_in_a_row >= MAX_ABORTS_IN_A_ROW:
        raise FatalStreamError(f"the same batch was aborted {aborts_in_a_row} times: {exc}") from exc


def fenced(what: str) -> FatalStreamError:
    """A newer producer took this transactional id: this process must stop."""
    return FatalStreamError(f"{what}: fenced by a newer producer with the same transactional id")


def unabortable(exc: Exception) -> FatalStreamError:
    """A transaction whose fate is unknown: this process must stop."""
    return FatalStreamError(f"transaction could not be aborted: {exc}")


def aborted(exc: Exception) -> StreamError:
    """A transaction that was aborted: its batch is done again."""
    return StreamError(f"transaction aborted: {type(exc).__name__}: {exc}")


def not_committed(exc: Exception) -> StreamError:
    """An at-least-once batch whose output or offsets did not all reach the broker: done again."""
    return StreamError(f"batch not committed: {type(exc).__name__}")


def _caused(stage: Stage, code: ErrorCode, message: str, cause: Exception) -> RecordError:
    error = RecordError(stage, code, message)
    error.__cause__ = cause
    return error
