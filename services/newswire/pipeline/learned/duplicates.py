"""Near-duplicate detection: which earlier article, from another URL, has (nearly) this body.

Exact copies match on the content hash; near copies on a SimHash within `max_distance` bits, found
through eight 8-bit bands: two hashes within 7 bits share at least one band exactly, so every copy
that close is found; copies up to `max_distance` are found when they happen to share a band.
Unrelated news bodies lie about 32 bits apart. The window runs on stream time (articles'
`fetched_at`), so reprocessing an old backlog behaves as it did live.

Each entry keeps the decision taken when its article was first seen, so a redelivered or re-crawled
article gets the same answer again, and a copy always points at the story's first article (the
copy's own `duplicate_of`), never at another copy. An article that a known copy points at is an
original, whatever else it matches: two articles never point at each other.

New entries are staged per batch and join the index only on `commit()`, when the batch's
transaction has committed; `abort()` discards them, so a rewound batch is judged afresh.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from functools import cached_property
from typing import Any

from newswire.pipeline.learned.bands import Band

BANDS = 8


@dataclass(frozen=True)
class Fingerprint:
    """What the index remembers of one published article, and what it was judged to copy."""

    article_id: str
    content_hash: str
    simhash: str
    seen_at: float  # seconds since the epoch
    duplicate_of: str | None = None

    def bands(self) -> list[tuple[int, str]]:
        return [(i, self.simhash[i * 2 : i * 2 + 2]) for i in range(BANDS)]

    @cached_property
    def bits(self) -> int:
        """The SimHash as a number, read once: each lookup compares it with dozens of candidates.
        Not a field, so the entry the state log carries is unchanged."""
        return int(self.simhash, 16)

    @property
    def original(self) -> str:
        """The first article of this story: this one, or the one it copies."""
        return self.duplicate_of or self.article_id

    def order(self) -> tuple[float, str]:
        """Earliest seen first; the id breaks ties the same way on every replica."""
        return self.seen_at, self.article_id


#: A band of a SimHash, or a content hash: what a batch's own entries are found by.
_Key = tuple[int, str] | str


def _keys(bands: list[tuple[int, str]], content_hash: str) -> list[_Key]:
    return [*bands, content_hash]


class DuplicateIndex:
    """Fingerprints seen within a time window, oldest first; bounded in entries too."""

    prefix = "fp"

    def __init__(
        self,
        window_s: float,
        *,
        clock: Callable[[], float],
        max_entries: int = 200_000,
        max_distance: int = 8,
    ) -> None:
        """`clock` is the wall clock in seconds since the epoch (`time.time` in the service): it bounds
        how far ahead of it a record's date may prune the index."""
        self._clock = clock
        self.window_s = window_s
        self.max_entries = max_entries
        self.max_distance = max_distance
        self._entries: OrderedDict[str, Fingerprint] = OrderedDict()
        self._by_hash: dict[str, str] = {}
        self._by_band: dict[tuple[int, str], Band] = defaultdict(Band)
        #: This batch's new entries, in the order seen; not part of the index until commit().
        self._staged: dict[str, Fingerprint] = {}
        #: Their ids by band and by content hash, as _by_band and _by_hash hold the index's: a batch's
        #: own entries are candidates on the same terms as the index's, whatever the batch's size.
        self._staged_by_key: dict[_Key, list[str]] = defaultdict(list)

    def __len__(self) -> int:
        return len(self._entries)

    def observe(self, fp: Fingerprint) -> str | None:
        """The id of the story's first article if `fp` copies one, else None; stages `fp` with that answer."""
        copied = self.find(fp.content_hash, fp.simhash, fp.article_id, fp.seen_at)
        if self._get(fp.article_id) is None:
            self._staged[fp.article_id] = replace(fp, duplicate_of=copied)
            for key in _keys(fp.bands(), fp.content_hash):
                self._staged_by_key[key].append(fp.article_id)
        return copied

    def find(self, content_hash: str, simhash: str, article_id: str, now: float) -> str | None:
        """The id of the first article, from another URL, within the window of `now`, with this or a near body."""
        self.prune(now)
        own = self._get(article_id)
        if own is not None and self._within(own, now):
            return own.duplicate_of  # seen before (redelivered, re-crawled, rewound): the first decision stands
        matches = [m for m in self._matches(content_hash, simhash, now) if m.article_id != article_id]
        if any(m.duplicate_of == article_id for m in matches):
            return None  # a known copy of this article: this one is the original
        if not matches:
            return None
        return min(matches, key=Fingerprint.order).original

    def _matches(self, content_hash: str, simhash: str, now: float) -> Iterable[Fingerprint]:
        exact = self._by_hash.get(content_hash)
        probe = Fingerprint("", content_hash, simhash, now)
        bands = probe.bands()
        bits, window, most = probe.bits, self.window_s, self.max_distance
        ids = {c for band in bands if (known := self._by_band.get(band)) for c in known.near(bits, most)}
        if exact:
            ids.add(exact)
        staged = {c for key in _keys(bands, content_hash) for c in self._staged_by_key.get(key, ())}
        candidates = [self._entries[c] for c in ids] + [self._staged[c] for c in staged]
        return [  # _within and the Hamming distance, written out, the distance first: most staged ones fail it
            c
            for c in candidates
            if ((c.bits ^ bits).bit_count() <= most or c.content_hash == content_hash)
            and abs(now - c.seen_at) <= window
        ]

    def _get(self, article_id: str) -> Fingerprint | None:
        return self._staged.get(article_id) or self._entries.get(article_id)

    def apply(self, key: str, value: dict[str, Any]) -> None:
        """An entry from the shared log (any replica's); re-applying one is harmless."""
        self.add(Fingerprint(**value))

    def pending(self) -> list[tuple[str, dict[str, Any]]]:
        """This batch's new entries, to be written to the shared log in the batch's transaction."""
        return [(f"{self.prefix}:{fp.article_id}", asdict(fp)) for fp in self._staged.values()]

    def commit(self) -> None:
        """The batch's transaction committed: its entries join the index."""
        staged, self._staged = self._staged, {}
        self._staged_by_key.clear()
        for fp in staged.values():
            self.add(fp)

    def abort(self) -> None:
        """The batch's transaction aborted: it will be processed again, so forget what it staged."""
        self._staged = {}
        self._staged_by_key.clear()

    def add(self, fp: Fingerprint) -> None:
        """Remember an article at once; the first sighting of an id is kept."""
        if fp.article_id in self._entries:
            return
        self._entries[fp.article_id] = fp
        self._by_hash.setdefault(fp.content_hash, fp.article_id)
        for band in fp.bands():
            self._by_band[band].append(fp.article_id, fp.bits)
        while len(self._entries) > self.max_entries:
            self._evict()

    def _within(self, fp: Fingerprint, now: float) -> bool:
        # Entries arrive out of time order (partitions, replay, crawler lag): check each one.
        return abs(now - fp.seen_at) <= self.window_s

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
        for band in fp.bands():  # the index's oldest entry is the oldest of each of its buckets
            self._by_band[band].pop_oldest(fp.article_id)
            if not self._by_band[band]:
                del self._by_band[band]
