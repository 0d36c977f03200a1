"""Text dumps: plain text a crawler extracted, with header lines (date, section, title, byline,
times) and footer lines (tags, the author's name, a blurb about the publisher) around the story."""

from __future__ import annotations

import re

from newswire.pipeline.draft import MAX_ARTICLE_BODY_CHARS, Draft
from newswire.pipeline.normalize import boilerplate, bylines, dates

#: Text dumps are cut here before their lines are read: twice the longest body kept, for header and footer.
MAX_TEXT_CHARS = 2 * MAX_ARTICLE_BODY_CHARS
MAX_LINE_CHARS = 20_000
HEADER_LINES = 10
#: The publisher's tail holds at most this many paragraphs (tags, bylines, notes, boilerplate).
FOOTER_LINES = 6
#: A line of this many words is prose, never a title or byline, when nothing else is left for the story.
BRIEF_WORDS = 8
#: Texts whose lines never pass this width are hard-wrapped: their paragraphs are blank-line blocks.
WRAP_WIDTH = 100
_SPACES = re.compile(r"[ \t\u00a0]+")
_DATE_LANG = re.compile(r"^date:?\s+(\d{4}-\d{2}-\d{2})(?:\s+([a-z]{2})\b.*)?$", re.IGNORECASE)
_PUBLISHED = re.compile(
    r"^(?:published|posted)\s*:?\s*(.{4,80}?)(?:\s*\|\s*(?:updated|modified)\s*:?\s*(.{4,80}))?$",
    re.IGNORECASE,
)
_UPDATED = re.compile(r"^(?:updated|modified|last updated)\s*:?\s*(.{4,80})$", re.IGNORECASE)
_TAGS_LABEL = re.compile(r"^(?:tags|topics|keywords)\s*:\s*(.+)$", re.IGNORECASE)
_SENTENCE = re.compile(r"[.!?…:;\"“”]$|[.!?]\s")
#: First words of common multi-word names, so an unseparated tag line keeps `United States` whole.
# fmt: off
_JOINS = frozenset({
    "united", "new", "south", "north", "east", "west", "saudi", "hong", "sri", "el", "costa",
    "puerto", "middle", "los", "san", "las", "white", "wall", "european", "supreme", "prime",
    "human", "climate", "central", "latin", "artificial", "real", "social", "foreign", "public",
})
# fmt: on


def _lines(text: str) -> list[str]:
    """The text's lines, cut to MAX_LINE_CHARS, each run of spaces, tabs and no-break spaces one space."""
    lines = text.splitlines()
    if max(map(len, lines), default=0) > MAX_LINE_CHARS:
        return [_SPACES.sub(" ", line[:MAX_LINE_CHARS]).strip() for line in lines]
    # No line to cut: the runs are squeezed in the whole text at once, as they never span a line
    # break, and by str.replace, many times faster than the pattern, which matches at every space.
    text = text.replace("\t", " ").replace("\u00a0", " ")
    while "  " in text:
        text = text.replace("  ", " ")
    return [line.strip() for line in text.splitlines()]


def _is_label_like(line: str, max_words: int) -> bool:
    words = line.split()
    return 0 < len(words) <= max_words and not _SENTENCE.search(line)


def split_tags(line: str) -> list[str]:
    """Tags from a footer line: split at separators if any, else at words, names kept whole."""
    labelled = _TAGS_LABEL.match(line)
    line = labelled.group(1) if labelled else line
    if re.search(r"[,|;·•]|\s{2,}|\t", line):
        return [t.strip() for t in re.split(r"[,|;·•\t]|\s{2,}", line) if t.strip()]
    tags: list[str] = []
    for word in line.split():
        if tags and tags[-1].split()[-1].casefold() in _JOINS:
            tags[-1] = f"{tags[-1]} {word}"
        else:
            tags.append(word)
    return tags


def _header(lines: list[str], draft: Draft) -> int:
    """Read header lines into candidate fields; returns the index where the story starts."""
    found: dict[str, object] = {}
    labels: list[str] = []
    index = first_label_end = 0
    # A dateline (`OSLO 2024-05-04`) is the story's first line, never a header label.
    while index < min(len(lines), HEADER_LINES) and not dates.is_dateline(lines[index]):
        line = lines[index]
        if not line or bylines.LABEL.match(line):
            index += 1
            continue
        if match := _DATE_LANG.match(line):
            found.setdefault("day", match.group(1))
            found.setdefault("language", match.group(2))
        elif match := bylines.LINE.match(line) or bylines.PIPED.match(line):
            found.setdefault("authors", [match.group(1)])
        elif match := _PUBLISHED.match(line):
            found.setdefault("published_at", match.group(1))
            found.setdefault("updated_at", match.group(2))
        elif match := _UPDATED.match(line):
            found.setdefault("updated_at", match.group(1))
        elif len(line) <= 300 and not line.endswith((".", ",", ";")) and len(labels) < 2:
            labels.append(line)
            if len(labels) == 1:
                first_label_end = index + 1
        else:
            break
        index += 1
    if not found:  # no header fields: at most a title line leads the story
        draft.offer("title", labels[0] if labels else None, "text")
        return first_label_end if labels else 0
    if len(labels) == 2:
        draft.offer("section", labels[0], "text")
    draft.offer("title", labels[-1] if labels else None, "text")
    for name in ("authors", "published_at", "updated_at", "language"):
        draft.offer(name, found.get(name), "text")
    draft.offer("published_at", found.get("day"), "text")  # the bare day only when no precise time
    return index


