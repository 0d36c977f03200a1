"""Confluent-framed JSON (magic byte 0, a 4-byte schema id, the JSON) through a replica on a real broker."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newswire.contracts import INPUT_SCHEMA_ID, DeadLetterReason
from newswire.errors import ErrorCode
from tests.conftest import framed, raw
from tests.integration.kafka_helpers import Service, Topics

pytestmark = pytest.mark.integration


class TestFramedInput:
    def test_framed_records_are_published_and_bad_frames_dead_lettered(self, topics: Topics, tmp_path: Path) -> None:
        """Framed and plain JSON side by side become articles, framed ones with their schema id in provenance;
        a cut frame and an Avro-looking payload reach the dead-letter topic unchanged, with reasons."""
        good = [
            framed(raw(url="https://news.example.com/framed/1", title="Framed story in Oslo"), 101),
            raw(url="https://news.example.com/plain/2", title="Plain story in Oslo"),
            framed(raw(url="https://news.example.com/framed/3", title="Another framed story"), 2**31 - 1),
        ]
        bad = [b"\x00\x00\x00", framed(b"\x02\x1chttps://a.example\xc8\x01", 9)]
        topics.produce(good + bad)
        service = Service(topics.env(), tmp_path / "service.log")
        try:
            out = topics.read(topics.output, expected=len(good))
            dlq = topics.read(topics.dlq, expected=len(bad))
            assert service.ready()
        finally:
            assert service.stop() == 0, service.log()
        ids = {json.loads(r.value)["url"]: json.loads(r.value)["provenance"].get(INPUT_SCHEMA_ID) for r in out}
        assert ids == {
            "https://news.example.com/framed/1": "101",
            "https://news.example.com/plain/2": None,
            "https://news.example.com/framed/3": str(2**31 - 1),
        }
        letters = {r.value: DeadLetterReason.from_headers(r.headers) for r in dlq}
        assert set(letters) == set(bad)
        assert letters[bad[0]].error_code is ErrorCode.NOT_JSON
        assert "starts with byte 0" in letters[bad[0]].error_message
        assert letters[bad[1]].error_code is ErrorCode.NOT_UTF8
        assert "schema id 9" in letters[bad[1]].error_message
