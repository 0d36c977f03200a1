"""Hand-annotated text: documents of lines, entities marked in place as `[TYPE text]`.

`-DOCSTART-` opens a document, `#` starts a comment line; every other non-blank line is one line of
the document (the first its headline), read as a CoNLL sentence is, so the CoNLL scorers apply.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from newswire_tools.datasets.conll import Sentence

_MARK = re.compile(r"\[(PER|LOC|ORG|MISC) ([^\[\]]+)\]")


def sentence(line: str) -> Sentence:
    """One annotated line as plain text with its entities' (start, end, type) spans."""
    text, spans, at = "", [], 0
    for mark in _MARK.finditer(line):
        text += line[at : mark.start()]
        spans.append((len(text), len(text) + len(mark.group(2)), mark.group(1)))
        text += mark.group(2)
        at = mark.end()
    text += line[at:]
    if "[" in text or "]" in text:
        raise ValueError(f"unreadable mark in {line!r}")
    return Sentence(text, tuple(spans))


def read_documents(path: Path) -> Iterator[list[Sentence]]:
    """Yield each document as a list of lines."""
    doc: list[Sentence] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            if doc:
                yield doc
            doc = []
        elif line.strip() and not line.startswith("#"):
            doc.append(sentence(line.strip()))
    if doc:
        yield doc


#: Twelve French news stories written and annotated by hand for newswire (not a public set).
FRENCH_HANDMADE = Path(__file__).with_name("fr_news_handmade.txt")


def articles(path: Path) -> list[tuple[str, str]]:
    """Each document as (title, body): its first line, and the others as paragraphs."""
    return [(doc[0].text, "\n\n".join(s.text for s in doc[1:])) for doc in read_documents(path)]
