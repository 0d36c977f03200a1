"""Labelled topic sets mapped to IPTC top-level Media Topics.

BBC and AG News are research-only and read from their shared folder, never copied; HuffPost's
News Category set is CC BY 4.0 (Misra 2022). AG's "World" is a geography, not a subject: its
stories are mostly diplomacy and government, so it trains as politics (medtop:11000000), and a
first topic of conflict, war and peace (medtop:16000000) also counts as right when scoring it.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

BBC = {
    "business": "medtop:04000000",
    "entertainment": "medtop:01000000",
    "politics": "medtop:11000000",
    "sport": "medtop:15000000",
    "tech": "medtop:13000000",
}
AG = {
    "1": "medtop:11000000",
    "2": "medtop:15000000",
    "3": "medtop:04000000",
    "4": "medtop:13000000",
}
AG_NAMES = {"1": "World", "2": "Sports", "3": "Business", "4": "Sci/Tech"}
ALSO_RIGHT = {"World": frozenset({"medtop:16000000"})}
#: BBC and AG News stories date from 2004-2005: the evaluations send them as fetched in mid-2005.
FETCHED_AT = "2005-06-01T12:00:00+00:00"
#: HuffPost categories with a clear top-level topic; the rest (U.S. NEWS, FIFTY, ...) are left out.
HUFFPOST = {
    "ARTS": "01",
    "ARTS & CULTURE": "01",
    "CULTURE & ARTS": "01",
    "ENTERTAINMENT": "01",
    "COMEDY": "01",
    "MEDIA": "01",
    "CRIME": "02",
    "BUSINESS": "04",
    "MONEY": "04",
    "EDUCATION": "05",
    "COLLEGE": "05",
    "ENVIRONMENT": "06",
    "GREEN": "06",
    "WELLNESS": "07",
    "HEALTHY LIVING": "07",
    "WEIRD NEWS": "08",
    "GOOD NEWS": "08",
    "TRAVEL": "10",
    "FOOD & DRINK": "10",
    "TASTE": "10",
    "STYLE & BEAUTY": "10",
    "STYLE": "10",
    "HOME & LIVING": "10",
    "POLITICS": "11",
    "WORLD NEWS": "11",
    "THE WORLDPOST": "11",
    "WORLDPOST": "11",
    "RELIGION": "12",
    "TECH": "13",
    "SCIENCE": "13",
    "QUEER VOICES": "14",
    "BLACK VOICES": "14",
    "LATINO VOICES": "14",
    "WOMEN": "14",
    "PARENTING": "14",
    "PARENTS": "14",
    "DIVORCE": "14",
    "WEDDINGS": "14",
    "IMPACT": "14",
    "SPORTS": "15",
}


@dataclass(frozen=True)
class Sample:
    """A labelled article: its IPTC top-level code, the set's own label, and the set it comes from."""

    title: str
    body: str
    code: str
    source_label: str
    source: str


def _read(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def load_bbc(folder: Path) -> list[Sample]:
    """One sample per bbc/<category>/NNN.txt: headline, blank line, paragraphs."""
    samples = []
    for category, code in BBC.items():
        for path in sorted((folder / "bbc" / category).glob("*.txt")):
            title, _, body = _read(path).strip().partition("\n")
            samples.append(Sample(title.strip(), body.strip(), code, category, "bbc"))
    return samples


def load_ag(path: Path) -> list[Sample]:
    """class_index, title, description; a literal backslash-n marks a newline."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [Sample(t, d.replace("\\n", "\n"), AG[c], AG_NAMES[c], "ag") for c, t, d in csv.reader(handle)]


def load_csv(path: Path, mapping: dict[str, str]) -> list[Sample]:
    """A user's labelled articles: a CSV with a header naming `category`, `title` and `text` columns;
    `mapping` takes each category to an IPTC top-level code (medtop:NN000000). An unmapped category
    or a code that is not a top-level topic is an error naming the line."""
    from newswire.pipeline.enrich.media_topics.iptc import TOP_LEVEL

    samples = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"category", "title", "text"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: the header lacks {', '.join(sorted(missing))}")
        for line, row in enumerate(reader, start=2):
            code = mapping.get(row["category"])
            if code not in TOP_LEVEL:
                raise ValueError(f"{path}:{line}: category {row['category']!r} maps to no IPTC top-level code")
            samples.append(Sample(row["title"], row["text"], code, row["category"], "own"))
    return samples


def load_huffpost(path: Path) -> list[Sample]:
    """Headline and short description of categories mapped in HUFFPOST."""
    samples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        top = HUFFPOST.get(record["category"])
        if top:
            samples.append(
                Sample(
                    record["headline"],
                    record["short_description"],
                    f"medtop:{top}000000",
                    record["category"],
                    "huffpost",
                )
            )
    return samples


def load_all(data: Path) -> dict[str, list[Sample]]:
    """The three sets the topic model trains on and is scored on, from the shared data folder."""
    return {
        "bbc": load_bbc(data / "bbc-news"),
        "ag": load_ag(data / "ag-news" / "dev.csv"),
        "huffpost": load_huffpost(data / "news-category" / "news_category.jsonl"),
    }
