"""First-topic accuracy, IPTC-mapped, on BBC News and AG News by k-fold cross-validation.

Each fold trains the model (word vectors included) on HuffPost, CoNLL-2003 text and the other folds
of BBC and AG, and scores the held-out fold; the keyword lexicon is scored on the same articles as a baseline.
The sentence encoder is frozen, so each article is encoded once for all folds (most of the run time).
    python -m newswire.eval.topics /work/shared/data
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import zlib
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newswire.commands import suite
from newswire.pipeline.enrich.topics import LexiconTopicClassifier
from newswire.train.topic_data import ALSO_RIGHT, Sample, load_conll_text
from newswire.train.topics import ENCODER_JAR, fit, jar_encoder, load_all


class _Memo:
    """An encoder that encodes each (title, body) once: the folds share most of their training text."""

    def __init__(self, encoder: Any) -> None:
        self._encoder = encoder
        self._seen: dict[tuple[str, str], Any] = {}

    def encode(self, docs: Sequence[tuple[str, str]]) -> Any:
        import numpy as np

        new = list(dict.fromkeys(d for d in docs if d not in self._seen))
        self._seen.update(zip(new, self._encoder.encode(new), strict=True))
        return np.stack([self._seen[d] for d in docs]) if docs else self._encoder.encode([])


def _fold(sample: Sample, folds: int) -> int:
    return zlib.crc32(f"{sample.title}|{sample.body[:200]}".encode()) % folds


def _report(name: str, samples: list[Sample], predicted: list[str]) -> float:
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for sample, guess in zip(samples, predicted, strict=True):
        per[sample.source_label][0] += guess == sample.code or guess in ALSO_RIGHT.get(sample.source_label, ())
        per[sample.source_label][1] += 1
    overall = sum(r for r, _ in per.values()) / max(1, len(samples))
    detail = "  ".join(f"{label} {r / n:.3f}" for label, (r, n) in sorted(per.items()))
    print(f"  {name:<9} overall {overall:.4f}  ({detail})")
    return overall


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("data", type=Path, help="folder holding bbc-news, ag-news and news-category")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--encoder-jar", type=Path, default=ENCODER_JAR, help="the second opinion's encoder")


def main(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory() as workdir:
        return _run(args, _Memo(jar_encoder(args.encoder_jar, Path(workdir))))


def _run(args: argparse.Namespace, encoder: _Memo) -> int:
    sets = load_all(args.data)
    extra = load_conll_text(args.data / "conll2003" / "eng.train")
    scored = {"bbc": sets["bbc"], "ag": sets["ag"]}
    predicted: dict[str, list[str]] = {name: [""] * len(group) for name, group in scored.items()}
    for fold in range(args.folds):
        train = list(sets["huffpost"])
        held: list[tuple[str, int]] = []
        for name, group in scored.items():
            for index, sample in enumerate(group):
                if _fold(sample, args.folds) == fold:
                    held.append((name, index))
                else:
                    train.append(sample)
        classifier = fit(train, extra, encoder=encoder)
        print(f"fold {fold + 1}/{args.folds} trained", file=sys.stderr, flush=True)
        ranked = classifier.classify([(scored[n][i].title, scored[n][i].body) for n, i in held])
        for (name, index), topics in zip(held, ranked, strict=True):
            predicted[name][index] = topics[0].code if topics else ""
    lexicon = LexiconTopicClassifier()
    for name, group in scored.items():
        print(f"{name} ({len(group)} articles, {args.folds}-fold cross-validation)")
        _report("newswire", group, predicted[name])
        baseline = [(t[0].code if t else "") for t in lexicon.classify([(s.title, s.body) for s in group])]
        _report("lexicon", group, baseline)
    return 0


if __name__ == "__main__":
    sys.exit(suite.run("newswire eval topics", __doc__, add_arguments, main))
