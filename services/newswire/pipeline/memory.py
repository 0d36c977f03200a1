"""A bounded memory of answers: what a costly, pure computation gave for the last keys met."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memory(Generic[K, V]):
    """Answers for the last `size` keys, the oldest forgotten first. The work must be pure: an answer
    recalled is the one computing it again would give, so what the memory holds never changes output."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._known: dict[K, V] = {}  # insertion-ordered: the oldest first

    def recall(self, key: K, work: Callable[[], V]) -> V:
        """The answer remembered for `key`, or `work()`'s, which is remembered."""
        try:
            return self._known[key]
        except KeyError:
            pass
        answer = self._known[key] = work()
        if len(self._known) > self.size:
            del self._known[next(iter(self._known))]
        return answer

    def __len__(self) -> int:
        return len(self._known)

    def __iter__(self) -> Iterator[K]:
        """The keys remembered, the oldest first."""
        return iter(self._known)
