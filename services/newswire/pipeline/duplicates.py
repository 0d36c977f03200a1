"""Near-duplicate detection: which earlier article, from another URL, has (nearly) this body.

Exact copies match on the content hash; near copies on a SimHash within `max_distance` bits, found
through eight 8-bit bands: two hashes within 7 bits share at least one band exactly, so every copy
that close is found; copies up to `max_distance` are found when they happen to share a band.
Unrelated news bodies lie about 32 bits apart. The window runs on stream time (articles'
`fetched_at`), so reprocessing an old backlog behaves as it did live.
"""

from __future__ import annotations

import time
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from newswire.pipeline.normalize.fingerprint import distance

BANDS = 8


@dataclass(frozen=True)
class Fingerprint:
    """What the index remembers of one published article."""

    article_id: str
    content_hash: str
    simhash: str
    seen_at: float  # seconds since the epoch

    def bands(self) -> list[tuple[int, str]]:
        return [(i, self.simhash[i * 2 : i * 2 + 2]) for i in range(BANDS)]


class DuplicateIndex:
    """Fingerprints seen within a time window, oldest first; bounded in entries too."""

    prefix = "fp"

    def __init__(
        self,
        window_s: float,
        max_entries: int = 200_000,
        max_distance: int = 8,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._clock = clock
        self.window_s = window_s
        self.max_entries = max_entries
        self.max_distance = max_distance
        self._entries: OrderedDict[str, Fingerprint] = OrderedDict()
        self._by_hash: dict[str, str] = {}
        self._by_band: dict[tuple[int, str], set[str]] = defaultdict(set)
        self._pending: list[Fingerprint] = []

    def __len__(self) -> int:
        return len(self._entries)

    def find(self, content_hash: str, simhash: str, article_id: str, now: float) -> str | None:
        """The id of the earliest article from another URL, within the window of `now`, with this or a near body."""
        self.prune(now)
        exact = self._by_hash.get(content_hash)
        if exact and exact != article_id and self._live(exact, now):
            return exact
        probe = Fingerprint(article_id, content_hash, simhash, now)
        candidates = {c for band in probe.bands() for c in self._by_band.get(band, ())} - {article_id}
        near = [
            self._entries[c]
            for c in candidates
            if self._live(c, now) and distance(self._entries[c].simhash, simhash) <= self.max_distance
        ]
        return min(near, key=lambda f: f.seen_at).article_id if near else None

    def apply(self, key: str, value: dict[str, Any]) -> None:
        """An entry from the shared log (any replica's); re-applying one is harmless."""
        self.add(Fingerprint(**value), share=False)

    def pending(self) -> list[tuple[str, dict[str, Any]]]:
        return [(f"{self.prefix}:{fp.article_id}", asdict(fp)) for fp in self._pending]

    def written(self) -> None:
        self._pending = []

    def add(self, fp: Fingerprint, share: bool = True) -> None:
        """Remember an article; the first sighting of an id is kept."""
        if fp.article_id in self._entries:
            return
        if share:
            self._pending.append(fp)
        self._entries[fp.article_id] = fp
        self._by_hash.setdefault(fp.content_hash, fp.article_id)
        for band in fp.bands():
            self._by_band[band].add(fp.article_id)
        while len(self._entries) > self.max_entries:
            self._evict()

    def _live(self, article_id: str, now: float) -> bool:
        # Entries arrive out of time order (partitions, replay, crawler lag): check each one.
        return abs(now - self._entries[article_id].seen_at) <= self.window_s

    def prune(self, now: float) -> None:
        """Forget the oldest-inserted articles once they fall out of the window.

        `now` is capped at the wall clock plus a day, so one record dated far in the future cannot
        empty the index.
        """
        cutoff = min(now, self._clock() + 86_400) - self.window_s
        while self._entries and next(iter(self._entries.values())).seen_at < cutoff:
            self._evict()

    def _evict(self) -> None:
        _, fp = self._entries.popitem(last=False)
        if self._by_hash.get(fp.content_hash) == fp.article_id:
            del self._by_hash[fp.content_hash]
        for band in fp.bands():
            self._by_band[band].discard(fp.article_id)
            if not self._by_band[band]:
                del self._by_band[band]
