"""Builders for raw articles and drafts used across the unit tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from newswire.contracts import RawArticle
from newswire.pipeline import Outcome, Pipeline
from newswire.pipeline.draft import Draft
from newswire.pipeline.normalize import normalize
from tests.unit.fakes import FakeLanguages

FETCHED_AT = datetime(2024, 1, 18, 12, 0, tzinfo=UTC)


def draft(body: str, content_type: str = "text/html", **fields: Any) -> Draft:
    """A fresh Draft around a raw article with the given body."""
    raw = RawArticle(
        url=fields.pop("url", "https://news.example.org/story/1?utm_source=feed"),
        body=body,
        content_type=content_type,  # type: ignore[arg-type]
        fetched_at=fields.pop("fetched_at", FETCHED_AT),
        **fields,
    )
    return Draft(raw=raw, url=raw.url, fetched_at=raw.fetched_at)


def normalized(body: str, content_type: str = "text/html", **fields: Any) -> Draft:
    """A Draft after every normalize step; a text nobody says the language of is English."""
    return normalize(draft(body, content_type, **fields), FakeLanguages())


def wall_clock() -> float:
    """The wall clock duplicate indexes read in tests: fixed, later than any fetched_at the tests use."""
    return datetime(2030, 1, 1, tzinfo=UTC).timestamp()


def committed(pipeline: Pipeline, values: list[bytes]) -> list[Outcome]:
    """One batch whose transaction commits, as the worker runs it: what it learned then counts."""
    outcomes = pipeline.process(values)
    pipeline.commit()
    return outcomes
