"""CoNLL documents through the whole service pipeline, and the published mentions mapped back to the text.

Each document goes in as a crawler's plain-text dump would: one line per CoNLL sentence (the
Reuters original's lines: headline, dateline, paragraphs, table rows), the headline as the first
line, no crawler fields but the URL, fetch time and content type, all from one site. The service
decides what is title and body; a published mention counts only if its characters land exactly on
the CoNLL tokens of a gold entity.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from newswire.contracts import Article
from newswire_tools.eval import product

Spans = set[tuple[int, int, str]]
#: Sentence-final tokens: a line ending in one, with several lowercase words, reads as prose.
_PROSE_END = re.compile(r"[.!?\"']$")
_LOWER_WORD = re.compile(r"(?:^| )[a-z]+(?= |$)")


@dataclass(frozen=True)
class Published:
    """The product's spans for one document, and what could not be mapped back."""

    spans: Spans
    dead_letter: str | None = None
    unmapped_paragraphs: int = 0


def raw_article(index: int, text: str, name: str) -> bytes:
    """A raw article as a crawler's text dump of a wire story."""
    return product.raw_article(f"https://wire.example.com/{name}/{index}", text, "1996-09-01T00:00:00+00:00")


def locate(text: str, article: Article, to_conll: dict[str, str]) -> Published:
    """The article's mentions as character spans of the text it was made from."""
    starts: list[int] = []  # body offset where each found paragraph starts
    shifts: list[int] = []  # text offset minus body offset, per found paragraph
    cursor = body_at = missing = 0
    for paragraph in article.body.split("\n\n"):
        found = text.find(paragraph, cursor)
        if found < 0:
            missing += 1
        else:
            starts.append(body_at)
            shifts.append(found - body_at)
            cursor = found + len(paragraph)
        body_at += len(paragraph) + 2
    title_at = text.find(article.title) if article.title else -1
    spans: Spans = set()
    for entity in article.entities:
        kind = to_conll.get(entity.type)
        for m in entity.mentions if kind else ():
            at = bisect_right(starts, m.start) - 1
            shift = (title_at if title_at >= 0 else None) if m.field == "title" else shifts[at] if at >= 0 else None
            if shift is not None and kind:
                spans.add((m.start + shift, m.end + shift, kind))
    return Published(spans, unmapped_paragraphs=missing)


def line_kinds(text: str) -> tuple[list[int], list[str]]:
    """Start offset and kind of each line: headline (the first), prose, or other (datelines, tables)."""
    starts, kinds, at = [], [], 0
    for number, line in enumerate(text.split("\n")):
        prose = bool(_PROSE_END.search(line)) and len(_LOWER_WORD.findall(line)) >= 3
        starts.append(at)
        kinds.append("headline" if number == 0 else "prose" if prose else "other")
        at += len(line) + 1
    return starts, kinds


def recall_by_line(texts: Sequence[str], gold: Sequence[Spans], found: Sequence[Spans]) -> dict[str, float]:
    """Share of gold entities found, per kind of line they stand on."""
    hits: dict[str, list[int]] = {}
    for text, want, got in zip(texts, gold, found, strict=True):
        starts, kinds = line_kinds(text)
        for span in want:
            counts = hits.setdefault(kinds[bisect_right(starts, span[0]) - 1], [0, 0])
            counts[0] += span in got
            counts[1] += 1
    return {kind: hit / total for kind, (hit, total) in sorted(hits.items())}
