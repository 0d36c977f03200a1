"""Article metadata a page declares: JSON-LD (schema.org articles), OpenGraph and meta tags."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import lxml.html

from newswire.pipeline.draft import Draft
from newswire.pipeline.normalize.dom import squash

ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
     "backgroundnewsarticle", "reviewnewsarticle", "blogposting", "liveblogposting", "report", "techarticle"}
)
MAX_JSON_LD_CHARS = 500_000
MAX_JSON_LD_NODES = 2_000
#: Meta tag names (name= or property=) per field, best first.
META_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("og:title", "twitter:title", "dc.title", "sailthru.title", "parsely-title"),
    "authors": ("author", "article:author", "byl", "dc.creator", "sailthru.author", "parsely-author"),
    "published_at": ("article:published_time", "og:published_time", "datepublished", "pubdate",
                     "publish-date", "parsely-pub-date", "sailthru.date", "dc.date", "date"),
    "updated_at": ("article:modified_time", "og:updated_time", "datemodified", "last-modified"),
    "section": ("article:section", "parsely-section", "section", "category"),
    "tags": ("article:tag", "news_keywords", "keywords", "parsely-tags", "sailthru.tags"),
    "language": ("og:locale", "content-language", "dc.language", "language"),
    "canonical_url": ("og:url",),
    "source": ("og:site_name", "application-name"),
}
_LIST_FIELDS = frozenset({"authors", "tags"})


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
        text = (script.text or "")[:MAX_JSON_LD_CHARS]
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue
        for node in _nodes(data, budget):
            if _types(node) & ARTICLE_TYPES:
                return node
    return None


def _keywords(value: Any) -> list[str]:
    items = value if isinstance(value, list) else str(value or "").split(",")
    return [squash(str(item)) for item in items if str(item).strip()]


def from_json_ld(node: dict[str, Any]) -> dict[str, Any]:
    """Fields of a schema.org article object, as newswire names them."""
    section = node.get("articleSection")
    page = node.get("mainEntityOfPage")
    publisher = node.get("publisher")
    return {
        "title": squash(str(node.get("headline") or "")),
        "authors": _names(node.get("author") or []),
        "published_at": node.get("datePublished"),
        "updated_at": node.get("dateModified"),
        "section": squash(str(section[0] if isinstance(section, list) and section else section or "")),
        "tags": _keywords(node.get("keywords")),
        "language": node.get("inLanguage") if isinstance(node.get("inLanguage"), str) else None,
        "canonical_url": (page.get("@id") if isinstance(page, dict) else page) or node.get("url"),
        "source": (_names(publisher) or [None])[0],
    }


def meta_tags(tree: lxml.html.HtmlElement) -> dict[str, list[str]]:
    """Contents of <meta> tags keyed by lower-cased name or property, in page order."""
    found: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = squash(meta.get("content") or "")
        if key and content:
            found.setdefault(key, []).append(content[:2000])
    return found


def from_meta(meta: dict[str, list[str]]) -> dict[str, Any]:
    """Fields from meta tags: the first listed name present wins."""
    fields: dict[str, Any] = {}
    for name, keys in META_FIELDS.items():
        values = next((meta[k] for k in keys if k in meta), [])
        if name in _LIST_FIELDS:
            fields[name] = [v for value in values for v in _keywords(value)] if name == "tags" else values
        elif values:
            fields[name] = values[0]
    return fields


def offer_declared(tree: lxml.html.HtmlElement, meta: dict[str, list[str]], draft: Draft) -> None:
    """Offer JSON-LD values first, then meta tags; authors that are links are left out."""
    node = json_ld_article(tree)
    sources = [("json-ld", from_json_ld(node) if node else {}), ("meta", from_meta(meta))]
    for origin, fields in sources:
        for name, value in fields.items():
            if name == "authors":
                value = [v for v in value if "://" not in v]
            draft.offer(name, value, origin)
