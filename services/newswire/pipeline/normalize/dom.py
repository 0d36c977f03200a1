"""Parse a page once into an lxml tree, within bounds; read what the body filters need from it."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from newswire.errors import ErrorCode, RecordError, Stage

#: Pages are cut to this many characters before parsing: bounds parse time and memory.
MAX_HTML_CHARS = 3_000_000
#: News pages hold a few thousand elements; extraction time grows with the count, so it is capped.
MAX_ELEMENTS = 20_000
#: Inline pop-ups (people cards, glossary tips) whose text would run into the sentence around them.
_POPUP = re.compile(r"rollover|tooltip|popover|hovercard|hover-card|popup-content", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_MAX_ANCHOR_CHARS = 300
#: Comments and processing instructions dropped at parse time, as trafilatura's own loader does.
_PARSER = lxml.html.HTMLParser(
    remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False
)


def looks_binary(text: str) -> bool:
    """True when the start of the text is mostly control characters or decoding failures."""
    sample = text[:4096]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\r\n\f") + sample.count("\ufffd")
    return controls > len(sample) * 0.05


def parse(html: str) -> lxml.html.HtmlElement:
    """An lxml tree of the page; libxml2 caps nesting depth, so deep pages cannot recurse far."""
    if looks_binary(html):
        raise RecordError(
            Stage.NORMALIZE, ErrorCode.NOT_TEXT, "content_type is text/html but the body is binary"
        )
    try:
        tree = lxml.html.document_fromstring(html[:MAX_HTML_CHARS], parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise RecordError(
            Stage.NORMALIZE, ErrorCode.EXTRACTION_FAILED, "the page cannot be parsed as HTML"
        ) from exc
    count = sum(1 for _ in tree.iter())
    if count > MAX_ELEMENTS:
        raise RecordError(
            Stage.NORMALIZE,
            ErrorCode.EXTRACTION_FAILED,
            f"the page has {count} elements, over {MAX_ELEMENTS}",
        )
    for element in tree.xpath("//body//*[@class or @id]"):
        marks = f"{element.get('class', '')} {element.get('id', '')}"
        if (
            element.tag in {"span", "div", "aside"}
            and _POPUP.search(marks)
            and element.getparent() is not None
        ):
            element.drop_tree()
    return tree


def squash(text: str) -> str:
    """Whitespace runs to one space, trimmed."""
    return _SPACE.sub(" ", text).strip()


def anchor_texts(tree: lxml.html.HtmlElement) -> frozenset[str]:
    """Texts of the page's links, lower-cased, to tell link lists from prose."""
    texts = (squash(a.text_content()[:_MAX_ANCHOR_CHARS]).casefold() for a in tree.iter("a"))
    return frozenset(text for text in texts if text)
