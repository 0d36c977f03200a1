"""`newswire replay` on the broker: dead letters back to where they came from, exactly once.

The job reads the dead-letter topic with its own consumer group, one group per filter, and writes
each batch's sends and the group's offsets in one transaction, under a transactional id equal to
the group's name: a second run with the same filter starts after what the first committed, and a
killed run's open transaction is aborted by the next run before it reads anything.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass

from newswire.config import Settings
from newswire.contracts.dead_letter import DeadLetterReason
from newswire.errors import ConfigurationError, FatalStreamError, StreamError
from newswire.stream.clients import (
    Consumer,
    TopicPartition,
    connect_consumer,
    connect_producer,
    offsets_after,
    translated,
)
from newswire.stream.ranges import read_to_end
from newswire.stream.records import HEADER_ROOM, ConsumedRecord, OutRecord
from newswire.stream.replay_plan import Choice, ReplayFilter, Tally, Verdict, choose, choose_with_original, where
from newswire.stream.sink import TransactionalSink

Report = Callable[[str], None]


@dataclass(frozen=True)
class ReplayJob:
    """One run of `newswire replay`."""

    dlq_topic: str
    group: str
    chosen: ReplayFilter
    to: str | None = None
    max_replays: int = 3
    dry_run: bool = False
    batch: int = 64


class OriginalValues:
    """Reads back what was left out of a dead letter (its value, or its key and headers) from the topic,
    partition and offset it came from.

    Each partition's bounds are asked for once, and again only when a re-read falls outside them or
    finds another record than expected: a run that re-reads many originals costs one fetch each."""

    def __init__(self, consumer: Consumer, deadline_s: float) -> None:
        self._consumer = consumer
        self._deadline_s = deadline_s
        self._bounds: dict[TopicPartition, tuple[int, int]] = {}

    def missing(self, reason: DeadLetterReason) -> str:
        """Why the original cannot be read back ('' when it is still retained)."""
        origin = f"{reason.topic}:{reason.partition}:{reason.offset}"
        if reason.partition not in (self._consumer.partitions_for_topic(reason.topic) or set()):
            return f"parts omitted and their origin {origin} no longer exists"
        tp = TopicPartition(reason.topic, reason.partition)
        first, end = self._bounds.get(tp, (0, 0))
        if not first <= reason.offset < end:  # not asked yet, or the partition has grown since
            timeout = int(self._deadline_s * 1000)
            first = self._consumer.beginning_offsets([tp], timeout)[tp]
            end = self._consumer.end_offsets([tp], timeout)[tp]
            self._bounds[tp] = first, end
        if not first <= reason.offset < end:
            return f"parts omitted and {origin} is no longer retained (the partition holds {first}..{end - 1})"
        return ""

    def read(self, reason: DeadLetterReason) -> tuple[ConsumedRecord | None, str]:
        """The original record, or None and why not."""
        missing = self.missing(reason)
        if missing:
            return None, missing
        origin = f"{reason.topic}:{reason.partition}:{reason.offset}"
        tp = TopicPartition(reason.topic, reason.partition)
        self._consumer.assign([tp])
        self._consumer.seek(tp, reason.offset)
        deadline = time.monotonic() + self._deadline_s
        while time.monotonic() < deadline:
            for records in self._consumer.poll(timeout_ms=500, max_records=1).values():
                for record in records:
                    if record.offset != reason.offset:
                        gone = f"parts omitted and {origin} is gone (compacted or aborted)"
                        return None, self._asked_again(tp, reason) or gone
                    if reason.value_omitted_bytes not in (None, len(record.value or b"")):
                        return None, f"value omitted and the record at {origin} has another size"
                    return record, ""
        late = f"parts omitted and {origin} could not be read within {self._deadline_s:.0f}s"
        return None, self._asked_again(tp, reason) or late

    def _asked_again(self, tp: TopicPartition, reason: DeadLetterReason) -> str:
        """missing(), with the partition's bounds asked for again: retention may have moved past the offset."""
        self._bounds.pop(tp, None)
        return self.missing(reason)


