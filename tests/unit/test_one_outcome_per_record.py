"""Whatever goes wrong while turning one record into an output, that record gets a dead letter and
the rest go on: no failure of one record escapes the pipeline or the record builders."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from newswire.contracts import Article, DeadLetterReason
from newswire.contracts.article import MAX_URL_CHARS
from newswire.errors import ErrorCode, RecordError, Stage
from newswire.pipeline import Outcome, Pipeline, stages
from newswire.pipeline.enrich.chain import enrichments
from newswire.pipeline.normalize import urls
from newswire.stream.records import HEADER_ROOM, dead_letter_record, for_outcome
from tests.conftest import FakeEntities, FakeTopics, canonical_link, page, raw
from tests.unit.fakes import FakeLanguages

FETCHED = "https://news.example.com/world/story-1"


def json_ld(node: dict[str, object], **fields: object) -> bytes:
    return page(f'<script type="application/ld+json">{json.dumps({"@type": "NewsArticle", **node})}</script>', **fields)


def one(value: bytes) -> Outcome:
    [outcome] = Pipeline(enrichments(FakeEntities(), FakeTopics()), FakeLanguages()).process([value])
    return outcome


def published(value: bytes) -> Article:
    outcome = one(value)
    assert outcome.error is None, outcome.error.message if outcome.error else ""
    assert outcome.article is not None
    record, _ = for_outcome(Consumed(), outcome, "out", "dlq", 1_000_000)
    assert record.topic == "out"  # writable as JSON, too
    return outcome.article


class TestOverLongCanonicalUrl:
    @pytest.mark.parametrize(
        "value",
        [
            pytest.param(canonical_link("https://news.example.com/" + "x" * 5000), id="long-link"),
            pytest.param(json_ld({"url": "https://news.example.com/" + "x" * 5000}), id="long-json-ld-url"),
            pytest.param(canonical_link("https://news.example.com/?q=" + "é" * 1500), id="non-ascii-query-grows"),
            pytest.param(canonical_link("https://news.example.com/?" + "&amp;x" * 1500), id="bare-keys-grow"),
        ],
    )
    def test_falls_back_to_the_cleaned_url_with_a_warning(self, value: bytes) -> None:
        """A canonical link longer than 4,096 characters once cleaned is set aside, not fatal."""
        article = published(value)
        assert article.canonical_url == FETCHED
        assert article.provenance["canonical_url"] == "url"
        assert any("canonical link from" in w and "over 4096" in w for w in article.warnings)

    def test_the_growth_is_real(self) -> None:
        """Cleaning lengthens these links past the limit, which is why the length is checked after it."""
        assert len(urls.clean_url("https://a.example/?q=" + "é" * 1500)) > MAX_URL_CHARS
        assert len(urls.clean_url("https://a.example/?" + "&x" * 1500)) > MAX_URL_CHARS

    def test_a_fetched_url_that_grows_is_used_as_fetched(self) -> None:
        """When the cleaned fetched URL itself grows past the limit, the URL as received is the canonical one."""
        url = "https://news.example.com/?q=" + "é" * 2000
        article = published(raw(url=url))
        assert article.canonical_url == url == article.url
        assert any("the cleaned URL is" in w for w in article.warnings)


class TestUnreadableCanonicalLink:
    @pytest.mark.parametrize(
        ("href", "reason"),
        [
            ("https://news.example.com:99999/x", "port"),
            ("https://news.example.com:80a/x", "port"),
            ("http://[news.example.com/x", "host"),
            ("mailto:desk@example.com", "http"),
        ],
    )
    def test_is_ignored_with_a_warning(self, href: str, reason: str) -> None:
        """A bad port or host in the canonical link does not dead-letter an otherwise good article."""
        article = published(canonical_link(href))
        assert article.canonical_url == FETCHED
        [warning] = [w for w in article.warnings if w.startswith("canonical link")]
        assert reason in warning and href not in warning

    @pytest.mark.parametrize("url", ["http://news.example.com:99999/x", "http://[news.example.com/x", "http:///x/y/z"])
    def test_an_unreadable_fetched_url_is_a_schema_error(self, url: str) -> None:
        """The fetched URL must be readable: a precise validate error that does not repeat the URL."""
        outcome = one(raw(url=url))
        assert outcome.error is not None
        assert (outcome.error.stage, outcome.error.code) == (Stage.VALIDATE, ErrorCode.SCHEMA_INVALID)
        assert outcome.error.message.startswith("url: ") and url not in outcome.error.message


class TestLoneSurrogates:
    def test_in_json_ld_become_replacement_characters(self) -> None:
        """`\\ud800` in JSON-LD decodes to half a character no UTF-8 writer takes; it is replaced."""
        body = '{"@type": "NewsArticle", "headline": "Quota \\ud800 talks", "url": "https://news.example.com/\\udc00a"}'
        article = published(page(f'<script type="application/ld+json">{body}</script>', title=None))
        assert article.canonical_url == "https://news.example.com/\ufffda"
        assert article.title == "Quota \ufffd talks"

    def test_a_valid_pair_is_kept(self) -> None:
        """An escaped surrogate pair is one real character and stays."""
        article = published(json_ld({"headline": "Quota talks \U0001f41f"}, title=None))
        assert article.title.endswith("\U0001f41f")


class TestBuildingTheArticle:
    def test_a_contract_violation_is_the_records_dead_letter(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """An Article the contract refuses becomes an article-stage `article_invalid` dead letter; the batch goes on."""
        monkeypatch.setattr(stages, "WORDS_PER_MINUTE", -230)  # a negative reading time breaks the contract
        bad, also_bad = Pipeline(enrichments(FakeEntities(), FakeTopics()), FakeLanguages()).process(
            [raw(), raw(url="https://x.example/2")]
        )
        for outcome in (bad, also_bad):
            assert outcome.error is not None
            assert (outcome.error.stage, outcome.error.code) == (Stage.ARTICLE, ErrorCode.ARTICLE_INVALID)
            assert outcome.error.message.startswith("reading_time_seconds:")

    def test_any_other_failure_is_too(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A library failing while the article is assembled is named in the dead letter."""

        def broken(_words: list[str], _shingle: int) -> str:
            raise OverflowError("boom")

        monkeypatch.setattr(stages.fingerprint, "_simhash", broken)
        [outcome] = Pipeline(enrichments(FakeEntities(), FakeTopics()), FakeLanguages()).process([raw()])
        assert outcome.error is not None and outcome.error.code is ErrorCode.ARTICLE_INVALID
        reason = DeadLetterReason.from_headers(dead_letter_record(Consumed(), outcome.error, "dlq").headers)
        assert reason.error_class == "OverflowError"


