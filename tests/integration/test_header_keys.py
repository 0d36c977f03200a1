"""A header key that is not UTF-8, as producers outside the JVM can send, on a real broker."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from kafka import KafkaProducer

from newswire.contracts import DeadLetterReason
from newswire.errors import ErrorCode, Stage
from tests.conftest import raw
from tests.integration.kafka_helpers import Service, Topics, wait_for

pytestmark = pytest.mark.integration


class _RawKey(str):
    """A header key kafka-python's producer writes as these bytes (it calls key.encode("utf-8"))."""

    raw: bytes

    def __new__(cls, raw: bytes) -> _RawKey:
        key = super().__new__(cls, raw.hex())
        key.raw = raw
        return key

    def encode(self, encoding: str = "utf-8", errors: str = "strict") -> bytes:
        return self.raw


class TestHeaderKeyNotUtf8:
    def test_the_record_is_a_dead_letter_and_the_partition_goes_on(self, topics: Topics, tmp_path: Path) -> None:
        """Once a crash loop (poll raised UnicodeDecodeError): now one dead letter, the rest in order."""
        values = [raw(url=f"https://news.example.com/h/{i}", title=f"Harbour story {i} in Geneva") for i in range(5)]
        bad_key = b"\xffsource\xc3"
        producer = KafkaProducer(bootstrap_servers=topics.bootstrap, acks="all")
        for i, value in enumerate(values):
            headers: list[tuple[Any, bytes]] = [("crawler", b"c1")]
            if i == 2:
                headers.append((_RawKey(bad_key), b"\x00value kept"))
            producer.send(topics.input, key=b"one-partition", value=value, headers=headers)
        producer.flush(timeout=30)
        producer.close()
        service = Service(topics.env(NEWSWIRE_BATCH_MAX_RECORDS="2"), tmp_path / "service.log")
        try:
            dlq = topics.read(topics.dlq, expected=1)
            out = topics.read(topics.output, expected=4)
            wait_for(lambda: service.metric("newswire_records_consumed_total") == 5, 30, "every record counted")
            assert service.ready()
        finally:
            assert service.stop() == 0, service.log()
        assert "Traceback" not in service.log()
        urls = [json.loads(r.value)["url"] for r in out]
        assert sorted(urls) == sorted(f"https://news.example.com/h/{i}" for i in (0, 1, 3, 4))
        [letter] = dlq
        reason = DeadLetterReason.from_headers(letter.headers)
        assert (reason.stage, reason.error_code) == (Stage.VALIDATE, ErrorCode.HEADER_NOT_UTF8)
        assert (reason.topic, reason.offset) == (topics.input, 2)
        assert letter.value == values[2] and letter.key == b"one-partition"
        assert ("crawler", b"c1") in letter.headers
        assert ("newswire.raw-header-key." + bad_key.hex(), b"\x00value kept") in letter.headers
