"""The duplicate index's buckets: the entries whose SimHash has one value in one band.

At the index's size limit a bucket holds about 800 entries (200,000 over 256 values of a band),
and a lookup reads eight of them. Compared one Python object at a time that took about 5 ms a
record; the SimHashes of a bucket sit in one numpy array instead, read in a few vector operations.
Entries leave the index oldest first, and so they leave each bucket: the oldest is always first.
"""

from __future__ import annotations

import numpy as np

#: Buckets up to this size are read in Python: below it, numpy's cost per call is more than the work.
SMALL = 48


class Band:
    """The entries of one bucket, oldest first: their article ids, and their SimHashes in one array."""

    __slots__ = ("_bits", "_ids", "_start")

    def __init__(self) -> None:
        self._ids: list[str] = []
        self._bits = np.empty(8, dtype=np.uint64)
        self._start = 0  # entries before it have been removed

    def __len__(self) -> int:
        return len(self._ids) - self._start

    def append(self, article_id: str, bits: int) -> None:
        end = len(self._ids)
        if end == len(self._bits):  # full: keep the live entries, in an array with room for as many again
            live = self._bits[self._start : end]
            grown = np.empty(max(8, 2 * len(live)), dtype=np.uint64)
            grown[: len(live)] = live
            self._bits, self._ids, self._start = grown, self._ids[self._start :], 0
            end = len(self._ids)
        self._bits[end] = bits
        self._ids.append(article_id)

    def pop_oldest(self, article_id: str) -> None:
        """Remove the oldest entry, which must be `article_id`'s."""
        if self._ids[self._start] != article_id:
            raise RuntimeError(f"the bucket's oldest entry is {self._ids[self._start]}, not {article_id}")
        self._start += 1

    def near(self, bits: int, most: int) -> list[str]:
        """The ids of the entries whose SimHash is within `most` bits of `bits`, oldest first."""
        live = self._bits[self._start : len(self._ids)]
        if len(live) <= SMALL:
            return [
                self._ids[self._start + i]
                for i, other in enumerate(live.tolist())
                if (other ^ bits).bit_count() <= most
            ]
        close = np.flatnonzero(np.bitwise_count(live ^ np.uint64(bits)) <= most)
        return [self._ids[self._start + i] for i in close.tolist()]
