"""The article's paragraphs from a parsed page: trafilatura's main-content pick, then filters."""

from __future__ import annotations

import re

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document, set_date_params
from trafilatura.xml import xmltotxt

from newswire.pipeline.normalize import boilerplate
from newswire.pipeline.normalize.dom import squash

#: A paragraph that is one whole link and reads like a headline (no closing punctuation).
_HEADLINE_END = re.compile(r"[.!?:;\"'”’)]$")
_MAX_LINKED_HEADLINE = 160
_MIN_REPEAT = 15


#: Pages longer than this skip htmldate's extensive search (regular expressions over the whole
#: serialized page: 3 MB of markup took 1.7 s); their dates come from metadata and markup only.
MAX_EXTENSIVE_DATE_SEARCH_CHARS = 1_000_000


def main_content(tree: lxml.html.HtmlElement, url: str, page_chars: int = 0) -> Document | None:
    """trafilatura's reading of the page, leaning to precision, comments left out, tables kept."""
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        date_extraction_params=set_date_params(extensive=page_chars <= MAX_EXTENSIVE_DATE_SEARCH_CHARS),
    )
    return doc if isinstance(doc, Document) else None


def _is_link_block(block: etree._Element, anchors: frozenset[str]) -> bool:
    if block.tag == "list":
        items = [squash(item.xpath("string()")).casefold() for item in block.iter("item")]
        return bool(items) and all(item in anchors for item in items if item)
    text = squash(block.xpath("string()"))
    return (
        block.tag in {"p", "head"}
        and len(text) <= _MAX_LINKED_HEADLINE
        and text.casefold() in anchors
        and not _HEADLINE_END.search(text)
    )


def _prune(body: etree._Element, anchors: frozenset[str]) -> None:
    blocks = list(body)
    texts = [squash(block.xpath("string()")) if block.tag in {"p", "head"} else "" for block in blocks]
    for block, keep in zip(blocks, boilerplate.keep_mask(texts), strict=True):
        if not keep or _is_link_block(block, anchors):
            body.remove(block)
    while len(body) and body[-1].tag == "head":
        body.remove(body[-1])


def drop_repeats(paragraphs: list[str], titles: list[str], description: str) -> list[str]:
    """Leading lines repeating the headline, or the standfirst in the description, are not body."""
    heads = [t.casefold() for t in titles if t]
    while paragraphs and _MIN_REPEAT <= len(paragraphs[0]) <= _MAX_LINKED_HEADLINE * 2:
        first = paragraphs[0].casefold()
        standfirst = first == description.casefold() and not _HEADLINE_END.search(first)
        if not (standfirst or any(first in head for head in heads)):
            break
        paragraphs = paragraphs[1:]
    return paragraphs


def paragraphs(doc: Document, anchors: frozenset[str]) -> list[str]:
    """Plain paragraphs, with link lists, lone linked headlines and boilerplate lines removed."""
    if doc.body is None:
        return []
    _prune(doc.body, anchors)
    lines = (squash(line) for line in xmltotxt(doc.body, include_formatting=False).split("\n"))
    return boilerplate.clean([line for line in lines if line], named_sections=False)
