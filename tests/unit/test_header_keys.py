"""Header keys that are not UTF-8: kafka-python's reader, the one patch point, and the dead letter."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kafka.errors import CorruptRecordError
from kafka.record import memory_records
from kafka.record.default_records import DefaultRecordBatch, DefaultRecordBatchBuilder
from kafka.record.memory_records import MemoryRecords

from newswire.contracts import DeadLetterReason
from newswire.errors import ErrorCode, RecordError, Stage
from newswire.pipeline import Outcome
from newswire.stream import header_keys
from newswire.stream.header_keys import RAW_KEY_PREFIX, LenientRecordBatch, RawHeaderKey
from newswire.stream.records import Screened, dead_letter_record

BAD_KEY = b"\xffsource\xc3"
Row = tuple[bytes | None, bytes | None, list[tuple[Any, bytes | None]]]


def _batch(rows: Sequence[Row], base_timestamp: int = 1_700_000_000_000) -> bytes:
    """A v2 batch built by kafka-python's own builder; a RawHeaderKey is written as its raw bytes."""
    builder = DefaultRecordBatchBuilder(2, 0, 0, -1, -1, -1, 1 << 20)
    for offset, (key, value, headers) in enumerate(rows):
        builder.append(offset, base_timestamp + offset, key, value, headers)
    return bytes(builder.build())


def _read(data: bytes, batch_class: type[DefaultRecordBatch]) -> list[Any]:
    return list(batch_class(data))


@pytest.fixture(autouse=True)
def _installed() -> None:
    header_keys.install()


class TestKafkaPythonStillNeedsThePatch:
    def test_its_own_reader_raises_on_a_key_that_is_not_utf8(self) -> None:
        """If this fails, kafka-python reads such keys itself and header_keys can go."""
        with pytest.raises(CorruptRecordError, match="UnicodeDecodeError"):
            _read(_batch([(b"k", b"v", [(RawHeaderKey(BAD_KEY), b"x")])]), DefaultRecordBatch)

    def test_memory_records_builds_the_lenient_batch(self) -> None:
        """The patch point: MemoryRecords.next_batch looks the batch class up in its module."""
        assert memory_records.DefaultRecordBatch is LenientRecordBatch
        assert type(MemoryRecords(_batch([(b"k", b"v", [])])).next_batch()) is LenientRecordBatch


class TestLenientBatch:
    def test_good_records_read_exactly_as_kafka_python_reads_them(self) -> None:
        """Null key, null value, null header value, many headers: the same fields, one by one."""
        rows: list[Row] = [
            (None, b"v0", []),
            (b"k1", None, [("a", None), ("b", b"")]),
            (b"k2", b"v2" * 500, [("\u00e9t\u00e9", b"\x00\xff")] * 3),
        ]
        data = _batch(rows)
        ours, theirs = _read(data, LenientRecordBatch), _read(data, DefaultRecordBatch)
        fields = ("offset", "timestamp", "timestamp_type", "key", "value", "headers", "size_in_bytes")
        assert [[getattr(r, f) for f in fields] for r in ours] == [[getattr(r, f) for f in fields] for r in theirs]

    def test_a_key_that_is_not_utf8_is_kept_with_its_bytes_and_the_batch_goes_on(self) -> None:
        """The bad record and those after it in its batch are read; its key, value and offsets are intact."""
        rows: list[Row] = [
            (b"k0", b"v0", [("crawler", b"c1")]),
            (b"k1", b"v1", [("crawler", b"c1"), (RawHeaderKey(BAD_KEY), b"\x00kept")]),
            (b"k2", b"v2", []),
        ]
        records = _read(_batch(rows), LenientRecordBatch)
        assert [(r.offset, r.key, r.value) for r in records] == [(i, b"k%d" % i, b"v%d" % i) for i in range(3)]
        assert records[1].timestamp == 1_700_000_000_001
        (_, good), (bad, value) = records[1].headers
        assert good == b"c1" and value == b"\x00kept"
        assert isinstance(bad, RawHeaderKey) and bad.raw == BAD_KEY
        assert bad.encode() == BAD_KEY and bad == "\\xffsource\\xc3"

    @given(st.binary(max_size=40), st.one_of(st.none(), st.binary(max_size=40)), st.binary(max_size=40))
    def test_any_header_key_bytes_round_trip(self, raw: bytes, header_value: bytes | None, value: bytes) -> None:
        """Whatever bytes a producer sends as a key come back: as text if UTF-8, else as RawHeaderKey."""
        [record] = _read(_batch([(None, value, [(RawHeaderKey(raw), header_value)])]), LenientRecordBatch)
        [(key, got)] = record.headers
        assert key.encode() == raw and got == header_value and record.value == value
        assert isinstance(key, RawHeaderKey) != _is_utf8(raw)


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@dataclass
class _Record:
    offset: int
    value: bytes | None
    headers: list[tuple[str, bytes | None]] = field(default_factory=list)
    topic: str = "news.raw.v1"
    partition: int = 0
    timestamp: int = 1_700_000_000_000
    key: bytes | None = b"k"


class _Pipeline:
    def __init__(self) -> None:
        self.seen: list[bytes | None] = []

    def process(self, values: Sequence[bytes | None]) -> list[Outcome]:
        self.seen += values
        return [Outcome(error=RecordError(Stage.VALIDATE, ErrorCode.NOT_JSON, str(v))) for v in values]


class TestScreened:
    def test_records_with_such_keys_skip_the_pipeline_and_keep_their_place(self) -> None:
        """One outcome per record, in order; only the readable records reach the pipeline."""
        bad: list[tuple[str, bytes | None]] = [("crawler", b"c1"), (RawHeaderKey(BAD_KEY), b"x")]
        records = [_Record(0, b"a"), _Record(1, b"b", bad), _Record(2, b"c"), _Record(3, b"d", bad)]
        pipeline = _Pipeline()
        outcomes = Screened(pipeline).process(records)
        assert pipeline.seen == [b"a", b"c"]
        codes = [o.error.code if o.error else None for o in outcomes]
        assert codes == [ErrorCode.NOT_JSON, ErrorCode.HEADER_NOT_UTF8, ErrorCode.NOT_JSON, ErrorCode.HEADER_NOT_UTF8]
        assert [o.error.message if o.error else "" for o in outcomes][::2] == ["b'a'", "b'c'"]

    def test_the_dead_letter_carries_the_key_bytes_in_hex_and_the_value_untouched(self) -> None:
        """Valid UTF-8 throughout, so every reader of the dead-letter topic can read it."""
        record = _Record(1, b"\xfe raw value", [("crawler", b"c1"), (RawHeaderKey(BAD_KEY), b"\x00x")])
        [outcome] = Screened(_Pipeline()).process([record])
        assert outcome.error is not None
        letter = dead_letter_record(record, outcome.error, "dlq", 1000)
        assert letter.value == b"\xfe raw value" and letter.key == b"k"
        assert letter.headers[:2] == [("crawler", b"c1"), (RAW_KEY_PREFIX + BAD_KEY.hex(), b"\x00x")]
        assert all(type(k) is str and k.encode() for k, _ in letter.headers)
        reason = DeadLetterReason.from_headers(letter.headers)
        assert (reason.stage, reason.error_code, reason.offset) == (Stage.VALIDATE, ErrorCode.HEADER_NOT_UTF8, 1)
        assert bytes.fromhex(letter.headers[1][0].removeprefix(RAW_KEY_PREFIX)) == BAD_KEY
