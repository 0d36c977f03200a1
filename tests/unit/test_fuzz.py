"""Property-based fuzzing: generated and mutated raw articles (bytes, JSON structure, HTML, URLs,
dates, huge and empty fields) through Pipeline.process and the record builders.

Whatever the input: no exception escapes, each record gets exactly one outcome, in order, and
one output record that fits the producer's limit, within the CPU bound. The real normalizers run
throughout; the models are the suite's small fakes, except in one smaller run with the real
default models. The `newswire` Hypothesis profile keeps the default run short; a long run:

    nice -n 10 .venv/bin/python -m pytest tests/unit/test_fuzz.py --hypothesis-profile=fuzz-long -s
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, target
from hypothesis import strategies as st

from newswire.bootstrap import build_pipeline
from newswire.config import Settings
from newswire.contracts import INPUT_SCHEMA_ID, Article, DeadLetterReason
from newswire.observability.metrics import Metrics
from newswire.pipeline import Outcome, Pipeline
from newswire.pipeline.enrich.chain import enrichments
from newswire.stream.records import HEADER_ROOM, for_outcome
from tests.conftest import FakeEntities, FakeTopics, framed, raw, sample_lines
from tests.unit.fakes import FakeLanguages
from tests.unit.samples import DUMP, PAGE
from tests.unit.test_time_bounds import CPU_BOUND_S

MAX_OUTPUT_BYTES = 1_000_000
FAKES = Pipeline(enrichments(FakeEntities({"Geneva": "GPE", "Norway": "GPE"}), FakeTopics()), FakeLanguages())


@dataclass
class Stats:
    """What the fuzzing saw, reported at the end of the module."""

    payloads: int = 0
    slowest_s: float = 0.0
    slowest: bytes = b""
    articles: int = 0
    dead_letters: int = 0


STATS = Stats()


@pytest.fixture(scope="module", autouse=True)
def warm_up() -> None:
    """One-time costs are not a record's: dateparser, which htmldate falls back on for a page date it
    cannot read, loads its language data on first use (about 2 s of CPU)."""
    unreadable_date = PAGE.replace('content="2024-01-17T21:30:00+00:00"', 'content="2024-0e"')
    assert unreadable_date != PAGE
    FAKES.process([raw(body=unreadable_date, content_type="text/html")])


@pytest.fixture(scope="module", autouse=True)
def report(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(
            f"fuzz: {STATS.payloads} payloads, 0 crashes, {STATS.articles} articles, {STATS.dead_letters} dead "
            f"letters; slowest record {STATS.slowest_s:.3f} s of CPU ({len(STATS.slowest)} bytes: "
            f"{STATS.slowest[:80]!r})"
        )


# --- strategies -------------------------------------------------------------------------------

SIZES = st.sampled_from([0, 1, 2, 7, 100, 4096, 4097, 20_000, 100_000])
CHARS = st.sampled_from(["a", "!", " ", "\n", "\u00e9", "\U0001f600", "<", "&", "\ud800", "\x00", "\u200b", "é ", "a."])


@st.composite
def huge_or_empty(draw: st.DrawFn) -> str:
    """A field of a pathological size: empty, one character, at a limit or far past it."""
    return draw(CHARS) * draw(SIZES)


TEXT = st.one_of(st.text(max_size=200), huge_or_empty())


@st.composite
def urls(draw: st.DrawFn) -> str:
    """Addresses valid and not: odd schemes, bad ports and brackets, growing queries, long paths."""
    scheme = draw(st.sampled_from(["http", "https", "HTTPS", "ftp", "javascript", ""]))
    hosts = ["news.example.com", "WWW.Example.ORG", "[::1]", "[bad", "xn--bcher-kva.example", "", "a.b"]
    host = draw(st.sampled_from(hosts))
    port = draw(st.one_of(st.none(), st.integers(-1, 70_000).map(str), st.sampled_from(["abc", "", "80", "443"])))
    path = draw(st.one_of(st.text(max_size=40), huge_or_empty()))
    query = draw(
        st.one_of(
            st.just(""),
            st.text(max_size=60),
            st.integers(0, 3000).map(lambda n: "&x" * n),
            st.integers(0, 3000).map(lambda n: "q=" + "é" * n),
            st.just("utm_source=feed&id=7&fbclid=z"),
        )
    )
    netloc = host + (f":{port}" if port is not None else "")
    return f"{scheme}://{netloc}/{path}" + (f"?{query}" if query else "") + draw(st.sampled_from(["", "#top"]))


DATES = st.one_of(
    st.datetimes().map(lambda d: d.isoformat()),
    st.sampled_from(
        [
            "2024-01-18T10:00:00Z",
            "04/03/2024",
            "Jan 18, 2024 3:47 am EST",
            "yesterday",
            "0000-00-00",
            "9999-12-31T23:59:59+14:00",
            "2024-02-30",
            "1" * 100,
            "",
            "Published: 18 January 2024",
        ]
    ),
    st.text(max_size=120),
)


@st.composite
def json_ld(draw: st.DrawFn) -> str:
    node: dict[str, Any] = {"@type": draw(st.sampled_from(["NewsArticle", ["Article", "x"], "Thing", 7]))}
    for key, values in {
        "headline": TEXT,
        "url": urls(),
        "datePublished": DATES,
        "dateModified": DATES,
        "author": st.one_of(TEXT, st.lists(st.one_of(TEXT, st.fixed_dictionaries({"name": TEXT})), max_size=5)),
        "keywords": st.one_of(TEXT, st.lists(TEXT, max_size=5)),
        "articleBody": TEXT,
        "inLanguage": st.sampled_from(["en", "de-DE", "xx", "", "EN_us"]),
        "mainEntityOfPage": st.one_of(urls(), st.fixed_dictionaries({"@id": urls()})),
    }.items():
        if draw(st.booleans()):
            node[key] = draw(values)
    text = json.dumps(node, ensure_ascii=draw(st.booleans()))
    return draw(st.sampled_from([text, text[: len(text) // 2], '{"@graph": [' + text + "]}", text.replace('"', "'")]))


@st.composite
def pages(draw: st.DrawFn) -> str:
    """HTML with declared metadata (canonical links, JSON-LD, meta tags) and a generated body."""
    head = "".join(
        draw(
            st.lists(
                st.one_of(
                    urls().map(lambda u: f'<link rel="canonical" href="{u}">'),
                    json_ld().map(lambda j: f'<script type="application/ld+json">{j}</script>'),
                    DATES.map(lambda d: f'<meta property="article:published_time" content="{d}">'),
                    TEXT.map(lambda t: f"<title>{t}</title>"),
                    TEXT.map(lambda t: f'<meta name="author" content="{t}">'),
                ),
                max_size=6,
            )
        )
    )
    tags = st.sampled_from(["p", "div", "span", "a", "h1", "li", "table", "td", "article", "script", "br", "svg"])
    body = "".join(
        draw(
            st.lists(
                st.one_of(
                    st.tuples(tags, TEXT).map(lambda t: f"<{t[0]}>{t[1]}</{t[0]}>"),
                    TEXT,
                    st.sampled_from(["<p>", "</div>", "<!--", "<![CDATA[", "&amp;", "&#xd800;", "<p a=1 a=2>"]),
                ),
                max_size=12,
            )
        )
    )
    return draw(st.sampled_from(["<!doctype html><html>", "<html lang='en'>", ""])) + f"<head>{head}</head><body>{body}"


@st.composite
def raw_articles(draw: st.DrawFn) -> bytes:
    """A raw article with generated fields: some valid, some of the wrong type, size or form."""
    content_type = draw(st.sampled_from(["text/html", "text/plain", "application/pdf", None]))
    page = content_type == "text/html" and draw(st.booleans())
    body = draw(pages()) if page else draw(st.one_of(TEXT, st.just(DUMP)))
    fields: dict[str, Any] = {
        "url": draw(st.one_of(urls(), st.just("https://news.example.com/a/1"))),
        "content_type": content_type,
        "fetched_at": draw(st.one_of(st.just("2024-01-18T10:00:00Z"), DATES, st.integers())),
        "body": body,
        "published_at": draw(st.one_of(st.none(), DATES)),
        "title": draw(st.one_of(st.none(), TEXT)),
        "language": draw(st.one_of(st.none(), st.sampled_from(["en", "de", "zz-ZZ", "", "x" * 40]))),
        "authors": draw(st.one_of(st.none(), st.lists(TEXT, max_size=4))),
        "tags": draw(st.one_of(st.none(), st.lists(TEXT, max_size=4))),
        "source": draw(st.one_of(st.none(), TEXT)),
    }
    return raw(**fields)


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=30,
)
FIELDS = ["url", "body", "content_type", "fetched_at", "title", "authors", "tags", "published_at", "language", "id"]


@st.composite
def json_structures(draw: st.DrawFn) -> bytes:
    """JSON that is not a raw article: any value, or an object with its keys given the wrong shapes."""
    value = draw(st.one_of(JSON_VALUES, st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=10)))
    return json.dumps(value).encode()


TEMPLATES = [*sample_lines(), raw(content_type="text/html", body=PAGE), raw(body=DUMP), raw()]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A valid article changed a little: one field replaced, or bytes flipped, cut, repeated or inserted."""
    original = draw(st.sampled_from(TEMPLATES))
    how = draw(st.sampled_from(["field", "flip", "cut", "insert", "repeat"]))
    if how == "field":
        record = json.loads(original)
        record[draw(st.sampled_from(FIELDS))] = draw(st.one_of(TEXT, urls(), DATES, JSON_VALUES))
        return json.dumps(record).encode()
    data = bytearray(original)
    at = draw(st.integers(0, max(0, len(data) - 1)))
    if how == "flip" and data:
        data[at] ^= draw(st.integers(1, 255))
    elif how == "cut":
        del data[at:]
    elif how == "insert":
        data[at:at] = draw(st.binary(min_size=1, max_size=20))
    else:
        data[at:at] = data[at : at + 20] * draw(st.integers(1, 500))
    return bytes(data)


