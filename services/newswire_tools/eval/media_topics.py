"""First IPTC topic right on BBC News and AG News, measured on what the service publishes.

Each article goes through the whole pipeline (`Pipeline.process`, as `newswire run` builds it with
the default entity recognizer) as a text/plain raw article, and its first published topic is
scored; a dead-lettered article counts as wrong. The topic model is held out by k-fold
cross-validation: each fold's model is trained (word vectors included) on HuffPost, CoNLL-2003
text and the other folds of BBC and AG, saved in the shipped format, loaded as the service loads
it, and scores only its held-out fold. Beside it: the same fold models alone on (title, body), the
keyword lexicon alone, and the shipped model through the product, which trained on every one of
these articles (in-sample, so not a measure of quality on unseen news).
    python -m newswire_tools.eval.media_topics /work/shared/data
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

from newswire import suite
from newswire.config import Settings
from newswire.pipeline.enrich.media_topics import LexiconMediaTopicClassifier
from newswire_tools.datasets import conll
from newswire_tools.datasets.media_topics import ALSO_RIGHT, FETCHED_AT, Sample, load_all
from newswire_tools.eval import product
from newswire_tools.train.media_topics import fetched_encoder, fit, save

BATCH = 64
SCORED = ("bbc", "ag")


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


def raw_article(name: str, index: int, sample: Sample) -> bytes:
    """A labelled article as a crawler would publish it: text/plain, its title, its text."""
    url = f"https://news.example.org/{name}/{index}"
    return product.raw_article(url, sample.body, FETCHED_AT, title=sample.title, source=name)


def published_first_media_topics(settings: Settings, values: Sequence[bytes]) -> list[str | None]:
    """Each value's first published topic ("" for none) through the service's pipeline; None for a
    dead letter."""
    return [
        None if o.article is None else (o.article.topics[0].code if o.article.topics else "")
        for o in product.Product(settings, BATCH).publish(values)
    ]


def _report(name: str, samples: Sequence[Sample], predicted: Sequence[str | None], note: str) -> float:
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for sample, guess in zip(samples, predicted, strict=True):
        per[sample.source_label][0] += guess == sample.code or guess in ALSO_RIGHT.get(sample.source_label, ())
        per[sample.source_label][1] += 1
    overall = sum(r for r, _ in per.values()) / max(1, len(samples))
    detail = "  ".join(f"{label} {r / n:.3f}" for label, (r, n) in sorted(per.items()))
    dead = sum(guess is None for guess in predicted)
    published = f"  published {len(samples) - dead}/{len(samples)}" if name not in {"model", "lexicon"} else ""
    print(f"  {name:<8} {overall:.4f}{published}  ({detail})  {note}", flush=True)
    return overall


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("data", type=Path, help="folder holding bbc-news, ag-news, news-category and conll2003")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5)")
    parser.add_argument("--no-shipped", action="store_true", help="skip the shipped model's in-sample run")


def main(args: argparse.Namespace) -> int:
    from newswire.pipeline.enrich.media_topics.model import LinearMediaTopicClassifier

    sets = load_all(args.data)
    extra = conll.texts(args.data / "conll2003" / "eng.train")
    encoder = _Memo(fetched_encoder())
    values = {name: [raw_article(name, i, s) for i, s in enumerate(sets[name])] for name in SCORED}
    product: dict[str, list[str | None]] = {name: [None] * len(sets[name]) for name in SCORED}
    alone: dict[str, list[str | None]] = {name: [""] * len(sets[name]) for name in SCORED}
    for fold in range(args.folds):
        train = list(sets["huffpost"])
        held: list[tuple[str, int]] = []
        for name in SCORED:
            for index, sample in enumerate(sets[name]):
                if _fold(sample, args.folds) == fold:
                    held.append((name, index))
                else:
                    train.append(sample)
        with tempfile.TemporaryDirectory() as folder:
            save(fit(train, extra, encoder=encoder), Path(folder), {"fold": fold})
            print(f"fold {fold + 1}/{args.folds} trained", file=sys.stderr, flush=True)
            firsts = published_first_media_topics(Settings(topic_model=folder), [values[n][i] for n, i in held])
            model = LinearMediaTopicClassifier.load(Path(folder))
            ranked = model.classify([(sets[n][i].title, sets[n][i].body) for n, i in held])
        for (name, index), first, topics in zip(held, firsts, ranked, strict=True):
            product[name][index] = first
            alone[name][index] = topics[0].code if topics else ""
    shipped = (
        {} if args.no_shipped else {name: published_first_media_topics(Settings(), values[name]) for name in SCORED}
    )
    lexicon = LexiconMediaTopicClassifier()
    for name in SCORED:
        group = sets[name]
        print(f"{name} ({len(group)} articles; first topic right, {args.folds}-fold cross-validation)")
        _report("product", group, product[name], "through the pipeline, as published")
        _report("model", group, alone[name], "alone")
        baseline = [(t[0].code if t else "") for t in lexicon.classify([(s.title, s.body) for s in group])]
        _report("lexicon", group, baseline, "alone")
        if shipped:
            _report("shipped", group, shipped[name], "in-sample: the shipped model trained on these articles")
    return 0


if __name__ == "__main__":
    sys.exit(suite.run("newswire eval topics", __doc__, add_arguments, main))
