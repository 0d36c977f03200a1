"""Copy models built by `make models` from the cache into the package, where the service loads them.

    python -m newswire.train.ship ~/.cache/newswire/models

Refuses a set larger than MAX_BYTES in all: the models are committed to git.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from newswire.commands import suite
from newswire.models import NER_DIR, TOPICS_DIR

MAX_BYTES = 40 * 1024 * 1024
#: Built model folder -> the package folder it replaces.
SHIPPED = {"ner-conll": NER_DIR, "topics-linear": TOPICS_DIR}
#: Files a built model may hold that the service never reads (a cached copy of the fetched encoder).
NOT_SHIPPED = frozenset({"encoder.onnx", "encoder_tokenizer.json"})


def files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name not in NOT_SHIPPED)


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in files(folder))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("built", type=Path, help="folder holding ner-conll and topics-linear")


def main(args: argparse.Namespace) -> int:
    sizes = {name: size(args.built / name) for name in SHIPPED}
    for name in SHIPPED:
        if not (args.built / name / "meta.json").is_file():
            print(f"newswire: {args.built / name} holds no built model: run make models", file=sys.stderr)
            return 1
    if sum(sizes.values()) > MAX_BYTES:
        print(f"newswire: the models take {sum(sizes.values()) / 2**20:.1f} MB, over {MAX_BYTES / 2**20:.0f} MB",
              file=sys.stderr)
        return 1
    for name, target in SHIPPED.items():
        if target.exists():
            shutil.rmtree(target)
        for path in files(args.built / name):
            copy = target / path.relative_to(args.built / name)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
        print(f"{name}: {sizes[name] / 2**20:.1f} MB -> {target}")
    print(f"in all {sum(sizes.values()) / 2**20:.1f} MB (at most {MAX_BYTES / 2**20:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(suite.run("python -m newswire.train.ship", __doc__, add_arguments, main))
