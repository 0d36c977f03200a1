"""Normalize: a raw article to clean fields. Each step takes a Draft and returns it; the order is here."""

from __future__ import annotations

from newswire.pipeline.draft import Draft, Step
from newswire.pipeline.normalize import fields, html, text


def extract(draft: Draft) -> Draft:
    """Dispatch on content_type: HTML pages and text dumps have their own extractors."""
    return html.extract(draft) if draft.raw.content_type == "text/html" else text.extract(draft)


STEPS: list[Step] = [
    extract,
    fields.resolve,
    fields.clean_body,
    fields.resolve_dates,
    fields.resolve_urls,
    fields.detect_language,
]


def normalize(draft: Draft) -> Draft:
    """Run every normalize step in order."""
    for step in STEPS:
        draft = step(draft)
    return draft