class Replayer:
    """Reads the dead-letter topic up to where it ended when the run began, batch by batch."""

    def __init__(
        self,
        job: ReplayJob,
        consumer: Consumer,
        originals: OriginalValues,
        sink: TransactionalSink | None,
        *,
        report: Report,
        progress: Callable[[Tally], None],
        deadline_s: float,
    ) -> None:
        self.job, self.tally = job, Tally()
        self._consumer, self._originals, self._sink = consumer, originals, sink
        self._report, self._progress, self._deadline_s = report, progress, deadline_s
        self._topics: set[str] = set()
        self.stopping = threading.Event()

    def _require_topic(self, topic: str, what: str) -> None:
        if topic not in self._topics:
            if not self._consumer.partitions_for_topic(topic):
                raise ConfigurationError(f"{what} {topic} does not exist")
            self._topics.add(topic)

    def run(self) -> Tally:
        """Replay (or, dry, count) every chosen dead letter; a broker error stops the run after the last
        committed batch."""
        self._require_topic(self.job.dlq_topic, "dead-letter topic")
        if self.job.to:
            self._require_topic(self.job.to, "topic")
        if self._sink is not None:
            self._sink.start()  # fences a killed run and aborts its open transaction before reading offsets
        partitions = [
            TopicPartition(self.job.dlq_topic, p)
            for p in sorted(self._consumer.partitions_for_topic(self.job.dlq_topic) or ())
        ]
        self._consumer.assign(partitions)
        timeout_ms = int(self._deadline_s * 1000)
        ends = self._consumer.end_offsets(partitions, timeout_ms)
        moved = time.monotonic()
        batches = read_to_end(self._consumer, ends, poll_ms=500, position_ms=timeout_ms, max_records=self.job.batch)
        for records in batches:
            if self.stopping.is_set():
                break  # what this poll read is not committed: the next run reads it again
            if records:
                self._handle(records)
                moved = time.monotonic()
            elif time.monotonic() - moved > 2 * self._deadline_s:
                raise StreamError(f"reading {self.job.dlq_topic} made no progress for {2 * self._deadline_s:.0f}s")
        return self.tally

    def _handle(self, records: list[ConsumedRecord]) -> None:
        choices = [self._decide(r) for r in records]
        out: list[OutRecord] = []
        for record, choice in zip(records, choices, strict=True):
            if choice.record is not None and choice.verdict in (Verdict.SEND, Verdict.REREAD):
                self._require_topic(choice.record.topic, f"topic named by dead letter {where(record)},")
                out.append(choice.record)
        offsets = offsets_after(records)
        if self._sink is not None:
            self._sink.commit(out, offsets, self.job.group)
        for record, choice in zip(records, choices, strict=True):  # once committed: a failed batch says nothing
            self.tally.count(choice)
            if choice.verdict in (Verdict.REFUSE, Verdict.UNAVAILABLE, Verdict.INVALID):
                self._report(f"{where(record)}: {choice.verdict.value}: {choice.note}")
        self._progress(self.tally)

    def _decide(self, record: ConsumedRecord) -> Choice:
        job = self.job
        choice = choose(record, job.chosen, job.max_replays, job.to)
        if choice.verdict is not Verdict.REREAD or choice.reason is None:
            return choice
        if job.dry_run:  # retention is enough to know it could be sent (--source is not checked)
            missing = self._originals.missing(choice.reason)
            return Choice(Verdict.UNAVAILABLE, choice.reason, note=missing) if missing else choice
        original, missing = self._originals.read(choice.reason)
        return choose_with_original(
            record, choice.reason, original, missing, chosen=job.chosen, max_replays=job.max_replays, to=job.to
        )


def replay(
    settings: Settings,
    job: ReplayJob,
    *,
    report: Report,
    progress: Callable[[Tally], None],
    stopping: threading.Event | None = None,
) -> Tally:
    """Connect, run the job (until done or `stopping` is set, between batches), close; every
    kafka-python error comes out as a StreamError."""
    with ExitStack() as stack, translated("replay stopped by the broker"):
        consumer = connect_consumer(settings, job.group)
        stack.callback(consumer.close, autocommit=False)
        reader = connect_consumer(settings)
        stack.callback(reader.close, autocommit=False)
        sink = None
        if not job.dry_run:
            size = max(settings.max_record_bytes, settings.max_output_bytes) + HEADER_ROOM
            producer = connect_producer(settings, size, job.group)
            sink = TransactionalSink(producer, settings.call_timeout_s)
            stack.callback(sink.close)
        replayer = Replayer(
            job,
            consumer,
            OriginalValues(reader, settings.call_timeout_s),
            sink,
            report=report,
            progress=progress,
            deadline_s=settings.call_timeout_s,
        )
        if stopping is not None:
            replayer.stopping = stopping
        try:
            with translated("replay stopped by the broker"):
                return replayer.run()
        except (StreamError, FatalStreamError) as exc:
            done = replayer.tally.total_sent
            raise type(exc)(f"{exc} ({done} records were sent in batches committed before)") from exc
