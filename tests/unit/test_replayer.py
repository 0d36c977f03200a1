"""The replay loop over fake clients: batches with their offsets, the end fixed at the start, dry runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest
from kafka import TopicPartition

from newswire.contracts import DeadLetterReason
from newswire.errors import ConfigurationError, ErrorCode, Stage, StreamError
from newswire.stream.records import Header
from newswire.stream.replay import OriginalValues, Replayer, ReplayJob
from newswire.stream.replay_plan import REPLAY_COUNT, ReplayFilter, Tally
from newswire.stream.sink import TransactionalSink
from tests.unit.fakes import FakeConsumer, FakeLog, FakeProducer


def _why(offset: int, code: ErrorCode = ErrorCode.NOT_JSON, omitted: int | None = None) -> list[Header]:
    reason = DeadLetterReason(
        topic="raw",
        partition=0,
        offset=offset,
        timestamp=1,
        stage=Stage.VALIDATE,
        error_code=code,
        error_class="RecordError",
        error_message="test",
        value_omitted_bytes=omitted,
    )
    return list(reason.to_headers())


def _reason(offset: int) -> DeadLetterReason:
    return DeadLetterReason.from_headers(_why(offset, ErrorCode.OUTPUT_TOO_LARGE))


class CountingConsumer(FakeConsumer):
    """Counts how often a partition's first offsets are asked for."""

    bounds_asked = 0

    def beginning_offsets(
        self, partitions: Sequence[TopicPartition], timeout_ms: int | None = None
    ) -> dict[TopicPartition, int]:
        self.bounds_asked += 1
        return super().beginning_offsets(partitions, timeout_ms)


def _log(letters: int) -> FakeLog:
    log = FakeLog()
    log.create("raw")
    log.create("dlq", partitions=2)
    for i in range(letters):
        code = ErrorCode.NOT_JSON if i % 3 else ErrorCode.PAYLOAD_TOO_LARGE
        log.append("dlq", f"v{i}".encode(), [("h", b"1"), *_why(i, code)], partition=i % 2, key=f"k{i}".encode())
    return log


def _replayer(log: FakeLog, producer: FakeProducer | None, **job: object) -> tuple[Replayer, list[str]]:
    reported: list[str] = []
    options: dict[str, object] = {"dlq_topic": "dlq", "group": "g-replay-1", "chosen": ReplayFilter(), "batch": 4}
    replay_job = ReplayJob(**(options | job))  # type: ignore[arg-type]
    sink = TransactionalSink(producer, 5.0) if producer is not None else None
    originals = OriginalValues(FakeConsumer(log), 5.0)
    replayer = Replayer(
        replay_job, FakeConsumer(log), originals, sink, report=reported.append, progress=lambda _t: None, deadline_s=5
    )
    return replayer, reported


