"""Enrichment can be switched off: clean articles come out with no model loaded."""

from __future__ import annotations

import pytest

from newswire.bootstrap import build_pipeline
from newswire.config import Settings
from newswire.observability.metrics import Metrics
from tests.conftest import raw


class TestEnrichmentOff:
    def test_both_off_gives_clean_articles_without_loading_models(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """With entities and topics off the article is normalized, unenriched, not flagged, and no model loads."""
        monkeypatch.setenv("NEWSWIRE_ENRICH_ENTITIES", "false")
        monkeypatch.setenv("NEWSWIRE_ENRICH_TOPICS", "false")
        monkeypatch.setenv("NEWSWIRE_SPACY_MODEL", "no-such-model")  # would fail to load if it were tried
        metrics = Metrics()
        [outcome] = build_pipeline(Settings(), metrics).process([raw()])
        assert outcome.article is not None
        assert outcome.article.title == "Ministers meet in Geneva"
        assert outcome.article.entities == [] and outcome.article.topics == []
        assert not outcome.unsupported_language
        assert outcome.article.producer.models == {"ner": "off", "topics": "off"}

    def test_topics_alone(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Entities off, topics on: topics are still given."""
        monkeypatch.setenv("NEWSWIRE_ENRICH_ENTITIES", "false")
        [outcome] = build_pipeline(Settings(), Metrics()).process([raw()])
        assert outcome.article is not None
        assert outcome.article.entities == []
        assert outcome.article.topics and outcome.article.topics[0].code == "medtop:11000000"
