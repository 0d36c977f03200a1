"""Exactly-once at the moment that matters: a replica dies with its transaction open."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Sequence
from typing import Any

import pytest

from newswire.bootstrap import build_producer, build_worker
from newswire.config import Settings
from newswire.errors import StreamError
from newswire.observability.metrics import Metrics
from newswire.stream.records import OutRecord
from newswire.stream.sink import TransactionalSink
from tests.conftest import raw
from tests.integration.kafka_helpers import Topics

pytestmark = pytest.mark.integration


class Killed(BaseException):
    """Stands for SIGKILL: nothing in the worker may catch it."""


class DiesMidTransaction(TransactionalSink):
    """On its Nth commit, writes the batch and its offsets into the transaction, then dies before committing."""

    def __init__(self, producer: Any, deadline_s: float, die_at: int) -> None:
        super().__init__(producer, deadline_s)
        self.commits, self.die_at = 0, die_at

    def commit(self, records: Sequence[OutRecord], offsets: Any, group_metadata: Any) -> None:
        self.commits += 1
        if self.commits < self.die_at:
            return super().commit(records, offsets, group_metadata)
        self._producer.begin_transaction()
        for r in records:
            self._producer.send(r.topic, key=r.key, value=r.value, headers=r.headers)
        self._producer.flush(timeout=30)  # the batch is in the log, inside the open transaction
        self._producer.send_offsets_to_transaction(offsets, group_metadata)
        raise Killed


class AbortsOnce(TransactionalSink):
    """Its first commit writes the batch and its state entries into a transaction, then aborts it."""

    def __init__(self, producer: Any, deadline_s: float) -> None:
        super().__init__(producer, deadline_s)
        self.aborted = False

    def commit(self, records: Sequence[OutRecord], offsets: Any, group_metadata: Any) -> None:
        if self.aborted:
            return super().commit(records, offsets, group_metadata)
        self.aborted = True
        self._producer.begin_transaction()
        for r in records:
            self._producer.send(r.topic, key=r.key, value=r.value, headers=r.headers)
        self._producer.flush(timeout=30)
        self._producer.abort_transaction()
        raise StreamError("transaction aborted after the batch was written")


def _settings(topics: Topics, **extra: Any) -> Settings:
    return Settings(
        kafka_bootstrap_servers=topics.bootstrap,
        input_topic=topics.input,
        output_topic=topics.output,
        dlq_topic=topics.dlq,
        state_topic=topics.state,
        group_id=topics.prefix,
        replica_id="one",
        batch_max_records=5,
        metrics_port=0,
        session_timeout_ms=6000,
        max_poll_interval_ms=10_000,
        **extra,
    )


def test_a_replica_that_dies_inside_a_transaction_loses_and_duplicates_nothing(topics: Topics) -> None:
    """The dead replica's open transaction is aborted by its successor; read_committed sees each article once."""
    total = 40
    topics.produce([raw(url=f"https://news.example.com/tx/{i}", title=f"Story {i} of the day") for i in range(total)])
    settings = _settings(topics)

    first = build_worker(settings, Metrics())
    first.sink.close()
    first.sink = DiesMidTransaction(build_producer(settings, transactional=True), settings.call_timeout_s, die_at=3)
    with pytest.raises(Killed):
        first.run()
    first.consumer.close(autocommit=False)  # its producer is left as a killed process leaves it: mid-transaction

    second = build_worker(settings, Metrics())  # same transactional id: fences the first and aborts its transaction
    runner = threading.Thread(target=second.run, daemon=True)
    runner.start()
    try:
        committed = topics.read(topics.output, expected=total, timeout=90, settle=3)
    finally:
        second.stop()
        runner.join(timeout=60)
        second.close()

    urls = Counter(json.loads(r.value)["url"] for r in committed)
    assert len(urls) == total and max(urls.values()) == 1
    everything = topics.read(topics.output, expected=total, committed=False)
    assert len(everything) > total, "the dead replica's uncommitted batch is in the log, hidden from readers"


STORY = (
    "The harbour authority approved a plan on Monday to deepen the main shipping channel, allowing larger "
    "container vessels to dock at the port for the first time. Work is due to begin in the spring."
)


@pytest.mark.parametrize("drop", [False, True], ids=["flagged", "dropped"])
def test_an_aborted_batch_redone_keeps_the_first_article_the_original(topics: Topics, drop: bool) -> None:
    """A and its copy B in a batch whose transaction aborts: after the redo and a re-crawl of A, A is never
    marked a copy, B points at A (or is dropped), and the state topic holds only the committed decisions."""
    a, b = "https://a.example.com/port", "https://b.example.com/port-plan"
    pair = [raw(url=a, body=STORY), raw(url=b, body=STORY, fetched_at="2024-01-18T11:00:00Z")]
    topics.produce(pair, key=lambda _: b"story")  # one partition, one batch
    settings = _settings(topics, drop_duplicates=drop)
    worker = build_worker(settings, Metrics())
    worker.sink.close()
    worker.sink = sink = AbortsOnce(build_producer(settings, transactional=True), settings.call_timeout_s)
    runner = threading.Thread(target=worker.run, daemon=True)
    runner.start()
    try:
        first = topics.read(topics.output, expected=1 if drop else 2, timeout=90, settle=2)
        topics.produce([raw(url=a, body=STORY, fetched_at="2024-01-19T08:00:00Z")], key=lambda _: b"story")
        committed = topics.read(topics.output, expected=len(first) + 1, timeout=90, settle=2)
    finally:
        worker.stop()
        runner.join(timeout=60)
        worker.close()
    assert sink.aborted
    articles = [json.loads(r.value) for r in committed]
    marks = sorted((x["url"], x.get("duplicate_of") or "") for x in articles)  # output is keyed by article id
    a_id = next(x["id"] for x in articles if x["url"] == a)
    assert marks == [(a, ""), (a, "")] + ([] if drop else [(b, a_id)])
    aborted = topics.read(topics.output, expected=len(committed) + 1, committed=False)
    assert len(aborted) > len(committed), "the aborted batch's output is in the log, hidden from read_committed"
    entries = [e for r in topics.read(topics.state, expected=1, settle=1) for _k, e in json.loads(r.value)["entries"]]
    fingerprints = [(e["article_id"], e["duplicate_of"]) for e in entries if "article_id" in e]
    copies = dict(fingerprints)
    assert len(fingerprints) == 2 and copies.pop(a_id) is None and list(copies.values()) == [a_id]
