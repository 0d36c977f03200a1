"""Boilerplate learned from the stream: recurring paragraphs of one source are removed."""

from __future__ import annotations

from newswire.pipeline import Pipeline
from newswire.pipeline.learned import LearnedBoilerplate, paragraph_key
from tests.conftest import FakeEntities, FakeTopics, raw

PROMO = "The Harbour Gazette is an independent newsroom serving the coast since 1911."


def _story(i: int, source: str = "gazette.example") -> bytes:
    body = f"Story {i}: the council met on day {i} and voted on budget item number {i}.\n\n{PROMO}"
    return raw(url=f"https://{source}/news/{i}", body=body, title=f"Council story {i}")


def _pipeline(table: LearnedBoilerplate) -> Pipeline:
    return Pipeline(FakeEntities(), FakeTopics(), boilerplate=table)


class TestLearnedBoilerplate:
    def test_a_paragraph_recurring_across_articles_is_removed(self) -> None:
        """After five articles of one source carry it, the paragraph is stripped from the next."""
        pipeline = _pipeline(LearnedBoilerplate(min_articles=5))
        early = pipeline.process([_story(i) for i in range(5)])
        assert all(PROMO in o.article.body for o in early if o.article)
        [later] = pipeline.process([_story(99)])
        assert later.article is not None
        assert PROMO not in later.article.body
        assert "budget item number 99" in later.article.body
        assert any("learned boilerplate" in w for w in later.article.warnings)

    def test_other_sources_are_not_affected(self) -> None:
        """What one source repeats is not boilerplate for another."""
        pipeline = _pipeline(LearnedBoilerplate(min_articles=3))
        pipeline.process([_story(i) for i in range(5)])
        [other] = pipeline.process([_story(7, source="other.example")])
        assert other.article is not None and PROMO in other.article.body

    def test_redelivered_articles_do_not_inflate_the_count(self) -> None:
        """The same article seen five times counts once."""
        pipeline = _pipeline(LearnedBoilerplate(min_articles=3))
        for _ in range(5):
            pipeline.process([_story(1)])
        [next_one] = pipeline.process([_story(2)])
        assert next_one.article is not None and PROMO in next_one.article.body

    def test_state_moves_to_another_replica(self) -> None:
        """Entries drained by one replica and applied by another give the same decisions."""
        first = LearnedBoilerplate(min_articles=5)
        _pipeline(first).process([_story(i) for i in range(5)])
        second = LearnedBoilerplate(min_articles=5)
        for key, value in first.pending():
            second.apply(key, value)
        [after] = _pipeline(second).process([_story(50)])
        assert after.article is not None and PROMO not in after.article.body

    def test_never_empties_a_body(self) -> None:
        """An article made only of known boilerplate keeps its text."""
        pipeline = _pipeline(LearnedBoilerplate(min_articles=2))
        pipeline.process([raw(url=f"https://g.example/{i}", body=PROMO) for i in range(3)])
        [only] = pipeline.process([raw(url="https://g.example/x", body=PROMO)])
        assert only.article is not None and only.article.body == PROMO

    def test_memory_is_bounded(self) -> None:
        """The table never holds more than its maximum number of paragraphs."""
        table = LearnedBoilerplate(min_articles=2, max_entries=10)
        _pipeline(table).process([raw(url=f"https://g.example/{i}", body=f"Unique paragraph {i}.") for i in range(30)])
        assert len(table) <= 10

    def test_known_boilerplate_is_rewritten_before_retention_expires_it(self) -> None:
        """A paragraph that stays boilerplate is shared again once a day of stream time has passed."""
        table = LearnedBoilerplate(min_articles=2)
        pipeline = _pipeline(table)
        pipeline.process([_story(i) for i in range(3)])
        table.written()
        pipeline.process(
            [
                raw(
                    url="https://gazette.example/news/late",
                    fetched_at="2024-01-18T11:00:00Z",
                    body=f"Same day.\n\n{PROMO}",
                )
            ]
        )
        promo = paragraph_key("gazette.example", PROMO)
        assert promo not in dict(table.pending())
        pipeline.process(
            [
                raw(
                    url="https://gazette.example/news/later",
                    fetched_at="2024-01-20T11:00:00Z",
                    body=f"Two days on.\n\n{PROMO}",
                )
            ]
        )
        assert promo in dict(table.pending())
