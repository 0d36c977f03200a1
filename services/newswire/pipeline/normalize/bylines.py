"""What a byline looks like, in one place: each pattern reads it for a different purpose."""

from __future__ import annotations

import re

#: The words that open a byline ("By", "From:", "Reporting by"), a whole word, stripped from an
#: author's name wherever one is read.
PREFIX = re.compile(r"^(?:by|from|written by|words by|reporting by)\b\s*:?\s*", re.IGNORECASE)
#: A text dump's byline line, the names after it (group 1): "By Jane Doe", "Authors: A and B".
LINE = re.compile(r"^(?:by|authors?|written by)\s*:?\s+(.{2,200})$", re.IGNORECASE)
#: A byline with no opening word: a person's name, a bar, the agency or paper ("Jane Doe | Reuters").
PIPED = re.compile(r"^((?:[A-Z][\w.'’-]+ ){1,3}[A-Z][\w.'’-]+ ?\| ?[A-Z][\w&.'’ -]{1,60})$")
#: A label standing alone on its line, the names on the next ("Author:", "Byline").
LABEL = re.compile(r"^(?:authors?|by|byline)\s*:?$", re.IGNORECASE)
#: A credit line in the body (reporting, editing, photo, copyright), which the entity recognizer
#: does not read as prose; group 1 is its opening word.
CREDIT = re.compile(
    r"^(by|reporting by|written by|edited by|additional reporting|photo|image|credit|copyright|©)\b",
    re.IGNORECASE,
)


def strip_prefix(text: str) -> str:
    """The text without a byline's opening words."""
    return PREFIX.sub("", text)
