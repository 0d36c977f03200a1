"""`newswire eval extraction DIR`: body extraction scored beside trafilatura's default.

DIR holds `ground-truth.json` ({id: {"articleBody", "url"}}) and `html/<id>.html.gz`, the layout of
the article-extraction benchmark. Both extractors run on the same pages in the same process.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import trafilatura

from newswire import suite
from newswire.contracts import RawArticle
from newswire.errors import RecordError
from newswire.eval.shingles import Match, match, score
from newswire.pipeline.draft import Draft
from newswire.pipeline.normalize import normalize
from newswire.pipeline.normalize.language import FastTextIdentifier, LanguageIdentifier

Extractor = Callable[[str, str], str]


def newswire_body(languages: LanguageIdentifier, html: str, url: str) -> str:
    """The body newswire publishes for this page; empty when the page is dead-lettered."""
    raw = RawArticle(url=url, body=html, content_type="text/html", fetched_at=datetime.now(UTC))
    try:
        return normalize(Draft(raw=raw, url=url, fetched_at=raw.fetched_at), languages).body
    except RecordError:
        return ""


def trafilatura_body(html: str, url: str) -> str:
    """trafilatura's default extraction, the baseline."""
    return trafilatura.extract(html, url=url) or ""


@dataclass
class Tally:
    """Per-page matches and total extraction time of one extractor."""

    matches: list[Match] = field(default_factory=list)
    seconds: float = 0.0


def pages(directory: Path, limit: int | None) -> Iterator[tuple[str, str, str, str]]:
    """(id, url, html, true body) for each labelled page, in id order."""
    truth = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id in sorted(truth)[:limit]:
        html = gzip.decompress((directory / "html" / f"{page_id}.html.gz").read_bytes())
        item = truth[page_id]
        yield (
            page_id,
            item.get("url") or "https://example.invalid/",
            html.decode("utf-8"),
            item["articleBody"],
        )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `eval extraction`."""
    parser.add_argument("directory", type=Path, help="folder with ground-truth.json and html/*.html.gz")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    parser.add_argument("--min-f1", type=float, default=None, help="exit 1 if newswire's F1 is below this")


def main(args: argparse.Namespace) -> int:
    """Score both extractors and print one line each."""
    extractors: dict[str, Extractor] = {
        "newswire": partial(newswire_body, FastTextIdentifier.load()),
        "trafilatura": trafilatura_body,
    }
    tallies = {name: Tally() for name in extractors}
    labelled = pages(args.directory, args.limit)
    first = next(labelled, None)
    if first is None:
        print(f"no labelled pages in {args.directory}", file=sys.stderr)
        return 2
    for extract in extractors.values():  # untimed: models and caches load once per process
        extract(first[2], first[1])
    count = 0
    for count, (page_id, url, html, truth) in enumerate(itertools.chain([first], labelled), 1):
        print(f"\r{count} pages, at {page_id[:12]}", end="", file=sys.stderr, flush=True)
        for name, extract in extractors.items():
            started = time.perf_counter()
            body = extract(html, url)
            tallies[name].seconds += time.perf_counter() - started
            tallies[name].matches.append(match(truth, body))
    print(file=sys.stderr)
    print(f"{count} pages from {args.directory} (pages/s after one untimed warm-up page)")
    print(f"{'extractor':<12} {'F1':>6} {'precision':>9} {'recall':>6} {'pages/s':>8}")
    for name, tally in tallies.items():
        scores = score(tally.matches)
        rate = count / tally.seconds if tally.seconds else 0.0
        print(f"{name:<12} {scores.f1:6.4f} {scores.precision:9.4f} {scores.recall:6.4f} {rate:8.1f}")
    newswire_f1 = score(tallies["newswire"].matches).f1
    return 1 if args.min_f1 is not None and newswire_f1 < args.min_f1 else 0


if __name__ == "__main__":
    sys.exit(suite.run("newswire eval extraction", __doc__, add_arguments, main))
