"""Second-level IPTC Media Topics under an article's top-level topics, where the words make them clear.

Each second-level concept is known by its own label and every label below it in the IPTC tree
("crime" by arson, assault, corruption, fraud, ...), plus the words newsrooms use that the labels
miss. A second-level topic is given only when its parent is among the article's leading topics
and its evidence is clear: enough hits, from more than one term, and at least half the hits among
its siblings. It follows its parent; the top-level topics keep the order their classifier gave.
The vocabulary file is written by `python -m newswire.train.iptc_vocabulary`.
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
from newswire.pipeline.enrich.ports import TopicClassifier
from newswire.pipeline.words import TERM_WORD

VOCABULARY = Path(__file__).with_name("iptc_vocabulary.json")
MAX_CHARS = 6_000
#: Clear evidence: weighted hits (title words count double), distinct terms, share among siblings.
MIN_HITS, MIN_TERMS, MIN_SHARE = 3.0, 2, 0.5
#: Only the leading top-level topics get a second level, and only when the classifier favours them.
MAX_PARENTS, MIN_PARENT_SCORE = 2, 0.25
#: Words the labels miss, by second-level code; matched like labels (whole words, singular or plural).
EXTRA_TERMS: dict[str, tuple[str, ...]] = {
    "medtop:20000002": (
        "film",
        "movie",
        "actor",
        "actress",
        "singer",
        "album",
        "song",
        "concert",
        "band",
        "box office",
        "director",
        "star",
        "show",
        "novel",
        "artist",
        "gig",
        "chart",
    ),
    "medtop:20000038": ("museum", "heritage", "gallery", "exhibition", "tradition"),
    "medtop:20000045": (
        "newspaper",
        "broadcaster",
        "journalist",
        "reporter",
        "editor",
        "channel",
        "bbc",
        "programme",
        "viewer",
        "audience",
        "press",
        "publisher",
        "magazine",
    ),
    "medtop:20000082": (
        "murder",
        "killing",
        "robbery",
        "theft",
        "fraud",
        "stabbing",
        "shooting",
        "gang",
        "smuggling",
        "kidnapping",
        "rape",
        "drug dealer",
        "suspect",
        "victim",
    ),
    "medtop:20000106": (
        "court",
        "judge",
        "trial",
        "jury",
        "sentence",
        "sentenced",
        "convicted",
        "verdict",
        "appeal",
        "prosecutor",
        "lawyer",
        "prison",
        "jail",
        "acquitted",
        "guilty",
    ),
    "medtop:20000121": ("law", "legislation", "legal", "regulation", "regulator", "ruling"),
    "medtop:20000129": ("police", "arrest", "arrested", "officer", "detective", "investigation", "fbi"),
    "medtop:20000139": ("crash", "accident", "collision", "derailment", "explosion", "blast"),
    "medtop:20000148": (
        "earthquake",
        "flood",
        "flooding",
        "hurricane",
        "wildfire",
        "tsunami",
        "drought",
        "storm",
        "cyclone",
        "typhoon",
        "landslide",
        "volcano",
        "eruption",
    ),
    "medtop:20000168": ("rescue", "rescuer", "evacuation", "evacuated", "emergency service", "firefighter"),
    "medtop:20000170": (
        "company",
        "firm",
        "profit",
        "revenue",
        "earnings",
        "chief executive",
        "ceo",
        "shareholder",
        "merger",
        "takeover",
        "acquisition",
        "deal",
        "bid",
        "sales",
    ),
    "medtop:20000344": (
        "economy",
        "economic",
        "growth",
        "inflation",
        "interest rate",
        "gdp",
        "recession",
        "central bank",
        "budget",
        "deficit",
        "tax",
        "spending",
        "consumer",
        "exports",
    ),
    "medtop:20000385": (
        "shares",
        "stock",
        "market",
        "index",
        "dow",
        "nasdaq",
        "ftse",
        "trader",
        "oil price",
        "dollar",
        "euro",
        "currency",
        "bond",
        "yield",
        "commodity",
    ),
    "medtop:20000209": (
        "airline",
        "carmaker",
        "retailer",
        "bank",
        "telecom",
        "software",
        "product",
        "customers",
        "brand",
        "store",
        "factory",
    ),
    "medtop:20000400": ("school", "pupil", "university", "college", "campus", "classroom"),
    "medtop:20000415": ("student", "pupil", "graduate", "tuition"),
    "medtop:20000416": ("teacher", "lecturer", "professor"),
    "medtop:20000418": ("climate", "carbon", "emission", "greenhouse", "warming", "net zero"),
    "medtop:20000424": ("pollution", "polluted", "toxic", "plastic", "waste", "smog", "sewage"),
    "medtop:20000441": ("wildlife", "species", "animal", "bird", "habitat", "extinction", "biodiversity"),
    "medtop:20000446": (
        "disease",
        "virus",
        "cancer",
        "infection",
        "outbreak",
        "pandemic",
        "symptom",
        "diabetes",
        "covid",
        "flu",
        "illness",
        "patient",
    ),
    "medtop:20000461": ("hospital", "clinic", "ward", "nhs"),
    "medtop:20000464": ("treatment", "drug", "vaccine", "therapy", "surgery", "medicine", "trial"),
    "medtop:20000574": (
        "election",
        "vote",
        "voter",
        "ballot",
        "poll",
        "campaign",
        "candidate",
        "polling",
        "referendum",
        "manifesto",
        "seat",
        "constituency",
    ),
    "medtop:20000593": (
        "minister",
        "ministry",
        "cabinet",
        "government",
        "parliament",
        "senate",
        "congress",
        "mp",
        "lawmaker",
        "department",
        "prime minister",
        "president",
    ),
    "medtop:20000621": ("policy", "plan", "reform", "bill", "proposal", "legislation"),
    "medtop:20000638": (
        "diplomat",
        "diplomatic",
        "ambassador",
        "foreign minister",
        "talks",
        "summit",
        "sanction",
        "treaty",
        "envoy",
        "embassy",
        "bilateral",
        "united nations",
        "un",
    ),
    "medtop:20000649": (
        "party",
        "leader",
        "leadership",
        "opposition",
        "coalition",
        "labour",
        "conservative",
        "democrat",
        "republican",
        "tory",
    ),
    "medtop:20000509": ("job", "jobs", "worker", "employee", "employer", "hiring", "wage", "salary", "staff"),
    "medtop:20000524": ("strike", "walkout", "union", "dispute", "industrial action", "pay deal"),
    "medtop:20000657": ("faith", "christian", "muslim", "jewish", "hindu", "buddhist", "church", "believer"),
    "medtop:20000717": (
        "scientist",
        "species",
        "planet",
        "physics",
        "biology",
        "chemistry",
        "fossil",
        "telescope",
        "astronomer",
        "star",
        "galaxy",
    ),
    "medtop:20000735": (
        "research",
        "researcher",
        "study",
        "scientist",
        "experiment",
        "discovery",
        "space",
        "nasa",
        "mission",
        "probe",
    ),
    "medtop:20000756": (
        "technology",
        "software",
        "computer",
        "internet",
        "online",
        "app",
        "smartphone",
        "phone",
        "chip",
        "robot",
        "digital",
        "broadband",
        "gadget",
        "device",
        "website",
        "cyber",
        "hacker",
        "microsoft",
        "apple",
        "google",
        "network",
        "web",
        "users",
    ),
    "medtop:20000780": ("family", "parent", "child", "mother", "father", "marriage", "divorce", "baby"),
    "medtop:20000771": ("immigrant", "migrant", "asylum", "visa", "border"),
    "medtop:20000822": (
        "football",
        "soccer",
        "rugby",
        "tennis",
        "cricket",
        "golf",
        "boxing",
        "athletics",
        "cycling",
        "basketball",
        "baseball",
        "hockey",
        "swimming",
        "formula one",
        "racing",
        "striker",
        "midfielder",
        "goalkeeper",
        "defender",
        "wicket",
        "batsman",
        "bowler",
        "innings",
        "grand prix",
        "marathon",
        "sprinter",
        "sprint",
        "boxer",
        "golfer",
    ),
    "medtop:20001108": ("olympics", "olympic", "world cup", "tournament", "grand slam", "six nations"),
    "medtop:20001129": ("storm", "rain", "snow", "heatwave", "wind", "fog", "frost", "thunderstorm"),
    "medtop:20001128": ("forecast", "forecaster", "met office", "outlook"),
    "medtop:20001131": ("warning", "alert", "amber", "red warning"),
    "medtop:20000538": ("travel", "holiday", "tourist", "resort", "hotel", "game", "hobby", "recipe"),
    "medtop:20000565": ("home", "garden", "decor", "lifestyle", "trend"),
    "medtop:20001339": ("fitness", "exercise", "wellbeing", "workout", "yoga", "sleep"),
}


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

    def __init__(self, inner: TopicClassifier) -> None:
        self._inner = inner
        self.name = f"{inner.name}+iptc-level2"
        self.languages = inner.languages
        _index()

    def classify(self, docs: Sequence[tuple[str, str]]) -> list[list[Topic]]:
        ranked = self._inner.classify(docs)
        return [refine(title, body, topics) for (title, body), topics in zip(docs, ranked, strict=True)]
