"""The second opinion on articles the first pass is unsure of: a sentence encoder's heads and the vote of
the labelled news articles nearest to it."""

from __future__ import annotations

from typing import Any, NamedTuple

from newswire.pipeline.enrich.media_topics.model.heads import Head

#: The second opinion: asked when the first pass's top probability is below UNSURE (the default of
#: the classifier's `unsure`); its encoder heads weigh ENCODER_SHARE against the first pass, and the
#: vote of the NEIGHBOURS most similar labelled news articles (softmax of cosine similarity over
#: TEMPERATURE) weighs MEMORY_SHARE against the core head in splitting the core topics' share. The
#: vote never moves mass between core topics and the others: the articles it comes from only know the
#: core topics.
UNSURE, ENCODER_SHARE, MEMORY_SHARE = 0.8, 0.5, 0.5
NEIGHBOURS, TEMPERATURE = 10, 0.03


class SecondOpinion(NamedTuple):
    """A sentence encoder's twins of the full and core heads, and labelled articles to vote."""

    encoder: Any  # SentenceEncoder or a fake: encode([(title, body)]) -> (n x dim) unit rows
    full: Head
    core: Head
    memory: Any  # (articles x dim) float32 unit rows of labelled news articles
    labels: Any  # (articles,) int64: each memory row's index into the core head's classes

    def votes(self, vector: Any) -> Any:
        """The NEIGHBOURS nearest articles' labels over the core classes, weighted by a softmax of
        their similarity; None for a zero vector, which has no neighbours."""
        import numpy as np

        if not np.any(vector):
            return None
        sims = self.memory @ vector
        k = min(NEIGHBOURS, len(sims))
        near = np.argpartition(-sims, k - 1)[:k]
        weights = np.exp((sims[near] - sims[near].max()) / TEMPERATURE)
        votes = np.bincount(self.labels[near], weights=weights, minlength=len(self.core.classes))
        return votes / votes.sum()


def check(second: SecondOpinion) -> None:
    """Shapes that would otherwise fail on the first unsure article, not at start-up."""
    memory, labels = second.memory, second.labels
    if memory.ndim != 2 or not len(memory) or len(memory) != len(labels):
        raise ValueError("the second opinion needs one label per memory row, and at least one row")
    if labels.min() < 0 or labels.max() >= len(second.core.classes):
        raise ValueError("memory labels must index the core head's classes")
    if second.full.coef.shape[1] != memory.shape[1] or second.core.coef.shape[1] != memory.shape[1]:
        raise ValueError("encoder heads and memory differ in width")
