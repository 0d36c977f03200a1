"""`newswire eval extraction DIR`: body extraction scored beside trafilatura's default.

DIR holds `ground-truth.json` ({id: {"articleBody", "url"}}) and `html/<id>.html.gz`, the layout of
the article-extraction benchmark. Both extractors run on the same pages in the same process.

The pages are split by a fixed rule: in id order, the pages at even positions (0, 2, 4, ...) are the
dev part, the only pages the extraction is tuned on; those at odd positions are the test part.
Scores are printed for each part and for all pages; `--part` scores one part alone.
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
from typing import NamedTuple

import trafilatura

from newswire import suite
from newswire.contracts import RawArticle
from newswire.errors import RecordError
from newswire.pipeline.draft import Draft
from newswire.pipeline.normalize import normalize
from newswire.pipeline.normalize.language import FastTextIdentifier, LanguageIdentifier
from newswire_tools.eval.shingles import Match, match, score

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


PARTS = ("dev", "test")


def part_of(position: int) -> str:
    """The part of the page at this position in id order: even positions are dev, odd are test."""
    return PARTS[position % 2]


class Page(NamedTuple):
    """One labelled page and the part it belongs to."""

    id: str
    part: str
    url: str
    html: str
    truth: str


@dataclass
class Scores:
    """Per-page matches, by part, and total extraction time of one extractor."""

    matches: dict[str, list[Match]] = field(default_factory=lambda: {part: [] for part in PARTS})
    seconds: float = 0.0

    def parts(self) -> Iterator[tuple[str, list[Match]]]:
        """Each part that has pages, then all pages together when both have."""
        scored = [(part, found) for part, found in self.matches.items() if found]
        yield from scored
        if len(scored) > 1:
            yield "all", [m for _, found in scored for m in found]


def pages(directory: Path, limit: int | None, part: str = "all") -> Iterator[Page]:
    """Each labelled page of the part (or of both), in id order."""
    truth = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    chosen = [(part_of(n), page_id) for n, page_id in enumerate(sorted(truth)) if part in ("all", part_of(n))]
    for page_part, page_id in chosen[:limit]:
        html = gzip.decompress((directory / "html" / f"{page_id}.html.gz").read_bytes())
        item = truth[page_id]
        url = item.get("url") or "https://example.invalid/"
        yield Page(page_id, page_part, url, html.decode("utf-8"), item["articleBody"])


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `eval extraction`."""
    parser.add_argument("directory", type=Path, help="folder with ground-truth.json and html/*.html.gz")
    parser.add_argument("--part", choices=("all", *PARTS), default="all", help="score one part (default: both)")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages of the part")
    parser.add_argument("--pages", action="store_true", help="print each page's precision and recall too")
    parser.add_argument("--min-f1", type=float, default=None, help="exit 1 if newswire's F1 is below this")


def main(args: argparse.Namespace) -> int:
    """Score both extractors and print one line each per part."""
    extractors: dict[str, Extractor] = {
        "newswire": partial(newswire_body, FastTextIdentifier.load()),
        "trafilatura": trafilatura_body,
    }
    tallies = {name: Scores() for name in extractors}
    labelled = pages(args.directory, args.limit, args.part)
    first = next(labelled, None)
    if first is None:
        print(f"no labelled pages in {args.directory}", file=sys.stderr)
        return 2
    for extract in extractors.values():  # untimed: models and caches load once per process
        extract(first.html, first.url)
    if args.pages:
        print("page         part newswire precision recall, trafilatura precision recall")
    count = 0
    for count, page in enumerate(itertools.chain([first], labelled), 1):
        if not args.pages:
            print(f"\r{count} pages, at {page.id[:12]}", end="", file=sys.stderr, flush=True)
        found = {}
        for name, extract in extractors.items():
            started = time.perf_counter()
            body = extract(page.html, page.url)
            tallies[name].seconds += time.perf_counter() - started
            found[name] = match(page.truth, body)
            tallies[name].matches[page.part].append(found[name])
        if args.pages:
            cells = " ".join(f"{m.precision:.3f} {m.recall:.3f}" for m in found.values())
            print(f"{page.id[:12]} {page.part:<4} {cells}")
    print(file=sys.stderr)
    print(f"{count} pages from {args.directory}: dev at even positions in id order, test at odd")
    print(f"{'extractor':<12} {'part':<4} {'pages':>5} {'F1':>6} {'precision':>9} {'recall':>6} {'pages/s':>8}")
    for name, tally in tallies.items():
        rate = count / tally.seconds if tally.seconds else 0.0
        for part, found_in_part in tally.parts():
            s = score(found_in_part)
            scores = f"{s.f1:6.4f} {s.precision:9.4f} {s.recall:6.4f}"
            print(f"{name:<12} {part:<4} {len(found_in_part):>5} {scores} {rate:8.1f}")
    newswire = tallies["newswire"].matches
    newswire_f1 = score(m for found_in_part in newswire.values() for m in found_in_part).f1
    return 1 if args.min_f1 is not None and newswire_f1 < args.min_f1 else 0


if __name__ == "__main__":
    sys.exit(suite.run("newswire eval extraction", __doc__, add_arguments, main))
