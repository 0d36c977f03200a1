"""Stop a worker once it has nothing left to read: for demos and batch jobs, not for the service."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Progress:
    """How far a worker has come: records committed, and whether it owns partitions, all read to their end."""

    handled: int
    caught_up: bool


class Watched(Protocol):
    """What stop_when_idle reads of a worker, and how it stops it."""

    def progress(self) -> Progress: ...
    def stop(self) -> None: ...
    def wait_stopped(self, timeout_s: float) -> bool: ...


def stop_when_idle(worker: Watched, idle_s: float) -> None:
    """Stop after idle_s seconds with partitions assigned, no lag, and no new commit."""

    def watch() -> None:
        last_count, since = -1, time.monotonic()
        while not worker.wait_stopped(0.5):
            now = worker.progress()
            if now.handled != last_count or not now.caught_up:
                last_count, since = now.handled, time.monotonic()
            elif time.monotonic() - since >= idle_s:
                worker.stop()

    threading.Thread(target=watch, name="idle-watch", daemon=True).start()
