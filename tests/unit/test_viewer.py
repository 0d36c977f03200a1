"""The inspect page: mentions marked, every text escaped, dead letters grouped and bounded, lookups."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from newswire.contracts import Article, DeadLetterReason
from newswire.errors import ErrorCode, Stage, StreamError
from newswire.pipeline.normalize.urls import article_id
from newswire.stream.records import ConsumedRecord
from newswire_tools.viewer.articles import article_card, highlight
from newswire_tools.viewer.dead_letters import dead_letter_groups, preview
from newswire_tools.viewer.site import Site

SCRIPT = "<script>alert('x')</script>"
URL = "https://news.example.com/world/talks"


def _article(**overrides: object) -> Article:
    body = f"{SCRIPT} Ada Lovelace met officials in Geneva."
    fields: dict[str, object] = {
        "id": article_id(URL),
        "url": URL,
        "canonical_url": URL,
        "source": "news.example.com",
        "title": f"{SCRIPT} Talks in Geneva",
        "fetched_at": "2024-05-01T10:00:00Z",
        "language": "en",
        "body": body,
        "word_count": 8,
        "reading_time_seconds": 3,
        "entities": [
            {
                "name": "Ada Lovelace",
                "type": "PERSON",
                "mentions": [{"field": "body", "start": body.index("Ada"), "end": body.index("Ada") + 12}],
                "count": 1,
                "salience": 0.5,
            },
            {
                "name": "Geneva",
                "type": "GPE",
                "mentions": [{"field": "title", "start": len(SCRIPT) + 10, "end": len(SCRIPT) + 16}],
                "count": 1,
                "salience": 0.5,
            },
        ],
        "topics": [{"code": "medtop:11000000", "label": "politics", "score": 0.91}],
        "tags": ["politics", '"><img src=x>'],
        "provenance": {"title": "json-ld", "body": "html", "source": "crawler"},
        "content_hash": "0" * 32,
        "simhash": "0" * 16,
        "duplicate_of": "a" * 32,
        "warnings": ["<b>published_at</b> was read day first"],
        "producer": {"pipeline": "newswire/test", "models": {}},
    } | overrides
    return Article.model_validate(fields)


@dataclass
class FakeRecord:
    value: bytes | None
    headers: list[tuple[str, bytes | None]] = field(default_factory=list)
    key: bytes | None = None
    topic: str = "t"
    partition: int = 0
    offset: int = 0
    timestamp: int = 1_714_557_600_000


def _letter(value: bytes | None, code: ErrorCode = ErrorCode.NOT_JSON, **reason: object) -> FakeRecord:
    fields: dict[str, object] = {
        "topic": "news.raw.v1",
        "partition": 2,
        "offset": 40,
        "timestamp": 1,
        "stage": Stage.VALIDATE,
        "error_code": code,
        "error_class": "JSONDecodeError",
        "error_message": "invalid JSON <here>",
    } | reason
    return FakeRecord(value, list(DeadLetterReason.model_validate(fields).to_headers()))


class TestArticleCard:
    def test_mentions_are_marked_by_type_and_all_text_is_escaped(self) -> None:
        """The script shows as text; entities are <mark>s of their type; hover says the provenance."""
        doc = lxml_html.fromstring(article_card(_article()))
        assert not doc.xpath("//script | //img")
        assert doc.xpath("string(//h3)") == f"{SCRIPT} Talks in Geneva"
        assert doc.xpath("//h3/@title") == ["from: json-ld"]
        [person] = doc.xpath("//div[@class='body']/mark")
        assert (person.text, person.get("class"), person.get("title")) == (
            "Ada Lovelace",
            "ent ent-PERSON",
            "PERSON: Ada Lovelace",
        )
        assert [m.text for m in doc.xpath("//h3/mark[@data-type='GPE']")] == ["Geneva"]
        assert SCRIPT in doc.xpath("string(//div[@class='body'])")
        assert doc.xpath("//a[text()='" + "a" * 32 + "']/@href") == ["/?q=" + "a" * 32]
        assert "<b>published_at</b> was read day first" in doc.text_content()

    def test_bad_spans_are_left_out(self) -> None:
        """Out of range, empty and overlapping spans never break the text."""
        text = "Ada met Bob"
        spans = [
            (0, 3, "PERSON", "Ada"),
            (1, 5, "X", "y"),
            (8, 11, "PERSON", "Bob"),
            (9, 40, "X", "z"),
            (5, 5, "X", ""),
        ]
        marked = highlight(text, spans)
        assert lxml_html.fromstring(f"<p>{marked}</p>").text_content() == text
        assert marked.count("<mark") == 2

    @settings(max_examples=200, deadline=1000)
    @given(
        text=st.text(max_size=200),
        spans=st.lists(
            st.tuples(st.integers(-5, 220), st.integers(-5, 220), st.text(max_size=12), st.text(max_size=12)),
            max_size=10,
        ),
    )
    def test_any_text_and_spans_keep_the_text_and_inject_nothing(
        self, text: str, spans: list[tuple[int, int, str, str]]
    ) -> None:
        """Whatever the text and offsets, no tag but <mark> appears and no character is lost."""
        reader = _Tags()
        reader.feed(highlight(text, spans))
        reader.close()
        assert reader.tags <= {"mark"}
        assert "".join(reader.text) == text


class _Tags(HTMLParser):
    """Collects the tags and the text of a fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


