"""Raw record validation: every malformed kind gets its own error code and a clear message."""

from __future__ import annotations

import json

import pytest

from newswire.contracts import CRAWLER_ID, INPUT_SCHEMA_ID
from newswire.errors import ErrorCode, RecordError, Stage
from newswire.pipeline import Pipeline
from newswire.pipeline.enrich.chain import enrichments
from newswire.pipeline.validate import Limits, parse_raw, read_record
from tests.conftest import FakeEntities, FakeTopics, framed, raw
from tests.unit.fakes import FakeLanguages

LIMITS = Limits(max_record_bytes=10_000, max_json_depth=8)


def _code(value: bytes | None) -> ErrorCode:
    with pytest.raises(RecordError) as info:
        parse_raw(value, LIMITS)
    assert info.value.stage is Stage.VALIDATE
    return info.value.code


class TestMalformedRecords:
    def test_empty_value(self) -> None:
        """A tombstone or empty record is not JSON."""
        assert _code(None) is ErrorCode.NOT_JSON

    def test_not_utf8(self) -> None:
        """Bytes that are not UTF-8 are named by their position."""
        with pytest.raises(RecordError, match="byte 1"):
            parse_raw(b"{\xff}", LIMITS)

    def test_not_json(self) -> None:
        """A JSON syntax error names its line and column."""
        with pytest.raises(RecordError, match="line 1 column 2"):
            parse_raw(b"{oops", LIMITS)

    def test_too_large(self) -> None:
        """A record over the size limit is rejected before decoding."""
        assert _code(b"x" * 10_001) is ErrorCode.PAYLOAD_TOO_LARGE

    def test_too_deep(self) -> None:
        """Nesting past the depth limit is rejected."""
        assert _code(b"[" * 9 + b"]" * 9) is ErrorCode.TOO_DEEP

    def test_deep_enough_to_break_the_parser(self) -> None:
        """Nesting deep enough to exhaust Python's recursion is still a clean rejection."""
        big = Limits(max_record_bytes=1_000_000, max_json_depth=8)
        with pytest.raises(RecordError) as info:
            parse_raw(b"[" * 100_000 + b"]" * 100_000, big)
        assert info.value.code is ErrorCode.TOO_DEEP

    def test_not_an_object(self) -> None:
        """A JSON array is not a raw article."""
        assert _code(b"[1, 2]") is ErrorCode.NOT_OBJECT

    @pytest.mark.parametrize(
        ("override", "field"),
        [
            ({"url": "ftp://example.com/a"}, "url"),
            ({"content_type": "application/pdf"}, "content_type"),
            ({"fetched_at": "yesterday"}, "fetched_at"),
            ({"fetched_at": "2024-01-18T10:00:00"}, "fetched_at"),
            ({"body": None}, "body"),
            ({"title": "x" * 1001}, "title"),
            ({"tags": "not-a-list"}, "tags"),
            ({"unexpected": 1}, "unexpected"),
        ],
    )
    def test_schema_violations_name_the_field(self, override: dict[str, object], field: str) -> None:
        """Wrong types, missing fields, unbounded strings and unknown fields name the field, not the value."""
        with pytest.raises(RecordError) as info:
            parse_raw(raw(**override), LIMITS)
        assert info.value.code is ErrorCode.SCHEMA_INVALID
        assert field in info.value.message
        assert "x" * 50 not in info.value.message


class TestValidRecords:
    def test_minimal_record(self) -> None:
        """The four required fields are enough."""
        record = json.dumps(
            {
                "url": "https://a.example/x",
                "body": "b",
                "content_type": "text/plain",
                "fetched_at": "2024-01-01T00:00:00+02:00",
            }
        ).encode()
        article = parse_raw(record, LIMITS)
        assert article.fetched_at.utcoffset() is not None


class TestConfluentFrames:
    def test_framed_json_is_read_with_its_schema_id(self) -> None:
        """The JSON after the 5-byte header is the raw article; the schema id comes back beside it."""
        article, schema_id = read_record(framed(raw(), 2**31 - 1), LIMITS)
        assert (article, schema_id) == (parse_raw(raw(), LIMITS), 2**31 - 1)
        assert read_record(raw(), LIMITS)[1] is None

    def test_the_schema_id_is_kept_in_the_article_s_provenance(self) -> None:
        """A framed record makes the article its JSON alone makes, plus provenance's input_schema_id."""
        pipeline = Pipeline(enrichments(FakeEntities(), FakeTopics()), FakeLanguages())
        [plain, frame] = pipeline.process([raw(), framed(raw(), 7)])
        assert plain.article and frame.article
        assert frame.article.provenance == {**plain.article.provenance, INPUT_SCHEMA_ID: "7"}
        assert frame.article.model_copy(update={"provenance": plain.article.provenance}) == plain.article

    def test_the_crawler_s_id_is_kept_in_the_article_s_provenance(self) -> None:
        """A raw article's own id comes back in provenance's crawler_id; without one there is no entry."""
        pipeline = Pipeline(enrichments(FakeEntities(), FakeTopics()), FakeLanguages())
        with_id = raw(id="crawl-2026-12-05/0042")
        [plain, named] = pipeline.process([raw(), with_id])
        assert plain.article and named.article
        assert CRAWLER_ID not in plain.article.provenance
        assert named.article.provenance == {**plain.article.provenance, CRAWLER_ID: "crawl-2026-12-05/0042"}

    @pytest.mark.parametrize(
        ("value", "code", "says"),
        [
            (b"\x00", ErrorCode.NOT_JSON, "only 1 bytes"),
            (framed(b"")[:5], ErrorCode.NOT_JSON, "only 5 bytes"),
            (b"\x00\xff\xff\xff\xff{}", ErrorCode.NOT_JSON, "4294967295 is no schema-registry id"),
            (
                framed(b"\x02\x1chttps://a.example\xc8\x01"),
                ErrorCode.NOT_UTF8,
                "schema id 42 (its payload must be JSON",
            ),
            (framed(b"\x00\x00\x00\x00\x01{}"), ErrorCode.NOT_JSON, "schema id 42"),
            (framed(b"[1]"), ErrorCode.NOT_OBJECT, "schema id 42"),
            (framed(raw(url="ftp://a.example/")), ErrorCode.SCHEMA_INVALID, "schema id 42"),
            (framed(b"[" * 20 + b"]" * 20), ErrorCode.TOO_DEEP, "schema id 42"),
            (framed(b" " * 10_000), ErrorCode.PAYLOAD_TOO_LARGE, "10005 bytes"),
        ],
        ids=["magic-only", "header-only", "id-too-large", "avro", "framed-twice", "array", "schema", "deep", "large"],
    )
    def test_anything_else_starting_with_byte_0_is_a_clear_dead_letter(
        self, value: bytes, code: ErrorCode, says: str
    ) -> None:
        """Short frames, impossible ids and payloads that are not a JSON raw article are refused, saying so."""
        with pytest.raises(RecordError) as info:
            parse_raw(value, LIMITS)
        assert (info.value.stage, info.value.code) == (Stage.VALIDATE, code)
        assert says in info.value.message
