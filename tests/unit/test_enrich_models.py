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
