"""Write the IPTC Media Topics vocabulary the service ships: live concepts' codes, labels, paths, Wikidata ids.

python -m newswire_tools.train.iptc_vocabulary /work/shared/data/iptc-mediatopics

The vocabulary is by IPTC (CC BY 4.0); definitions are left out, retired concepts skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from newswire import suite
from newswire.pipeline.enrich.media_topics.subtopics import VOCABULARY
from newswire_tools.datasets.iptc import live_concepts


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("data", type=Path, help="folder holding mediatopics.jsonl")
    parser.add_argument("--output", type=Path, default=VOCABULARY)


def main(args: argparse.Namespace) -> int:
    try:
        concepts = [[c.code, c.name, c.parents, c.wikidata] for c in live_concepts(args.data / "mediatopics.jsonl")]
    except ValueError as exc:
        raise SystemExit(str(exc)) from exc
    text = "[\n" + ",\n".join(json.dumps(c, ensure_ascii=False) for c in concepts) + "\n]\n"
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {len(concepts)} concepts to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(suite.run("newswire train iptc-vocabulary", __doc__, add_arguments, main))
