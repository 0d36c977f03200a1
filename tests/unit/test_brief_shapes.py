"""Headline-and-brief items, as news wires and the AG News rows send them, are published whatever
the brief's shape: a lone byline, no full stop, an opening "By", capitals, entities, backslashes."""

from __future__ import annotations

import pytest

from newswire.pipeline import Pipeline
from newswire.pipeline.enrich.chain import enrichments
from tests.conftest import FakeEntities, FakeTopics, raw
from tests.unit.factories import normalized
from tests.unit.fakes import FakeLanguages

TITLE = "Harbour council sits tight on ferry fares"
LEAD = "The harbour council held ferry fares at 4.75 a trip yesterday after surveys showed fewer riders."
SHAPES = {
    "lone agency byline": "By Bloomberg News.",
    "lone byline with desk and date": "By Mara Lindqvist, Transport Correspondent (Filed: 10/09/2004).",
    "lone byline in capitals": "BY MARA LINDQVIST, TRANSPORT CORRESPONDENT",
    "byline cut short": "By Mara",
    "byline then the lead": f"By Mara Lindqvist, Transport Correspondent (Filed: 10/09/2004). {LEAD}",
    "lead without a full stop": LEAD.rstrip("."),
    "lead opening with By": "By the end of the year the council plans to run its biggest fleet since 1991",
    "short lead": "Harbour council - It held fares, made",
    "capitals": LEAD.upper(),
    "entities": LEAD.replace("harbour", "harbour #39;s").replace("fares", "quot;faresquot;"),
    "escaped markup": f"&lt;b&gt;Transport&lt;/b&gt; {LEAD} &lt;b&gt;...&lt;/b&gt;",
    "backslashes": LEAD.replace(". ", ".\\\\").replace("yesterday", "yesterday\\"),
    "agency dateline": "OSLO (Reuters) - The harbour council held ferry fares",
}


@pytest.mark.parametrize("body", SHAPES.values(), ids=SHAPES.keys())
class TestBriefShapes:
    def test_published_through_the_pipeline(self, body: str) -> None:
        """The whole pipeline publishes the item under the crawler's title; nothing is dead-lettered."""
        [outcome] = Pipeline(enrichments(FakeEntities(), FakeTopics()), FakeLanguages()).process(
            [raw(title=TITLE, body=body)]
        )
        assert outcome.error is None
        assert outcome.article is not None and outcome.article.title == TITLE and outcome.article.body


class TestLoneByline:
    def test_a_lone_byline_is_the_body_and_gives_the_authors(self) -> None:
        """A headline-only item keeps its byline as the body, says so, and reads the names from it."""
        result = normalized("By Mara Lindqvist, Transport Correspondent", "text/plain", title=TITLE)
        assert result.paragraphs == ["By Mara Lindqvist, Transport Correspondent"]
        assert result.authors == ["Mara Lindqvist"]
        assert any("only a byline" in warning for warning in result.warnings)

    def test_the_title_repeated_over_a_byline_is_not_the_body(self) -> None:
        """The text's own copy of the title stays out of the body."""
        result = normalized(f"{TITLE}\n\nBy Mara Lindqvist", "text/plain", title=TITLE)
        assert result.paragraphs == ["By Mara Lindqvist"]
