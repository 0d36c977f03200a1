"""The worker loop with hand-written fakes: what it commits, and what it does when a commit fails."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from kafka import TopicPartition

from newswire.contracts import DeadLetterReason
from newswire.errors import ErrorCode, FatalStreamError, StreamError
from newswire.failures import MAX_ABORTS_IN_A_ROW
from newswire.observability.metrics import Metrics
from newswire.pipeline import Pipeline
from newswire.pipeline.enrich.chain import enrichments
from newswire.pipeline.learned import DuplicateIndex
from newswire.stream.idle import Progress, stop_when_idle
from newswire.stream.records import OutRecord
from newswire.stream.worker import Worker, WorkerOptions
from tests.conftest import FakeEntities, FakeTopics, raw
from tests.unit.factories import wall_clock
from tests.unit.fakes import FakeGroupConsumer, FakeLanguages, FakeSink, Rec


def _run(
    log: list[Rec], sink: FakeSink, pipeline: Pipeline | None = None, metrics: Metrics | None = None, **options: Any
) -> tuple[Worker, FakeGroupConsumer]:
    """Run a worker over the log until it has read everything; `options` are WorkerOptions' own."""
    consumer = FakeGroupConsumer(log)
    worker = Worker(
        consumer,
        sink,
        pipeline or Pipeline(enrichments(FakeEntities(), FakeTopics()), FakeLanguages()),
        metrics or Metrics(),
        WorkerOptions(output_topic="out", dlq_topic="dlq", poll_timeout_ms=10, batch_records=10, **options),
    )
    consumer.on_empty_poll = worker.stop  # stop once everything has been read
    worker.run()
    return worker, consumer


def _offsets(offsets: dict[Any, Any]) -> dict[int, int]:
    return {tp.partition: o.offset for tp, o in offsets.items()}


BATCH = [Rec(0, 5, raw()), Rec(1, 9, b"{bad"), Rec(0, 6, raw(url="https://x.example/2"))]


def _dropping_copies() -> Pipeline:
    """A pipeline with fake enrichment that drops the copies its duplicate index finds."""
    return Pipeline(
        enrichments(FakeEntities(), FakeTopics()),
        FakeLanguages(),
        duplicates=DuplicateIndex(86_400, clock=wall_clock),
        drop_duplicates=True,
    )


