"""An entity extractor loaded on its first article: a language seldom seen costs no memory until it comes."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from newswire.contracts import Entity
from newswire.errors import ConfigurationError
from newswire.pipeline.enrich.ports import EntityExtractor

#: After a failed load, articles in its language fail at once for this long before a load is tried
#: again: a batch enriched one article at a time must not pay a load (seconds) per article.
RETRY_AFTER_S = 60.0


class LazyExtractor:
    """Known by name and languages from the start; `load` runs once, when the first article comes.

    A load that fails dead-letters its articles (replayable, never lost), and is tried again at most
    once every RETRY_AFTER_S seconds."""

    def __init__(
        self,
        name: str,
        languages: frozenset[str],
        load: Callable[[], EntityExtractor],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self.languages = languages
        self._load = load
        self._clock = clock
        self._failed: tuple[float, str] | None = None
        self.loaded: EntityExtractor | None = None

    def extract(self, docs: Sequence[tuple[str, str]]) -> list[list[Entity]]:
        if self.loaded is None:
            if self._failed and self._clock() - self._failed[0] < RETRY_AFTER_S:
                raise ConfigurationError(f"{self.name} could not load: {self._failed[1]}")
            try:
                self.loaded = self._load()
            except Exception as exc:
                self._failed = (self._clock(), f"{type(exc).__name__}: {exc}")
                raise
        return self.loaded.extract(docs)
