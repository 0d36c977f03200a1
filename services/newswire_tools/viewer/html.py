"""The page around the parts: escaping, links, inline style. Nothing is loaded from a network."""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit

#: Entity types with a colour of their own; any other type gets the neutral one.
COLOURS = {
    "PERSON": "#ffd6a5",
    "ORG": "#bde0fe",
    "GPE": "#caffbf",
    "LOC": "#9bf6ff",
    "NORP": "#ffc6ff",
    "EVENT": "#fdffb6",
    "MISC": "#e0e0e0",
}
_CLASS_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1d1d1f; background: #f6f6f4; }
header { background: #22313f; color: #fff; padding: .6em 1.2em; display: flex; gap: 1.5em; align-items: center; }
header h1 { font-size: 1.1em; margin: 0; }
header form input[type=search] { width: 28em; padding: .3em; }
header .topics { font-size: .85em; opacity: .8; }
main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1.2em; padding: 1.2em; }
section > h2 { font-size: 1.05em; margin: 0 0 .6em; }
.card { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: .8em 1em; margin-bottom: 1em; }
.card h3 { margin: 0 0 .4em; font-size: 1.1em; }
dl.meta { display: grid; grid-template-columns: 8em 1fr; gap: .15em .8em; margin: .4em 0; font-size: .9em; }
dl.meta dt { color: #666; }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
[title] { cursor: help; }
.body { white-space: pre-wrap; border-top: 1px solid #eee; margin-top: .6em; padding-top: .6em; }
mark.ent { border-radius: 3px; padding: 0 .15em; background: #eee; }
mark.ent::after { content: attr(data-type); font-size: .6em; vertical-align: super; margin-left: .2em; color: #555; }
.warning { color: #9a3412; }
.group { background: #fff; border: 1px solid #ddd; border-radius: 6px; margin-bottom: .8em; padding: .5em .8em; }
.group summary { font-weight: 600; }
.letter { border-top: 1px solid #eee; padding: .4em 0; font-size: .9em; }
pre.preview { background: #f3f3f3; padding: .4em; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 12em;
  overflow: auto; font-size: .85em; }
.legend mark { margin-right: .4em; }
.empty { color: #777; font-style: italic; }
""" + "".join(f"mark.ent-{kind} {{ background: {colour}; }}\n" for kind, colour in COLOURS.items())

#: Sent with every page: no script runs, nothing is fetched, forms only come back here.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def e(text: object) -> str:
    """Text escaped for HTML content and attribute values."""
    return html.escape(str(text), quote=True)


def type_class(kind: str) -> str:
    """An entity type as a CSS class name (anything else removed)."""
    return "ent-" + (_CLASS_UNSAFE.sub("", kind)[:32] or "other")


def outward_link(url: str, text: str) -> str:
    """A link to an http(s) address, or the text alone for any other scheme."""
    if urlsplit(url).scheme.lower() not in {"http", "https"}:
        return e(text)
    return f'<a href="{e(url)}" rel="noreferrer noopener">{e(text)}</a>'


def lookup_link(query: str, text: str) -> str:
    """A link to this page's lookup of an article id or URL."""
    return f'<a href="/?q={quote(query, safe="")}">{e(text)}</a>'


def page(*, title: str, header: str, articles: str, dead_letters: str) -> str:
    """The whole document: a header with the lookup form, articles on the left, dead letters on the right."""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<header>{header}</header>
<main>
<section id="articles">{articles}</section>
<section id="dead-letters">{dead_letters}</section>
</main>
</body>
</html>
"""


def header(output_topic: str, dlq_topic: str, query: str) -> str:
    return (
        '<h1><a href="/" style="color:inherit;text-decoration:none">newswire inspect</a></h1>'
        '<form method="get" action="/"><input type="search" name="q" placeholder="article id or URL" '
        f'value="{e(query)}" maxlength="4096"> <button type="submit">Look up</button></form>'
        f'<span class="topics">articles: {e(output_topic)} · dead letters: {e(dlq_topic)} · read_committed</span>'
    )
