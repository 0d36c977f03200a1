"""CoNLL-2003 (IOB1) files: documents of sentences with character-offset entity spans, or plain text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Sentence:
    """Tokens joined by single spaces, and gold entities as (start, end, type) character spans."""

    text: str
    spans: tuple[tuple[int, int, str], ...]


def _sentence(rows: list[tuple[str, str]]) -> Sentence:
    spans: list[tuple[int, int, str]] = []
    offset, start, kind = 0, -1, "O"
    for token, tag in rows:
        label = tag[2:] if tag != "O" else "O"
        if start >= 0 and (label != kind or tag.startswith("B-")):
            spans.append((start, offset - 1, kind))
            start = -1
        if label != "O" and start < 0:
            start = offset
        kind = label
        offset += len(token) + 1
    if start >= 0:
        spans.append((start, offset - 1, kind))
    return Sentence(" ".join(t for t, _ in rows), tuple(spans))


def read_documents(path: Path) -> Iterator[list[Sentence]]:
    """Yield each -DOCSTART- document as a list of sentences."""
    doc: list[Sentence] = []
    rows: list[tuple[str, str]] = []
    for line in [*path.read_text(encoding="utf-8", errors="replace").splitlines(), ""]:
        parts = line.split()
        if parts and parts[0] == "-DOCSTART-":
            if doc:
                yield doc
            doc = []
        elif parts:
            rows.append((parts[0], parts[-1]))
        elif rows:
            doc.append(_sentence(rows))
            rows = []
    if doc:
        yield doc


def join(doc: list[Sentence]) -> tuple[str, list[tuple[int, int, str]]]:
    """One text for a document, a sentence per line as in the Reuters original, spans shifted to match."""
    text, spans = "", []
    for sentence in doc:
        base = len(text) + (1 if text else 0)
        text = f"{text}\n{sentence.text}" if text else sentence.text
        spans += [(s + base, e + base, t) for s, e, t in sentence.spans]
    return text, spans


def texts(path: Path) -> list[str]:
    """Unlabelled Reuters text for word vectors: one string per document, its tokens joined by spaces."""
    return [" ".join(sentence.text for sentence in doc) for doc in read_documents(path)]


#: Parts of a file's documents: eng.testa's first half by position (mostly 30 August 1996 news) is dev, its
#: second half (mostly 31 August) test, so the test part is other days' stories, as a held-out set is.
PARTS = ("all", "dev", "test")


def part(docs: list[list[Sentence]], name: str) -> list[list[Sentence]]:
    """The documents of one part: `dev` the first half by position, `test` the rest, `all` every one."""
    if name not in PARTS:
        raise ValueError(f"unknown part {name!r}; one of {', '.join(PARTS)}")
    middle = (len(docs) + 1) // 2
    return docs[:middle] if name == "dev" else docs[middle:] if name == "test" else docs