HEADER_NAMES = st.text(max_size=20).filter(lambda name: not name.startswith("newswire.dlq."))
PAYLOADS = st.one_of(st.binary(max_size=2000), json_structures(), mutated(), raw_articles())
SCHEMA_IDS = st.one_of(st.integers(0, 2**31 - 1), st.integers(2**31, 2**32 - 1), st.sampled_from([0, 1, 2**31 - 1]))


#: Anything starting with byte 0: well-framed payloads of every kind, headers cut short, frames of frames.
FRAMED = st.one_of(
    st.builds(framed, PAYLOADS, SCHEMA_IDS),
    st.binary(max_size=8).map(lambda tail: b"\x00" + tail),
    st.builds(framed, st.builds(framed, PAYLOADS, SCHEMA_IDS), SCHEMA_IDS),
)


# --- properties ---------------------------------------------------------------------------------


@dataclass
class Consumed:
    """A consumed record, as the record builders see one."""

    value: bytes | None
    key: bytes | None = b"k"
    headers: list[tuple[str, bytes | None]] | None = None
    topic: str = "news.raw.v1"
    partition: int = 0
    offset: int = 0
    timestamp: int | None = 0


def check(pipeline: Pipeline, values: list[bytes], source: Consumed | None = None) -> list[Outcome]:
    """Process values; assert one outcome each, in time, and an output record each that fits."""
    started = time.process_time()
    outcomes = pipeline.process(values)
    seconds = (time.process_time() - started) / max(1, len(values))
    target(seconds, label="CPU seconds per record")  # steer Hypothesis toward slow records
    STATS.payloads += len(values)
    if seconds > STATS.slowest_s:
        STATS.slowest_s, STATS.slowest = seconds, max(values, key=len)
    assert seconds < CPU_BOUND_S, f"{seconds:.2f} s of CPU per record"
    assert len(outcomes) == len(values)
    for value, outcome in zip(values, outcomes, strict=True):
        assert (outcome.article is None) != (outcome.error is None)
        record, final = for_outcome(source or Consumed(value), outcome, "out", "dlq", MAX_OUTPUT_BYTES)
        assert record.size <= MAX_OUTPUT_BYTES + HEADER_ROOM
        if final.error is None:
            STATS.articles += 1
            assert record.topic == "out" and record.value is not None
            Article.model_validate_json(record.value)
        else:
            STATS.dead_letters += 1
            assert record.topic == "dlq"
            reason = DeadLetterReason.from_headers([(k, v) for k, v in record.headers if v is not None])
            assert reason.error_code is final.error.code
    return outcomes


