"""Learned state on a compacted topic, shared by replicas and kept across restarts.

Each replica writes its tables' new entries in the same transaction as the batch that produced
them, reads the whole topic at start-up, and keeps reading what the other replicas write.

A transaction's entries travel together in one record keyed `batch:<unique>` holding
`{"entries": [[key, value], ...]}` (a few records when there are many): one send per transaction
instead of four or so per article. Such records are never compacted away, only expired by the
topic's retention, like every entry. Records keyed by one entry's own key, as earlier versions
wrote them, are still read. A replica skips the bundles it wrote itself when they come back: their
entries joined its tables when their transaction committed.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

import structlog

from newswire.errors import ConfigurationError, FatalStreamError
from newswire.pipeline.learned import SharedState
from newswire.stream.clients import Consumer, TopicPartition, translated
from newswire.stream.ranges import read_to_end
from newswire.stream.records import ConsumedRecord, OutRecord

log = structlog.get_logger("newswire.state")
#: Entries per state record: about 100 bytes each, so a record stays far below max.message.bytes.
BUNDLE_ENTRIES = 2000
BUNDLE = "batch"
#: Keys of this replica's own bundles remembered until they are read back (those of aborted
#: transactions never are): beyond this many the oldest are forgotten, and read again harmlessly.
OWN_BUNDLES = 4096


class StateLog:
    """Keeps the pipeline's shared tables in step with the state topic; keys are `prefix:...`."""

    def __init__(self, consumer: Consumer, topic: str, tables: Sequence[SharedState]) -> None:
        self._consumer = consumer
        self.topic = topic
        self._tables = {table.prefix: table for table in tables}
        self._own: dict[bytes | None, bool] = {}  # insertion-ordered: the oldest is forgotten first

    def load(self, deadline_s: float, stopping: threading.Event) -> None:
        """Read the topic from the beginning to its current end before processing anything."""
        numbers = sorted(self._consumer.partitions_for_topic(self.topic) or ())
        if not numbers:
            raise ConfigurationError(f"state topic {self.topic} does not exist; create it with `newswire topics`")
        partitions = [TopicPartition(self.topic, p) for p in numbers]
        self._consumer.assign(partitions)
        self._consumer.seek_to_beginning()
        deadline = time.monotonic() + deadline_s
        with translated(f"cannot read {self.topic}", FatalStreamError):
            ends = self._consumer.end_offsets(partitions, timeout_ms=int(deadline_s * 1000))
            # Everything read counts, also what other replicas wrote since `ends` was taken.
            for records in read_to_end(self._consumer, ends, poll_ms=500, position_ms=1000, clip=False):
                if time.monotonic() > deadline:
                    raise FatalStreamError(f"loading {self.topic} took longer than {deadline_s:.0f}s")
                if stopping.is_set():
                    return
                self._apply(records)
        log.info("state_loaded", topic=self.topic, **{p: len(t) for p, t in self._tables.items()})  # type: ignore[arg-type]

    def refresh(self) -> None:
        """Take in what other replicas have committed since the last call, without waiting."""
        polled = self._consumer.poll(timeout_ms=0).values()
        self._apply([r for records in polled for r in records if not self._own.pop(r.key, False)])

    def records(self) -> list[OutRecord]:
        """This replica's new entries, to be written in the batch's transaction: one record per BUNDLE_ENTRIES."""
        # json writes a tuple as it writes a list: the bundle's bytes are the same.
        entries = [entry for table in self._tables.values() for entry in table.pending()]
        out = [
            OutRecord(
                self.topic,
                f"{BUNDLE}:{uuid.uuid4().hex}".encode(),
                json.dumps({"entries": entries[i : i + BUNDLE_ENTRIES]}).encode(),
                [],
            )
            for i in range(0, len(entries), BUNDLE_ENTRIES)
        ]
        for record in out:
            self._own[record.key] = True
        while len(self._own) > OWN_BUNDLES:
            del self._own[next(iter(self._own))]
        return out

    def close(self) -> None:
        self._consumer.close(autocommit=False)

    def _apply(self, records: Iterable[ConsumedRecord]) -> None:
        for record in records:
            key = (record.key or b"").decode(errors="replace")
            if record.value is None:
                continue
            try:
                value = json.loads(record.value)
                entries = value["entries"] if key.startswith(f"{BUNDLE}:") else [[key, value]]
                for entry_key, entry in entries:
                    self._apply_entry(str(entry_key), entry, record)
            except (TypeError, ValueError, AttributeError, KeyError):  # a record of the wrong shape
                log.warning("state_entry_skipped", partition=record.partition, offset=record.offset)

    def _apply_entry(self, key: str, value: Any, record: ConsumedRecord) -> None:
        table = self._tables.get(key.split(":", 1)[0])
        if table is None:
            return
        try:
            table.apply(key, value)
        except (TypeError, ValueError, AttributeError, KeyError):  # one entry of the wrong shape
            log.warning("state_entry_skipped", partition=record.partition, offset=record.offset, key=key[:64])
