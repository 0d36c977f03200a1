"""Deadlines for kafka-python calls that otherwise wait forever when the broker stops answering."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from newswire.errors import TransactionTimeout

T = TypeVar("T")


def with_deadline(fn: Callable[[], T], seconds: float, what: str) -> T:
    """Run fn on a daemon thread; raise TransactionTimeout if it has not returned in time.

    The abandoned call may still finish later; after a timeout the producer must not be reused.
    """
    result: list[T] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            result.append(fn())
        except BaseException as exc:
            failure.append(exc)

    thread = threading.Thread(target=target, name=f"deadline:{what}", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise TransactionTimeout(f"{what} did not complete within {seconds:.0f}s")
    if failure:
        raise failure[0]
    return result[0]
