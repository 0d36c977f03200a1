"""Fine-tune en_core_web_sm's entity recognizer on CoNLL-2003 eng.train; the model goes to a cache dir.

    python -m newswire_tools.train.ner /path/to/conll2003 --output ~/.cache/newswire/models/ner-conll

A fresh recognizer with only CoNLL's four types starts from the base model's token encoder and
hidden layer (only the output layer is new), which keeps it small: about 40% faster than the base
recognizer with its 18 types. PER->PERSON and LOC->GPE; finer types are decided by rules at extraction.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from typing import Any

from newswire import suite
from newswire.models import PUBLIC_NER
from newswire_tools.datasets.conll import part, read_documents

BASE_MODEL = PUBLIC_NER
TO_MODEL = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE", "MISC": "MISC"}
DEFAULT_OUTPUT = Path.home() / ".cache" / "newswire" / "models" / "ner-conll"
KEEP = ["ner"]


def _examples(nlp: Any, path: Path, which: str = "all") -> list[Any]:
    """Each sentence of the file's documents (or one part of them: datasets.conll.part) as an Example."""
    from spacy.training import Example

    return [
        Example.from_dict(nlp.make_doc(s.text), {"entities": [(a, b, TO_MODEL[t]) for a, b, t in s.spans]})
        for doc in part(list(read_documents(path)), which)
        for s in doc
    ]


def _fresh_recognizer(nlp: Any, examples: list[Any]) -> Any:
    """Replace the base recognizer by one with only our labels, reusing its encoder and hidden layer."""
    config = {k: v for k, v in nlp.config["components"]["ner"].items() if k != "factory"}
    old = nlp.remove_pipe("ner")[1]
    ner = nlp.add_pipe("ner", config=config)
    for label in TO_MODEL.values():
        ner.add_label(label)
    ner.initialize(lambda: examples[:500], nlp=nlp)
    for ref in ("tok2vec", "lower"):
        ner.model.get_ref(ref).from_bytes(old.model.get_ref(ref).to_bytes())
    return ner


def train(
    data: Path,
    output: Path,
    epochs: int,
    max_minutes: float,
    seed: int,
    *,
    train_file: Path | None = None,
    dev_file: Path | None = None,
) -> dict[str, float]:
    """Train, report dev scores per epoch on stderr, save the last model; returns its dev scores.

    The dev set is the first half of eng.testa's documents (datasets.conll.part): the second half
    is never looked at while training."""
    import spacy
    from spacy.util import minibatch
    from thinc.api import compounding, fix_random_seed

    fix_random_seed(seed)
    base = spacy.load(BASE_MODEL)
    nlp = spacy.load(BASE_MODEL, exclude=[p for p in base.component_names if p not in KEEP])  # disabled ones too
    train_set = _examples(nlp, train_file or data / "eng.train")
    dev_set = _examples(nlp, dev_file) if dev_file else _examples(nlp, data / "eng.testa", "dev")
    _fresh_recognizer(nlp, train_set)
    optimizer = nlp.resume_training()
    started, scores = time.monotonic(), {}
    for epoch in range(1, epochs + 1):
        random.shuffle(train_set)
        losses: dict[str, float] = {}
        for batch in minibatch(train_set, size=compounding(4.0, 32.0, 1.001)):  # type: ignore[no-untyped-call]
            nlp.update(batch, drop=0.2, sgd=optimizer, losses=losses)
        with nlp.use_params(optimizer.averages):
            result = nlp.evaluate(dev_set)
        scores = {
            "ents_p": result["ents_p"],
            "ents_r": result["ents_r"],
            "ents_f": result["ents_f"],
        }
        minutes = (time.monotonic() - started) / 60
        print(
            f"epoch {epoch} loss {losses['ner']:.0f} dev {scores} {minutes:.1f} min",
            file=sys.stderr,
            flush=True,
        )
        if minutes > max_minutes:
            break
    nlp.meta.update(
        name="newswire_ner_conll",
        version="1.1.0",
        description="CoNLL-2003 fine-tune of en_core_web_sm",
    )
    output.parent.mkdir(parents=True, exist_ok=True)  # spaCy creates the folder itself, not its parents
    with nlp.use_params(optimizer.averages):
        nlp.to_disk(output)
    return scores


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("data", type=Path, help="folder holding eng.train and eng.testa")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--max-minutes", type=float, default=40.0, help="stop after the epoch that passes this")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--train", type=Path, help="your own CoNLL-2003-style file (token ... tag, PER/ORG/LOC/MISC)")
    parser.add_argument("--dev", type=Path, help="your own dev file in the same form (default: eng.testa's dev half)")


def main(args: argparse.Namespace) -> int:
    scores = train(
        args.data, args.output, args.epochs, args.max_minutes, args.seed, train_file=args.train, dev_file=args.dev
    )
    print(f"saved {args.output} dev {scores}")
    return 0


if __name__ == "__main__":
    sys.exit(suite.run("newswire train ner", __doc__, add_arguments, main))
