"""Boilerplate learned from the stream: a paragraph seen in many articles of one source is not news.

Each tracked paragraph keeps the ids of up to `min_articles` articles it appeared in; merging is a
set union, so redelivered records and concurrent replicas cannot inflate the count.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from typing import Any

from newswire.pipeline.draft import Draft

#: How often a replica rewrites a boilerplate entry it keeps meeting; well under the state topic's retention.
REFRESH_S = 86_400
#: Longer paragraphs are not tracked: recurring boilerplate is short, and this bounds memory.
MAX_TRACKED_CHARS = 600
_WORDS = re.compile(r"\w+")


def paragraph_key(source: str, paragraph: str) -> str:
    """A key per (source, paragraph text), insensitive to case, punctuation and spacing."""
    words = " ".join(_WORDS.findall(paragraph.casefold()))
    return f"bp:{source}:{hashlib.blake2b(words.encode(), digest_size=8).hexdigest()}"


class LearnedBoilerplate:
    """Tracks recurring paragraphs per source and strips those seen in `min_articles` articles."""

    prefix = "bp"

    def __init__(self, min_articles: int = 5, max_entries: int = 100_000, refresh_s: float = REFRESH_S) -> None:
        self.min_articles = min_articles
        self.max_entries = max_entries
        self.refresh_s = refresh_s
        self._seen: OrderedDict[str, set[str]] = OrderedDict()
        self._pending: dict[str, set[str]] = {}
        #: Stream time each known boilerplate entry was last written by this replica.
        self._written_at: dict[str, float] = {}

    def __len__(self) -> int:
        return len(self._seen)

    def is_boilerplate(self, key: str) -> bool:
        return len(self._seen.get(key, ())) >= self.min_articles

    def strip(self, draft: Draft, article_id: str) -> Draft:
        """Drop known boilerplate (never the whole body), then learn from this article's paragraphs."""
        keys = [paragraph_key(draft.source, p) if len(p) <= MAX_TRACKED_CHARS else None for p in draft.paragraphs]
        kept = [p for p, k in zip(draft.paragraphs, keys, strict=True) if not (k and self.is_boilerplate(k))]
        if kept and len(kept) < len(draft.paragraphs):
            draft.warnings.append(f"{len(draft.paragraphs) - len(kept)} paragraph(s) of learned boilerplate removed")
            draft.paragraphs = kept
        now = draft.fetched_at.timestamp()
        for key in {k for k in keys if k}:
            self._observe(key, {article_id}, share=True)
            if self.is_boilerplate(key) and now - self._written_at.get(key, 0.0) > self.refresh_s:
                # Rewritten now and then: the state topic's retention would otherwise expire it.
                self._pending[key] = self._seen[key]
                self._written_at[key] = now
        return draft

    def apply(self, key: str, value: dict[str, Any]) -> None:
        self._observe(key, {str(i) for i in value.get("ids", [])}, share=False)

    def pending(self) -> list[tuple[str, dict[str, Any]]]:
        return [(key, {"ids": sorted(self._seen.get(key, ids))}) for key, ids in self._pending.items()]

    def written(self) -> None:
        self._pending = {}

    def _observe(self, key: str, ids: set[str], share: bool) -> None:
        known = self._seen.setdefault(key, set())
        self._seen.move_to_end(key)
        if len(known) >= self.min_articles:
            return
        added = set(sorted(ids - known)[: self.min_articles - len(known)])
        if added:
            known |= added
            if share:
                self._pending[key] = known
        while len(self._seen) > self.max_entries:
            evicted, _ = self._seen.popitem(last=False)
            self._pending.pop(evicted, None)
            self._written_at.pop(evicted, None)
