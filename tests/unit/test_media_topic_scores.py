"""The keyword lexicon counts each word once per topic, and no topic below the score floor is listed."""

from __future__ import annotations

import pytest

from newswire.pipeline import Pipeline
from newswire.pipeline.enrich.chain import enrichments
from newswire.pipeline.enrich.media_topics import LexiconMediaTopicClassifier
from newswire.pipeline.enrich.media_topics.iptc import MIN_SCORE, listed
from tests.conftest import raw
from tests.unit.fakes import FakeLanguages

POLITICS, LABOUR, ARTS, TECH, SPORT, CONFLICT = (
    "medtop:11000000",
    "medtop:09000000",
    "medtop:01000000",
    "medtop:13000000",
    "medtop:15000000",
    "medtop:16000000",
)


class TestLexiconCounts:
    @pytest.mark.parametrize(
        ("text", "counts"),
        [
            ("war", {CONFLICT: 1.0}),
            ("war war", {CONFLICT: 2.0}),
            ("film", {ARTS: 1.0}),
            ("films", {ARTS: 1.0}),
            ("party", {POLITICS: 1.0}),
            ("game", {TECH: 1.0, SPORT: 1.0}),
            ("labour party", {POLITICS: 1.0}),
            ("labour", {LABOUR: 1.0}),
            ("labour market", {LABOUR: 1.0, "medtop:04000000": 1.0}),
            ("warm aid", {}),
        ],
    )
    def test_each_word_counts_once_for_each_topic_it_signals(self, text: str, counts: dict[str, float]) -> None:
        """A whole-word stem matches once however short ("war" was counted 11 times); "game" counts for
        both its topics; "labour party" is politics and not also labour."""
        assert LexiconMediaTopicClassifier().hits("", text) == counts

    def test_title_words_count_triple(self) -> None:
        assert LexiconMediaTopicClassifier().hits("War", "war") == {CONFLICT: 4.0}


class TestScoreFloor:
    def test_listed_keeps_the_order_given_drops_what_is_under_the_floor_and_stops_at_top_n(self) -> None:
        """Both classifiers list through this: ranked order kept, the floor applied, scores rounded."""
        ranked = [(SPORT, 0.61234567), (ARTS, MIN_SCORE / 2), (TECH, MIN_SCORE), (POLITICS, 0.2), (CONFLICT, 0.15)]
        topics = listed(ranked, top_n=3)
        assert [(t.code, t.score) for t in topics] == [(SPORT, 0.6123), (TECH, MIN_SCORE), (POLITICS, 0.2)]
        assert topics[0].label == "sport"

    def test_the_lexicon_lists_no_topic_under_the_floor(self) -> None:
        """Ten politics words and one film: the film's softmax share is far under the floor."""
        body = " ".join(["minister election parliament"] * 4) + " film"
        [topics] = LexiconMediaTopicClassifier().classify([("", body)])
        assert [t.code for t in topics] == [POLITICS]
        assert all(t.score >= MIN_SCORE for t in topics)

    def test_the_trained_model_lists_no_topic_under_the_floor(self) -> None:
        """A model sure of politics lists politics alone, not its 0.0 runners-up."""
        import numpy as np

        from newswire.pipeline.enrich.media_topics.model import LinearMediaTopicClassifier
        from newswire.pipeline.enrich.media_topics.model.features import N_FEATURES, Vectorizer
        from newswire.pipeline.enrich.media_topics.model.heads import Head

        width = N_FEATURES + 2
        vectorizer = Vectorizer(np.ones(N_FEATURES, dtype=np.float32), ["unused"], np.zeros((1, 2), dtype=np.float32))
        classes = [POLITICS, TECH, SPORT]
        full = Head(classes, np.zeros((3, width), dtype=np.float32), np.array([9.0, 0.5, 0.0], dtype=np.float32))
        core = Head([TECH, SPORT], np.zeros((2, width), dtype=np.float32), np.zeros(2, dtype=np.float32))
        [topics] = LinearMediaTopicClassifier(vectorizer, full, core, "toy-1").classify(
            [("Talks", "The talks went on.")]
        )
        assert [t.code for t in topics] == [POLITICS]

    def test_tags_come_only_from_listed_topics(self) -> None:
        """A diplomacy story with one passing technology word: neither a listed topic nor a tag."""
        from tests.unit.test_enrich_models import FakeExtractor

        body = "Ministers met for talks on the election. The president and the parliament agreed on a vote online."
        (outcome,) = Pipeline(enrichments(FakeExtractor(), LexiconMediaTopicClassifier()), FakeLanguages()).process(
            [raw(body=body)]
        )
        assert outcome.article is not None
        assert [t.code for t in outcome.article.topics] == [POLITICS]
        assert "politics" in outcome.article.tags
        assert "science and technology" not in outcome.article.tags
