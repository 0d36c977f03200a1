"""Second-level IPTC Media Topics under an article's top-level topics, where the words make them clear.

Each second-level concept is known by its own label and every label below it in the IPTC tree
("crime" by arson, assault, corruption, fraud, ...), plus the words newsrooms use that the labels
miss. A second-level topic is given only when its parent is among the article's leading topics
and its evidence is clear: enough hits, from more than one term, and at least half the hits among
its siblings. It follows its parent; the top-level topics keep the order their classifier gave.
The vocabulary file is written by `python -m newswire_tools.train.iptc_vocabulary`.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newswire.contracts import Topic
from newswire.pipeline.enrich.media_topics.iptc import terms
from newswire.pipeline.enrich.ports import MediaTopicClassifier
from newswire.pipeline.words import TERM_WORD

VOCABULARY = Path(__file__).with_name("iptc_vocabulary.json")
MAX_CHARS = 6_000
#: Clear evidence: weighted hits (title words count double), distinct terms, share among siblings.
MIN_HITS, MIN_TERMS, MIN_SHARE = 3.0, 2, 0.5
#: Only the leading top-level topics get a second level, and only when the classifier favours them.
MAX_PARENTS, MIN_PARENT_SCORE = 2, 0.25
#: Words the labels miss, by second-level code (subtopic_terms.json); matched like labels (whole words,
#: singular or plural).
EXTRA_TERMS = terms("subtopic_terms.json")


def _norm(word: str) -> str:
    """A crude singular: companies/company, taxes/tax, churches/church, elections/election meet.

    Words of three letters or fewer, and endings -ss, -us, -is, stay as they are.
    """
    if len(word) <= 3 or word[-1] != "s" or word[-2] in "sui":
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    return word[:-1]


def _tokens(text: str) -> list[str]:
    return [_norm(w) for w in TERM_WORD.findall(text.lower())]


def _terms(label: str) -> Iterable[tuple[str, ...]]:
    """A label's parts: 'appeal (court)' -> appeal; 'athletics, track and field' -> athletics, track, field.

    A lone word before a longer part modifies that part's head: 'supreme and high court' gives
    'supreme court' and 'high court', never 'supreme' alone.
    """
    label = re.sub(r"\([^)]*\)", " ", label)
    parts = [tokens for part in re.split(r",|\band\b|\bor\b|/", label) if (tokens := tuple(_tokens(part)))]
    for index, tokens in enumerate(parts):
        head = next((later[-1] for later in parts[index + 1 :] if len(later) > 1), None)
        yield (*tokens, head) if len(tokens) == 1 and head else tokens


@dataclass(frozen=True)
class _Concept:
    code: str
    label: str
    parent: str


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, _Concept], dict[str, list[tuple[tuple[str, ...], frozenset[str]]]]]:
    """(second-level concepts by code, first word -> [(term, second-level codes it counts for)])."""
    rows = json.loads(VOCABULARY.read_text(encoding="utf-8"))
    second = {code: _Concept(code, name, path[0]) for code, name, path, _ in rows if len(path) == 1}
    terms: defaultdict[tuple[str, ...], set[str]] = defaultdict(set)
    for code, name, path, _ in rows:
        owner = code if code in second else next((c for c in path if c in second), None)
        if owner:
            for term in _terms(name):
                terms[term].add(owner)
    for code, extra in EXTRA_TERMS.items():
        for phrase in extra:
            terms[tuple(_tokens(phrase))].add(code)
    by_first: defaultdict[str, list[tuple[tuple[str, ...], frozenset[str]]]] = defaultdict(list)
    for term, codes in sorted(terms.items(), key=lambda kv: -len(kv[0])):  # longest first
        by_first[term[0]].append((term, frozenset(codes)))
    return second, dict(by_first)


def evidence(title: str, body: str) -> dict[str, tuple[float, int]]:
    """Per second-level code: (weighted hits, distinct terms), title words counting double.

    The longest term wins at each place and covers its words: 'prime minister' is one hit, not two.
    """
    _, by_first = _index()
    hits: defaultdict[str, float] = defaultdict(float)
    seen: defaultdict[str, set[tuple[str, ...]]] = defaultdict(set)
    for text, weight in ((title, 2.0), (body[:MAX_CHARS], 1.0)):
        tokens, start = _tokens(text), 0
        while start < len(tokens):
            match = next(
                (
                    (term, codes)
                    for term, codes in by_first.get(tokens[start], ())
                    if len(term) == 1 or tuple(tokens[start : start + len(term)]) == term
                ),
                None,
            )
            if match is None:
                start += 1
                continue
            term, codes = match
            for code in codes:
                hits[code] += weight
                seen[code].add(term)
            start += len(term)
    return {code: (hits[code], len(seen[code])) for code in hits}


def refine(title: str, body: str, topics: Sequence[Topic]) -> list[Topic]:
    """The topics in their order, each leading top-level topic followed by its clear second-level topic.

    A second-level topic's score is its parent's times its share of the evidence among its siblings.
    """
    second, _ = _index()
    found = evidence(title, body)
    refined: list[Topic] = []
    for rank, parent in enumerate(topics):
        refined.append(parent)
        if rank >= MAX_PARENTS or parent.score < MIN_PARENT_SCORE:
            continue
        children = {c: found[c] for c in found if second[c].parent == parent.code}
        total = sum(h for h, _ in children.values())
        # ties go to the more distinct terms, then to the code: never to the order words were met
        best = max(children.items(), key=lambda kv: (kv[1], kv[0]), default=None)
        if best is None:
            continue
        code, (count, distinct) = best
        if count >= MIN_HITS and distinct >= MIN_TERMS and count / total >= MIN_SHARE:
            refined.append(Topic(code=code, label=second[code].label, score=round(parent.score * count / total, 4)))
    return refined


class WithSubtopics:
    """A topic classifier whose top-level topics gain their clear second-level topics."""

    def __init__(self, inner: MediaTopicClassifier) -> None:
        self._inner = inner
        self.name = f"{inner.name}+iptc-level2"
        self.languages = inner.languages
        _index()

    def classify(self, docs: Sequence[tuple[str, str]]) -> list[list[Topic]]:
        ranked = self._inner.classify(docs)
        return [refine(title, body, topics) for (title, body), topics in zip(docs, ranked, strict=True)]