class TestWorker:
    def test_output_and_offsets_go_to_the_sink_together(self) -> None:
        """Articles to the output topic, failures to the DLQ, offsets one past each partition's last record."""
        sink = FakeSink()
        _run(BATCH, sink)
        [(records, offsets)] = sink.commits
        assert sorted(r.topic for r in records) == ["dlq", "out", "out"]
        assert _offsets(offsets) == {0: 7, 1: 10}

    def test_an_aborted_batch_is_rewound_and_redone(self) -> None:
        """When the commit fails, each partition goes back to the batch's start and the batch commits again."""
        sink = FakeSink([StreamError("transaction aborted: KafkaTimeoutError")])
        worker, consumer = _run(BATCH, sink)
        assert sorted((tp.partition, o) for tp, o in consumer.seeks) == [(0, 5), (1, 9)]
        [(records, offsets)] = sink.commits
        assert len(records) == 3 and _offsets(offsets) == {0: 7, 1: 10}
        assert worker.progress().handled == 3

    def test_each_transaction_is_timed_as_the_publish_stage(self) -> None:
        """The aborted attempt and the committed one each add a time to the publish stage."""
        metrics = Metrics()
        _run(BATCH, FakeSink([StreamError("transaction aborted: KafkaTimeoutError")]), metrics=metrics)
        count = metrics.registry.get_sample_value
        assert count("newswire_stage_duration_seconds_count", {"stage": "publish"}) == 2
        assert count("newswire_transactions_total", {"outcome": "aborted"}) == 1
        assert count("newswire_transactions_total", {"outcome": "committed"}) == 1

    def test_a_batch_that_keeps_failing_stops_the_process(self) -> None:
        """After repeated aborts of the same batch the worker gives up loudly instead of looping."""
        sink = FakeSink([StreamError("MessageSizeTooLargeError")] * MAX_ABORTS_IN_A_ROW)
        with pytest.raises(FatalStreamError, match="aborted 5 times"):
            _run(BATCH, sink)
        assert sink.commits == []

    def test_a_fatal_error_is_not_retried(self) -> None:
        """A fenced producer or a missed deadline ends the loop at once, without a rewind."""
        sink = FakeSink([FatalStreamError("fenced")])
        with pytest.raises(FatalStreamError):
            _run(BATCH, sink)

    def test_a_batch_past_its_time_budget_commits_what_is_done_and_reads_the_rest_again(self) -> None:
        """Records the budget left over are not committed with the batch: they are read again and come next."""
        log = [Rec(0, i, raw(url=f"https://x.example/{i}")) for i in range(12)]
        sink = FakeSink()
        worker, consumer = _run(log, sink, budget_s=1e-9)
        assert [_offsets(offsets)[0] for _records, offsets in sink.commits] == [8, 9, 10, 11, 12]
        assert sum(len(records) for records, _offsets in sink.commits) == 12
        assert (TopicPartition("in", 0), 8) in consumer.seeks
        assert worker.progress().handled == 12

    def test_an_article_too_large_to_produce_becomes_a_dead_letter(self) -> None:
        """Outputs are bounded: an oversized article goes to the DLQ with its reason, not to the broker."""
        sink = FakeSink()
        _run([Rec(0, 0, raw(body="word " * 2000))], sink, max_output_bytes=4096)
        [([letter], _)] = sink.commits
        assert letter.topic == "dlq"
        assert DeadLetterReason.from_headers(letter.headers).error_code is ErrorCode.OUTPUT_TOO_LARGE


STORY = (
    "The harbour authority approved a plan on Monday to deepen the main shipping channel, allowing larger "
    "container vessels to dock at the port for the first time, at a cost shared with the government."
)
#: One story from two sites, on one partition: the first is the original, the second its copy.
STORY_BATCH = [
    Rec(0, 0, raw(url="https://a.example/port", body=STORY)),
    Rec(0, 1, raw(url="https://b.example/port-plan", body=STORY, fetched_at="2024-01-18T11:00:00Z")),
]


def _articles(records: list[OutRecord]) -> dict[str, tuple[str, str | None]]:
    """Each produced article's URL, with its id and the id it is marked a copy of."""
    articles = [json.loads(r.value) for r in records if r.topic == "out"]
    return {a["url"]: (a["id"], a.get("duplicate_of")) for a in articles}


class TestDuplicatesUnderAborts:
    def test_a_rewound_batch_keeps_the_original_unmarked(self) -> None:
        """A batch aborted and redone commits A as the original and B as its copy, never each other's."""
        sink = FakeSink([StreamError("transaction aborted: KafkaTimeoutError")])
        _run(
            STORY_BATCH,
            sink,
            Pipeline(
                enrichments(FakeEntities(), FakeTopics()),
                FakeLanguages(),
                duplicates=DuplicateIndex(86_400, clock=wall_clock),
            ),
        )
        [(records, _)] = sink.commits
        marks = _articles(records)
        a_id, a_copies = marks["https://a.example/port"]
        assert a_copies is None and marks["https://b.example/port-plan"][1] == a_id

    def test_dropping_copies_never_drops_the_story(self) -> None:
        """With copies dropped, the committed output of a rewound batch still holds the original."""
        sink = FakeSink([StreamError("transaction aborted: KafkaTimeoutError")] * 2)
        pipeline = _dropping_copies()
        _run(STORY_BATCH, sink, pipeline)
        [(records, _)] = sink.commits
        assert [(url, copies) for url, (_, copies) in _articles(records).items()] == [("https://a.example/port", None)]

    def test_a_fatal_commit_failure_forgets_what_the_batch_learned(self) -> None:
        """When the process is about to exit mid-batch, nothing the batch staged stays in the tables."""
        index = DuplicateIndex(86_400, clock=wall_clock)
        pipeline = Pipeline(enrichments(FakeEntities(), FakeTopics()), FakeLanguages(), duplicates=index)
        with pytest.raises(FatalStreamError):
            _run(STORY_BATCH, FakeSink([FatalStreamError("fenced")]), pipeline)
        assert index.pending() == [] and len(index) == 0


