"""An entity extractor loaded on its first article: a language seldom seen costs no memory until it comes."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from newswire.contracts import Entity
from newswire.pipeline.enrich.ports import EntityExtractor


class LazyExtractor:
    """Known by name and languages from the start; `load` runs once, when the first article comes.

    A load that fails is retried on the next article: its records are dead-lettered meanwhile, never lost."""

    def __init__(self, name: str, languages: frozenset[str], load: Callable[[], EntityExtractor]) -> None:
        self.name = name
        self.languages = languages
        self._load = load
        self.loaded: EntityExtractor | None = None

    def extract(self, docs: Sequence[tuple[str, str]]) -> list[list[Entity]]:
        if self.loaded is None:
            self.loaded = self._load()
        return self.loaded.extract(docs)
