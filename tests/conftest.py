"""Shared fixtures: an isolated environment, fakes for the pipeline's ports, sample data."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from newswire.contracts import Entity, Mention, Topic

if TYPE_CHECKING:
    from tests.chaos.broker import ChaosBroker

ROOT = Path(__file__).resolve().parents[1]
#: The labelled evaluation data lives beside the checkout (never inside it); override for other layouts.
SHARED_DATA = Path(os.environ.get("NEWSWIRE_SHARED_DATA", ROOT.parent / "shared" / "data"))
SAMPLES = ROOT / "services" / "newswire" / "samples" / "articles.jsonl"
#: Read before the environment is cleaned: integration tests need to know where the broker is.
BOOTSTRAP = os.environ.get("NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS")


#: Hypothesis: a short default run for `make test`; `--hypothesis-profile=fuzz-long` for the long
#: fuzz (2,500 examples a property: over 20,000 fuzzed payloads in tests/unit/test_fuzz.py).
_FUZZ = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}
hypothesis_settings.register_profile("newswire", max_examples=30, **_FUZZ)  # type: ignore[arg-type]
hypothesis_settings.register_profile("fuzz-long", max_examples=2500, **_FUZZ)  # type: ignore[arg-type]
hypothesis_settings.load_profile("newswire")


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """No NEWSWIRE_* setting leaks from the developer's shell into a test."""
    for name in list(os.environ):
        if name.startswith("NEWSWIRE_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChaosBroker]:
    """Three Kafka nodes (`kafka.sh up --brokers 3`) in a home and on ports of their own, which tests may
    kill and restart: the shared broker is left alone. Stopped and wiped at the end of the session."""
    if not shutil.which("java"):
        pytest.skip("the three-broker cluster runs Kafka's jars: it needs java on PATH")
    from tests.chaos.broker import CLUSTER_PORT, ChaosBroker

    # A range of ports a session: a concurrent session's killed node leaves its ports free only until it
    # restarts on them, so picking the first free ones from one base could collide.
    first_port = CLUSTER_PORT + 100 * (os.getpid() % 40)
    started = ChaosBroker(tmp_path_factory.mktemp("kafka-cluster"), nodes=3, first_port=first_port)
    started.up()
    yield started
    started.down()


class FakeEntities:
    """Tags every occurrence of the words it is given, as the given type."""

    name = "fake-ner"
    languages = frozenset({"en"})

    def __init__(self, words: dict[str, str] | None = None, fail_on: str | None = None) -> None:
        self.words = words or {}
        self.fail_on = fail_on
        self.calls = 0

    def extract(self, docs: Sequence[tuple[str, str]]) -> list[list[Entity]]:
        self.calls += 1
        results = []
        for title, body in docs:
            if self.fail_on and self.fail_on in body:
                raise ValueError("model failure")
            found = []
            for word, kind in self.words.items():
                mentions = [
                    Mention(field=field, start=i, end=i + len(word))
                    for field, text in (("title", title), ("body", body))
                    for i in _find_all(text, word)
                ]
                if mentions:
                    found.append(Entity(name=word, type=kind, mentions=mentions, count=len(mentions), salience=1.0))
            results.append(found)
        return results


def _find_all(text: str, word: str) -> Iterator[int]:
    start = text.find(word)
    while start >= 0:
        yield start
        start = text.find(word, start + 1)


class FakeTopics:
    """Always ranks politics first."""

    name = "fake-topics"
    languages = frozenset({"en"})

    def classify(self, docs: Sequence[tuple[str, str]]) -> list[list[Topic]]:
        return [[Topic(code="medtop:11000000", label="politics", score=0.9)] for _ in docs]


def raw(**overrides: object) -> bytes:
    """A valid raw article v1 as bytes, with fields overridden."""
    record: dict[str, object] = {
        "url": "https://news.example.com/world/story-1?utm_source=x",
        "content_type": "text/plain",
        "fetched_at": "2024-01-18T10:00:00Z",
        "title": "Ministers meet in Geneva",
        "body": "Ministers from Norway and Chile met in Geneva on Tuesday.\n\nThey agreed to meet again in March.",
    }
    record.update(overrides)
    return json.dumps({k: v for k, v in record.items() if v is not None}).encode()


def framed(payload: bytes, schema_id: int = 42) -> bytes:
    """A record as a Confluent serializer frames it: magic byte 0, the schema id in 4 bytes big-endian, the payload."""
    return b"\x00" + schema_id.to_bytes(4, "big") + payload


def page(head: str, **fields: object) -> bytes:
    """A valid raw HTML article whose <head> holds the given markup."""
    story = (
        "<p>Ministers from Norway and Chile met in Geneva on Tuesday to talk about fishing quotas.</p>"
        "<p>They agree.</p>"
    )
    return raw(
        content_type="text/html",
        body=f"<html><head><title>Ministers meet</title>{head}</head><body><article>{story}</article></body></html>",
        **fields,
    )


def canonical_link(href: str, **fields: object) -> bytes:
    """A raw HTML article declaring `href` as its canonical link."""
    return page(f'<link rel="canonical" href="{href}">', **fields)


def sample_lines() -> list[bytes]:
    return [line for line in SAMPLES.read_bytes().splitlines() if line.strip()]
