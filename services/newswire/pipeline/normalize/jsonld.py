"""schema.org article objects in a page's JSON-LD blocks, read within fixed bounds."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import lxml.html

from newswire.pipeline.normalize.dom import squash

# fmt: off
ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "blogposting", "liveblogposting", "report",
    "techarticle",
})
# fmt: on
MAX_JSON_LD_CHARS = 500_000
MAX_JSON_LD_NODES = 2_000
MIN_JSON_LD_BODY_CHARS = 300
#: A \u escape of half a surrogate pair: it decodes to a string no UTF-8 writer accepts.
_LONE_SURROGATE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def _nodes(data: Any, budget: list[int]) -> Iterator[dict[str, Any]]:
    """Every object in a JSON-LD document, breadth first, up to a fixed number."""
    queue = [data]
    while queue and budget[0] > 0:
        item = queue.pop(0)
        budget[0] -= 1
        if isinstance(item, dict):
            yield item
            queue.extend(v for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            queue.extend(item)


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type", "")
    return {str(k).lower() for k in (kind if isinstance(kind, list) else [kind])}


def _names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names = [item.get("name") if isinstance(item, dict) else item for item in items]
    return [squash(str(n)) for n in names if isinstance(n, str) and n.strip()]


def json_ld_article(tree: lxml.html.HtmlElement) -> dict[str, Any] | None:
    """The first schema.org article object in the page's JSON-LD blocks, if any."""
    budget = [MAX_JSON_LD_NODES]
    for script in tree.xpath("//script[contains(translate(@type, 'LDJSON', 'ldjson'), 'ld+json')]"):
        text = _LONE_SURROGATE.sub(r"\\ufffd", (script.text or "")[:MAX_JSON_LD_CHARS])
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue
        for node in _nodes(data, budget):
            if _types(node) & ARTICLE_TYPES:
                return node
    return None


def keywords(value: Any) -> list[str]:
    """Keywords given as a list or as one comma-separated string."""
    items = value if isinstance(value, list) else str(value or "").split(",")
    return [squash(str(item)) for item in items if str(item).strip()]


def from_json_ld(node: dict[str, Any]) -> dict[str, Any]:
    """Fields of a schema.org article object, as newswire names them."""
    section = node.get("articleSection")
    page = node.get("mainEntityOfPage")
    publisher = node.get("publisher")
    canonical = (page.get("@id") if isinstance(page, dict) else page) or node.get("url")
    return {
        "title": squash(str(node.get("headline") or "")),
        "authors": _names(node.get("author") or []),
        "published_at": node.get("datePublished"),
        "updated_at": node.get("dateModified"),
        "section": squash(str(section[0] if isinstance(section, list) and section else section or "")),
        "tags": keywords(node.get("keywords")),
        "language": node.get("inLanguage") if isinstance(node.get("inLanguage"), str) else None,
        # As text, whatever JSON value it is: even `false` or `0` is read as a (relative) link.
        "canonical_url": None if canonical in (None, "", []) else str(canonical),
        "source": next(iter(_names(publisher)), None),
    }


def json_ld_body(node: dict[str, Any] | None) -> list[str]:
    """The publisher's own articleBody as paragraphs, when it is long enough to be the story."""
    text = node.get("articleBody") if node else None
    if not isinstance(text, str) or len(text) < MIN_JSON_LD_BODY_CHARS:
        return []
    return [squash(line) for line in text[:MAX_JSON_LD_CHARS].splitlines() if line.strip()]
