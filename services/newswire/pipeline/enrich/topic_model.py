"""IPTC top-level topics from a linear bag-of-words model over hashed word and bigram features.

Topics the model was not trained on are reached through the keyword lexicon when its evidence is strong.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

from newswire.contracts import Topic
from newswire.errors import ConfigurationError
from newswire.pipeline.enrich.iptc import TOP_LEVEL
from newswire.pipeline.enrich.topics import LexiconTopicClassifier

N_FEATURES = 1 << 18
MAX_CHARS = 8_000
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
#: Lexicon hits, and share of all hits, a topic without training data needs to rank first or second;
#: it ranks first only when the model's own best guess is below UNSURE.
FIRST, SECOND, UNSURE = (10.0, 0.6), (4.0, 0.45), 0.5


def features(title: str, body: str) -> dict[int, float]:
    """Hashed unigrams and bigrams, title words counted twice, log-scaled and L2-normalized."""
    counts: Counter[int] = Counter()
    for text, weight in ((title, 2), (body[:MAX_CHARS], 1)):
        words = _WORD.findall(text.lower())
        for gram in [*words, *(f"{a} {b}" for a, b in pairwise(words))]:
            counts[zlib.crc32(gram.encode()) & (N_FEATURES - 1)] += weight
    scaled = {i: 1.0 + math.log(c) for i, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in scaled.values())) or 1.0
    return {i: v / norm for i, v in scaled.items()}


class LinearTopicClassifier:
    """Softmax over a saved (classes x features) weight matrix, with a lexicon back-off."""

    languages = frozenset({"en"})  # trained on English news only

    def __init__(self, classes: list[str], coef: Any, bias: Any, name: str, top_n: int = 3) -> None:
        self.classes = classes
        self.name = name
        self._coef, self._bias = coef, bias
        self._top_n = top_n
        self._lexicon = LexiconTopicClassifier()
        self._backoff = [c for c in TOP_LEVEL if c not in self.classes]

    @classmethod
    def load(cls, model_dir: Path, top_n: int = 3) -> LinearTopicClassifier:
        """Read a model written by `newswire.train.topics`; a missing or broken one is a ConfigurationError."""
        import numpy as np

        try:
            meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
            coef, bias = np.load(model_dir / "coef.npy"), np.load(model_dir / "intercept.npy")
            return cls(meta["classes"], coef, bias, f"{meta['name']}-{meta['version']}", top_n)
        except (OSError, ValueError, KeyError) as exc:
            raise ConfigurationError(f"cannot load topic model from {model_dir}: {exc}") from exc

    def scores(self, title: str, body: str) -> dict[str, float]:
        """Probability per trained class."""
        import numpy as np

        feats = features(title, body)
        index = np.fromiter(feats.keys(), dtype=np.int64, count=len(feats))
        values = np.fromiter(feats.values(), dtype=np.float32, count=len(feats))
        logits = self._coef[:, index] @ values + self._bias
        exp = np.exp(logits - logits.max())
        return dict(zip(self.classes, (exp / exp.sum()).tolist(), strict=True))

    def classify(self, docs: Sequence[tuple[str, str]]) -> list[list[Topic]]:
        results = []
        for title, body in docs:
            ranked = sorted(self.scores(title, body).items(), key=lambda kv: -kv[1])
            hits = self._lexicon.hits(title, body)
            total = sum(hits.values()) or 1.0
            for code in self._backoff:
                count = hits.get(code, 0.0)
                for rank, (least, share) in enumerate((FIRST, SECOND)):
                    if (
                        count >= least
                        and count / total >= share
                        and (rank or ranked[0][1] < UNSURE)
                    ):
                        ranked.insert(rank, (code, round(count / total, 4)))
                        break
            results.append(
                [
                    Topic(code=c, label=TOP_LEVEL[c], score=round(s, 4))
                    for c, s in ranked[: self._top_n]
                ]
            )
        return results
