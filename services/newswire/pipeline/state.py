"""State the pipeline learns from the stream and shares with other replicas.

A table applies entries written by any replica (merging must be idempotent and order-free, since
replicas write concurrently and records may be redelivered), and hands out its own new entries.
"""

from __future__ import annotations

from typing import Any, Protocol


class SharedState(Protocol):
    """One table of learned state; its keys start with `prefix:`."""

    prefix: str

    def apply(self, key: str, value: dict[str, Any]) -> None:
        """Merge an entry read from the shared log."""

    def pending(self) -> list[tuple[str, dict[str, Any]]]:
        """Entries changed since they were last written to the shared log."""

    def written(self) -> None:
        """The pending entries are committed to the shared log (not before: an aborted batch keeps them)."""