class TestDeadLetters:
    def test_groups_by_stage_and_code_with_origin_and_escaped_bounded_preview(self) -> None:
        """Largest group first; origin and message shown; the payload bounded, control characters dotted."""
        letters = [
            _letter(b"\x00\x01<script>x</script>" + b"y" * 5000),
            _letter(b"{", offset=41),
            _letter(None, ErrorCode.OUTPUT_TOO_LARGE, stage=Stage.PUBLISH, value_omitted_bytes=2_000_000),
            FakeRecord(b"stray", [("other", b"1")]),
        ]
        doc = lxml_html.fromstring(f"<div>{dead_letter_groups(letters)}</div>")
        assert not doc.xpath("//script")
        summaries = [s.text_content() for s in doc.xpath("//summary")]
        assert summaries[0] == "validate / not_json: 2"
        assert set(summaries[1:]) == {"publish / output_too_large: 1", "? / unreadable: 1"}
        first = doc.xpath("//pre")[0].text_content()
        assert first.startswith("··<script>x</script>yyy") and first.endswith("(5,020 bytes)")
        assert len(first) < 450
        assert "from news.raw.v1:2:40" in doc.text_content()
        assert "value omitted: 2,000,000 bytes" in doc.text_content()
        assert "invalid JSON <here>" in doc.text_content()

    @settings(max_examples=200, deadline=1000)
    @given(st.binary(max_size=3000))
    def test_any_payload_previews_bounded(self, value: bytes) -> None:
        """Any bytes give a bounded preview without control characters."""
        shown = preview(value, 100)
        assert len(shown) <= 130
        assert not any(ord(c) < 32 and c not in "\n\t" for c in shown)


@dataclass
class FakeRecords:
    """Topics as lists, newest last; `fail` makes every read raise, as an unreachable broker does."""

    topics: dict[str, list[FakeRecord]]
    fail: bool = False

    def recent(self, topic: str, limit: int) -> list[ConsumedRecord]:
        if self.fail:
            raise StreamError("reading t: NoBrokersAvailable")
        return list(reversed(self.topics.get(topic, [])))[:limit]

    def newest_with_key(self, topic: str, key: bytes, max_scan: int) -> ConsumedRecord | None:
        return next((r for r in reversed(self.topics[topic]) if r.key == key), None)

    def newest_matching(self, topic: str, match: Callable[[ConsumedRecord], bool], limit: int) -> ConsumedRecord | None:
        return next((r for r in self.recent(topic, limit) if match(r)), None)


class TestSite:
    @pytest.fixture
    def site(self) -> Site:
        article = _article()
        other = _article(id=article_id("https://news.example.com/b"), canonical_url="https://news.example.com/b")
        out = [
            FakeRecord(article.model_dump_json(by_alias=True).encode(), key=article.id.encode()),
            FakeRecord(other.model_dump_json(by_alias=True).encode(), key=other.id.encode()),
            FakeRecord(json.dumps({"not": "an article"}).encode(), key=b"x"),
        ]
        return Site(FakeRecords({"out": out, "dlq": [_letter(b"{")]}), "out", "dlq")

    @pytest.mark.parametrize(
        ("query", "status", "found"),
        [
            ("", 200, 3),
            (article_id(URL), 200, 1),
            (article_id(URL).upper(), 200, 1),
            (URL + "?utm_source=feed", 200, 1),
            ("https://news.example.com/world/talks", 200, 1),
            ("f" * 32, 404, 0),
            ("not a url", 404, 0),
        ],
    )
    def test_lookup_by_id_or_url(self, site: Site, query: str, status: int, found: int) -> None:
        """Ids in any case, URLs cleaned to their id or matched as given; anything else is not found."""
        got, text = site.render(query)
        assert got == status
        assert len(lxml_html.fromstring(text).xpath("//section[@id='articles']/article")) == found

    def test_the_query_is_escaped_back(self, site: Site) -> None:
        """A hostile query comes back as text in the form and the message."""
        _status, text = site.render('"><script>alert(1)</script>')
        doc = lxml_html.fromstring(text)
        assert not doc.xpath("//script")
        assert doc.xpath("//input[@name='q']/@value") == ['"><script>alert(1)</script>']

    def test_an_unreachable_broker_is_a_clear_503(self) -> None:
        """The page says why it cannot read the topics."""
        status, text = Site(FakeRecords({}, fail=True), "out", "dlq").render("")
        assert status == 503 and "cannot read the topics: reading t: NoBrokersAvailable" in text
