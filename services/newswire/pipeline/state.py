"""State the pipeline learns from the stream and shares with other replicas.

A table applies entries written by any replica (merging must be idempotent and order-free, since
replicas write concurrently and records may be redelivered). What one batch learns is staged, as
quix-streams stages a `PartitionTransaction`: visible to the rest of that batch, handed out as
entries to write in the batch's transaction, and applied to the table only when that transaction
commits; an abort discards it.
"""

from __future__ import annotations

from typing import Any, Protocol


class SharedState(Protocol):
    """One table of learned state; its keys start with `prefix:`."""

    prefix: str

    def apply(self, key: str, value: dict[str, Any]) -> None:
        """Merge an entry read from the shared log."""

    def pending(self) -> list[tuple[str, dict[str, Any]]]:
        """Entries staged by the current batch, to be written in its transaction."""

    def commit(self) -> None:
        """The batch's transaction committed: apply what it staged."""

    def abort(self) -> None:
        """The batch's transaction aborted: discard what it staged."""
