"""The pure pipeline with hand-written fakes for its models."""

from __future__ import annotations

from newswire.errors import ErrorCode, Stage
from newswire.pipeline import Pipeline
from newswire.pipeline.enrich.chain import enrichments
from tests.conftest import FakeEntities, FakeTopics, raw
from tests.unit.fakes import FakeLanguages


class TestPublishedArticle:
    def test_fields_are_normalized(self) -> None:
        """Title, clean body, UTC dates, canonical URL and a stable id come out of a text article."""
        [outcome] = Pipeline(enrichments(FakeEntities(), FakeTopics()), FakeLanguages()).process([raw()])
        article = outcome.article
        assert article is not None
        assert article.title == "Ministers meet in Geneva"
        assert article.canonical_url == "https://news.example.com/world/story-1"
        assert article.body.split("\n\n") == [
            "Ministers from Norway and Chile met in Geneva on Tuesday.",
            "They agreed to meet again in March.",
        ]
        assert article.fetched_at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
        assert article.language == "en"
        assert article.provenance["title"] == "crawler"

    def test_same_canonical_url_same_id(self) -> None:
        """Tracking parameters and fragments do not change the id."""
        a, b = Pipeline(enrichments(FakeEntities(), FakeTopics()), FakeLanguages()).process(
            [raw(), raw(url="https://NEWS.example.com/world/story-1?utm_medium=y#comments")]
        )
        assert a.article is not None and b.article is not None
        assert a.article.id == b.article.id

    def test_entities_point_at_their_text(self) -> None:
        """Mention offsets index into the named field of the published article."""
        [outcome] = Pipeline(enrichments(FakeEntities({"Geneva": "GPE"}), FakeTopics()), FakeLanguages()).process(
            [raw()]
        )
        article = outcome.article
        assert article is not None
        [geneva] = article.entities
        for mention in geneva.mentions:
            assert getattr(article, mention.field)[mention.start : mention.end] == "Geneva"
        assert article.topics[0].code == "medtop:11000000"
        assert "Geneva" in article.tags

    def test_unsupported_language_is_published_without_entities(self) -> None:
        """A language the model does not cover is published, flagged, never dead-lettered."""
        body = "Die Ministerinnen trafen sich am Dienstag in Genf und vereinbarten ein weiteres Treffen im März."
        [outcome] = Pipeline(
            enrichments(FakeEntities({"Genf": "GPE"}), FakeTopics()), FakeLanguages({"Die": "de"})
        ).process([raw(body=body, title="Treffen")])
        assert outcome.article is not None
        assert outcome.article.language == "de"
        assert outcome.article.entities == []
        assert outcome.article.topics == []
        assert outcome.unsupported_language


class TestFailures:
    def test_empty_body_is_a_dead_letter(self) -> None:
        """Whitespace-only text is rejected at normalize with a fixed code."""
        [outcome] = Pipeline(enrichments(FakeEntities(), FakeTopics()), FakeLanguages()).process([raw(body="  \n\n ")])
        assert outcome.error is not None
        assert (outcome.error.stage, outcome.error.code) == (Stage.NORMALIZE, ErrorCode.EMPTY_BODY)

    def test_one_poisonous_article_does_not_sink_its_batch(self) -> None:
        """A model failure on one article dead-letters that article alone."""
        pipeline = Pipeline(enrichments(FakeEntities(fail_on="POISON"), FakeTopics()), FakeLanguages())
        good, bad, also_good = pipeline.process(
            [raw(), raw(url="https://x.example/2", body="POISON text here."), raw(url="https://x.example/3")]
        )
        assert good.article is not None and also_good.article is not None
        assert bad.error is not None
        assert (bad.error.stage, bad.error.code) == (Stage.ENRICH, ErrorCode.ENRICHMENT_FAILED)

    def test_batch_keeps_order_and_length(self) -> None:
        """One outcome per input, in input order, whatever fails."""
        outcomes = Pipeline(enrichments(FakeEntities(), FakeTopics()), FakeLanguages()).process([b"{", raw(), b"\xff"])
        assert [o.error.code if o.error else "ok" for o in outcomes] == [ErrorCode.NOT_JSON, "ok", ErrorCode.NOT_UTF8]


class TestTiming:
    def test_each_step_of_a_batch_is_timed_once(self) -> None:
        """Validate, normalize, enrich and building the articles: one time each per batch, bad records included."""
        timed: list[tuple[str, float]] = []
        pipeline = Pipeline(
            enrichments(FakeEntities(), FakeTopics()), FakeLanguages(), timer=lambda s, t: timed.append((s, t))
        )
        pipeline.process([raw(), b"{", raw(url="https://news.example.com/world/story-2")])
        assert [step for step, _ in timed] == ["validate", "normalize", "enrich", "article"]
        assert all(seconds >= 0 for _, seconds in timed)
