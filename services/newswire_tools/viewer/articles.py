"""One article as an HTML card: its fields with their provenance on hover, entity mentions marked."""

from __future__ import annotations

from datetime import datetime

from pydantic import ValidationError

from newswire.contracts import Article
from newswire_tools.viewer.html import COLOURS, e, lookup_link, outward_link, type_class

#: Characters of a body shown; beyond, the rest is cut with a note (mentions there are not marked).
MAX_SHOWN_BODY_CHARS = 200_000
#: Bytes of a record shown when it is not an article.
MAX_RAW_CHARS = 2_000


def read_article(value: bytes | None) -> Article | None:
    """The record's article, or None when it is not a valid article v1."""
    try:
        return Article.model_validate_json(value or b"")
    except (ValidationError, ValueError):
        return None


def highlight(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """The text escaped, with each (start, end, type, name) span in a <mark>; spans outside the
    text, empty or overlapping an earlier one are left out."""
    out: list[str] = []
    at = 0
    for start, end, kind, name in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < at or end <= start or end > len(text):
            continue
        out.append(e(text[at:start]))
        title = e(f"{kind}: {name}")
        out.append(
            f'<mark class="ent {type_class(kind)}" data-type="{e(kind)}" title="{title}">{e(text[start:end])}</mark>'
        )
        at = end
    out.append(e(text[at:]))
    return "".join(out)


def _spans(article: Article, field: str) -> list[tuple[int, int, str, str]]:
    return [(m.start, m.end, ent.type, ent.name) for ent in article.entities for m in ent.mentions if m.field == field]


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "—"


def _row(article: Article, field: str, label: str, content: str) -> str:
    origin = article.provenance.get(field)
    hover = f' title="{e("from: " + origin)}"' if origin else ""
    return f"<dt{hover}>{e(label)}</dt><dd{hover}>{content}</dd>"


def article_card(article: Article) -> str:
    """Title, source, dates, language, topics with scores, tags, duplicate link, warnings, body."""
    a = article
    topics = ", ".join(f"{e(t.label)} <small>{e(t.code)} {t.score:.2f}</small>" for t in a.topics) or "—"
    rows = [
        _row(a, "source", "source", e(a.source)),
        _row(a, "url", "url", outward_link(a.url, a.url)),
        _row(a, "canonical_url", "canonical", outward_link(a.canonical_url, a.canonical_url)),
        _row(a, "published_at", "published", e(_when(a.published_at))),
        _row(a, "updated_at", "updated", e(_when(a.updated_at))),
        _row(a, "fetched_at", "fetched", e(_when(a.fetched_at))),
        _row(a, "language", "language", e(a.language or "—")),
        _row(a, "section", "section", e(a.section or "—")),
        _row(a, "authors", "authors", e(", ".join(a.authors) or "—")),
        _row(a, "topics", "topics", topics),
        _row(a, "tags", "tags", e(", ".join(a.tags) or "—")),
        _row(a, "id", "id", lookup_link(a.id, a.id)),
    ]
    if a.duplicate_of:
        rows.append(_row(a, "duplicate_of", "copy of", lookup_link(a.duplicate_of, a.duplicate_of)))
    if a.warnings:
        warnings = "<br>".join(f'<span class="warning">{e(w)}</span>' for w in a.warnings)
        rows.append(_row(a, "warnings", "warnings", warnings))
    body = a.body[:MAX_SHOWN_BODY_CHARS]
    cut = (
        f'<p class="empty">body cut at {MAX_SHOWN_BODY_CHARS:,} of {len(a.body):,} characters</p>'
        if body != a.body
        else ""
    )
    origin = a.provenance.get("body")
    hover = f' title="{e("from: " + origin)}"' if origin else ""
    title_hover = f' title="{e("from: " + a.provenance["title"])}"' if "title" in a.provenance else ""
    return (
        f'<article class="card" id="a-{e(a.id)}">'
        f"<h3{title_hover}>{highlight(a.title, _spans(a, 'title'))}</h3>"
        f'<dl class="meta">{"".join(rows)}</dl>'
        f'<div class="body"{hover}>{highlight(body, _spans(a, "body"))}</div>{cut}'
        "</article>"
    )


def unreadable_card(where: str, value: bytes | None) -> str:
    """A record on the output topic that is not a valid article, shown as bounded text."""
    text = (value or b"").decode("utf-8", errors="replace")
    more = f" … ({len(value or b''):,} bytes)" if len(text) > MAX_RAW_CHARS else ""
    return (
        f'<article class="card"><h3>not a valid article: {e(where)}</h3>'
        f'<pre class="preview">{e(text[:MAX_RAW_CHARS])}{e(more)}</pre></article>'
    )


def legend() -> str:
    marks = "".join(f'<mark class="ent {type_class(k)}">{e(k)}</mark>' for k in COLOURS)
    return f'<p class="legend">entities: {marks} <small>(hover a field for where its value came from)</small></p>'
