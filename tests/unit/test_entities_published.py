"""Entities the service publishes for whole news articles sent as crawlers' text dumps (shipped models)."""

from __future__ import annotations

import pytest

from newswire.bootstrap import build_pipeline
from newswire.config import Settings
from newswire.contracts import Article
from newswire.observability.metrics import Metrics
from tests.conftest import raw
from tests.unit import news_samples


@pytest.fixture(scope="module")
def published() -> dict[str, Article]:
    """Each sample article through the default pipeline, by sample name."""
    pipeline = build_pipeline(Settings(), Metrics())
    names = ("MINISTER", "COUNCIL", "LAB")
    values = [raw(title=None, body=getattr(news_samples, n), url=f"https://news.example.com/{n}") for n in names]
    articles = {}
    for name, outcome in zip(names, pipeline.process(values), strict=True):
        assert outcome.article is not None, outcome.error
        articles[name] = outcome.article
    return articles


class TestPeopleInNewsArticles:
    @pytest.mark.parametrize(
        ("sample", "people"),
        [
            ("MINISTER", news_samples.MINISTER_PEOPLE),
            ("COUNCIL", news_samples.COUNCIL_PEOPLE),
            ("LAB", news_samples.LAB_PEOPLE),
        ],
    )
    def test_people_are_persons_with_their_surname_mentions(
        self, published: dict[str, Article], sample: str, people: tuple[str, ...]
    ) -> None:
        """Each person is one PERSON entity whose mentions include the surname alone."""
        entities = published[sample].entities
        for person in people:
            surname = person.split()[-1]
            (entity,) = [e for e in entities if e.name == person]
            assert entity.type == "PERSON"
            assert entity.count >= 2
            assert not [e for e in entities if e.name == surname], f"{surname} published apart from {person}"

    def test_the_minister_is_counted_in_every_mention(self, published: dict[str, Article]) -> None:
        """'Sergey Lavrov' once in full, four times by surname (one in a subheading): five mentions."""
        (lavrov,) = [e for e in published["MINISTER"].entities if e.name == "Sergey Lavrov"]
        assert (lavrov.type, lavrov.count) == ("PERSON", 5)


class TestSubheadings:
    @pytest.mark.parametrize("sample", ["MINISTER", "COUNCIL", "LAB"])
    def test_subheadings_yield_no_entities_of_their_own(self, published: dict[str, Article], sample: str) -> None:
        names = {e.name for e in published[sample].entities}
        assert not names & set(news_samples.JUNK)
