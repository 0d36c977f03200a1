"""The everyday-word list the heading rule reads: words that news prose writes in lower case.

    python -m newswire_tools.train.everyday /work/shared/data

A word counts when, mid-sentence (where a capital means a name), CoNLL-2003 eng.train and the
HuffPost descriptions write it in lower case at least MIN_COUNT times and no less often than with a
capital. Only the words are kept (a fact about English usage), none of the text.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from newswire import suite
from newswire.pipeline.enrich.entities.headings import EVERYDAY_FILE
from newswire_tools.datasets.conll import texts

MIN_COUNT = 2
_WORD = re.compile(r"(?<=\s)[A-Za-z][a-z]{2,}\b")


def count(sentences: Iterable[str]) -> tuple[Counter[str], Counter[str]]:
    """How often each word is written in lower case, and with a capital, past a sentence's first word."""
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for text in sentences:
        for match in _WORD.finditer(text):
            before = text[: match.start()].rstrip()
            if before and before[-1] not in ".!?:\"'":
                word = match.group()
                (lower if word.islower() else capital)[word.lower()] += 1
    return lower, capital


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("data", type=Path, help="the labelled data folder (conll2003, news-category)")
    parser.add_argument("--output", type=Path, default=EVERYDAY_FILE)


def main(args: argparse.Namespace) -> int:
    rows = (args.data / "news-category" / "news_category.jsonl").read_text(encoding="utf-8").splitlines()
    descriptions = [json.loads(row)["short_description"] for row in rows]
    lower, capital = count([*texts(args.data / "conll2003" / "eng.train"), *descriptions])
    words = sorted(w for w, n in lower.items() if n >= MIN_COUNT and n >= capital[w])
    args.output.write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(suite.run("newswire train everyday", __doc__, add_arguments, main))
