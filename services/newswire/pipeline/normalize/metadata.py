"""Article metadata a page declares: JSON-LD first, then OpenGraph and other meta tags."""

from __future__ import annotations

from typing import Any

import lxml.html

from newswire.pipeline.draft import Draft
from newswire.pipeline.normalize import jsonld
from newswire.pipeline.normalize.dom import squash

#: Meta tag names (name= or property=) per field, best first.
META_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("og:title", "twitter:title", "dc.title", "sailthru.title", "parsely-title"),
    "authors": (
        "author",
        "article:author",
        "byl",
        "dc.creator",
        "sailthru.author",
        "parsely-author",
    ),
    "published_at": (
        "article:published_time",
        "og:published_time",
        "datepublished",
        "pubdate",
        "publish-date",
        "parsely-pub-date",
        "sailthru.date",
        "dc.date",
        "date",
    ),
    "updated_at": ("article:modified_time", "og:updated_time", "datemodified", "last-modified"),
    "section": ("article:section", "parsely-section", "section", "category"),
    "tags": ("article:tag", "news_keywords", "keywords", "parsely-tags", "sailthru.tags"),
    "language": ("og:locale", "content-language", "dc.language", "language"),
    "canonical_url": ("og:url",),
    "source": ("og:site_name", "application-name"),
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
        if name == "tags":
            fields[name] = [v for value in values for v in jsonld.keywords(value)]
        elif name == "authors":
            fields[name] = values
        elif values:
            fields[name] = values[0]
    return fields


def offer_declared(tree: lxml.html.HtmlElement, meta: dict[str, list[str]], draft: Draft) -> dict[str, Any] | None:
    """Offer JSON-LD values first, then meta tags (author links left out); returns the JSON-LD."""
    node = jsonld.json_ld_article(tree)
    sources = [("json-ld", jsonld.from_json_ld(node) if node else {}), ("meta", from_meta(meta))]
    for origin, fields in sources:
        for name, value in fields.items():
            links = name == "authors"
            draft.offer(name, [v for v in value if "://" not in v] if links else value, origin)
    return node