def _credit(line: str) -> str | None:
    """The name in a closing credit line (`By Jane Doe`), not in a sentence that starts with "By"."""
    match = bylines.LINE.match(line)
    name = match.group(1).strip() if match else ""
    words = name.split()
    capitalized = all(w[0].isupper() or w in {"and", "&", "de", "van", "von"} for w in words)
    return name if 0 < len(words) <= 6 and capitalized and not _SENTENCE.search(name) else None


def _is_tag_line(line: str) -> bool:
    if _TAGS_LABEL.match(line):
        return True
    words = [w for w in line.split() if w[0].isalnum()]
    names_listed = bool(re.search(r"[()]|,$", line))  # a results story's names, or a name and its country
    return _is_label_like(line, 12) and bool(words) and all(w[0].isupper() for w in words) and not names_listed


def _brief(lines: list[str], start: int, draft: Draft) -> int:
    """Where the story starts when the header took every line: a one-paragraph brief whose lead, cut
    off without a full stop or opening "By the end of ...", read as a title or a byline. The first
    line that is not a date line and is prose (BRIEF_WORDS words or more) or, when the crawler gave
    the title, any other line that is not a byline, is the story, and stops being a title or author.
    With none (an empty text, the title alone, a byline alone) the text really has no story."""
    title = (draft.raw.title or "").strip().casefold()
    for index, line in enumerate(lines[:start]):
        if not line or any(p.match(line) for p in (_DATE_LANG, _PUBLISHED, _UPDATED, bylines.LABEL)):
            continue
        short = len(line.split()) < BRIEF_WORDS
        if short and (not title or line.casefold() == title or bylines.LINE.match(line)):
            continue
        for name in ("title", "authors", "section"):
            origin, value = draft.candidates.get(name, ("", None))
            if origin == "text" and (value == line or (isinstance(value, list) and value and line.endswith(value[0]))):
                del draft.candidates[name]
        return index
    return start


def _only_a_byline(lines: list[str], draft: Draft) -> str | None:
    """The byline of a headline-only item ("By Bloomberg News."): a crawler title over a text that
    holds nothing else but that title and date lines. Such an item is still news, read by its title."""
    if not (draft.raw.title or "").strip():
        return None
    return next((line for line in lines if bylines.LINE.match(line)), None)


def _footer(paragraphs: list[str], draft: Draft) -> list[str]:
    """Strip the publisher's tail after the story's last paragraph, in any order: the tag line (read
    into tags), the byline repeated (read into authors), notes about the publisher, boilerplate."""
    declared = draft.candidates.get("authors", ("", []))[1]
    names = {str(n).casefold() for n in declared} if isinstance(declared, list) else set()
    names |= {bylines.strip_prefix(n) for n in names}
    paragraphs = boilerplate.trim_tail(paragraphs)  # an "About the publisher" section may follow the tags
    end = len(paragraphs)
    while end > max(1, len(paragraphs) - FOOTER_LINES):
        last = paragraphs[end - 1]
        if last.casefold() in names:
            pass  # the byline repeated
        elif credit := _credit(last):
            draft.offer("authors", [credit], "text")
        elif _is_tag_line(last):
            draft.offer("tags", split_tags(last), "text")
        elif not (boilerplate.is_boilerplate(last) or boilerplate.is_closing_note(last)):
            break
        end -= 1
    return boilerplate.trim_tail(paragraphs[:end])


def _paragraphs(lines: list[str]) -> list[str]:
    """One paragraph per line, unless the text is hard-wrapped into blank-line separated blocks."""
    filled = [line for line in lines if line]
    wrapped = len(filled) < len(lines) and filled and max(len(x) for x in filled) <= WRAP_WIDTH
    if not wrapped:
        return filled
    blocks = "\n".join(lines).split("\n\n")
    return [" ".join(block.split()) for block in blocks if block.strip()]


def extract(draft: Draft) -> Draft:
    """Turn header and footer lines into candidate fields and keep the story as paragraphs."""
    text = draft.raw.body[:MAX_TEXT_CHARS]
    if len(draft.raw.body) > MAX_TEXT_CHARS:
        draft.warnings.append(f"text cut to {MAX_TEXT_CHARS} characters")
    lines = _lines(text)
    if any(len(line) >= MAX_LINE_CHARS for line in lines):
        draft.warnings.append(f"lines cut to {MAX_LINE_CHARS} characters")
    start = _header(lines, draft)
    if not any(lines[start:]):
        start = _brief(lines, start, draft)
    if not any(lines[start:]) and (credit := _only_a_byline(lines, draft)):
        draft.keep_paragraphs([credit])
        draft.warnings.append("the text under the crawler's title is only a byline; the byline is kept as the body")
        return draft
    story = _footer(_paragraphs(lines[start:]), draft)  # first: a `Tags:` line is boilerplate to the mask
    draft.keep_paragraphs([p for p, keep in zip(story, boilerplate.keep_mask(story), strict=True) if keep])
    return draft
