"""Dead-letter records keep the original untouched and say why in headers; deadlines guard Kafka calls."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest

from newswire.contracts import DeadLetterReason
from newswire.errors import ErrorCode, RecordError, Stage, TransactionTimeout
from newswire.stream.deadlines import DeadlineRunner
from newswire.stream.records import dead_letter_record


@dataclass
class FakeConsumerRecord:
    topic: str = "news.raw.v1"
    partition: int = 2
    offset: int = 41
    timestamp: int = 1_700_000_000_000
    key: bytes | None = b"k1"
    value: bytes | None = b"{broken"
    headers: list[tuple[str, bytes]] | None = None


class TestDeadLetterRecord:
    def test_original_key_value_and_headers_are_unchanged(self) -> None:
        """The dead letter carries the record exactly as consumed, plus the reason."""
        source = FakeConsumerRecord(headers=[("crawler", b"c7")])
        try:
            raise RecordError(Stage.VALIDATE, ErrorCode.NOT_JSON, "invalid JSON at line 1 column 2")
        except RecordError as exc:
            record = dead_letter_record(source, exc, "news.raw.v1.dlq")
        assert (record.topic, record.key, record.value) == ("news.raw.v1.dlq", b"k1", b"{broken")
        assert record.headers[0] == ("crawler", b"c7")
        reason = DeadLetterReason.from_headers(record.headers)
        assert (reason.topic, reason.partition, reason.offset) == ("news.raw.v1", 2, 41)
        assert (reason.stage, reason.error_code) == (Stage.VALIDATE, ErrorCode.NOT_JSON)
        assert reason.timestamp == 1_700_000_000_000

    def test_error_class_is_the_root_cause(self) -> None:
        """When a library error caused the failure, its class is named, not the wrapper's."""
        try:
            try:
                raise KeyError("x")
            except KeyError as inner:
                raise RecordError(Stage.ENRICH, ErrorCode.ENRICHMENT_FAILED, "KeyError during enrich") from inner
        except RecordError as exc:
            record = dead_letter_record(FakeConsumerRecord(), exc, "dlq")
        assert DeadLetterReason.from_headers(record.headers).error_class == "KeyError"

    def test_message_is_bounded(self) -> None:
        """A long message is cut, so no payload can ride along in a header."""
        error = RecordError(Stage.VALIDATE, ErrorCode.SCHEMA_INVALID, "m" * 10_000)
        reason = DeadLetterReason.from_headers(dead_letter_record(FakeConsumerRecord(), error, "dlq").headers)
        assert len(reason.error_message) <= 300


class TestDeadline:
    def test_a_call_that_never_returns_times_out(self) -> None:
        """A hung transactional call becomes TransactionTimeout instead of blocking forever."""
        never = threading.Event()
        with pytest.raises(TransactionTimeout, match="commit_transaction"):
            DeadlineRunner().call(never.wait, 0.2, "commit_transaction")
        never.set()

    def test_errors_and_results_pass_through(self) -> None:
        """The call's own result or exception reaches the caller unchanged."""
        runner = DeadlineRunner()
        assert runner.call(lambda: 42, 5, "x") == 42
        with pytest.raises(ZeroDivisionError):
            runner.call(lambda: 1 / 0, 5, "x")
        runner.close()

    def test_one_thread_serves_every_call(self) -> None:
        """Calls run on one long-lived thread, not a thread each."""
        runner = DeadlineRunner()
        threads = {runner.call(threading.get_ident, 5, "x") for _ in range(5)}
        runner.close()
        assert len(threads) == 1 and threading.get_ident() not in threads

    def test_a_call_after_a_timeout_gets_a_fresh_thread(self) -> None:
        """The hung call keeps its thread; the next call is served at once by another."""
        runner, never = DeadlineRunner(), threading.Event()
        with pytest.raises(TransactionTimeout):
            runner.call(never.wait, 0.1, "send")
        assert runner.call(lambda: 7, 5, "abort_transaction") == 7
        never.set()
        runner.close()


class TestReasonOfARecordDeadLetteredTwice:
    def _twice(self, older: list[tuple[str, bytes | None]]) -> list[tuple[str, bytes | None]]:
        newer = DeadLetterReason(
            topic="news.raw.v1",
            partition=0,
            offset=7,
            timestamp=1,
            stage=Stage.ENRICH,
            error_code=ErrorCode.ENRICHMENT_FAILED,
            error_class="ValueError",
            error_message="second time",
        )
        return [("crawler", b"c1"), *older, ("newswire.dlq.extra", None), *newer.to_headers()]

    def test_an_older_value_that_is_not_utf8_is_never_decoded(self) -> None:
        """A record re-sent with its dead-letter headers and dead-lettered again: the newest set is read."""
        older = dead_letter_record(FakeConsumerRecord(), RecordError(Stage.VALIDATE, ErrorCode.NOT_JSON, "x"), "d")
        broken = [(k, b"\xff\xfe" if k.endswith("error_message") else v) for k, v in older.headers]
        reason = DeadLetterReason.from_headers(self._twice(broken))
        assert (reason.stage, reason.error_code, reason.offset) == (Stage.ENRICH, ErrorCode.ENRICHMENT_FAILED, 7)
        assert reason.error_message == "second time"

    def test_a_field_of_the_older_set_does_not_leak_into_the_newer(self) -> None:
        """value_omitted_bytes set the first time and not the second is not reported."""
        error = RecordError(Stage.VALIDATE, ErrorCode.PAYLOAD_TOO_LARGE, "big")
        older = dead_letter_record(FakeConsumerRecord(value=b"x" * 50), error, "d", max_value_bytes=10)
        assert DeadLetterReason.from_headers(older.headers).value_omitted_bytes == 50
        assert DeadLetterReason.from_headers(self._twice(list(older.headers))).value_omitted_bytes is None
