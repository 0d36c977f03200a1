"""Enrichment as a chain of stages: each reads a batch of drafts and adds to them, in the order
bootstrap.py lists them. A new enrichment is one module with a stage that writes its field into each
draft's `enriched`, one line in that list, its field in the article contract and, if it has one, its
NEWSWIRE_ENRICH_* switch in config.py (docs/development.md, Recipes)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from newswire.pipeline.draft import Draft
from newswire.pipeline.enrich import coverage
from newswire.pipeline.enrich.ports import EntityExtractor, MediaTopicClassifier
from newswire.pipeline.enrich.tags import build_tags


class Enrichment(Protocol):
    """One stage: reads the drafts of a batch and adds to them."""

    @property
    def models(self) -> Mapping[str, str]:
        """The models it names in each article's producer (`ner`, `topics`, `ner_fr` for a language's own)."""
        ...

    @property
    def languages(self) -> frozenset[str]:
        """The languages it enriches; an article in none of any stage's is counted as unsupported."""
        ...

    def enrich(self, drafts: Sequence[Draft]) -> None: ...

    def note(self, draft: Draft) -> str | None:
        """Say in the finished draft what read it; the enrichment's name when it had to skip it."""
        ...


class Entities:
    """Named entities, each article read by the first recognizer that names its language."""

    def __init__(self, recognizers: Sequence[EntityExtractor]) -> None:
        self._by_language: dict[str, EntityExtractor] = {}
        for recognizer in recognizers:
            for language in sorted(recognizer.languages):
                self._by_language.setdefault(language, recognizer)
        first, *others = recognizers
        self.models = {"ner": first.name} | {f"ner_{lang}": r.name for r in others for lang in sorted(r.languages)}
        self.languages = frozenset(self._by_language)

    def enrich(self, drafts: Sequence[Draft]) -> None:
        for recognizer in dict.fromkeys(self._by_language.values()):
            supported = [d for d in drafts if d.language and self._by_language.get(d.language) is recognizer]
            if supported:  # a recognizer loaded on its first article stays unloaded until one comes
                found = recognizer.extract([(d.title, d.body) for d in supported])
                for draft, entities in zip(supported, found, strict=True):
                    draft.entities = entities

    def note(self, draft: Draft) -> str | None:
        recognizer = self._by_language.get(draft.language) if draft.language else None
        name = recognizer.name if recognizer else None
        skipped = coverage.note(draft, "entities", "entity", name, enabled=bool(self.languages))
        return "entities" if skipped else None


class MediaTopics:
    """IPTC Media Topics, for the languages the classifier reads."""

    def __init__(self, classifier: MediaTopicClassifier) -> None:
        self._classifier = classifier
        self.models = {"topics": classifier.name}
        self.languages = classifier.languages

    def enrich(self, drafts: Sequence[Draft]) -> None:
        readable = [d for d in drafts if d.language in self.languages]
        found = self._classifier.classify([(d.title, d.body) for d in readable])
        for draft, media_topics in zip(readable, found, strict=True):
            draft.topics = media_topics

    def note(self, draft: Draft) -> str | None:
        name = self._classifier.name if draft.language in self.languages else None
        skipped = coverage.note(draft, "topics", "topic", name, enabled=bool(self.languages))
        return "topics" if skipped else None


class Tags:
    """The site's tags, section, leading topics and salient entities as one list: after the stages it reads."""

    models: Mapping[str, str] = {}
    languages: frozenset[str] = frozenset()

    def enrich(self, drafts: Sequence[Draft]) -> None:
        for draft in drafts:
            build_tags(draft)

    def note(self, draft: Draft) -> str | None:
        return None


def enrichments(
    entities: EntityExtractor | Sequence[EntityExtractor], media_topics: MediaTopicClassifier
) -> list[Enrichment]:
    """The service's chain: entities (one recognizer or several), media topics, then tags, which read both."""
    recognizers = list(entities) if isinstance(entities, Sequence) else [entities]
    return [Entities(recognizers), MediaTopics(media_topics), Tags()]
