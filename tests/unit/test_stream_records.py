"""Dead-letter records keep the original untouched and say why in headers; deadlines guard Kafka calls."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest

from newswire.contracts import DeadLetterReason
from newswire.errors import ErrorCode, RecordError, Stage, TransactionTimeout
from newswire.stream.guard import with_deadline
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
            with_deadline(never.wait, 0.2, "commit_transaction")
        never.set()

    def test_errors_and_results_pass_through(self) -> None:
        """The call's own result or exception reaches the caller unchanged."""
        assert with_deadline(lambda: 42, 5, "x") == 42
        with pytest.raises(ZeroDivisionError):
            with_deadline(lambda: 1 / 0, 5, "x")
