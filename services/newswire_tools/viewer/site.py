"""What the page shows for a request: recent articles or one looked up, and recent dead letters."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from newswire.errors import NewswireError
from newswire.pipeline.normalize.urls import article_id, clean_url
from newswire.stream.records import ConsumedRecord
from newswire_tools.viewer.articles import article_card, legend, read_article, unreadable_card
from newswire_tools.viewer.dead_letters import dead_letter_groups
from newswire_tools.viewer.html import e, header, page

_ID = re.compile(r"^[0-9a-f]{32}$")
MAX_QUERY = 4096


class Records(Protocol):
    """Committed records of a topic, read back (stream.browse.TopicReader)."""

    def recent(self, topic: str, limit: int) -> list[ConsumedRecord]: ...
    def newest_with_key(self, topic: str, key: bytes, max_scan: int) -> ConsumedRecord | None: ...
    def newest_matching(
        self, topic: str, match: Callable[[ConsumedRecord], bool], limit: int
    ) -> ConsumedRecord | None: ...


@dataclass(frozen=True)
class Site:
    records: Records
    output_topic: str
    dlq_topic: str
    recent: int = 30
    dead_letters: int = 200
    max_scan: int = 100_000

    def render(self, query: str) -> tuple[int, str]:
        """The page for a lookup query ('' for the recent articles), with its HTTP status."""
        query = query.strip()[:MAX_QUERY]
        try:
            status, articles = self._articles(query)
            letters = dead_letter_groups(self.records.recent(self.dlq_topic, self.dead_letters))
        except NewswireError as exc:
            status, articles, letters = 503, f'<p class="warning">cannot read the topics: {e(exc)}</p>', ""
        dead = f"<h2>Dead letters (newest {self.dead_letters}, by stage and code)</h2>{letters}"
        return status, page(
            title=f"newswire inspect{': ' + query if query else ''}",
            header=header(self.output_topic, self.dlq_topic, query),
            articles=articles,
            dead_letters=dead,
        )

    def _articles(self, query: str) -> tuple[int, str]:
        if not query:
            records = self.records.recent(self.output_topic, self.recent)
            cards = "".join(_card(r) for r in records) or '<p class="empty">no articles yet</p>'
            return 200, f"<h2>Recent articles (newest {self.recent})</h2>{legend()}{cards}"
        found = self._lookup(query)
        if found is None:
            return 404, f'<h2>Lookup</h2><p class="empty">no article found for {e(query)}</p>'
        return 200, f"<h2>Lookup: {e(query)}</h2>{legend()}{_card(found)}"

    def _lookup(self, query: str) -> ConsumedRecord | None:
        """By id: the id's partition, newest first. By URL: the id of its cleaned form, then the
        recent articles whose url or canonical_url is the one given."""
        if _ID.match(query.lower()):
            return self.records.newest_with_key(self.output_topic, query.lower().encode(), self.max_scan)
        if not query.lower().startswith(("http://", "https://")):
            return None
        try:
            cleaned = clean_url(query)
        except ValueError:
            cleaned = query
        found = self.records.newest_with_key(self.output_topic, article_id(cleaned).encode(), self.max_scan)
        if found is not None:
            return found
        wanted = {query, cleaned}

        def same_url(record: ConsumedRecord) -> bool:
            article = read_article(record.value)
            return article is not None and bool({article.url, article.canonical_url} & wanted)

        return self.records.newest_matching(self.output_topic, same_url, 1000)


def _card(record: ConsumedRecord) -> str:
    article = read_article(record.value)
    if article is None:
        return unreadable_card(f"{record.topic}:{record.partition}:{record.offset}", record.value)
    return article_card(article)
