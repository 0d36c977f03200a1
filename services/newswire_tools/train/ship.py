"""Copy models built by `make models` from the cache into the package, where the service loads them.

    python -m newswire_tools.train.ship ~/.cache/newswire/models

Refuses a set larger than MAX_BYTES in all: the models are committed to git.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from newswire import suite
from newswire.models import MEDIA_TOPICS_DIR, NER_DIR

MAX_BYTES = 40 * 1024 * 1024
#: Built model folder -> the package folder it replaces.
SHIPPED = {"ner-conll": NER_DIR, "topics-linear": MEDIA_TOPICS_DIR}
#: Files a built model may hold that the service never reads (a cached copy of the fetched encoder).
NOT_SHIPPED = frozenset({"encoder.onnx", "encoder_tokenizer.json"})


def files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name not in NOT_SHIPPED)


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in files(folder))


def _recognizer_only(built: Path, target: Path) -> None:
    """The spaCy pipeline with its entity recognizer alone: other components, even disabled ones, go."""
    import spacy

    names = spacy.load(built).component_names
    spacy.load(built, exclude=[c for c in names if c != "ner"]).to_disk(target)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("built", type=Path, help="folder holding ner-conll and topics-linear")


def main(args: argparse.Namespace) -> int:
    for name in SHIPPED:
        if not (args.built / name / "meta.json").is_file():
            print(f"newswire: {args.built / name} holds no built model: run make models", file=sys.stderr)
            return 1
    for name, target in SHIPPED.items():
        if target.exists():
            shutil.rmtree(target)
        if name == "ner-conll":
            _recognizer_only(args.built / name, target)
            print(f"{name}: {size(target) / 2**20:.1f} MB -> {target}")
            continue
        for path in files(args.built / name):
            copy = target / path.relative_to(args.built / name)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
        print(f"{name}: {size(target) / 2**20:.1f} MB -> {target}")
    total = sum(size(target) for target in SHIPPED.values())
    print(f"in all {total / 2**20:.1f} MB (at most {MAX_BYTES / 2**20:.0f} MB)")
    if total > MAX_BYTES:
        print("newswire: over the budget: do not commit these models", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(suite.run("python -m newswire_tools.train.ship", __doc__, add_arguments, main))
