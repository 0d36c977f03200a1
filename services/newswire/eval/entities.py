"""Entity precision, recall and F1 per type on a CoNLL-2003 file, newswire's extractor beside en_core_web_sm.

A match needs the exact character span and the type; OntoNotes-style types are mapped to CoNLL's four.
    python -m newswire.eval.entities /work/shared/data/conll2003/eng.testa
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from newswire.commands import suite
from newswire.eval.conll import join, read_documents
from newswire.train.ner import BASE_MODEL, DEFAULT_OUTPUT

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


def newswire_spans(model: str) -> Callable[[Sequence[str]], list[Spans]]:
    """Body mentions of newswire's consolidated entities, each typed as its entity."""
    from newswire.pipeline.enrich.entities import SpacyEntityExtractor

    extractor = SpacyEntityExtractor(model)

    def run(texts: Sequence[str]) -> list[Spans]:
        found = extractor.extract([("", t) for t in texts])
        return [
            {(m.start, m.end, TO_CONLL[e.type]) for e in ents if e.type in TO_CONLL for m in e.mentions}
            for ents in found
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
    parser.add_argument("--model", default=str(DEFAULT_OUTPUT), help="newswire's NER model (path or package)")
    parser.add_argument("--baseline", default=BASE_MODEL, help="spaCy pipeline to compare with")


def main(args: argparse.Namespace) -> int:
    docs = list(read_documents(args.conll_file))
    texts, gold = zip(*((text, set(spans)) for text, spans in map(join, docs)), strict=True)
    sentences = sum(len(d) for d in docs)
    print(f"{args.conll_file.name}: {len(docs)} documents, {sentences} sentences, exact span+type")
    for name in ("newswire", "sm"):
        run = newswire_spans(args.model) if name == "newswire" else spacy_spans(args.baseline)
        started = time.perf_counter()
        predicted = run(texts)
        seconds = time.perf_counter() - started
        result = score(list(gold), predicted)
        cells = "  ".join(f"{k} {p:.3f}/{r:.3f}/{f:.3f}" for k, (p, r, f) in result.items())
        print(f"  {name:<8} P/R/F1  {cells}  {sentences / seconds:.0f} sentences/s")
    return 0


if __name__ == "__main__":
    sys.exit(suite.run("newswire eval entities", __doc__, add_arguments, main))
