"""The article being built: normalize and enrich steps each take a Draft and return it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from newswire.contracts import Entity, RawArticle, Topic

#: Bodies longer than this are cut at a paragraph boundary; no news story comes near it.
MAX_ARTICLE_BODY_CHARS = 200_000


class Candidate(NamedTuple):
    """A value the page offers for a field, and where it was read (json-ld, meta, html, text)."""

    origin: str
    #: A list for authors and tags; text for any other field.
    value: str | list[str]


@dataclass
class Draft:
    """Mutable working state of one article; turned into a frozen Article at the end."""

    raw: RawArticle
    url: str
    fetched_at: datetime
    canonical_url: str = ""
    source: str = ""
    title: str = ""
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    updated_at: datetime | None = None
    language: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    #: What an enrichment adds under the article field's own name (`contracts.Article`), copied into the
    #: article as it is: a new enrichment writes here and needs no field of its own in the draft.
    enriched: dict[str, object] = field(default_factory=dict)
    provenance: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: The first value the page offers for each field (JSON-LD, meta tags, text headers), weighed
    #: against the crawler's fields later.
    candidates: dict[str, Candidate] = field(default_factory=dict)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    def keep_paragraphs(self, paragraphs: list[str]) -> None:
        """The body's paragraphs, cut at the paragraph that passes MAX_ARTICLE_BODY_CHARS, with a warning."""
        total = 0
        for index, paragraph in enumerate(paragraphs):
            total += len(paragraph) + 2
            if total > MAX_ARTICLE_BODY_CHARS:
                self.warnings.append(f"body cut to its first {index} paragraphs ({MAX_ARTICLE_BODY_CHARS} characters)")
                self.paragraphs = paragraphs[:index] or [paragraph[:MAX_ARTICLE_BODY_CHARS]]
                return
        self.paragraphs = paragraphs

    def offer(self, name: str, value: object, origin: str) -> None:
        """Record a candidate value for a field unless one was offered earlier in the chain.

        A list of strings is kept as it is; any other value (JSON-LD may hold a number or an object
        where text belongs) as its text, or as empty text when it is falsy: it still takes the
        field's place, and is read as no value."""
        if value in (None, "", [], ()) or name in self.candidates:
            return
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            self.candidates[name] = Candidate(origin, value)
        else:
            self.candidates[name] = Candidate(origin, str(value) if value else "")


Step = Callable[[Draft], Draft]
