"""The trained topic model put together: word heads mixed with their embedding twins, a second opinion
on unsure articles, and the keyword lexicon for the topics it has no training data for."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from newswire.contracts import Topic
from newswire.errors import ConfigurationError
from newswire.pipeline.enrich.media_topics.iptc import TOP_LEVEL, listed
from newswire.pipeline.enrich.media_topics.lexicon import LexiconMediaTopicClassifier
from newswire.pipeline.enrich.media_topics.model import loading, second_opinion
from newswire.pipeline.enrich.media_topics.model.features import Vectorizer
from newswire.pipeline.enrich.media_topics.model.heads import EmbeddingHeads, Head
from newswire.pipeline.enrich.media_topics.model.second_opinion import (
    ENCODER_SHARE,
    MEMORY_SHARE,
    UNSURE,
    SecondOpinion,
)

#: Lexicon evidence (weighted hits, share of all hits) a topic without training data needs to rank
#: first or second. The model never saw such topics, so its confidence says nothing about them;
#: first place takes overwhelming evidence, and puts a storm story under weather instead of politics.
#: Tuned on lexicon-2's counts (each word once): first place is taken on 46 of AG's 3,800 articles
#: (37 of them World stories about conflict, counted right), 1 of BBC's 1,485 and 56 of 16,492
#: HuffPost headlines; lexicon-1's inflated counts with (30, 0.9) took it on 66 (47), 0 and 166.
FIRST, SECOND = (6.0, 0.8), (2.0, 0.45)


def _blend(probs: Any, core: Any, twin: EmbeddingHeads | SecondOpinion, vector: Any, share: float) -> tuple[Any, Any]:
    """Full and core probabilities with `share` of the twin heads' probabilities for `vector` mixed in."""
    full_twin, core_twin = twin.full.dense_probabilities(vector), twin.core.dense_probabilities(vector)
    return (1 - share) * probs + share * full_twin, (1 - share) * core + share * core_twin


class LinearMediaTopicClassifier:
    """The full head's softmax, its core topics re-split by the core head, with a lexicon back-off."""

    languages = frozenset({"en"})  # trained on English news only

    def __init__(
        self,
        vectorizer: Vectorizer,
        full: Head,
        core: Head,
        name: str,
        top_n: int = 3,
        *,
        embedding: EmbeddingHeads | None = None,
        second: SecondOpinion | None = None,
        unsure: float = UNSURE,
        on_second_opinion: Callable[[int], None] | None = None,
    ) -> None:
        """`unsure`: an article whose top probability is below it takes the second opinion (above 1.0,
        every article does)."""
        for twin in (embedding, second):
            if twin and (twin.full.classes != full.classes or twin.core.classes != core.classes):
                raise ValueError("embedding or encoder heads' classes differ from the word heads'")
        if second:
            second_opinion.check(second)
        self.classes = full.classes
        self.name = name
        self._vectorizer, self._full, self._core = vectorizer, full, core
        self._embedding, self._second, self._unsure = embedding, second, unsure
        #: Told how many articles of each batch took the (slower) second opinion; metrics plug in here.
        self._on_second_opinion = on_second_opinion
        self._core_index = [full.classes.index(c) for c in core.classes]
        self._top_n = top_n
        self._lexicon = LexiconMediaTopicClassifier()
        self._backoff = [c for c in TOP_LEVEL if c not in self.classes]

    @classmethod
    def load(
        cls,
        model_dir: Path,
        top_n: int = 3,
        *,
        unsure: float = UNSURE,
        on_second_opinion: Callable[[int], None] | None = None,
    ) -> LinearMediaTopicClassifier:
        """Read a model written by `newswire_tools.train.media_topics`; a missing or broken one is a
        ConfigurationError."""
        try:
            saved = loading.read(model_dir)
            return cls(
                saved.vectorizer,
                saved.full,
                saved.core,
                saved.name,
                top_n,
                embedding=saved.embedding,
                second=saved.second,
                unsure=unsure,
                on_second_opinion=on_second_opinion,
            )
        except (OSError, ValueError, KeyError, ImportError) as exc:
            raise ConfigurationError(f"cannot load topic model from {model_dir}: {exc}") from exc

    def _first(self, title: str, body: str) -> tuple[Any, Any]:
        """The word heads' full and core probabilities, each mixed with its embedding twin."""
        index, values = self._vectorizer(title, body)
        probs, core = self._full.probabilities(index, values), self._core.probabilities(index, values)
        vector = self._embedding.embedder(title, body) if self._embedding else None
        if self._embedding and vector is not None:
            return _blend(probs, core, self._embedding, vector, self._embedding.mix)
        return probs, core

    def _split(self, probs: Any, core: Any) -> Any:
        """The full probabilities with the core topics' mass re-split by the core head."""
        probs = probs.copy()
        probs[self._core_index] = probs[self._core_index].sum() * core
        return probs

    def probabilities(self, docs: Sequence[tuple[str, str]]) -> list[Any]:
        """One probability vector per article over `classes`; unsure ones get the second opinion."""
        first = [self._first(title, body) for title, body in docs]
        results = [self._split(probs, core) for probs, core in first]
        second = self._second
        unsure = [i for i, probs in enumerate(results) if probs.max() < self._unsure] if second else []
        if second is None or not unsure:
            return results
        if self._on_second_opinion:
            self._on_second_opinion(len(unsure))
        for i, vector in zip(unsure, second.encoder.encode([docs[i] for i in unsure]), strict=True):
            probs, core = _blend(*first[i], second, vector, ENCODER_SHARE)
            votes = second.votes(vector)
            if votes is not None:
                core = (1 - MEMORY_SHARE) * core + MEMORY_SHARE * votes
            results[i] = self._split(probs, core)
        return results

    def scores(self, title: str, body: str) -> dict[str, float]:
        """Probability per trained class."""
        [probs] = self.probabilities([(title, body)])
        return dict(zip(self.classes, probs.tolist(), strict=True))

    def classify(self, docs: Sequence[tuple[str, str]]) -> list[list[Topic]]:
        results = []
        for (title, body), probs in zip(docs, self.probabilities(docs), strict=True):
            ranked = sorted(zip(self.classes, probs.tolist(), strict=True), key=lambda kv: -kv[1])
            hits = self._lexicon.hits(title, body)
            total = sum(hits.values()) or 1.0
            for code in self._backoff:
                count = hits.get(code, 0.0)
                for rank, (least, share) in enumerate((FIRST, SECOND)):
                    if count >= least and count / total >= share:
                        ranked.insert(rank, (code, round(count / total, 4)))
                        break
            results.append(listed(ranked, self._top_n))
        return results
