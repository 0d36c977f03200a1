"""The bench's articles: the shipped samples, a JSON Lines file of raw articles, or a folder of .txt files."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import lxml.html


def load(path: Path | None, limit: int) -> list[dict[str, Any]]:
    """Raw articles (dicts) to publish again and again; a folder's .txt files read title first, then body."""
    if path is None:
        text = (resources.files("newswire") / "samples" / "articles.jsonl").read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines() if line.strip()][:limit]
    if path.is_file():
        lines = path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()][:limit]
    articles = []
    for file in sorted(path.rglob("*.txt"))[:limit]:
        title, _, body = file.read_bytes().decode("utf-8", errors="replace").strip().partition("\n")
        if body.strip():
            articles.append(
                {
                    "url": f"https://bench.example.org/{file.relative_to(path).as_posix()}",
                    "content_type": "text/plain",
                    "title": title.strip(),
                    "body": body.strip(),
                    "source": "bench",
                }
            )
    return articles


_HTML_PARAGRAPH = re.compile(r"(<p\b[^>]*>)", re.IGNORECASE)


def records(articles: Sequence[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The articles over and over, each round made distinct: round r > 0 gives each article its own URL
    and starts every paragraph with "(r)", so no cache keyed by content (a whole body, a paragraph, a
    language sample) and no learned boilerplate serves the bench what a stream of new articles would not.
    """
    for r in itertools.count():
        for article in articles:
            yield article if r == 0 else _round(article, r)


def _round(article: dict[str, Any], r: int) -> dict[str, Any]:
    body, mark = str(article.get("body", "")), f"({r}) "
    if article.get("content_type") == "text/html":
        body = _HTML_PARAGRAPH.sub(lambda m: m.group(1) + mark, body)
    else:
        body = "\n\n".join(mark + paragraph for paragraph in body.split("\n\n"))
    return {**article, "url": f"{str(article.get('url', '')).rstrip('/')}/{r}", "body": body}


def value(article: dict[str, Any]) -> bytes:
    """The article as a record value, fetched now: latency is measured from this time."""
    return json.dumps({**article, "fetched_at": datetime.now(UTC).isoformat()}).encode()


def plain_text(article: dict[str, Any]) -> str:
    """What spaCy is given for the same article: title and text, HTML reduced to its text."""
    body = str(article.get("body", ""))
    if article.get("content_type") == "text/html" and body.strip():
        body = lxml.html.fromstring(body).text_content()
    title = str(article.get("title") or "")
    return f"{title}\n\n{body}" if title else body
