"""The whole pipeline on sample records, with hand-written model fakes."""

from __future__ import annotations

import json
from collections.abc import Sequence

from newswire.contracts import Entity, Topic
from newswire.errors import ErrorCode
from newswire.pipeline import Pipeline
from newswire.pipeline.enrich.chain import enrichments
from tests.unit.fakes import FakeLanguages
from tests.unit.samples import DUMP, PAGE


class NoEntities:
    """Entity extractor fake: finds nothing."""

    name = "fake-ner"
    languages = frozenset({"en"})

    def extract(self, docs: Sequence[tuple[str, str]]) -> list[list[Entity]]:
        return [[] for _ in docs]


class NoMediaTopics:
    """Topic classifier fake: ranks nothing."""

    name = "fake-topics"
    languages = frozenset({"en"})

    def classify(self, docs: Sequence[tuple[str, str]]) -> list[list[Topic]]:
        return [[] for _ in docs]


def _record(body: str, content_type: str) -> bytes:
    return json.dumps(
        {
            "url": "https://news.example.org/story/1",
            "body": body,
            "content_type": content_type,
            "fetched_at": "2024-01-18T12:00:00Z",
        }
    ).encode()


class TestPipeline:
    def test_page_dump_and_bad_record_in_one_batch(self) -> None:
        """A page and a dump become valid articles; an empty page becomes a dead letter."""
        pipeline = Pipeline(enrichments(NoEntities(), NoMediaTopics()), FakeLanguages())
        outcomes = pipeline.process([_record(PAGE, "text/html"), _record(DUMP, "text/plain"), _record("", "text/html")])
        page, dump, empty = outcomes
        assert page.article is not None
        assert page.article.provenance["title"] == "json-ld"
        assert dump.article is not None
        assert dump.article.section == "Politics"
        assert empty.error is not None
        assert empty.error.code is ErrorCode.EMPTY_BODY

    def test_ten_megabyte_record_is_refused_before_parsing(self) -> None:
        """A 10 MB page is a payload_too_large dead letter; no parser sees it."""
        page = "<html><body>" + "<p>" + "pier " * 2_000_000 + "</p></body></html>"
        (outcome,) = Pipeline(enrichments(NoEntities(), NoMediaTopics()), FakeLanguages()).process(
            [_record(page, "text/html")]
        )
        assert outcome.error is not None
        assert outcome.error.code is ErrorCode.PAYLOAD_TOO_LARGE
