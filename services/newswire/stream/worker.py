"""The consume -> process -> produce loop of one replica."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime

import structlog
from kafka.consumer.subscription_state import ConsumerRebalanceListener

from newswire.errors import FatalStreamError, StreamError
from newswire.observability.metrics import Metrics
from newswire.pipeline import Outcome, Pipeline
from newswire.stream.budget import Budget, interleave
from newswire.stream.clients import BrokerError, GroupConsumer, TopicPartition, offsets_after
from newswire.stream.records import ConsumedRecord, OutRecord, Screened, for_outcome
from newswire.stream.sink import Sink
from newswire.stream.state_log import StateLog

log = structlog.get_logger("newswire.worker")
#: A batch that keeps failing (an output the broker refuses, say) stops the process, loudly.
MAX_ABORTS_IN_A_ROW = 5


class _Rebalance(ConsumerRebalanceListener):  # type: ignore[misc]
    """Partitions move only inside poll(), between batches, so no transaction is open here."""

    def __init__(self, worker: Worker) -> None:
        self._worker = worker

    def on_partitions_revoked(self, revoked: Sequence[TopicPartition]) -> None:
        log.info("partitions_revoked", partitions=sorted(f"{tp.topic}-{tp.partition}" for tp in revoked))
        self._worker.forget(revoked)

    def on_partitions_assigned(self, assigned: Sequence[TopicPartition]) -> None:
        log.info("partitions_assigned", partitions=sorted(f"{tp.topic}-{tp.partition}" for tp in assigned))
        self._worker.assigned = set(assigned)
        self._worker.metrics.assigned.labels(self._worker.topics).set(len(assigned))


class Worker:
    """Polls a batch, processes it through the pipeline, and hands output plus offsets to the sink."""

    def __init__(
        self,
        consumer: GroupConsumer,
        sink: Sink,
        pipeline: Pipeline,
        metrics: Metrics,
        *,
        output_topic: str,
        dlq_topic: str,
        poll_timeout_ms: int,
        max_records: int,
        budget_s: float = 0.0,
        state: StateLog | None = None,
        drop_duplicates: bool = False,
        load_deadline_s: float = 120.0,
        max_output_bytes: int = 1_000_000,
    ) -> None:
        self.max_output_bytes = max_output_bytes
        self.state = state
        self.drop_duplicates = drop_duplicates
        self.load_deadline_s = load_deadline_s
        self.consumer = consumer
        self.sink = sink
        self.pipeline = pipeline
        self.metrics = metrics
        self.output_topic = output_topic
        self.dlq_topic = dlq_topic
        self.poll_timeout_ms = poll_timeout_ms
        self.max_records = max_records
        self.budget = Budget(budget_s)
        self.stopping = threading.Event()
        self.assigned: set[TopicPartition] = set()
        self.topics = ""
        #: Records committed so far and the last lag seen per partition (read by stop_when_idle).
        self.handled = 0
        self.aborts_in_a_row = 0
        self.lag: dict[tuple[str, int], int] = {}

    def forget(self, revoked: Sequence[TopicPartition]) -> None:
        """Drop the lag series of partitions this replica no longer owns."""
        for tp in revoked:
            if self.lag.pop((tp.topic, tp.partition), None) is not None:
                self.metrics.lag.remove(tp.topic, str(tp.partition))
                self.metrics.lag_seconds.remove(tp.topic, str(tp.partition))
        self.assigned = set()

    def ready(self) -> bool:
        return bool(self.assigned) and not self.stopping.is_set()

    def subscribe(self, topic: str) -> None:
        self.topics = topic
        self.consumer.subscribe([topic], listener=_Rebalance(self))

    def run(self) -> None:
        """Loop until stop() is called; the batch in hand is finished, never abandoned half-written."""
        self.sink.start()
        if self.state is not None:
            self.state.load(self.load_deadline_s, self.stopping)
        while not self.stopping.is_set():
            polled = self.consumer.poll(timeout_ms=self.poll_timeout_ms, max_records=self.max_records)
            records = interleave(list(polled.values()))
            if records:
                self._handle(records)
            self._record_lag(records)

    def stop(self) -> None:
        self.stopping.set()

    def close(self) -> None:
        """Leave the group without committing, close the producer and the fingerprint reader."""
        self.consumer.close(autocommit=False)
        self.sink.close()
        if self.state is not None:
            self.state.close()

    def _handle(self, records: list[ConsumedRecord]) -> None:
        if self.state is not None:
            self.state.refresh()
        outcomes = self.budget.process(Screened(self.pipeline), records)
        later, records = records[len(outcomes) :], records[: len(outcomes)]
        out: list[OutRecord] = []
        for index, (record, outcome) in enumerate(zip(records, outcomes, strict=True)):
            produced, outcomes[index] = self._output(record, outcome)
            if produced is not None:
                out.append(produced)
        if self.state is not None:
            out.extend(self.state.records())
        offsets = offsets_after(records)
        try:
            self.sink.commit(out, offsets, self.consumer.group_metadata())
        except BaseException as exc:
            # Not committed: what the batch learned goes with it (it is redone here or by a successor).
            self.pipeline.abort()
            if not isinstance(exc, StreamError):
                raise  # fatal: the process exits and its successor redoes the batch
            self.metrics.transactions.labels("aborted").inc()
            self.aborts_in_a_row += 1
            log.error("batch_aborted", error=str(exc), records=len(records), in_a_row=self.aborts_in_a_row)
            if self.aborts_in_a_row >= MAX_ABORTS_IN_A_ROW:
                raise FatalStreamError(f"the same batch was aborted {self.aborts_in_a_row} times: {exc}") from exc
            self._rewind(records + later)
            return
        self.aborts_in_a_row = 0
        self.pipeline.commit()
        self._rewind(later)  # the budget ran out before these: read them again for the next transaction
        self.metrics.transactions.labels("committed").inc()
        self._count(records, outcomes)

    def _output(self, record: ConsumedRecord, outcome: Outcome) -> tuple[OutRecord | None, Outcome]:
        """The record to produce for one outcome; an article that cannot be produced becomes a dead letter."""
        bind = {"topic": record.topic, "partition": record.partition, "offset": record.offset}
        article = outcome.article
        if article is not None and article.duplicate_of and self.drop_duplicates:
            return None, outcome
        produced, outcome = for_outcome(record, outcome, self.output_topic, self.dlq_topic, self.max_output_bytes)
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
        m = self.metrics
        self.handled += len(records)
        m.batch_size.observe(len(records))
        m.consumed.labels(self.topics).inc(len(records))
        now = datetime.now(UTC)
        for outcome in outcomes:
            if outcome.error is not None:
                m.dead_letters.labels(outcome.error.stage.value, outcome.error.code.value).inc()
                continue
            article = outcome.article
            assert article is not None
            if article.duplicate_of:
                m.duplicates.labels("dropped" if self.drop_duplicates else "flagged").inc()
                if self.drop_duplicates:
                    continue
            m.published.labels(article.language or "und").inc()
            m.observe_article(article)
            m.end_to_end.observe(max(0.0, (now - article.fetched_at).total_seconds()))
            if article.topics:
                m.topics.labels(article.topics[0].code).inc()
            if outcome.unsupported_language:
                m.unsupported_language.inc()
            for entity in article.entities:
                m.entities.labels(entity.type).inc()

    def _record_lag(self, records: list[ConsumedRecord]) -> None:
        latest = {(r.topic, r.partition): r.timestamp for r in records}
        now_ms = time.time() * 1000
        for tp in list(self.assigned):
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
            self.lag[(tp.topic, tp.partition)] = lag
            self.metrics.lag.labels(tp.topic, str(tp.partition)).set(lag)
            stamp = latest.get((tp.topic, tp.partition))
            if stamp is not None or lag == 0:
                age = 0.0 if lag == 0 or stamp is None else max(0.0, (now_ms - stamp) / 1000)
                self.metrics.lag_seconds.labels(tp.topic, str(tp.partition)).set(age)
