"""Fingerprints of published articles on a compacted topic: the duplicate index shared by replicas.

Each replica writes its articles' fingerprints in the same transaction as the articles, reads the
whole topic at start-up (so the index survives restarts) and keeps reading what others write.
"""

from __future__ import annotations

import json
import time
from typing import Any

import structlog
from kafka import TopicPartition
from kafka.errors import KafkaError

from newswire.errors import StreamError
from newswire.pipeline.duplicates import DuplicateIndex, Fingerprint
from newswire.stream.records import OutRecord

log = structlog.get_logger("newswire.fingerprints")


class FingerprintLog:
    """Keeps a DuplicateIndex in step with the fingerprint topic."""

    def __init__(self, consumer: Any, topic: str, index: DuplicateIndex) -> None:
        self._consumer = consumer
        self.topic = topic
        self.index = index

    def load(self, deadline_s: float) -> None:
        """Read the topic from the beginning to its current end before processing anything."""
        partitions = [
            TopicPartition(self.topic, p) for p in sorted(self._consumer.partitions_for_topic(self.topic) or ())
        ]
        self._consumer.assign(partitions)
        if not partitions:
            return
        self._consumer.seek_to_beginning()
        ends = self._consumer.end_offsets(partitions)
        deadline = time.monotonic() + deadline_s
        try:
            while any(self._consumer.position(tp) < end for tp, end in ends.items()):
                if time.monotonic() > deadline:
                    raise StreamError(f"loading {self.topic} took longer than {deadline_s:.0f}s")
                self._add(self._consumer.poll(timeout_ms=500))
        except KafkaError as exc:
            raise StreamError(f"cannot read {self.topic}: {type(exc).__name__}") from exc
        log.info("fingerprints_loaded", topic=self.topic, entries=len(self.index))

    def refresh(self) -> None:
        """Take in what other replicas have committed since the last call, without waiting."""
        self._add(self._consumer.poll(timeout_ms=0))

    def _add(self, polled: dict[Any, list[Any]]) -> None:
        for records in polled.values():
            for record in records:
                try:
                    self.index.add(Fingerprint(**json.loads(record.value)))
                except (TypeError, ValueError):
                    log.warning("fingerprint_skipped", partition=record.partition, offset=record.offset)

    def close(self) -> None:
        self._consumer.close(autocommit=False)

    def record(self, fp: Fingerprint) -> OutRecord:
        """The record that persists one fingerprint, keyed by article id (the topic is compacted)."""
        value = json.dumps(
            {"article_id": fp.article_id, "content_hash": fp.content_hash, "simhash": fp.simhash, "seen_at": fp.seen_at}
        ).encode()
        return OutRecord(self.topic, fp.article_id.encode(), value, [])
