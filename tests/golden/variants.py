"""Writes tests/golden/input.jsonl: the sample articles, variants of them and records that dead-letter.

Run once when the golden set should grow (`python tests/golden/variants.py`); the file it writes is
committed, so the golden set does not move when the samples do. Every text here is the project's own.
"""

from __future__ import annotations

import json
import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "services" / "newswire" / "samples" / "articles.jsonl"
INPUT = Path(__file__).with_name("input.jsonl")


class _Text(HTMLParser):
    """The headline, byline and paragraphs of an article page: what a crawler's text dump keeps."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self._keep = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._keep = tag in ("h1", "p")
        if self._keep:
            self.lines.append("")

    def handle_endtag(self, tag: str) -> None:
        self._keep = self._keep and tag not in ("h1", "p")

    def handle_data(self, data: str) -> None:
        if self._keep:
            self.lines[-1] += data


def as_text_dump(sample: dict[str, Any]) -> dict[str, Any]:
    """An HTML sample as a crawler's text dump of the same page, at the page's address."""
    parser = _Text()
    parser.feed(sample["body"])
    headline, *rest = (line.strip() for line in parser.lines if line.strip())
    body = headline + "\n" + "\n\n".join(rest) + "\n"
    return {**sample, "url": sample["url"].split("#")[0] + "?view=text", "content_type": "text/plain", "body": body}


def as_page(sample: dict[str, Any]) -> dict[str, Any]:
    """A text sample as an HTML page with a site's navigation and footer around the article."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", sample["body"]) if p.strip()]
    title = sample.get("title") or paragraphs.pop(0).splitlines()[-1]
    body = "".join(f"<p>{escape(p)}</p>\n" for p in paragraphs)
    page = (
        f"<!doctype html><html><head><title>{escape(title)} | Example Pages</title></head><body>\n"
        '<nav><a href="/">Home</a> <a href="/world">World</a></nav>\n'
        f"<article><h1>{escape(title)}</h1>\n{body}</article>\n"
        "<footer>Copyright Example Pages. All rights reserved.</footer></body></html>"
    )
    url = sample["url"].split("?")[0] + "/page.html"
    return {**sample, "url": url, "content_type": "text/html", "body": page}


#: Six short reports of one source, each ending with the same sign-off: learned as boilerplate.
BRIEFS = [
    ("Council approves new cycle lanes", "The city council voted on Tuesday to build 12 kilometres of cycle lanes."),
    ("Library reopens after repairs", "The central library reopened on Monday after a year of roof repairs."),
    ("Harbour ferry adds evening trips", "The harbour ferry will run two more trips each evening from March."),
    ("School wins robotics prize", "Pupils from Westfield School won the regional robotics final on Saturday."),
    ("Market hall gets new roof", "Work on the market hall roof will start in April and last six months."),
    ("Park lake to be cleaned", "The park lake will be drained and cleaned over the summer, the council said."),
]
SIGN_OFF = "Example Local covers the towns of the coast every day. Send your news to the desk."


def briefs() -> list[dict[str, Any]]:
    return [
        {
            "url": f"https://local.example.org/news/brief-{n}",
            "content_type": "text/plain",
            "fetched_at": f"2024-11-21T0{n}:00:00Z",
            "source": "Example Local",
            "title": title,
            "body": f"{lead} Residents were told about it in a letter.\n\n{SIGN_OFF}\n",
        }
        for n, (title, lead) in enumerate(BRIEFS, start=1)
    ]


FRENCH = (
    "Un nouveau pont ouvre sur la Loire\n\n"
    "Le pont reliant les deux rives de la ville a été ouvert samedi après trois ans de travaux. "
    "Le maire, Claire Dubois, a salué un ouvrage attendu par les habitants.\n\n"
    "Les voitures pourront l'emprunter dès lundi, les vélos disposent d'une voie séparée.\n"
)
SPANISH = (
    "El puerto amplía su terminal de contenedores\n\n"
    "La autoridad portuaria presentó el martes un plan para ampliar la terminal de contenedores. "
    "Las obras costarán 90 millones de euros y durarán dos años.\n"
)


def others() -> list[dict[str, Any]]:
    """Articles in other languages, a copy at another address, and a page with nothing to read."""
    return [
        {
            "url": "https://actu.example.fr/ville/pont",
            "content_type": "text/plain",
            "fetched_at": "2024-11-21T08:00:00Z",
            "body": FRENCH,
        },
        {
            "url": "https://noticias.example.es/puerto",
            "content_type": "text/plain",
            "fetched_at": "2024-11-21T08:05:00Z",
            "body": SPANISH,
        },
        {
            "url": "https://html.example.com/empty",
            "content_type": "text/html",
            "fetched_at": "2024-11-21T08:10:00Z",
            "body": "<html><body><nav><a href='/'>Home</a></nav></body></html>",
        },
    ]


def bad() -> list[bytes]:
    """Records that each dead-letter at validation, for a different reason."""
    good = {
        "url": "https://bad.example.com/a",
        "content_type": "text/plain",
        "fetched_at": "2024-11-21T09:00:00Z",
        "body": "Some text.",
    }
    nested: Any = "deep"
    for _ in range(40):
        nested = {"a": nested}
    records: list[Any] = [
        [1, 2, 3],
        {"url": "https://bad.example.com/missing"},
        {**good, "fetched_at": "yesterday"},
        {**good, "url": "ftp://bad.example.com/a"},
        {**good, "content_type": "application/pdf"},
        {**good, "fetched_at": "0001-01-01T00:00:00Z"},
        {**good, "url": "https://bad.example.com:99999/a"},
        {**good, "body": "   \n  "},
        {**good, "nested": nested},
    ]
    lines = [json.dumps(r).encode() for r in records]
    return [b"not json at all", b'{"url": "https://bad.example.com/\xff\xfe"}', b'{"n": ' + b"9" * 5000 + b"}", *lines]


def main() -> None:
    samples = [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    variants = [as_text_dump(s) for s in samples if s["content_type"] == "text/html"]
    variants += [as_page(s) for s in samples if s["content_type"] == "text/plain" and len(s["body"].strip()) > 200]
    copy = {
        **samples[1],
        "url": "https://mirror.example.net/sport/cup-final?utm_campaign=x",
        "fetched_at": "2024-11-20T10:00:00Z",
    }
    records = [json.dumps(r, ensure_ascii=False).encode() for r in [*samples, *variants, copy, *briefs(), *others()]]
    INPUT.write_bytes(b"\n".join([*records, *bad()]) + b"\n")


if __name__ == "__main__":
    main()
