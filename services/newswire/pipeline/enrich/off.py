"""Enrichment switched off: articles come out clean, without entities or topics, and no model is loaded."""

from __future__ import annotations

from collections.abc import Sequence

from newswire.contracts import Entity, Topic


class NoEntities:
    """An entity extractor that reads no language, so the pipeline never calls it."""

    name = "off"
    languages: frozenset[str] = frozenset()

    def extract(self, docs: Sequence[tuple[str, str]]) -> list[list[Entity]]:
        return [[] for _ in docs]


class NoMediaTopics:
    """A topic classifier that reads no language, so the pipeline never calls it."""

    name = "off"
    languages: frozenset[str] = frozenset()

    def classify(self, docs: Sequence[tuple[str, str]]) -> list[list[Topic]]:
        return [[] for _ in docs]