class TestFuzz:
    @given(st.binary(max_size=4000))
    def test_any_bytes(self, value: bytes) -> None:
        """Arbitrary bytes: a dead letter (or, by luck, an article), never an exception."""
        check(FAKES, [value])

    @given(json_structures())
    def test_any_json(self, value: bytes) -> None:
        """Any JSON value, and objects with raw-article keys of the wrong shapes."""
        check(FAKES, [value])

    @given(mutated())
    def test_mutated_articles(self, value: bytes) -> None:
        """Valid articles with a field replaced or their bytes damaged."""
        check(FAKES, [value])

    @given(raw_articles())
    def test_generated_articles(self, value: bytes) -> None:
        """Generated pages, text dumps, URLs, dates, huge and empty fields."""
        check(FAKES, [value])

    @given(st.lists(PAYLOADS, min_size=1, max_size=8))
    def test_batches_keep_one_outcome_per_record_in_order(self, values: list[bytes]) -> None:
        """A batch of mixed records: as many outcomes as records, each where its record was."""
        batch = check(FAKES, values)
        for value, outcome in zip(values, batch, strict=True):
            [alone] = Pipeline(
                enrichments(FakeEntities({"Geneva": "GPE", "Norway": "GPE"}), FakeTopics()), FakeLanguages()
            ).process([value])
            assert (outcome.error is None) == (alone.error is None)

    @given(
        PAYLOADS,
        st.one_of(st.none(), st.binary(max_size=100), st.binary(min_size=70_000, max_size=70_000)),
        st.lists(st.tuples(HEADER_NAMES, st.one_of(st.none(), st.binary(max_size=50))), max_size=5),
    )
    def test_record_builders_bound_every_output(
        self, value: bytes, key: bytes | None, headers: list[tuple[str, bytes | None]]
    ) -> None:
        """Whatever key and headers came with a record, its output record fits the producer's limit."""
        check(FAKES, [value], Consumed(value, key=key, headers=headers))


