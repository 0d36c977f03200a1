"""Stop a worker once it has nothing left to read: for demos and batch jobs, not for the service."""

from __future__ import annotations

import threading
import time

from newswire.stream.worker import Worker


def stop_when_idle(worker: Worker, idle_s: float) -> None:
    """Stop after idle_s seconds with partitions assigned, no lag, and no new commit."""

    def watch() -> None:
        last_count, since = -1, time.monotonic()
        while not worker.stopping.wait(0.5):
            count = worker.handled
            lagging = any(worker.lag.get((tp.topic, tp.partition), 1) > 0 for tp in worker.assigned)
            if count != last_count or lagging or not worker.assigned:
                last_count, since = count, time.monotonic()
            elif time.monotonic() - since >= idle_s:
                worker.stop()

    threading.Thread(target=watch, name="idle-watch", daemon=True).start()
