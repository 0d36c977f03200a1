"""Normalize: a raw article to clean fields. Each step takes a Draft and returns it; the order is here."""

from __future__ import annotations

import re
from functools import partial

from newswire.errors import ErrorCode, RecordError, Stage
from newswire.pipeline.draft import Draft, Step
from newswire.pipeline.normalize import dom, fields, html, text
from newswire.pipeline.normalize.language import LanguageIdentifier

_SNIFF_CHARS = 5000
_HTML_START = re.compile(r"\s*(?:<\?xml[^>]{0,200}>\s*)?(?:<!doctype html|<html\b|<head\b|<body\b)", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?(?:p|div|span|a|br|li|article|section|script|meta|h[1-6])\b[^>]{0,500}>", re.IGNORECASE)


def looks_like_html(body: str) -> bool:
    """True when the start of a body is markup, whatever the crawler labelled it."""
    head = body[:_SNIFF_CHARS]
    return bool(_HTML_START.match(head)) or len(_HTML_TAG.findall(head)) >= 5


def extract(draft: Draft) -> Draft:
    """Dispatch on what the body is; a content_type that disagrees with it becomes a warning."""
    declared = draft.raw.content_type
    if dom.looks_binary(draft.raw.body):
        raise RecordError(
            Stage.NORMALIZE,
            ErrorCode.NOT_TEXT,
            f"content_type is {declared} but the body is binary",
        )
    is_html = looks_like_html(draft.raw.body)
    if declared == "text/html" and not is_html and draft.raw.body.strip():
        draft.warnings.append("content_type is text/html but the body has no markup; read as a text dump")
    elif declared == "text/plain" and is_html:
        draft.warnings.append("content_type is text/plain but the body is HTML; read as a page")
    return (
        html.extract(draft)
        if is_html or (declared == "text/html" and not draft.raw.body.strip())
        else text.extract(draft)
    )


def steps(languages: LanguageIdentifier) -> list[Step]:
    """Every normalize step, in order; `languages` names the language nobody declared."""
    return [
        extract,
        fields.resolve,
        fields.clean_body,
        fields.resolve_urls,
        partial(fields.detect_language, identifier=languages),
        fields.resolve_dates,
    ]


def normalize(draft: Draft, languages: LanguageIdentifier) -> Draft:
    """Run every normalize step in order."""
    for step in steps(languages):
        draft = step(draft)
    return draft
