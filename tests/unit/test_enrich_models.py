"""Model loading and language support at the enrichment ports."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from newswire.contracts import Entity, Mention
from newswire.errors import ConfigurationError
from newswire.pipeline.enrich.entities import SpacyEntityExtractor
from newswire.pipeline.enrich.topic_model import LinearTopicClassifier
from newswire.pipeline.process import Pipeline
from tests.conftest import FakeTopics


class FakeExtractor:
    name = "fake-ner"
    languages = frozenset({"en"})

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def extract(self, docs: Sequence[tuple[str, str]]) -> list[list[Entity]]:
        self.seen += docs
        one = Entity(
            name="X",
            type="ORG",
            mentions=[Mention(field="body", start=0, end=1)],
            count=1,
            salience=1.0,
        )
        return [[one] for _ in docs]


def _raw(body: str) -> bytes:
    return json.dumps(
        {
            "url": "https://news.example.org/a",
            "content_type": "text/plain",
            "title": "T",
            "body": body,
            "fetched_at": "2024-05-01T10:00:00+00:00",
        }
    ).encode()


class TestStartUp:
    def test_missing_spacy_model_is_a_configuration_error(self, tmp_path: Path) -> None:
        """A model path that does not exist fails at construction, naming the model."""
        with pytest.raises(ConfigurationError, match="cannot load spaCy model"):
            SpacyEntityExtractor(str(tmp_path / "no-such-model"))

    def test_missing_topic_model_is_a_configuration_error(self, tmp_path: Path) -> None:
        """An empty model directory fails at load, not on the first article."""
        with pytest.raises(ConfigurationError, match="cannot load topic model"):
            LinearTopicClassifier.load(tmp_path)


class TestLanguages:
    def test_unsupported_language_gets_neither_entities_nor_topics(self) -> None:
        """A German article is not sent to English models and is flagged."""
        extractor = FakeExtractor()
        german = (
            "Die Bundesregierung hat am Mittwoch in Berlin neue Regeln für die Wirtschaft beschlossen. "
            "Der Minister sagte, die Maßnahmen würden den Unternehmen helfen und die Preise senken."
        )
        (outcome,) = Pipeline(extractor, FakeTopics()).process([_raw(german)])
        assert outcome.article is not None
        assert outcome.article.language == "de"
        assert outcome.unsupported_language
        assert outcome.article.entities == []
        assert outcome.article.topics == []
        assert extractor.seen == []

    def test_supported_language_gets_entities(self) -> None:
        """An English article goes through the recognizer."""
        english = (
            "The government said on Wednesday that new rules for companies would take effect next year, "
            "and the minister told reporters that prices should fall as a result."
        )
        (outcome,) = Pipeline(FakeExtractor(), FakeTopics()).process([_raw(english)])
        assert outcome.article is not None
        assert not outcome.unsupported_language
        assert [e.name for e in outcome.article.entities] == ["X"]


class TestTopicBackOff:
    def _confident_politics_model(self) -> LinearTopicClassifier:
        """A toy model that always says politics with 99% confidence."""
        import numpy as np

        from newswire.pipeline.enrich.topic_model import N_FEATURES, Head, Vectorizer

        width = N_FEATURES + 2
        vectorizer = Vectorizer(np.ones(N_FEATURES, dtype=np.float32), ["unused"], np.zeros((1, 2), dtype=np.float32))
        full = Head(
            ["medtop:11000000", "medtop:04000000"], np.zeros((2, width), dtype=np.float32), np.array([5.0, 0.0])
        )
        core = Head(["medtop:04000000"], np.zeros((1, width), dtype=np.float32), np.array([0.0]))
        return LinearTopicClassifier(vectorizer, full, core, "toy-1")

    def test_overwhelming_evidence_for_an_untrained_topic_ranks_first(self) -> None:
        """A storm story is weather first, however sure the model is of a topic it was trained on."""
        title = "Storm brings heavy rain, snow and wind warnings"
        body = "Forecasters expect the storm to bring rain and snow, strong wind and falling temperatures."
        [topics] = self._confident_politics_model().classify([(title, body)])
        assert topics[0].code == "medtop:17000000"

    def test_weak_evidence_leaves_the_model_first(self) -> None:
        """A passing mention of rain does not displace the model's topic."""
        [topics] = self._confident_politics_model().classify([("Ministers meet", "Talks went on despite the rain.")])
        assert topics[0].code == "medtop:11000000"


