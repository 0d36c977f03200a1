"""The 17 top-level IPTC Media Topics (codes and labels; vocabulary by IPTC, CC BY 4.0)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from newswire.contracts import Topic

TOP_LEVEL: dict[str, str] = {
    "medtop:01000000": "arts, culture, entertainment and media",
    "medtop:02000000": "crime, law and justice",
    "medtop:03000000": "disaster, accident and emergency incident",
    "medtop:04000000": "economy, business and finance",
    "medtop:05000000": "education",
    "medtop:06000000": "environment",
    "medtop:07000000": "health",
    "medtop:08000000": "human interest",
    "medtop:09000000": "labour",
    "medtop:10000000": "lifestyle and leisure",
    "medtop:11000000": "politics",
    "medtop:12000000": "religion",
    "medtop:13000000": "science and technology",
    "medtop:14000000": "society",
    "medtop:15000000": "sport",
    "medtop:16000000": "conflict, war and peace",
    "medtop:17000000": "weather",
}

#: A top-level topic scored below this is not listed (so never a tag): a classifier's softmax gives
#: every topic some share, and a 0.01 third topic says nothing about the article.
MIN_SCORE = 0.1


def listed(ranked: Iterable[tuple[str, float]], top_n: int) -> list[Topic]:
    """The first `top_n` of `ranked` top-level topics ((code, score), best first) that score MIN_SCORE
    or more, as an article lists them (scores rounded to four places)."""
    kept = [(code, score) for code, score in ranked if score >= MIN_SCORE][:top_n]
    return [Topic(code=code, label=TOP_LEVEL[code], score=round(score, 4)) for code, score in kept]


def terms(name: str) -> dict[str, tuple[str, ...]]:
    """Words by IPTC code, from the JSON file `name` shipped beside this module, in the file's order."""
    rows = json.loads(Path(__file__).with_name(name).read_text(encoding="utf-8"))
    return {code: tuple(words) for code, words in rows.items()}
