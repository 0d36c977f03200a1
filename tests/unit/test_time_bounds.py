"""Pathological records through the real default pipeline (en_core_web_sm, trafilatura, the
lexicon) finish in bounded time: runs without spaces, walls of tokens, huge pages.

At the default limits each of these takes well under 1 s of CPU on an idle core. The bound
asserted is four times that, so that a loaded machine does not fail the test; before the bounds,
the same records took 8 to 55 s (or minutes), so this is a correctness check, not a benchmark."""

from __future__ import annotations

import json
import random
import string
import time
from collections.abc import Callable

import pytest

from newswire.bootstrap import build_pipeline
from newswire.config import Settings
from newswire.observability.metrics import Metrics
from newswire.pipeline import Pipeline
from tests.conftest import page, raw

CPU_BOUND_S = 4.0
PROSE = "The council met on Tuesday in Geneva to discuss the budget. "


def _html(body: str, head: str = "") -> bytes:
    return raw(content_type="text/html", body=f"<html><head>{head}</head><body><article>{body}</article></body></html>")


def _names(count: int) -> str:
    rnd = random.Random(7)
    lower = string.ascii_lowercase
    words = (rnd.choice(string.ascii_uppercase) + "".join(rnd.choices(lower, k=7)) for _ in range(count))
    return " and ".join(f"Mr {word} said" for word in words)


PATHOLOGICAL: dict[str, Callable[[], bytes]] = {
    "10,000 exclamation marks": lambda: raw(body="!" * 10_000),
    "2,000,000 exclamation marks": lambda: raw(body="Ministers met. " + "!" * 2_000_000),
    "100,000 emoji": lambda: raw(body="\U0001f600" * 100_000),
    "emoji runs just under the blanking length": lambda: raw(body=("\U0001f600" * 48 + " ") * 20_000),
    "a million one-letter words": lambda: raw(body="a " * 1_000_000),
    "3,000 distinct names": lambda: raw(body=_names(3000)),
    "a title of punctuation": lambda: raw(title="!" * 1000),
    "400,000 lines": lambda: raw(body="Ministers\n" * 400_000),
    "200,000 paragraphs": lambda: raw(body="Ministers met.\n\n" * 200_000),
    "19,000 paragraphs of markup": lambda: _html("<p>Word and more words here.</p>" * 19_000),
    "200,000 attributes on one tag": lambda: _html(
        "<p " + " ".join(f'a{i}="x"' for i in range(200_000)) + ">" + PROSE + "</p>"
    ),
    "a 2,000,000-character text node": lambda: _html("<p>" + "!" * 2_000_000 + "</p>"),
    "3 MB of attribute values": lambda: _html(
        "".join(f'<p data-x="{"y" * 580}{i}">Words and words.</p>' for i in range(4800))
    ),
    "5 MB of JSON-LD scripts": lambda: page(
        "".join(
            f'<script type="application/ld+json">{json.dumps([{"@type": "Thing", "name": "x"}] * 2000)}</script>'
            for _ in range(60)
        )
    ),
    "9,000 authors in JSON-LD": lambda: page(
        '<script type="application/ld+json">'
        + json.dumps({"@type": "NewsArticle", "author": [{"name": f"Author {c}"} for c in string.ascii_letters * 170]})
        + "</script>"
    ),
}


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    """The pipeline `newswire run` builds with default settings, warmed up on one article."""
    built = build_pipeline(Settings(), Metrics())
    built.process([raw()])
    return built


@pytest.mark.parametrize("make", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_a_pathological_record_is_bounded(pipeline: Pipeline, make: Callable[[], bytes]) -> None:
    """One outcome, within the CPU bound."""
    value = make()
    started = time.process_time()
    [outcome] = pipeline.process([value])
    seconds = time.process_time() - started
    assert (outcome.article is None) != (outcome.error is None)
    assert seconds < CPU_BOUND_S, f"{seconds:.1f} s of CPU"
