"""How freshly built models score beside the ones committed in the package (`make models` runs it).

    python -m newswire_tools.train.compare /work/shared/data --built ~/.cache/newswire/models

Entity recognizer: F1 on CoNLL-2003 eng.testa's dev half, sentence by sentence (exact span and type),
which neither model trained on (the test half is left for `newswire eval entities --part test`).
Topic model: first topic right on BBC News and AG News, which both models
trained on, so these are in-sample numbers and mainly say whether the rebuild reproduced the
committed model; how often the two agree is printed beside them. The held-out topic numbers come
from `newswire eval topics`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newswire import suite
from newswire.models import MEDIA_TOPICS_DIR, NER_DIR
from newswire_tools.datasets.media_topics import ALSO_RIGHT, Sample, load_all


def ner_f1(model: Path, dev: Path) -> float:
    import spacy

    from newswire_tools.train.ner import _examples

    nlp = spacy.load(model)
    return float(nlp.evaluate(_examples(nlp, dev, "dev"))["ents_f"])


def media_topic_firsts(model: Path, docs: list[tuple[str, str]]) -> list[str]:
    from newswire.pipeline.enrich.media_topics.model import LinearMediaTopicClassifier

    return [t[0].code if t else "" for t in LinearMediaTopicClassifier.load(model).classify(docs)]


def _right(firsts: list[str], samples: list[Sample]) -> float:
    hits = sum(f == s.code or f in ALSO_RIGHT.get(s.source_label, ()) for f, s in zip(firsts, samples, strict=True))
    return hits / len(samples)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("data", type=Path, help="the labelled data folder (conll2003, bbc-news, ag-news, ...)")
    parser.add_argument("--built", type=Path, required=True, help="folder holding the built ner-conll, topics-linear")


def main(args: argparse.Namespace) -> int:
    dev = args.data / "conll2003" / "eng.testa"
    built, committed = ner_f1(args.built / "ner-conll", dev), ner_f1(NER_DIR, dev)
    change = f"{built - committed:+.4f}"
    print(f"entities, eng.testa dev F1: built {built:.4f}  committed {committed:.4f}  ({change})", flush=True)
    sets = load_all(args.data)
    for name in ("bbc", "ag"):
        samples = sets[name]
        docs = [(s.title, s.body) for s in samples]
        new, old = media_topic_firsts(args.built / "topics-linear", docs), media_topic_firsts(MEDIA_TOPICS_DIR, docs)

        agree = sum(a == b for a, b in zip(new, old, strict=True)) / len(samples)
        print(
            f"topics, {name} first topic right (in-sample): built {_right(new, samples):.4f}"
            f"  committed {_right(old, samples):.4f}; same first topic on {agree:.1%}"
        )
    print("held-out topic numbers: newswire eval topics; ship the built models with make ship-models")
    return 0


if __name__ == "__main__":
    sys.exit(suite.run("python -m newswire_tools.train.compare", __doc__, add_arguments, main))
