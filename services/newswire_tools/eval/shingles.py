"""Body-extraction scoring: 4-token shingles, per-page precision and recall, F1 of the means.

Each page's true/false positive and false negative shingle counts are normalized to sum to 1, so
long pages weigh no more than short ones; precision and recall are averaged over pages and F1 is
taken of those two means.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+", re.UNICODE)
SHINGLE_SIZE = 4


@dataclass(frozen=True)
class Match:
    """Shares of shingles in both texts (tp), only the prediction (fp), only the truth (fn)."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return 0.0 if self.tp == self.fp == 0 else self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return 0.0 if self.tp == self.fn == 0 else self.tp / (self.tp + self.fn)


@dataclass(frozen=True)
class Scores:
    """Mean precision and recall over pages, and their F1."""

    precision: float
    recall: float
    f1: float


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Counts of runs of `size` word tokens; a text shorter than that is one shingle."""
    tokens = _TOKEN.findall(text or "")
    runs = (tuple(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1)))
    return Counter(run for run in runs if run)


def match(truth: str, predicted: str) -> Match:
    """Compare one predicted body with the true one."""
    true, pred = shingles(truth), shingles(predicted)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    return Match(tp / total, fp / total, fn / total) if total else Match(0.0, 0.0, 0.0)


def score(matches: Iterable[Match]) -> Scores:
    """Precision and recall averaged over the pages where each is defined, and their F1."""
    items = list(matches)
    precisions = [m.precision for m in items if m.tp + m.fp > 0]
    recalls = [m.recall for m in items if m.tp + m.fn > 0]
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1)
