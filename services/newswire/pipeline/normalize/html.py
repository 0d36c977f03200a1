"""HTML pages: declared metadata, the main text as paragraphs, and what the markup says besides."""

from __future__ import annotations

import lxml.html

from newswire.errors import ErrorCode, RecordError, Stage
from newswire.pipeline.draft import Draft
from newswire.pipeline.normalize import body, dom, jsonld, metadata


def _markup_fields(tree: lxml.html.HtmlElement) -> dict[str, str | None]:
    canonical = tree.xpath("//link[contains(translate(@rel, 'CANONICAL', 'canonical'), 'canonical')]/@href")
    return {
        "canonical_url": str(canonical[0]) if canonical else None,
        "language": tree.get("lang") or None,
        "title": dom.squash(tree.findtext(".//title") or "") or None,
    }


def extract(draft: Draft) -> Draft:
    """Fill paragraphs and candidate metadata from the page."""
    html = draft.raw.body
    if not html.strip():
        raise RecordError(Stage.NORMALIZE, ErrorCode.EMPTY_BODY, "the page is empty")
    if len(html) > dom.MAX_HTML_CHARS:
        draft.warnings.append(f"page cut to {dom.MAX_HTML_CHARS} characters before extraction")
    tree = dom.parse(html)
    meta = metadata.meta_tags(tree)
    declared = metadata.offer_declared(tree, meta, draft)
    markup = _markup_fields(tree)
    anchors = dom.anchor_texts(tree)
    draft.warnings += dom.bound_for_extraction(tree)  # metadata above is read from the whole page
    doc = body.main_content(tree, draft.url, len(html))
    if doc is not None:
        titles = [
            str(markup["title"] or ""),
            doc.title or "",
            str(draft.candidates.get("title", ("", ""))[1]),
        ]
        description = (meta.get("og:description") or meta.get("description") or [""])[0]
        draft.keep_paragraphs(body.drop_repeats(body.paragraphs(doc, anchors), titles, description))
        draft.offer("title", doc.title, "html")
        draft.offer("authors", [a.strip() for a in (doc.author or "").split(";") if a.strip()], "html")
        draft.offer("published_at", doc.date, "html")
        draft.offer("section", next(iter(doc.categories or []), None), "html")
        draft.offer(
            "tags",
            [t.strip() for tag in doc.tags or [] for t in tag.split(",") if t.strip()],
            "html",
        )
        draft.offer("source", doc.sitename, "html")
    for name, value in markup.items():
        draft.offer(name, value, "html")
    if not draft.paragraphs and (fallback := jsonld.json_ld_body(declared)):
        draft.keep_paragraphs(fallback)
        draft.warnings.append("no main text found in the markup; the JSON-LD articleBody is used")
    return draft
