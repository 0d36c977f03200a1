"""The consume -> process -> produce loop of one replica."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import structlog

from newswire import failures
from newswire.errors import Stage
from newswire.observability.metrics import Metrics
from newswire.pipeline import Outcome, Pipeline
from newswire.stream.budget import Budget, interleave
from newswire.stream.clients import BrokerError, GroupConsumer, ListenerBase, TopicPartition, offsets_after
from newswire.stream.idle import Progress
from newswire.stream.records import ConsumedRecord, OutRecord, Screened, for_outcome
from newswire.stream.sink import Sink
from newswire.stream.state_log import StateLog

log = structlog.get_logger("newswire.worker")


@dataclass(frozen=True)
class WorkerOptions:
    """Where a replica writes and how it batches; bootstrap builds them from the settings."""

    output_topic: str
    dlq_topic: str
    poll_timeout_ms: int = 500
    batch_records: int = 64
    #: Processing time one transaction covers at most (0: no limit).
    budget_s: float = 0.0
    #: How long reading the state topic at start-up may take.
    load_deadline_s: float = 600.0
    max_output_bytes: int = 1_000_000


class _Rebalance(ListenerBase):  # type: ignore[misc]
    """Partitions move only inside poll(), between batches, so no transaction is open here."""

    def __init__(self, worker: Worker) -> None:
        self._worker = worker

    def on_partitions_revoked(self, revoked: Sequence[TopicPartition]) -> None:
        log.info("partitions_revoked", partitions=sorted(f"{tp.topic}-{tp.partition}" for tp in revoked))
        self._worker.forget(revoked)

    def on_partitions_assigned(self, assigned: Sequence[TopicPartition]) -> None:
        log.info("partitions_assigned", partitions=sorted(f"{tp.topic}-{tp.partition}" for tp in assigned))
        self._worker.own(assigned)


class Worker:
    """Polls a batch, processes it through the pipeline, and hands output plus offsets to the sink.

    `consumer` and `sink` stay reachable so tests can stand in a failing sink or close the consumer alone."""

    def __init__(
        self,
        consumer: GroupConsumer,
        sink: Sink,
        pipeline: Pipeline,
        metrics: Metrics,
        options: WorkerOptions,
        *,
        state: StateLog | None = None,
    ) -> None:
        self.consumer = consumer
        self.sink = sink
        self._pipeline = pipeline
        self._metrics = metrics
        self._options = options
        self._state = state
        self._budget = Budget(options.budget_s)
        self._stopping = threading.Event()
        self._assigned: set[TopicPartition] = set()
        self._topics = ""
        self._handled = 0  # records committed so far
        self._aborts_in_a_row = 0
        self._lag: dict[tuple[str, int], int] = {}  # the last lag seen per partition

    def own(self, assigned: Sequence[TopicPartition]) -> None:
        """The group gave this replica these partitions."""
        self._assigned = set(assigned)
        self._metrics.assigned.labels(self._topics).set(len(assigned))

    def forget(self, revoked: Sequence[TopicPartition]) -> None:
        """Drop the lag series of partitions this replica no longer owns."""
        for tp in revoked:
            if self._lag.pop((tp.topic, tp.partition), None) is not None:
                self._metrics.lag.remove(tp.topic, str(tp.partition))
                self._metrics.lag_seconds.remove(tp.topic, str(tp.partition))
        self._assigned = set()

    def ready(self) -> bool:
        return bool(self._assigned) and not self._stopping.is_set()

    def progress(self) -> Progress:
        """Records committed so far, and whether every partition owned is read to its end."""
        assigned = list(self._assigned)
        lagging = any(self._lag.get((tp.topic, tp.partition), 1) > 0 for tp in assigned)
        return Progress(self._handled, caught_up=bool(assigned) and not lagging)

    def subscribe(self, topic: str) -> None:
        self._topics = topic
        self.consumer.subscribe([topic], listener=_Rebalance(self))

    def run(self) -> None:
        """Loop until stop() is called; the batch in hand is finished, never abandoned half-written."""
        self.sink.start()
        if self._state is not None:
            self._state.load(self._options.load_deadline_s, self._stopping)
        while not self._stopping.is_set():
            polled = self.consumer.poll(
                timeout_ms=self._options.poll_timeout_ms, max_records=self._options.batch_records
            )
            records = interleave(list(polled.values()))
            if records:
                self._handle(records)
            self._record_lag(records)

    def stop(self) -> None:
        self._stopping.set()

    def wait_stopped(self, timeout_s: float) -> bool:
        """True once stop() has been called, waiting at most timeout_s for it."""
        return self._stopping.wait(timeout_s)

    def close(self) -> None:
        """Leave the group without committing, close the producer and the fingerprint reader."""
        self.consumer.close(autocommit=False)
        self.sink.close()
        if self._state is not None:
            self._state.close()

    def _handle(self, records: list[ConsumedRecord]) -> None:
        if self._state is not None:
            self._state.refresh()
        outcomes = self._budget.process(Screened(self._pipeline), records)
        later, records = records[len(outcomes) :], records[: len(outcomes)]
        out: list[OutRecord] = []
        for index, (record, outcome) in enumerate(zip(records, outcomes, strict=True)):
            produced, outcomes[index] = self._output(record, outcome)
            if produced is not None:
                out.append(produced)
        if self._state is not None:
            out.extend(self._state.records())
        offsets = offsets_after(records)
        started = time.perf_counter()
        try:
            self.sink.commit(out, offsets, self.consumer.group_metadata())
        except BaseException as exc:
            # Not committed: what the batch learned goes with it (it is redone here or by a successor).
            self._pipeline.abort()
            if not failures.redo(exc):
                raise  # fatal: the process exits and its successor redoes the batch
            self._metrics.transactions.labels("aborted").inc()
            self._metrics.observe_stage(Stage.PUBLISH, time.perf_counter() - started)
            self._aborts_in_a_row += 1
            log.error("batch_aborted", error=str(exc), records=len(records), in_a_row=self._aborts_in_a_row)
            failures.stop_after(self._aborts_in_a_row, exc)
            self._rewind(records + later)
            return
        self._metrics.observe_stage(Stage.PUBLISH, time.perf_counter() - started)
        self._aborts_in_a_row = 0
        self._pipeline.commit()
        self._rewind(later)  # the budget ran out before these: read them again for the next transaction
        self._metrics.transactions.labels("committed").inc()
        self._count(records, outcomes)

    def _output(self, record: ConsumedRecord, outcome: Outcome) -> tuple[OutRecord | None, Outcome]:
        """The record to produce for one outcome (none for a dropped copy); an article that cannot be
        produced becomes a dead letter."""
        if outcome.dropped:
            return None, outcome
        bind = {"topic": record.topic, "partition": record.partition, "offset": record.offset}
        o = self._options
        produced, outcome = for_outcome(record, outcome, o.output_topic, o.dlq_topic, o.max_output_bytes)
        if outcome.error is None:
            log.debug("article", article_id=outcome.article.id if outcome.article else None, **bind)
        else:
            log.warning("dead_letter", stage=outcome.error.stage.value, error_code=outcome.error.code.value, **bind)
        return produced, outcome

    def _rewind(self, records: list[ConsumedRecord]) -> None:
        """Seek back to each partition's first record among these so they are processed again."""
        first: dict[TopicPartition, int] = {}
        for r in records:
            first.setdefault(TopicPartition(r.topic, r.partition), r.offset)
        for tp, offset in first.items():
            if tp in self.consumer.assignment():
                self.consumer.seek(tp, offset)

    def _count(self, records: list[ConsumedRecord], outcomes: list[Outcome]) -> None:
        self._handled += len(records)
        self._metrics.batch_size.observe(len(records))
        self._metrics.consumed.labels(self._topics).inc(len(records))
        now = datetime.now(UTC)
        for outcome in outcomes:
            self._metrics.observe_outcome(outcome, now)

    def _record_lag(self, records: list[ConsumedRecord]) -> None:
        latest = {(r.topic, r.partition): r.timestamp for r in records}
        now_ms = time.time() * 1000
        for tp in list(self._assigned):
            highwater = self.consumer.highwater(tp)
            if highwater is None:
                continue
            try:
                position = self.consumer.position(tp, timeout_ms=1000)
            except BrokerError:
                continue
            if position is None:
                continue
            lag = max(0, highwater - position)
            self._lag[(tp.topic, tp.partition)] = lag
            self._metrics.lag.labels(tp.topic, str(tp.partition)).set(lag)
            stamp = latest.get((tp.topic, tp.partition))
            if stamp is not None or lag == 0:
                age = 0.0 if lag == 0 or stamp is None else max(0.0, (now_ms - stamp) / 1000)
                self._metrics.lag_seconds.labels(tp.topic, str(tp.partition)).set(age)
