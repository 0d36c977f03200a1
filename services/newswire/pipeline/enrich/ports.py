"""The ports enrichment models plug into; fakes in tests implement the same methods."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from newswire.contracts import Entity, Topic


class EntityExtractor(Protocol):
    """Finds the entities of a batch of (title, body) pairs; one list per article, in order."""

    name: str
    languages: frozenset[str]

    def extract(self, docs: Sequence[tuple[str, str]]) -> list[list[Entity]]: ...


class MediaTopicClassifier(Protocol):
    """Ranks IPTC Media Topics for a batch of (title, body) pairs, best first."""

    name: str
    languages: frozenset[str]

    def classify(self, docs: Sequence[tuple[str, str]]) -> list[list[Topic]]: ...