class TestReplayer:
    def test_every_chosen_record_is_sent_with_its_batchs_offsets_in_one_transaction(self) -> None:
        """Sends and offsets (next offset per partition, the group's name) commit together."""
        log, producer = _log(10), FakeProducer()
        replayer, _ = _replayer(log, producer, chosen=ReplayFilter(error_codes=frozenset({ErrorCode.NOT_JSON})))
        tally = replayer.run()
        assert producer.initialized
        assert all(t.outcome == "committed" and t.group == "g-replay-1" for t in producer.transactions)
        sent = [s for t in producer.transactions for s in t.sends]
        assert sorted(v or b"" for _t, _k, v, _h in sent) == sorted(f"v{i}".encode() for i in range(10) if i % 3)
        assert all(t == "raw" and h == [("h", b"1"), (REPLAY_COUNT, b"1")] for t, _k, _v, h in sent)
        last = {tp: o.offset for t in producer.transactions for tp, o in t.offsets.items()}  # type: ignore[attr-defined]
        assert last == {TopicPartition("dlq", 0): 5, TopicPartition("dlq", 1): 5}
        assert (tally.read, tally.total_sent, tally.skipped) == (10, 6, 4)

    def test_the_run_ends_where_the_topic_ended_when_it_began(self) -> None:
        """Dead letters written while it runs wait for the next run."""
        log, producer = _log(4), FakeProducer()
        replayer, _ = _replayer(log, producer)
        original_poll = replayer._consumer.poll

        def poll_and_grow(timeout_ms: int = 0, max_records: int | None = None):  # type: ignore[no-untyped-def]
            log.append("dlq", b"late", _why(99), partition=0)
            return original_poll(timeout_ms, max_records)

        replayer._consumer.poll = poll_and_grow  # type: ignore[method-assign]
        assert replayer.run().read == 4

    def test_a_dry_run_sends_and_commits_nothing(self) -> None:
        """No producer at all; the tally says what would be sent, by stage and code."""
        replayer, _ = _replayer(_log(6), None, dry_run=True)
        tally = replayer.run()
        assert tally.table()[1:] == [
            "validate   not_json                    4",
            "validate   payload_too_large           2",
        ]

    def test_a_failed_batch_counts_nothing_and_stops_the_run(self) -> None:
        """The transaction is aborted and the error raised; what it held is not counted as sent."""
        producer = FakeProducer(fail_commits=1)
        replayer, _ = _replayer(_log(3), producer)
        with pytest.raises(StreamError, match="transaction aborted"):
            replayer.run()
        assert [t.outcome for t in producer.transactions] == ["aborted"]
        assert replayer.tally == Tally()

    def test_omitted_values_are_read_back_or_reported(self) -> None:
        """Retained: sent with the original's value; beyond the partition's end: reported, not sent."""
        log, producer = FakeLog(), FakeProducer()
        log.create("raw")
        log.create("dlq")
        log.append("raw", b"original", [])
        log.append("dlq", None, _why(0, ErrorCode.OUTPUT_TOO_LARGE, omitted=8))
        log.append("dlq", None, _why(7, ErrorCode.OUTPUT_TOO_LARGE, omitted=8))
        replayer, reported = _replayer(log, producer)
        tally = replayer.run()
        assert [s[2] for t in producer.transactions for s in t.sends] == [b"original"]
        assert (tally.reread, tally.unavailable) == (1, 1)
        assert reported == [
            "dlq:0:1: unavailable: parts omitted and raw:0:7 is no longer retained (the partition holds 0..0)"
        ]

    def test_originals_of_one_partition_cost_one_question_for_its_bounds(self) -> None:
        """Three re-reads in one partition ask for its first and end offsets once."""
        log = FakeLog()
        log.create("raw")
        for i in range(3):
            log.append("raw", f"original{i}".encode(), [])
        consumer = CountingConsumer(log)
        originals = OriginalValues(consumer, 5.0)
        read = [originals.read(_reason(i))[0] for i in range(3)]
        assert [r.value if r else None for r in read] == [b"original0", b"original1", b"original2"]
        assert consumer.bounds_asked == 1

    def test_an_original_compacted_away_is_reported_with_fresh_bounds(self) -> None:
        """Another record where the original was: reported as gone, after asking for the bounds again."""
        log = FakeLog()
        log.create("raw")
        log.append("raw", b"kept", [])
        log.append("raw", b"later", [])
        tp = TopicPartition("raw", 0)
        log.records[tp][1] = replace(log.records[tp][1], offset=2)  # offset 1 compacted away
        consumer = CountingConsumer(log)
        record, why = OriginalValues(consumer, 5.0).read(_reason(1))
        assert record is None and why == "parts omitted and raw:0:1 is gone (compacted or aborted)"
        assert consumer.bounds_asked == 2

    def test_a_missing_dead_letter_topic_is_named(self) -> None:
        """Before anything is read or fenced."""
        producer = FakeProducer()
        replayer, _ = _replayer(_log(1), producer, dlq_topic="nowhere")
        with pytest.raises(ConfigurationError, match="dead-letter topic nowhere does not exist"):
            replayer.run()
        assert not producer.initialized
