"""Text dumps: plain text a crawler extracted, with header lines (date, section, title, byline)."""

from __future__ import annotations

import re

from newswire.pipeline.draft import Draft

MAX_TEXT_CHARS = 2_000_000
_DATE_LANG = re.compile(r"^date\s+(\d{4}-\d{2}-\d{2})(?:\s+([a-z]{2})\b.*)?$", re.IGNORECASE)
_BYLINE = re.compile(r"^(?:by:?|author:?)\s+(.{2,120})$", re.IGNORECASE)
_PUBLISHED = re.compile(r"^published:?\s*(.+?)(?:\s*\|\s*updated:?\s*(.+))?$", re.IGNORECASE)


def _lines(text: str) -> list[str]:
    return [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]


def extract(draft: Draft) -> Draft:
    """Turn header lines into candidate fields and keep the rest as paragraphs."""
    text = draft.raw.body[:MAX_TEXT_CHARS]
    if len(draft.raw.body) > MAX_TEXT_CHARS:
        draft.warnings.append(f"text cut to {MAX_TEXT_CHARS} characters")
    lines = _lines(text)
    body: list[str] = []
    for index, line in enumerate(lines):
        if index < 12 and (match := _DATE_LANG.match(line)):
            draft.offer("published_at", match.group(1), "text")
            draft.offer("language", match.group(2), "text")
        elif index < 12 and (match := _BYLINE.match(line)):
            draft.offer("authors", [match.group(1)], "text")
        elif index < 12 and (match := _PUBLISHED.match(line)):
            draft.offer("published_at", match.group(1), "text")
            draft.offer("updated_at", match.group(2), "text")
        else:
            body.append(line)
    paragraphs = [p.strip() for p in "\n".join(body).split("\n\n") if p.strip()]
    paragraphs = [re.sub(r"\s*\n\s*", " ", p) for p in paragraphs]
    if paragraphs and len(paragraphs[0]) < 200 and not paragraphs[0].endswith("."):
        draft.offer("title", paragraphs[0], "text")
        paragraphs = paragraphs[1:]
    draft.paragraphs = paragraphs
    return draft
