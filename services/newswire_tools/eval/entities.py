"""Entity precision, recall and F1 per type on a CoNLL-2003 file, through the product and model by model.

`product` sends each document through the service's whole pipeline as a raw article and scores the
entities it publishes (see newswire_tools.eval.published); `model-docs` is the same recognizer alone on
the whole documents, `model-sents` on one sentence at a time, `sm-docs` en_core_web_sm's full
pipeline on the documents. A match needs the exact character span and the type; OntoNotes-style
types are mapped to CoNLL's four.
    python -m newswire_tools.eval.entities /work/shared/data/conll2003/eng.testa --part dev

`--part dev` (the first half of the file's documents) is what rules and models are tuned on; `--part
test` (the second half) is kept for the score that predicts unseen documents.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from newswire import suite
from newswire.models import PUBLIC_NER
from newswire_tools.datasets.conll import PARTS, join, part, read_documents
from newswire_tools.eval import published
from newswire_tools.eval.product import Product

TO_CONLL = {
    "PERSON": "PER",
    "PER": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    **dict.fromkeys(["NORP", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "PRODUCT", "MISC"], "MISC"),
}
TYPES = ("PER", "LOC", "ORG", "MISC")
Spans = set[tuple[int, int, str]]


def product_spans(model: str, name: str) -> Callable[[Sequence[str]], list[published.Published]]:
    """The service's whole pipeline (default settings but the entity model) on each text as a raw article."""
    from newswire.config import Settings

    settings = Settings(spacy_model=model)
    service = Product(settings, settings.batch_max_records)

    def run(texts: Sequence[str]) -> list[published.Published]:
        outcomes = service.publish([published.raw_article(i, t, name) for i, t in enumerate(texts)])
        return [
            published.locate(text, o.article, TO_CONLL)
            if o.article
            else published.Published(set(), dead_letter=o.error.code.value if o.error else "unknown")
            for text, o in zip(texts, outcomes, strict=True)
        ]

    return run


def spacy_spans(model: str) -> Callable[[Sequence[str]], list[Spans]]:
    """Raw entities of a spaCy pipeline run with all its components, as shipped."""
    import spacy

    nlp = spacy.load(model)

    def run(texts: Sequence[str]) -> list[Spans]:
        return [
            {(e.start_char, e.end_char, TO_CONLL[e.label_]) for e in doc.ents if e.label_ in TO_CONLL}
            for doc in nlp.pipe(texts, batch_size=32)
        ]

    return run


def score(gold: list[Spans], predicted: list[Spans]) -> dict[str, tuple[float, float, float]]:
    """(precision, recall, F1) per type and for all types together."""
    counts: Counter[tuple[str, str]] = Counter()
    for want, got in zip(gold, predicted, strict=True):
        for kind in (*TYPES, "ALL"):
            w = {s for s in want if kind in ("ALL", s[2])}
            g = {s for s in got if kind in ("ALL", s[2])}
            counts[kind, "tp"] += len(w & g)
            counts[kind, "fp"] += len(g - w)
            counts[kind, "fn"] += len(w - g)
    result = {}
    for kind in (*TYPES, "ALL"):
        tp, fp, fn = counts[kind, "tp"], counts[kind, "fp"], counts[kind, "fn"]
        p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
        result[kind] = (p, r, 2 * p * r / max(1e-9, p + r))
    return result


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("conll_file", type=Path, help="a CoNLL-2003 file, e.g. eng.testa")
    parser.add_argument("--part", choices=PARTS, default="all", help="dev: first half of the documents, test: the rest")
    parser.add_argument("--model", default=None, help="the service's entity model (default: the one it ships with)")
    parser.add_argument("--baseline", default=PUBLIC_NER, help="spaCy pipeline to compare with")
    parser.add_argument("--product-only", action="store_true", help="only the score through the product")


def _row(name: str, result: dict[str, tuple[float, float, float]], rate: str) -> str:
    cells = "  ".join(f"{k} {p:.3f}/{r:.3f}/{f:.3f}" for k, (p, r, f) in result.items())
    return f"  {name:<12} P/R/F1  {cells}  {rate}"


def main(args: argparse.Namespace) -> int:
    from newswire import models
    from newswire.config import Settings

    settings = Settings()
    model = args.model or models.entity_model(settings.models, settings.spacy_model)
    docs = part(list(read_documents(args.conll_file)), args.part)
    texts, gold = zip(*((text, set(spans)) for text, spans in map(join, docs)), strict=True)
    sentences = [s for d in docs for s in d]
    entities = sum(len(g) for g in gold)
    print(f"{args.conll_file.name} ({args.part}): {len(docs)} documents, {len(sentences)} sentences,", end=" ")
    print(f"{entities} entities, exact span+type")
    shown = Path(model).resolve().relative_to(Path.cwd()) if Path(model).resolve().is_relative_to(Path.cwd()) else model
    print(f"  model {shown}; documents sent as text dumps, one line per sentence, the headline first")
    product = product_spans(model, args.conll_file.name)
    started = time.perf_counter()
    outcomes = product(texts)
    seconds = time.perf_counter() - started
    found = [o.spans for o in outcomes]
    print(_row("product", score(list(gold), found), f"{len(docs) / seconds:.1f} documents/s"))
    lost = Counter(o.dead_letter for o in outcomes if o.dead_letter)
    unmapped = sum(o.unmapped_paragraphs for o in outcomes)
    recall = "  ".join(f"{k} {v:.3f}" for k, v in published.recall_by_line(texts, gold, found).items())
    print(f"  {'':<12} recall by line: {recall}; dead letters {dict(lost) or 0},", end=" ")
    print(f"paragraphs not found in the text {unmapped}")
    if args.product_only:
        return 0
    alone = spacy_spans(model)
    runs = (
        ("model-docs", alone, texts, list(gold)),
        ("model-sents", alone, [s.text for s in sentences], [set(s.spans) for s in sentences]),
        ("sm-docs", spacy_spans(args.baseline), texts, list(gold)),
    )
    for name, run, inputs, want in runs:
        started = time.perf_counter()
        predicted = run(inputs)
        seconds = time.perf_counter() - started
        print(_row(name, score(want, predicted), f"{len(docs) / seconds:.1f} documents/s"))
    return 0


if __name__ == "__main__":
    sys.exit(suite.run("newswire eval entities", __doc__, add_arguments, main))