class TestTopicEmbeddingHeads:
    POLITICS, BUSINESS, SPORT = "medtop:11000000", "medtop:04000000", "medtop:15000000"

    def _model(self, mix: float = 0.5) -> LinearTopicClassifier:
        """Word heads with no opinion; embedding heads that read 'rates' as business and 'goal' as sport."""
        import numpy as np
        from tokenizers import Tokenizer
        from tokenizers.models import WordLevel
        from tokenizers.pre_tokenizers import Whitespace

        from newswire.pipeline.enrich.topic_model import (
            N_FEATURES,
            EmbeddingHeads,
            Head,
            TokenEmbedder,
            Vectorizer,
        )

        tokenizer = Tokenizer(WordLevel({"[UNK]": 0, "rates": 1, "goal": 2}, unk_token="[UNK]"))
        tokenizer.pre_tokenizer = Whitespace()
        embedder = TokenEmbedder(tokenizer.to_str(), np.array([[0, 0], [1, 0], [0, 1]], dtype=np.float16))
        width = N_FEATURES + 2
        vectorizer = Vectorizer(np.ones(N_FEATURES, dtype=np.float32), ["unused"], np.zeros((1, 2), dtype=np.float32))
        classes, core_classes = [self.POLITICS, self.BUSINESS, self.SPORT], [self.BUSINESS, self.SPORT]
        full = Head(classes, np.zeros((3, width), dtype=np.float32), np.array([0.1, 0.0, 0.0], dtype=np.float32))
        core = Head(core_classes, np.zeros((2, width), dtype=np.float32), np.zeros(2, dtype=np.float32))
        emb_full = Head(classes, np.array([[0, 0], [9, 0], [0, 9]], dtype=np.float32), np.zeros(3, dtype=np.float32))
        emb_core = Head(core_classes, np.array([[9, 0], [0, 9]], dtype=np.float32), np.zeros(2, dtype=np.float32))
        embedding = EmbeddingHeads(embedder, emb_full, emb_core, mix)
        return LinearTopicClassifier(vectorizer, full, core, "toy-1", embedding=embedding)

    def test_embedding_heads_decide_when_the_word_heads_have_no_opinion(self) -> None:
        model = self._model()
        [rates], [goal] = model.classify([("Bank moves", "rates rates")]), model.classify([("Late", "goal")])
        assert rates[0].code == self.BUSINESS
        assert goal[0].code == self.SPORT

    def test_an_article_without_known_tokens_gets_the_word_heads_alone(self) -> None:
        scores = self._model().scores("Nothing", "known here")
        assert max(scores, key=scores.__getitem__) == self.POLITICS

    def test_save_and_load_keep_the_embedding_heads(self, tmp_path: Path) -> None:
        from newswire.train.topics import save

        model = self._model()
        save(model, tmp_path, {"toy": 1})
        loaded = LinearTopicClassifier.load(tmp_path)
        for doc in (("Bank moves", "rates"), ("Late", "goal"), ("Nothing", "known")):
            assert loaded.scores(*doc) == pytest.approx(model.scores(*doc), abs=1e-3)

    def test_a_model_without_token_embeddings_is_a_configuration_error(self, tmp_path: Path) -> None:
        from newswire.train.topics import save

        save(self._model(), tmp_path, {"toy": 1})
        (tmp_path / "token_vectors.npy").unlink()
        with pytest.raises(ConfigurationError, match="cannot load topic model"):
            LinearTopicClassifier.load(tmp_path)

    def test_embedding_heads_must_share_the_word_heads_classes(self) -> None:
        from newswire.pipeline.enrich.topic_model import EmbeddingHeads

        model = self._model()
        assert model._embedding is not None
        bad = EmbeddingHeads(model._embedding.embedder, model._core, model._embedding.core, 0.5)
        with pytest.raises(ValueError, match="classes differ"):
            LinearTopicClassifier(model._vectorizer, model._full, model._core, "toy-1", embedding=bad)
