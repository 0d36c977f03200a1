"""Headlines and datelines set in capitals or title case, re-cased from the article's own prose.

A recognizer reads capitals as names: "Potential Talks Meeting In Doubt" gives an organisation
called "Potential Talks Meeting". Before recognition, each word of such a line takes the casing the
article's prose gives it (mid-sentence, where capitals mean names), so only names stay capitalized.
Only letter case changes, never the length, so mention offsets stay those of the original line.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

#: Words written in lower case in any English sentence; a capital on one of these is style, not a name.
# fmt: off
_SMALL = frozenset({
    "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "from", "by",
    "with", "as", "into", "over", "after", "before", "about", "against", "is", "are", "was", "were",
    "be", "been", "has", "have", "had", "will", "would", "can", "could", "may", "might", "must",
    "shall", "should", "do", "does", "did", "not", "no", "up", "down", "out", "off", "new", "says",
    "said", "say", "its", "it", "this", "that", "these", "those", "than", "then", "who", "what",
    "when", "where", "why", "how", "all", "more", "most", "some", "any", "his", "her", "their",
    "our", "your", "my", "he", "she", "they", "we", "you", "i",
})
# fmt: on
_WORD = re.compile(r"[^\W\d_]+(?:['’.][^\W\d_]+)*\.?")
#: A word starts a sentence after these and a space (or after a spaced dash, or at the line's start).
_SENTENCE_END = frozenset('.!?:;"“”(')
#: A line is shouted when this share of its letters are capitals.
SHOUTING = 0.8
#: A line is in title case when this share of its words (three or more) start with a capital.
TITLE_CASE = 0.75


def _starts_sentence(line: str, at: int) -> bool:
    """Whether a word at `at` starts a sentence: looks back over the spaces before it, never the whole line."""
    if at == 0:
        return True
    end = at
    while end and line[end - 1].isspace():
        end -= 1
    if end in (at, 0):
        return line[:at] == "\n"  # as a regex's `^$` would read it: the end matches before a final newline
    if line[end - 1] in _SENTENCE_END:
        return True
    dash = end
    while dash and line[dash - 1] == "-":
        dash -= 1
    return dash < end and dash > 0 and line[dash - 1].isspace()


def _is_upper_start(word: str) -> bool:
    return word[:1].isupper()


def style(line: str) -> str | None:
    """ "shouting", "title" (most words capitalized, small words among them) or None for ordinary text."""
    letters = sum(map(str.isalpha, line))
    if letters >= 4 and sum(map(str.isupper, line)) >= SHOUTING * letters:
        return "shouting"
    words = _WORD.findall(line)
    capitals = [w for w in words if _is_upper_start(w)]
    small = [w for w in capitals[1:] if w.casefold() in _SMALL]
    if len(words) >= 3 and len(capitals) >= TITLE_CASE * len(words) and small:
        return "title"
    return None


def _evidence(lines: Sequence[str]) -> dict[str, Counter[str]]:
    """How ordinary lines write each word where case carries meaning: not at a sentence start."""
    forms: dict[str, Counter[str]] = {}
    for line in lines:
        for match in _WORD.finditer(line):
            if not _starts_sentence(line, match.start()):
                word = match.group().rstrip(".")
                forms.setdefault(word.casefold(), Counter())[word] += 1
    return forms


def _recase(word: str, first: bool, shouted: bool, forms: dict[str, Counter[str]]) -> str:
    bare = word.rstrip(".")
    seen = forms.get(bare.casefold())
    if seen:
        form = seen.most_common(1)[0][0]
        form = form[:1].upper() + form[1:] if first else form
    elif bare.casefold() in _SMALL:
        form = bare.capitalize() if first else bare.lower()
    else:
        form = (bare.capitalize() if first else bare.lower()) if shouted else bare
    return form + word[len(bare) :] if len(form) == len(bare) else word


def recase(lines: Sequence[str], capitals: bool = True) -> list[tuple[str, bool]]:
    """Each line, re-cased if in title case or (with `capitals`) shouted, with whether it was."""
    found = [style(line) for line in lines]
    styles = [kind if capitals or kind != "shouting" else None for kind in found]
    if not any(styles):
        return [(line, False) for line in lines]  # nothing to re-case: the evidence is not needed
    forms = _evidence([line for line, kind in zip(lines, found, strict=True) if kind is None])
    result = []
    for line, kind in zip(lines, styles, strict=True):
        if kind is None:
            result.append((line, False))
            continue
        pieces, at = [], 0
        for number, match in enumerate(_WORD.finditer(line)):
            first = number == 0 or _starts_sentence(line, match.start())
            pieces += [line[at : match.start()], _recase(match.group(), first, kind == "shouting", forms)]
            at = match.end()
        result.append(("".join([*pieces, line[at:]]), True))
    return result
