"""The IPTC Media Topics vocabulary (IPTC, CC BY 4.0) as exported to mediatopics.jsonl, one concept a line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Concept:
    """A live concept: its code, label, the codes above it (top level first) and its Wikidata id."""

    code: str
    name: str
    parents: list[str]
    wikidata: str | None


def live_concepts(path: Path) -> list[Concept]:
    """Every concept not retired, in the file's order; definitions are left out. A concept whose path
    does not end at itself is a ValueError naming its line."""
    concepts = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            row = json.loads(line)
            if row["retired"]:
                continue
            if not row["path"] or row["path"][-1] != row["code"]:
                raise ValueError(f"{path}:{number}: path does not end at {row['code']}")
            wikidata = (row["wikidata"] or "").rsplit("/", 1)[-1] or None
            concepts.append(Concept(row["code"], row["name"], row["path"][:-1], wikidata))
    return concepts
