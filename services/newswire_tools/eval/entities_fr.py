"""Entity precision, recall and F1 on French articles, through the product and model by model.

`product` sends each document through the service's whole pipeline with its defaults, as
`newswire eval entities` does: the detected language routes it to the French recognizer
(NEWSWIRE_OTHER_ENTITY_MODELS). Beside it: the French pipeline alone, run with all its components on
the whole documents (`fr-docs`) and a line at a time (`fr-sents`), and the English recognizer the
service ships on the same French text (`en-docs`), which is what French articles would get without a
model of their own. Exact span and type, four CoNLL types; the product's time includes loading the
French model, on its first article.
    newswire eval entities-fr         # the hand-annotated French stories in newswire/datasets
    newswire eval entities-fr FILE    # another file: CoNLL columns, or [TYPE text] marks if .txt
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from newswire import models, suite
from newswire_tools.datasets import bracketed, conll
from newswire_tools.eval.entities import _row, product_spans, score, spacy_spans

FRENCH = "fr_core_news_sm"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, nargs="?", default=bracketed.FRENCH_HANDMADE, help="annotated French")
    parser.add_argument("--french", default=FRENCH, help="the French pipeline scored alone")


def main(args: argparse.Namespace) -> int:
    reader = bracketed.read_documents if args.file.suffix == ".txt" else conll.read_documents
    docs = list(reader(args.file))
    texts, gold = zip(*((text, set(spans)) for text, spans in map(conll.join, docs)), strict=True)
    print(f"{args.file.name}: {len(docs)} documents, {sum(len(g) for g in gold)} entities, exact span+type")
    started = time.perf_counter()
    outcomes = product_spans("", args.file.stem)(texts)  # the defaults: NEWSWIRE_SPACY_MODEL unset
    seconds = time.perf_counter() - started
    print(_row("product", score(list(gold), [o.spans for o in outcomes]), f"{len(docs) / seconds:.1f} documents/s"))
    lost = Counter(o.dead_letter for o in outcomes if o.dead_letter)
    print(f"  {'':<12} dead letters {dict(lost) or 0}")
    sentences = [s for d in docs for s in d]
    runs = (
        ("fr-docs", spacy_spans(args.french), texts, list(gold)),
        ("fr-sents", spacy_spans(args.french), [s.text for s in sentences], [set(s.spans) for s in sentences]),
        ("en-docs", spacy_spans(str(models.NER_DIR)), texts, list(gold)),
    )
    for name, run, inputs, want in runs:
        started = time.perf_counter()
        predicted = run(inputs)
        print(_row(name, score(want, predicted), f"{len(docs) / (time.perf_counter() - started):.1f} documents/s"))
    return 0


if __name__ == "__main__":
    sys.exit(suite.run("newswire eval entities-fr", __doc__, add_arguments, main))
