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