class TestFramedFuzz:
    @given(FRAMED)
    def test_anything_starting_with_byte_0(self, value: bytes) -> None:
        """Framed, short, or framed twice: one outcome, in time, fitting the producer's limit."""
        check(FAKES, [value])

    @given(st.integers(0, 2**31 - 1), PAYLOADS.filter(lambda payload: not payload.startswith(b"\x00")))
    def test_a_frame_changes_nothing_but_provenance(self, schema_id: int, payload: bytes) -> None:
        """A well-framed payload fares as the payload alone does: the same article plus the schema id in
        its provenance, or a dead letter with the same code."""
        [in_frame, plain] = check(FAKES, [framed(payload, schema_id), payload])
        if plain.article is None:
            assert in_frame.error and plain.error and in_frame.error.code is plain.error.code
            return
        assert in_frame.article is not None
        assert in_frame.article.provenance.pop(INPUT_SCHEMA_ID) == str(schema_id)
        assert in_frame.article == plain.article


@pytest.fixture(scope="module")
def real() -> Pipeline:
    """The pipeline `newswire run` builds with default settings."""
    return build_pipeline(Settings(), Metrics())


@settings(
    max_examples=max(5, settings.default.max_examples // 25),  # 100 in the long run
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(PAYLOADS, min_size=1, max_size=4))
def test_the_real_default_models_too(real: Pipeline, values: list[bytes]) -> None:
    """The same properties with the real recognizer and topic model (a smaller run: they are slower)."""
    check(real, values)
