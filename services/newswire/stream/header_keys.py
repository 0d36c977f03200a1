"""Header keys that are not UTF-8 reach the service as RawHeaderKey instead of stopping poll().

Kafka types a header key as a UTF-8 string but the broker does not check it, so a producer outside
the JVM can send any bytes. kafka-python 3.0 decodes each key strictly in
DefaultRecordBatch._read_msg, inside poll(); its deserializers see only the key and the value, so
there is no hook for header keys. One such record made every poll of its partition raise
UnicodeDecodeError: each replica that owned it exited and its successor read it again.

install() therefore swaps the batch class that MemoryRecords.next_batch builds (the one patch
point, process-wide, idempotent) for a subclass that reads every record with kafka-python's own
code and, only when that fails on a header key, reads the record again itself below, following
the v2 record format. tests/unit/test_header_keys.py fails if kafka-python changes either point.
"""

from __future__ import annotations

from typing import Any

from kafka.errors import CorruptRecordError
from kafka.record import memory_records
from kafka.record.default_records import ControlRecord, DefaultRecord, DefaultRecordBatch
from kafka.record.util import decode_varint

#: Dead letters carry a header whose key is not UTF-8 under this prefix plus the key's bytes in hex.
RAW_KEY_PREFIX = "newswire.raw-header-key."


class RawHeaderKey(str):
    """A header key that is not UTF-8: its text is the bytes with backslash escapes, `raw` the bytes.

    encode() gives the bytes back, so kafka-python's size accounting stays exact."""

    raw: bytes

    def __new__(cls, raw: bytes) -> RawHeaderKey:
        key = super().__new__(cls, raw.decode("utf-8", "backslashreplace"))
        key.raw = raw
        return key

    def encode(self, encoding: str = "utf-8", errors: str = "strict") -> bytes:
        return self.raw

    @property
    def carried(self) -> str:
        """The key a dead letter carries instead: valid UTF-8, and the bytes recoverable from it."""
        return RAW_KEY_PREFIX + self.raw.hex()


def header_key(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return RawHeaderKey(raw)


def _nullable_bytes(buffer: Any, pos: int) -> tuple[bytes | None, int]:
    size, pos = decode_varint(buffer, pos)
    if size < 0:
        return None, pos
    if pos + size > len(buffer):
        raise CorruptRecordError(f"a field of {size} bytes runs past the end of its batch")
    return bytes(buffer[pos : pos + size]), pos + size


class LenientRecordBatch(DefaultRecordBatch):  # type: ignore[misc]
    """kafka-python's v2 batch, except that a header key that is not UTF-8 becomes a RawHeaderKey."""

    _pos: int  # where the next record starts in the (uncompressed) batch

    def _read_msg(self, decode_varint: Any = decode_varint) -> Any:
        start = self._pos
        try:
            return super()._read_msg(decode_varint)
        except UnicodeDecodeError:
            self._pos = start
            return self._read_record()

    def _read_record(self) -> Any:
        # Record => Length Attributes TimestampDelta OffsetDelta Key Value [HeaderKey HeaderValue]
        buffer = self._buffer
        length, pos = decode_varint(buffer, self._pos)
        begin = pos
        _attributes, pos = decode_varint(buffer, pos)
        timestamp_delta, pos = decode_varint(buffer, pos)
        offset_delta, pos = decode_varint(buffer, pos)
        key, pos = _nullable_bytes(buffer, pos)
        value, pos = _nullable_bytes(buffer, pos)
        count, pos = decode_varint(buffer, pos)
        if count < 0 or count > len(buffer):
            raise CorruptRecordError(f"invalid number of record headers {count}")
        headers: list[tuple[str, bytes | None]] = []
        for _ in range(count):
            raw_key, pos = _nullable_bytes(buffer, pos)
            if raw_key is None:
                raise CorruptRecordError("a header key of negative size")
            header_value, pos = _nullable_bytes(buffer, pos)
            headers.append((header_key(raw_key), header_value))
        if pos - begin != length:
            raise CorruptRecordError(f"record of {length} bytes read as {pos - begin}")
        self._pos = pos
        if self.timestamp_type == self.LOG_APPEND_TIME:
            timestamp = self.max_timestamp
        else:
            timestamp = self.first_timestamp + timestamp_delta
        kind = ControlRecord if self.is_control_batch else DefaultRecord
        return kind(length, self.base_offset + offset_delta, timestamp, self.timestamp_type, key, value, headers)


def install() -> None:
    """Make every consumer in this process read header keys that are not UTF-8 as RawHeaderKey."""
    memory_records.DefaultRecordBatch = LenientRecordBatch


def raw_header_keys(headers: list[tuple[str, bytes | None]] | None) -> list[RawHeaderKey]:
    return [k for k, _ in headers or [] if isinstance(k, RawHeaderKey)]
