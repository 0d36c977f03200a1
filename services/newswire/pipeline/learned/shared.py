"""What every table of learned state offers the stream edge: apply shared entries, stage, commit, abort."""

from __future__ import annotations

from typing import Any, Protocol


class SharedState(Protocol):
    """One table of learned state; its keys start with `prefix:`."""

    prefix: str

    def __len__(self) -> int:
        """Entries held."""

    def apply(self, key: str, value: dict[str, Any]) -> None:
        """Merge an entry read from the shared log."""

    def pending(self) -> list[tuple[str, dict[str, Any]]]:
        """Entries staged by the current batch, to be written in its transaction."""

    def commit(self) -> None:
        """The batch's transaction committed: apply what it staged."""

    def abort(self) -> None:
        """The batch's transaction aborted: discard what it staged."""
