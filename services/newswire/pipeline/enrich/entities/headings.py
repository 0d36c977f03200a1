"""Subheadings: short title-case lines between paragraphs, whose capitals are style, not names.

A recognizer reads "Ryabkov's Doubts" as two people and "Context and Implications" as an
organisation. A mention on a heading is kept only where the article's prose names it too, or where
it reads as a name by its words: two or more words, none of them an everyday word (one news prose
writes in lower case: everyday.txt, built by newswire_tools.train.everyday), or two words of which the
first is a capitalized word and not everyday ("Larry Fine", "American League"; "UN Visit" is not,
an acronym names something else); one word alone ("Doubts", "Acoustics") only if it is a known place or
international body. A title in title case is read the same way ("Farmers Turn to Drones to Count
Cattle": no people). Lines set in capitals are no headings here: casing.py reads those.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from newswire.pipeline.enrich.entities import mentions, places, wikidata
from newswire.pipeline.enrich.entities.consolidate import Span

EVERYDAY_FILE = Path(__file__).with_name("everyday.txt")
#: A heading is a line of at most this many words; a title, of at most TITLE_MAX_WORDS.
MAX_WORDS = 8
TITLE_MAX_WORDS = 20
#: Words a heading writes in lower case, or with a capital, as a style choice.
# fmt: off
_CONNECTIVE = frozenset({
    "a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "by", "with", "vs", "over",
    "from", "into", "as", "after", "before",
})
# fmt: on
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
#: A heading ends in no sentence punctuation and holds no digits (table rows, scores, datelines do).
_NOT_HEADING = re.compile(r"[.!?:;,\"”]\s*$|\d")


@cache
def everyday() -> frozenset[str]:
    """Lower-case words of news prose (about 20,000), read once."""
    return frozenset(EVERYDAY_FILE.read_text(encoding="utf-8").split())


def is_heading(line: str, max_words: int = MAX_WORDS) -> bool:
    """A short line in title case with no sentence end: every word but connectives starts with a capital."""
    words = _WORD.findall(line)
    if not words or len(words) > max_words or _NOT_HEADING.search(line) or "\n" in line.strip():
        return False
    if not any(w.islower() or (w[0].isupper() and not w.isupper()) for w in words):
        return False  # set in capitals
    return all(w[0].isupper() for w in words if w.casefold() not in _CONNECTIVE)


def reads_as_name(name: str) -> bool:
    """Several words and no everyday one, or two whose first is neither everyday nor an acronym ("Larry
    Fine"); one word only if it is a known place or international body."""
    words = _WORD.findall(mentions.clean(name))
    if len(words) < 2:
        return bool(places.resolve(name) or wikidata.organisation(name))
    common = [w.casefold() in everyday() for w in words]
    if not any(c for w, c in zip(words, common, strict=True) if w.casefold() not in _CONNECTIVE):
        return True
    return len(words) == 2 and not common[0] and words[0][:1].isupper() and not words[0].isupper()


def checked(pairs: Sequence[tuple[Span, float]], on_heading: Sequence[bool], prose: str) -> list[tuple[Span, float]]:
    """Mentions (with their votes) less those on a heading that the prose does not name and that
    hold an everyday word. `prose` is the article's text outside its headings."""
    return [
        (span, vote)
        for (span, vote), heading in zip(pairs, on_heading, strict=True)
        if not heading or mentions.clean(span[0]) in prose or reads_as_name(span[0])
    ]
