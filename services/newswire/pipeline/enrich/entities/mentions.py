"""Mention-level rules: which body paragraphs are prose, name keys, acronyms, and finer entity types."""

from __future__ import annotations

import re

from newswire.pipeline.normalize import bylines

_HONORIFIC = re.compile(
    r"^(mr|mrs|ms|miss|dr|sir|dame|prof|president|senator|gov|councillor|cllr)\.?\s+", re.IGNORECASE
)
_STOP = frozenset({"of", "the", "and", "for", "on", "in", "&", "de", "la", "du", "des", "von"})
_DEMONYM = re.compile(r"^[A-Z][a-z]+(ans?|ians?|ese|ish|is?|ch|ss)$")
_EVENT = re.compile(
    r"\b(cup|championships?|olympics?|games|open|grand prix|war|world series|festival|summit)$",
    re.IGNORECASE,
)
#: A credit line is short; a sentence that starts with "By" is prose.
BYLINE_MAX_WORDS = 16
#: Lower-case words a credit line holds besides names ("By A and B in Paris; editing by C").
# fmt: off
_CREDIT_WORDS = frozenset({
    "by", "and", "in", "for", "with", "of", "de", "da", "van", "von", "der", "staff", "writer",
    "reporter", "correspondent", "editor", "editing", "reporting", "additional", "photo", "photos",
    "image", "credit", "via",
})
# fmt: on


def is_byline(paragraph: str) -> bool:
    """A credit line (`By Jane Doe in Oslo`, `Photo: ...`, `Copyright ...`) rather than a sentence."""
    text = paragraph.strip()
    words = text.split()
    credit = bylines.CREDIT.match(text)
    if not credit or len(words) > BYLINE_MAX_WORDS:
        return False
    if not credit.group(1).casefold().endswith("by"):
        return True  # photo, image, credit, copyright lines
    return all(w[:1].isupper() or not w[:1].isalpha() or w.strip(",;:.").casefold() in _CREDIT_WORDS for w in words)


def clean(text: str) -> str:
    """A mention as a name: no leading article or honorific, no possessive, single spaces."""
    text = " ".join(text.split())
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"['’]s$", "", text)
    return _HONORIFIC.sub("", text)


def key(text: str) -> str:
    """Grouping key: case-folded, dots dropped so U.S. and US meet."""
    return clean(text).replace(".", "").casefold()


def acronym(text: str) -> str | None:
    """The letters of an all-capital short form (UNSC, U.N.), else None."""
    letters = text.replace(".", "").replace(" ", "")
    return letters if 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper() else None


def initials(name: str) -> set[str]:
    """Acronyms a multi-word name may go by: initials of its capitalized words, with and without small words."""
    words = [w for w in re.split(r"[\s-]+", name) if w]
    if len(words) < 2:
        return set()
    content = "".join(acronym(w) or w[0] for w in words if w.casefold() not in _STOP and w[0].isupper())
    every = "".join(acronym(w) or w[0] for w in words)
    return {content.upper(), every.upper()}


def abbreviates(short: str, full: str) -> bool:
    """True when `short` (UNSC, or UN Security Council) is a shortened form of the spelled-out `full`."""
    letters = acronym(short)
    words = short.split()
    if not letters and not any(acronym(w) for w in words):
        return False  # checked first: most names hold no short form, and articles compare every pair
    if any(acronym(w) for w in full.split()):
        return False
    if letters:
        return letters in initials(full)
    return words[-1].casefold() == full.rsplit(maxsplit=1)[-1].casefold() and bool(initials(short) & initials(full))


def finer_type(label: str, name: str) -> str:
    """CoNLL-style MISC split into NORP (nationalities, groups) and EVENT where the name says so."""
    if label != "MISC":
        return label
    if _DEMONYM.match(name) or name in {
        "Swiss",
        "Thai",
        "Dutch",
        "French",
        "Welsh",
        "Scots",
        "Irish",
    }:
        return "NORP"
    return "EVENT" if _EVENT.search(name) else label