class TestMetrics:
    def test_source_labels_stay_bounded(self) -> None:
        """Past the limit, new sources share the label `other`; known ones keep theirs."""
        metrics = Metrics()
        labels = [metrics.source_label(f"site{i}.example") for i in range(60)]
        assert labels[:50] == [f"site{i}.example" for i in range(50)]
        assert set(labels[50:]) == {"other"}
        assert metrics.source_label("site3.example") == "site3.example"

    def test_each_outcome_is_counted_once_by_what_became_of_it(self) -> None:
        """Dead letters by stage and code, flagged copies as published, dropped copies only as dropped."""
        pipeline = _dropping_copies()
        outcomes = pipeline.process([STORY_BATCH[0].value, STORY_BATCH[1].value, b"{bad"])
        metrics = Metrics()
        for outcome in outcomes:
            metrics.observe_outcome(outcome, datetime(2024, 1, 19, tzinfo=UTC))
        assert [o.dropped for o in outcomes] == [False, True, False]
        assert metrics.registry.get_sample_value("newswire_duplicates_total", {"action": "dropped"}) == 1
        assert metrics.registry.get_sample_value("newswire_articles_published_total", {"language": "en"}) == 1
        dead = {"stage": "validate", "error_code": "not_json"}
        assert metrics.registry.get_sample_value("newswire_dead_letters_total", dead) == 1


class TestDropPolicy:
    def test_the_pipeline_marks_copies_dropped_only_when_told(self) -> None:
        """Without the policy a copy is flagged and published; with it, the outcome says dropped."""
        values = [r.value for r in STORY_BATCH]
        flagged = Pipeline(
            enrichments(FakeEntities(), FakeTopics()),
            FakeLanguages(),
            duplicates=DuplicateIndex(86_400, clock=wall_clock),
        ).process(values)
        original, copy = flagged
        assert not original.dropped and not copy.dropped
        assert original.article and copy.article and copy.article.duplicate_of == original.article.id


class FakeWatched:
    """A worker as stop_when_idle sees it: caught up after `after` looks, committing while `busy`."""

    def __init__(self, after: int, busy: int = 0) -> None:
        self.after, self.busy, self.looks = after, busy, 0
        self.stopped_at: int | None = None
        self.stopped = threading.Event()

    def progress(self) -> Progress:
        self.looks += 1
        return Progress(handled=min(self.looks, self.busy), caught_up=self.looks > self.after)

    def stop(self) -> None:
        self.stopped_at = self.looks
        self.stopped.set()

    def wait_stopped(self, timeout_s: float) -> bool:
        return self.stopped.wait(0.001)  # the watcher looks again at once: the test does not wait for its period


class TestStopWhenIdle:
    def test_a_worker_is_stopped_only_once_caught_up(self) -> None:
        """While partitions lag the worker runs on; once they are read to their end, it is stopped."""
        worker = FakeWatched(after=20)
        stop_when_idle(worker, 0)
        assert worker.stopped.wait(10)
        assert worker.stopped_at is not None and worker.stopped_at > 20

    def test_a_worker_still_committing_is_not_stopped(self) -> None:
        """Caught up but still committing records: idle time starts only after the last commit."""
        worker = FakeWatched(after=0, busy=30)
        stop_when_idle(worker, 0)
        assert worker.stopped.wait(10)
        assert worker.stopped_at is not None and worker.stopped_at > 30
