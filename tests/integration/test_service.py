"""The service on a real broker: happy path, dead letters, crashes, replicas."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import ClassVar

import pytest

from newswire.contracts import DeadLetterReason
from newswire.errors import ErrorCode, Stage
from tests.conftest import canonical_link, raw, sample_lines
from tests.integration.kafka_helpers import Service, Topics, wait_for

pytestmark = pytest.mark.integration


def _articles(n: int, tag: str = "a") -> list[bytes]:
    return [
        raw(url=f"https://news.example.com/{tag}/{i}", title=f"Story number {i} about Geneva talks") for i in range(n)
    ]


class TestHappyPath:
    @pytest.mark.parametrize("guarantee", ["exactly_once", "at_least_once"])
    def test_samples_are_published_and_keyed_by_id(self, topics: Topics, tmp_path: Path, guarantee: str) -> None:
        """Every valid sample becomes one article keyed by its id; the empty one is a dead letter."""
        lines = sample_lines()
        topics.produce(lines)
        service = Service(topics.env(NEWSWIRE_PROCESSING_GUARANTEE=guarantee), tmp_path / "service.log")
        try:
            out = topics.read(topics.output, expected=len(lines) - 1)
            dlq = topics.read(topics.dlq, expected=1)
            wait_for(
                lambda: service.metric("newswire_articles_published_total") == len(lines) - 1,
                30,
                "the published counter",
            )
            assert service.ready()
            assert service.get("/healthz")[0] == 200
        finally:
            assert service.stop() == 0, service.log()
        assert all(json.loads(line) for line in service.log().splitlines())  # NEWSWIRE_LOG_FORMAT=json
        articles = [json.loads(r.value) for r in out]
        assert len(articles) == len(lines) - 1
        assert all(r.key.decode() == a["id"] for r, a in zip(out, articles, strict=True))
        assert {a["language"] for a in articles} >= {"en", "de"}
        un = next(a for a in articles if "United Nations" in a["title"])
        assert any(e["type"] == "PERSON" for e in un["entities"])
        assert un["topics"][0]["code"] == "medtop:11000000"
        chips = [a for a in articles if a["title"].startswith("Chipmaker")]
        assert sorted(bool(a["duplicate_of"]) for a in chips) == [False, True], "one syndicated copy is flagged"
        assert {a["duplicate_of"] for a in chips} == {None, next(a["id"] for a in chips if not a["duplicate_of"])}
        [letter] = dlq
        assert DeadLetterReason.from_headers(letter.headers).error_code is ErrorCode.EMPTY_BODY


class TestDeadLetters:
    MALFORMED: ClassVar[dict[ErrorCode, bytes]] = {
        ErrorCode.NOT_UTF8: b'{"url": "\xff\xfe"}',
        ErrorCode.NOT_JSON: b'{"url": ',
        ErrorCode.SCHEMA_INVALID: raw(content_type="application/pdf"),
        ErrorCode.TOO_DEEP: b"[" * 50 + b"]" * 50,
        ErrorCode.PAYLOAD_TOO_LARGE: raw(body="x" * 20_000),
        ErrorCode.NOT_OBJECT: b'"just a string"',
    }

    def test_each_malformed_kind_reaches_the_dlq_with_its_reason(self, topics: Topics, tmp_path: Path) -> None:
        """Original key, value and headers kept; topic, partition, offset, stage and code added; service goes on."""
        values = [*self.MALFORMED.values(), raw()]
        topics.produce(values, key=lambda i: f"key-{i}".encode(), headers=[("crawler", b"c1")])
        service = Service(topics.env(NEWSWIRE_MAX_RECORD_BYTES="10000"), tmp_path / "service.log")
        try:
            dlq = topics.read(topics.dlq, expected=len(self.MALFORMED))
            out = topics.read(topics.output, expected=1)
        finally:
            assert service.stop() == 0, service.log()
        assert len(out) == 1
        by_code = {DeadLetterReason.from_headers(r.headers).error_code: r for r in dlq}
        assert set(by_code) == set(self.MALFORMED)
        for code, record in by_code.items():
            reason = DeadLetterReason.from_headers(record.headers)
            index = list(self.MALFORMED).index(code)
            assert record.value == self.MALFORMED[code]
            assert record.key == f"key-{index}".encode()
            assert ("crawler", b"c1") in record.headers
            assert reason.topic == topics.input and reason.offset >= 0 and reason.partition >= 0
            assert reason.stage is Stage.VALIDATE
            assert "x" * 100 not in reason.error_message

    def test_records_beyond_every_limit_are_dead_letters_not_outages(self, topics: Topics, tmp_path: Path) -> None:
        """A 2 MB record, a 5,000-digit number and a year-1 timestamp dead-letter; the next article still flows."""
        huge = b"<" * 2_000_000
        values = [huge, b'{"n": ' + b"7" * 5000 + b"}", raw(fetched_at="0001-01-01T00:00:00+01:00"), raw()]
        topics.produce(values)
        service = Service(topics.env(NEWSWIRE_MAX_RECORD_BYTES="1000000"), tmp_path / "service.log")
        try:
            dlq = topics.read(topics.dlq, expected=3)
            out = topics.read(topics.output, expected=1)
        finally:
            assert service.stop() == 0, service.log()
        assert len(out) == 1
        reasons = {DeadLetterReason.from_headers(r.headers).error_code: r for r in dlq}
        assert set(reasons) == {ErrorCode.PAYLOAD_TOO_LARGE, ErrorCode.NOT_JSON, ErrorCode.SCHEMA_INVALID}
        too_large = reasons[ErrorCode.PAYLOAD_TOO_LARGE]
        assert too_large.value is None
        assert DeadLetterReason.from_headers(too_large.headers).value_omitted_bytes == len(huge)


class TestPoisonPills:
    def test_long_canonical_links_among_good_records_leave_the_service_running(
        self, topics: Topics, tmp_path: Path
    ) -> None:
        """Links that once crashed every replica come out as articles with a warning; all input is accounted for."""
        pills = [
            canonical_link("https://news.example.com/" + "x" * 5000, url="https://news.example.com/p/1"),
            canonical_link("https://news.example.com/?q=" + "é" * 1500, url="https://news.example.com/p/2"),
            canonical_link("https://news.example.com/?" + "&amp;x" * 1500, url="https://news.example.com/p/3"),
            canonical_link("https://news.example.com:99999/x", url="https://news.example.com/p/4"),
        ]
        good = _articles(8, "good")
        values = [*good[:3], *pills[:2], b"{not json", *good[3:6], *pills[2:], *good[6:]]
        topics.produce(values)
        service = Service(topics.env(NEWSWIRE_BATCH_MAX_RECORDS="4"), tmp_path / "service.log")
        try:
            out = topics.read(topics.output, expected=len(values) - 1)
            dlq = topics.read(topics.dlq, expected=1)
            wait_for(
                lambda: service.metric("newswire_records_consumed_total") == len(values), 30, "every record counted"
            )
            assert service.ready()
        finally:
            assert service.stop() == 0, service.log()
        articles = {json.loads(r.value)["url"]: json.loads(r.value) for r in out}
        assert len(out) == len(articles) == len(values) - 1
        for index in range(1, 5):
            article = articles[f"https://news.example.com/p/{index}"]
            assert article["canonical_url"] == article["url"]
            assert any(w.startswith("canonical link from html ignored") for w in article["warnings"])
        [letter] = dlq
        assert DeadLetterReason.from_headers(letter.headers).error_code is ErrorCode.NOT_JSON
        assert "Traceback" not in service.log()


class TestExactlyOnce:
    def test_killed_mid_stream_and_restarted_publishes_each_article_once(self, topics: Topics, tmp_path: Path) -> None:
        """SIGKILL mid-stream: the open transaction is aborted, the restart redoes it, no duplicates."""
        total = 120
        topics.produce(_articles(total))
        env = topics.env(NEWSWIRE_BATCH_MAX_RECORDS="5")
        first = Service(env, tmp_path / "first.log")
        try:
            wait_for(lambda: first.metric("newswire_articles_published_total") >= 20, 60, "the first commits")
        finally:
            assert first.stop(kill=True) != 0
        second = Service(env, tmp_path / "second.log")
        try:
            out = topics.read(topics.output, expected=total, timeout=120, settle=3)
            resumed = second.metric("newswire_records_consumed_total")
        finally:
            assert second.stop() == 0, second.log()
        assert 0 < resumed < total, "the kill must land mid-stream for this test to mean anything"
        counts = Counter(json.loads(r.value)["url"] for r in out)
        assert len(counts) == total
        assert max(counts.values()) == 1, [u for u, c in counts.items() if c > 1][:5]


class TestReplicas:
    def test_two_replicas_split_the_partitions(self, topics: Topics, tmp_path: Path) -> None:
        """Two replicas in one group each own partitions; together they publish every article once."""
        env = topics.env()
        a = Service(env, tmp_path / "a.log", replica="a")
        b = Service(env, tmp_path / "b.log", replica="b")
        try:
            wait_for(lambda: a.ready() and b.ready(), 60, "both replicas assigned")
            wait_for(
                lambda: (
                    a.metric("newswire_assigned_partitions") + b.metric("newswire_assigned_partitions")
                    == topics.partitions
                ),
                60,
                "all partitions assigned once",
            )
            topics.produce(_articles(60, "r"))
            out = topics.read(topics.output, expected=60, timeout=90, settle=2)
            assert a.metric("newswire_records_consumed_total") > 0
            assert b.metric("newswire_records_consumed_total") > 0
        finally:
            assert a.stop() == 0, a.log()
            assert b.stop() == 0, b.log()
        counts = Counter(json.loads(r.value)["url"] for r in out)
        assert len(counts) == 60 and max(counts.values()) == 1


class TestDuplicatesAcrossReplicas:
    def test_a_copy_seen_by_another_replica_after_a_restart_is_flagged(self, topics: Topics, tmp_path: Path) -> None:
        """Fingerprints live on a compacted topic: a new replica knows what an earlier one published."""
        story = (
            "The regional rail operator will add night trains between the two largest cities from June, "
            "its chief executive said on Thursday, after a year of record passenger numbers on the line."
        )
        first = Service(topics.env(), tmp_path / "first.log", replica="first")
        try:
            topics.produce([raw(url="https://a.example/rail", body=story)])
            [original] = topics.read(topics.output, expected=1)
        finally:
            assert first.stop() == 0, first.log()
        second = Service(topics.env(), tmp_path / "second.log", replica="second")
        try:
            topics.produce([raw(url="https://b.example/trains", body=story)])
            records = topics.read(topics.output, expected=2)
        finally:
            assert second.stop() == 0, second.log()
        copy = json.loads(next(r.value for r in records if b"b.example" in r.value))
        assert copy["duplicate_of"] == json.loads(original.value)["id"]


class TestStartUp:
    def test_a_missing_state_topic_is_a_clear_error(self, topics: Topics, tmp_path: Path) -> None:
        """Without its state topic the service stops at once and says how to create it."""
        service = Service(topics.env(NEWSWIRE_STATE_TOPIC=f"{topics.prefix}.missing"), tmp_path / "service.log")
        assert service.process.wait(timeout=60) == 1
        assert service.stop() == 1
        lines = [json.loads(line) for line in service.log().splitlines()]  # every line, kafka-python's too
        assert (lines[-1]["event"], lines[-1]["exit_code"]) == ("fatal", 1)
        assert "newswire topics" in lines[-1]["reason"]
