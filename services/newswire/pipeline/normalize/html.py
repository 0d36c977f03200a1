"""Main text and metadata of an HTML page, with trafilatura (JSON-LD, OpenGraph and meta tags)."""

from __future__ import annotations

import re

import trafilatura

from newswire.errors import ErrorCode, RecordError, Stage
from newswire.pipeline.draft import Draft

#: Pages are cut to this many characters before parsing: bounds parse time and memory.
MAX_HTML_CHARS = 3_000_000
_CANONICAL = re.compile(
    r"<link\b[^>]*\brel=[\"']?canonical[\"']?[^>]*>", re.IGNORECASE
)
_HREF = re.compile(r"\bhref=[\"']([^\"']{1,4096})[\"']", re.IGNORECASE)


def _canonical_link(html: str) -> str | None:
    head = html[:200_000]
    for tag in _CANONICAL.findall(head):
        href = _HREF.search(tag)
        if href:
            return href.group(1)
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\r\n\f") + sample.count("\ufffd")
    return controls > len(sample) * 0.05


def extract(draft: Draft) -> Draft:
    """Fill paragraphs and candidate metadata from the page."""
    html = draft.raw.body
    if _looks_binary(html):
        raise RecordError(Stage.NORMALIZE, ErrorCode.NOT_TEXT, "content_type is text/html but the body is binary")
    if len(html) > MAX_HTML_CHARS:
        html = html[:MAX_HTML_CHARS]
        draft.warnings.append(f"page cut to {MAX_HTML_CHARS} characters before extraction")
    doc = trafilatura.bare_extraction(
        html, url=draft.url, with_metadata=True, include_comments=False, include_tables=False
    )
    if doc is None:
        return draft
    text = doc.text or ""
    draft.paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    draft.offer("title", doc.title, "html")
    if doc.author:
        draft.offer("authors", [a.strip() for a in doc.author.split(";") if a.strip()], "html")
    draft.offer("published_at", doc.date, "html")
    draft.offer("section", (doc.categories or [None])[0], "html")
    draft.offer("tags", [t.strip() for tag in doc.tags or [] for t in tag.split(",") if t.strip()], "html")
    draft.offer("language", doc.language, "html")
    draft.offer("canonical_url", _canonical_link(html), "html")
    draft.offer("source", doc.sitename, "html")
    return draft
