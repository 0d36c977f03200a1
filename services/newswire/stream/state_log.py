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
from collections.abc import Callable, Iterable, Sequence
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
#: Seconds between progress lines while the state topic is read at start-up.
PROGRESS_S = 10.0


class StateLog:
    """Keeps the pipeline's shared tables in step with the state topic; keys are `prefix:...`."""

    def __init__(
        self,
        consumer: Consumer,
        topic: str,
        tables: Sequence[SharedState],
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._consumer = consumer
        self._clock = clock
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
        started = self._clock()
        deadline, next_report = started + deadline_s, started + PROGRESS_S
        read = 0
        with translated(f"cannot read {self.topic}", FatalStreamError):
            ends = self._consumer.end_offsets(partitions, timeout_ms=int(deadline_s * 1000))
            # Everything read counts, also what other replicas wrote since `ends` was taken.
            for records in read_to_end(self._consumer, ends, poll_ms=500, position_ms=1000, clip=False):
                now = self._clock()
                if now > deadline:
                    raise FatalStreamError(
                        f"loading {self.topic} took longer than {deadline_s:.0f}s ({read} records read);"
                        " NEWSWIRE_STATE_LOAD_TIMEOUT_S allows more"
                    )
                if stopping.is_set():
                    return
                self._apply(records)
                read += len(records)
                if now >= next_report:
                    next_report = now + PROGRESS_S
                    log.info("state_loading", topic=self.topic, records=read, end_offset=sum(ends.values()),
                             seconds=round(now - started), **self._sizes())  # fmt: skip
        log.info(
            "state_loaded", topic=self.topic, records=read, seconds=round(self._clock() - started), **self._sizes()
        )

    def _sizes(self) -> dict[str, int]:
        """Entries per table, by prefix: `fp`, `bp`."""
        return {prefix: len(table) for prefix, table in self._tables.items()}

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
