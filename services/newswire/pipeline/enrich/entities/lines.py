"""What the recognizer reads of an article: its title and paragraphs, one line at a time, made safe to read.

A line set in capitals is re-cased, a dateline's date and long runs without a space are blanked (same
length, so offsets hold), and each recognized span is mapped back to the article's own text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newswire.pipeline.enrich.entities import casing, headings, mentions
from newswire.pipeline.enrich.entities.consolidate import Span
from newswire.pipeline.normalize import dates

#: Only this much of a body goes through the model: one long article must not stall a batch.
MAX_RECOGNIZED_CHARS = 20_000
#: Runs of more characters than this without a space (URLs, walls of emoji or punctuation) are
#: blanked before the model sees them: spaCy's tokenizer strips affixes one character at a time,
#: so its time grows with the square of a run's length ("!" * 10,000 took 7.6 s).
MAX_RUN_CHARS = 48
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")
#: A title counts most for salience, but a line that is not a sentence (a title, a heading, a table row)
#: counts least for the type: the recognizer reads it out of context.
_OUT_OF_CONTEXT_VOTE = 0.5
_SENTENCE_END = re.compile(r"[.!?\"'”’)]\s*$")
#: Names of people, organisations and places, which never end in a bare number.
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
_TRAILING_NUMBER = re.compile(r"(?:\s+[\d.,:-]+)+\s*$")


@dataclass(frozen=True)
class Line:
    """One line the recognizer reads: the title or a body paragraph, re-cased if set in capitals."""

    article: int
    field: str
    offset: int
    text: str
    model_text: str
    recased: bool

    def span(self, start: int, end: int, label: str) -> Span:
        """A recognized span as (text, label, field, start, end) in the article, spaces trimmed off its ends."""
        text = self.model_text[start:end]
        if label in _NAME_LABELS:
            text = _TRAILING_NUMBER.sub("", text)  # a score or a count in a table row: "Kelston Rovers 2"
        start += len(text) - len(text.lstrip())
        end = start + len(text.strip())
        return (self.text[start:end], label, self.field, self.offset + start, self.offset + end)

    @property
    def heading(self) -> bool:
        """A subheading of the body, or a title in title case (headings.is_heading)."""
        if self.field == "title":
            return headings.is_heading(self.text, headings.TITLE_MAX_WORDS)
        return headings.is_heading(self.text)

    @property
    def vote(self) -> float:
        """What each of its mentions counts towards an entity's type: a body sentence as it was written
        counts fully, any other line (title, heading, table row, re-cased line) counts less."""
        sentence = self.field == "body" and not self.recased and bool(_SENTENCE_END.search(self.text))
        return 1.0 if sentence else _OUT_OF_CONTEXT_VOTE


def lines(article: int, title: str, body: str, capitals: bool) -> list[Line]:
    """The title and each paragraph of the body's first MAX_RECOGNIZED_CHARS characters, bylines left out.

    Each paragraph is read on its own, as the recognizer was trained on sentences; a heading, a
    dateline or a table row is content like any other line."""
    pieces = [("title", 0, title)] if title.strip() else []
    offset = 0
    for paragraph in body[:MAX_RECOGNIZED_CHARS].split("\n\n"):
        if paragraph.strip() and not mentions.is_byline(paragraph):
            pieces.append(("body", offset, paragraph))
        offset += len(paragraph) + 2
    recased = casing.recase([text for _, _, text in pieces], capitals)
    return [
        Line(article, where, at, text, _blank_long_runs(_without_date(model_text)), changed)
        for (where, at, text), (model_text, changed) in zip(pieces, recased, strict=True)
    ]


def _blank_long_runs(text: str) -> str:
    """Each run longer than MAX_RUN_CHARS without a space replaced by as many spaces (offsets kept)."""
    return _LONG_RUN.sub(lambda run: " " * len(run.group()), text)


def _without_date(line: str) -> str:
    """A dateline's date blanked out (same length): a recognizer otherwise reads it into the place's name."""
    span = dates.dateline_date(line)
    return f"{line[: span[0]]}{' ' * (span[1] - span[0])}{line[span[1] :]}" if span else line


def corroborated(pairs: list[tuple[Span, float]]) -> list[tuple[Span, float]]:
    """Mentions of a capitalized title kept only where the body names them too (capitals mislead there)."""
    named = {mentions.key(span[0]) for span, _ in pairs if span[2] == "body"}
    named |= {name.rsplit(maxsplit=1)[-1] for name in named if " " in name}
    return [(span, vote) for span, vote in pairs if span[2] != "title" or mentions.key(span[0]) in named]