@dataclass
class Consumed:
    topic: str = "news.raw.v1"
    partition: int = 0
    offset: int = 7
    timestamp: int | None = None
    key: bytes | None = b"k"
    value: bytes | None = b"{}"
    headers: list[tuple[str, bytes | None]] | None = None


class TestRecordBuilders:
    def test_an_article_that_cannot_be_written_is_a_dead_letter(self) -> None:
        """Serialization failing at the stream edge gives a `not_serializable` dead letter, not an exception."""
        article = published(raw())
        broken = article.model_copy(update={"title": "half \ud800 a pair"})
        record, outcome = for_outcome(Consumed(), Outcome(article=broken), "out", "dlq", 1_000_000)
        assert record.topic == "dlq" and outcome.error is not None
        reason = DeadLetterReason.from_headers(record.headers)
        assert (reason.stage, reason.error_code) == (Stage.PUBLISH, ErrorCode.NOT_SERIALIZABLE)
        assert record.value == b"{}"

    def test_huge_original_key_and_headers_are_left_out(self) -> None:
        """A dead letter always fits the producer's limit; what was left out is said in a header."""
        source = Consumed(key=b"k" * 50_000, value=b"v" * 2000, headers=[("h", b"x" * 50_000), ("none", None)])
        error = RecordError(Stage.VALIDATE, ErrorCode.NOT_JSON, "invalid JSON")
        record = dead_letter_record(source, error, "dlq", max_value_bytes=1000)
        reason = DeadLetterReason.from_headers(record.headers)
        assert (record.key, record.value) == (None, None)
        assert reason.value_omitted_bytes == 2000 and reason.key_and_headers_omitted_bytes is not None
        assert record.size <= 1000 + HEADER_ROOM

    def test_null_header_values_are_carried(self) -> None:
        """Kafka allows a header without a value; the dead letter keeps it as it came."""
        source = Consumed(headers=[("trace", None)])
        record = dead_letter_record(source, RecordError(Stage.VALIDATE, ErrorCode.NOT_JSON, "x"), "dlq", 1000)
        assert record.headers[0] == ("trace", None) and record.size > 0

    def test_an_outcome_without_article_or_error_is_still_accounted_for(self) -> None:
        """Even an empty outcome (a bug) yields a dead letter, never a crash."""
        record, outcome = for_outcome(Consumed(), Outcome(), "out", "dlq", 1000)
        assert record.topic == "dlq" and outcome.error is not None and outcome.error.code is ErrorCode.INTERNAL
