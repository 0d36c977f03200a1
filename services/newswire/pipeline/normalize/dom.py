"""Parse a page once into an lxml tree, within bounds; read what the body filters need from it."""

from __future__ import annotations

import itertools
import re

import lxml.html
from lxml import etree

from newswire.errors import ErrorCode, RecordError, Stage

#: Pages are cut to this many characters before parsing: bounds parse time and memory.
MAX_HTML_CHARS = 3_000_000
#: News pages hold a few thousand elements (the extraction benchmark's largest, 1,600); a page with
#: more than MAX_ELEMENTS is refused, and only the first MAX_EXTRACTED_ELEMENTS are read for the body:
#: extraction time grows with the count (19,000 paragraphs took 2.6 s).
MAX_ELEMENTS = 20_000
MAX_EXTRACTED_ELEMENTS = 5_000
#: Text the extractor reads from a page, three times the longest body kept: its time grows with
#: the page's text (2.7 MB of paragraphs took 1.4 s). Scripts and styles have their own allowance
#: (the extractor's date and metadata search reads them too; newswire reads JSON-LD before the cut).
MAX_PAGE_TEXT_CHARS = 600_000
MAX_PAGE_SCRIPT_CHARS = 300_000
#: Attributes kept per tag: libxml2 checks each new attribute against all earlier ones, so its time
#: grows with the square of their number (200,000 on one tag took minutes).
MAX_ATTRIBUTES = 500
#: A tag long enough that its attributes are worth counting (no quick parse of every tag).
_LONG_TAG = re.compile(rf"<[A-Za-z][^<>]{{{MAX_ATTRIBUTES * 4},}}")
_ATTRIBUTE = re.compile(r"""\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]*))?""")
_VERBATIM = frozenset({"script", "style"})
#: Inline pop-ups (people cards, glossary tips) whose text would run into the sentence around them.
_POPUP = re.compile(r"rollover|tooltip|popover|hovercard|hover-card|popup-content", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
#: Control characters other than tab, line feed, form feed and carriage return; and U+FFFD, what
#: bytes that were not UTF-8 decode to.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")
_MAX_ANCHOR_CHARS = 300
#: Comments and processing instructions dropped at parse time, as trafilatura's own loader does.
_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False)


def looks_binary(text: str) -> bool:
    """True when the start of the text is mostly control characters or decoding failures."""
    sample = text[:4096]
    controls = len(_CONTROL.findall(sample))
    return controls > len(sample) * 0.05


def parse(html: str) -> lxml.html.HtmlElement:
    """An lxml tree of the page; libxml2 caps nesting depth, so deep pages cannot recurse far. A binary
    body never reaches here: normalize's extract refuses it first."""
    try:
        tree = lxml.html.document_fromstring(_few_attributes(html[:MAX_HTML_CHARS]), parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise RecordError(Stage.NORMALIZE, ErrorCode.EXTRACTION_FAILED, "the page cannot be parsed as HTML") from exc
    count = sum(1 for _ in tree.iter())
    if count > MAX_ELEMENTS:
        raise RecordError(
            Stage.NORMALIZE,
            ErrorCode.EXTRACTION_FAILED,
            f"the page has {count} elements, over {MAX_ELEMENTS}",
        )
    for element in tree.xpath("//body//*[@class or @id]"):
        marks = f"{element.get('class', '')} {element.get('id', '')}"
        if element.tag in {"span", "div", "aside"} and _POPUP.search(marks) and element.getparent() is not None:
            element.drop_tree()
    return tree


def _few_attributes(html: str) -> str:
    """The page with each tag cut after its first MAX_ATTRIBUTES attributes."""

    def cut(tag: re.Match[str]) -> str:
        text = tag.group()
        ends = [m.end() for m in itertools.islice(_ATTRIBUTE.finditer(text, 2), MAX_ATTRIBUTES + 1)]
        return text[: ends[MAX_ATTRIBUTES - 1]] if len(ends) > MAX_ATTRIBUTES else text

    return _LONG_TAG.sub(cut, html)


def bound_for_extraction(tree: lxml.html.HtmlElement) -> list[str]:
    """Cut the page to MAX_EXTRACTED_ELEMENTS elements and MAX_PAGE_TEXT_CHARS of text, in page
    order, before the extractor reads it; what was cut is said in the warnings returned."""
    warnings = []
    elements = list(tree.iter())
    # Removing an element removes its descendants, so what stays is the first MAX_EXTRACTED_ELEMENTS,
    # in page order: the list, not another walk of the tree, is what the text budget reads.
    if len(elements) > MAX_EXTRACTED_ELEMENTS:
        kept = set(elements[:MAX_EXTRACTED_ELEMENTS])
        for element in elements[MAX_EXTRACTED_ELEMENTS:]:
            parent = element.getparent()
            if parent is not None and parent in kept:
                parent.remove(element)
        warnings.append(f"page cut to its first {MAX_EXTRACTED_ELEMENTS} elements before extraction")
    budgets = {"text": MAX_PAGE_TEXT_CHARS, "script": MAX_PAGE_SCRIPT_CHARS}
    for element in elements[:MAX_EXTRACTED_ELEMENTS]:
        for part in ("text", "tail"):
            value = getattr(element, part)
            kind = "script" if part == "text" and element.tag in _VERBATIM else "text"
            if not value:
                continue
            if budgets[kind] < len(value):
                setattr(element, part, value[: max(budgets[kind], 0)] or None)
            budgets[kind] -= len(value)
    if budgets["text"] < 0:
        warnings.append(f"page text cut to {MAX_PAGE_TEXT_CHARS} characters before extraction")
    return warnings


def squash(text: str) -> str:
    """Whitespace runs to one space, trimmed."""
    return _SPACE.sub(" ", text).strip()


def anchor_texts(tree: lxml.html.HtmlElement) -> frozenset[str]:
    """Texts of the page's links, lower-cased, to tell link lists from prose."""
    texts = (squash(a.text_content()[:_MAX_ANCHOR_CHARS]).casefold() for a in tree.iter("a"))
    return frozenset(text for text in texts if text)
