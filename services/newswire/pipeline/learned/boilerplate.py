"""Boilerplate learned from the stream: a paragraph seen in many articles of one source is not news.

Each tracked paragraph keeps the ids of up to `min_articles` articles it appeared in; merging is a
set union, so redelivered records and concurrent replicas cannot inflate the count.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from functools import lru_cache
from typing import Any

from newswire.pipeline.draft import Draft
from newswire.pipeline.normalize import dates
from newswire.pipeline.normalize.fingerprint import folded_words

#: How often a replica rewrites a boilerplate entry it keeps meeting; well under the state topic's retention.
REFRESH_S = 86_400
#: Longer paragraphs are not tracked: recurring boilerplate is short, and this bounds memory.
MAX_TRACKED_CHARS = 600


def paragraph_key(source: str, paragraph: str) -> str:
    """A key per (source, paragraph text), insensitive to case, punctuation and spacing."""
    return f"bp:{source}:{_words_hash(paragraph)}"


@lru_cache(maxsize=8192)
def _words_hash(paragraph: str) -> str:
    """Remembered for the paragraphs met last: learned boilerplate is paragraphs that come back."""
    return hashlib.blake2b(folded_words(paragraph).encode(), digest_size=8).hexdigest()


class LearnedBoilerplate:
    """Tracks recurring paragraphs per source and strips those seen in `min_articles` articles.

    What a batch learns is staged and joins the table on `commit()`, once the batch's transaction
    has committed; `abort()` discards it, so a rewound batch is judged as it was the first time.
    """

    prefix = "bp"

    def __init__(self, min_articles: int = 5, max_entries: int = 100_000, refresh_s: float = REFRESH_S) -> None:
        self.min_articles = min_articles
        self.max_entries = max_entries
        self.refresh_s = refresh_s
        self._seen: OrderedDict[str, set[str]] = OrderedDict()
        #: Stream time each known boilerplate entry was last written by this replica.
        self._written_at: dict[str, float] = {}
        #: This batch's changes: each touched paragraph's ids as they will be, and rewrites due.
        self._staged: dict[str, set[str]] = {}
        self._staged_written_at: dict[str, float] = {}

    def __len__(self) -> int:
        return len(self._seen)

    def _ids(self, key: str) -> set[str]:
        staged = self._staged.get(key)
        return staged if staged is not None else self._seen.get(key, set())

    def is_boilerplate(self, key: str) -> bool:
        return len(self._ids(key)) >= self.min_articles

    def strip(self, draft: Draft, article_id: str) -> Draft:
        """Drop known boilerplate (never the whole body), then learn from this article's paragraphs."""
        keys = [
            paragraph_key(draft.source, p) if len(p) <= MAX_TRACKED_CHARS and not dates.is_dateline(p) else None
            for p in draft.paragraphs
        ]
        kept = [p for p, k in zip(draft.paragraphs, keys, strict=True) if not (k and self.is_boilerplate(k))]
        if kept and len(kept) < len(draft.paragraphs):
            draft.warnings.append(f"{len(draft.paragraphs) - len(kept)} paragraph(s) of learned boilerplate removed")
            draft.paragraphs = kept
        now = draft.fetched_at.timestamp()
        for key in {k for k in keys if k}:
            ids = self._ids(key)
            if article_id not in ids and len(ids) < self.min_articles:  # as _capped(ids, {article_id})
                ids = self._staged[key] = ids | {article_id}
            if len(ids) < self.min_articles:
                continue
            written_at = self._staged_written_at.get(key, self._written_at.get(key, 0.0))
            if now - written_at > self.refresh_s:
                # Rewritten now and then: the state topic's retention would otherwise expire it.
                self._staged[key] = ids
                self._staged_written_at[key] = now
        return draft

    def apply(self, key: str, value: dict[str, Any]) -> None:
        """An entry from the shared log (any replica's); merging is a set union, so order does not matter."""
        self._merge(key, {str(i) for i in value.get("ids", [])})

    def pending(self) -> list[tuple[str, dict[str, Any]]]:
        """This batch's changed entries, to be written to the shared log in the batch's transaction."""
        return [(key, {"ids": sorted(ids)}) for key, ids in self._staged.items()]

    def commit(self) -> None:
        """The batch's transaction committed: what it learned joins the table."""
        for key, ids in self._staged.items():
            self._merge(key, ids)
        self._written_at.update(self._staged_written_at)
        self.abort()

    def abort(self) -> None:
        """The batch's transaction aborted: it will be processed again, so forget what it staged."""
        self._staged = {}
        self._staged_written_at = {}

    def _capped(self, known: set[str], ids: set[str]) -> set[str]:
        """The ids worth keeping: a paragraph needs only `min_articles` of them, the smallest for stability."""
        new, room = ids - known, self.min_articles - len(known)
        return new if len(new) <= room else set(sorted(new)[: max(0, room)])  # sorted only when some must go

    def _merge(self, key: str, ids: set[str]) -> None:
        known = self._seen.setdefault(key, set())
        self._seen.move_to_end(key)
        known |= self._capped(known, ids)
        while len(self._seen) > self.max_entries:
            evicted, _ = self._seen.popitem(last=False)
            self._written_at.pop(evicted, None)
