"""`newswire replay` on a real broker: dead letters back to their topic, exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic

from newswire.contracts import DeadLetterReason
from newswire.errors import ErrorCode, Stage
from newswire.stream.replay_plan import REPLAY_COUNT
from tests.conftest import raw
from tests.integration.kafka_helpers import Service, Topics, free_port, wait_for

pytestmark = pytest.mark.integration


def _replay(topics: Topics, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newswire.cli", "replay", *args],
        env={**os.environ, **topics.env()},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _why(
    topics: Topics, offset: int, code: ErrorCode, *, partition: int = 0, omitted: int | None = None
) -> list[tuple[str, bytes]]:
    """The headers the service adds to a dead letter of `offset` of the input topic."""
    stage = {ErrorCode.OUTPUT_TOO_LARGE: Stage.PUBLISH, ErrorCode.ENRICHMENT_FAILED: Stage.ENRICH}
    reason = DeadLetterReason(
        topic=topics.input,
        partition=partition,
        offset=offset,
        timestamp=1,
        stage=stage.get(code, Stage.VALIDATE),
        error_code=code,
        error_class="RecordError",
        error_message="made by the test",
        value_omitted_bytes=omitted,
    )
    return reason.to_headers()


def _dead_letters(topics: Topics, letters: list[tuple[bytes | None, list[tuple[str, bytes]]]]) -> None:
    """Write (value, headers) records to the dead-letter topic's partition 0, keyed k0, k1, ..."""
    producer = KafkaProducer(bootstrap_servers=topics.bootstrap, acks="all", linger_ms=20)
    for i, (value, headers) in enumerate(letters):
        producer.send(topics.dlq, key=f"k{i}".encode(), value=value, headers=headers, partition=0)
    producer.flush(timeout=30)
    producer.close()


class TestReplayAfterAFix:
    def test_too_large_records_are_published_once_after_the_limit_is_raised(
        self, topics: Topics, tmp_path: Path
    ) -> None:
        """Dead-lettered under a small limit, replayed after a restart with the default: published once;
        --dry-run changes nothing and a second replay sends nothing."""
        big = [raw(url=f"https://news.example.com/long/{i}", body="Geneva talks went on. " * 700) for i in range(3)]
        small = [raw(url=f"https://news.example.com/short/{i}") for i in range(2)]
        topics.produce([*big, *small, b"{not json"], headers=[("crawler", b"c1")])
        first = Service(topics.env(NEWSWIRE_MAX_RECORD_BYTES="10000"), tmp_path / "first.log")
        try:
            assert len(topics.read(topics.dlq, expected=4)) == 4
            assert len(topics.read(topics.output, expected=2)) == 2
        finally:
            assert first.stop() == 0, first.log()

        dry = _replay(topics, "--error-code", "payload_too_large", "--dry-run")
        assert dry.returncode == 0, dry.stderr
        assert "validate   payload_too_large           3" in dry.stdout
        assert "not_json" not in dry.stdout
        assert "nothing sent" in dry.stderr
        assert len(topics.read(topics.input, expected=6)) == 6, "a dry run sends nothing"

        second = Service(topics.env(), tmp_path / "second.log")
        try:
            done = _replay(topics, "--error-code", "payload_too_large")
            assert done.returncode == 0, done.stderr
            assert "replayed 3 " in done.stderr, done.stderr
            again = _replay(topics, "--error-code", "payload_too_large")
            assert again.returncode == 0, again.stderr
            assert "replayed 0 " in again.stderr, again.stderr
            out = topics.read(topics.output, expected=5)
        finally:
            assert second.stop() == 0, second.log()

        articles = [json.loads(r.value) for r in out]
        assert sorted(a["url"] for a in articles) == sorted(json.loads(v)["url"] for v in [*big, *small])
        replayed = topics.read(topics.input, expected=9)
        sent_back = [r for r in replayed if any(k == REPLAY_COUNT for k, _ in r.headers)]
        assert len(replayed) == 9 and len(sent_back) == 3
        for record in sent_back:
            assert record.value in big
            assert ("crawler", b"c1") in record.headers and (REPLAY_COUNT, b"1") in record.headers
            assert not any(k.startswith("newswire.dlq.") for k, _ in record.headers)


class TestReplayLimits:
    def test_records_replayed_too_often_are_refused_and_reported(self, topics: Topics) -> None:
        """A dead letter already replayed three times is refused, named, and not sent."""
        _dead_letters(
            topics,
            [
                (b"{x", [(REPLAY_COUNT, b"3"), *_why(topics, 0, ErrorCode.NOT_JSON)]),
                (b"{y", [(REPLAY_COUNT, b"1"), *_why(topics, 1, ErrorCode.NOT_JSON)]),
            ],
        )
        done = _replay(topics)
        assert done.returncode == 1
        assert f"{topics.dlq}:0:0: refuse: replayed 3 times already (limit 3)" in done.stderr
        [sent] = topics.read(topics.input, expected=1)
        assert (REPLAY_COUNT, b"2") in sent.headers

    def test_an_omitted_value_is_read_back_from_its_origin_or_reported(self, topics: Topics) -> None:
        """A dead letter without its value is sent with the original's value while it is retained."""
        original = raw(url="https://news.example.com/huge")
        topics.produce([original], key=lambda _i: b"k")
        [stored] = topics.read(topics.input, expected=1)
        at = stored.partition
        _dead_letters(
            topics,
            [
                (None, _why(topics, stored.offset, ErrorCode.OUTPUT_TOO_LARGE, omitted=len(original), partition=at)),
                (None, _why(topics, stored.offset + 5, ErrorCode.OUTPUT_TOO_LARGE, omitted=10, partition=at)),
            ],
        )
        done = _replay(topics, "--error-code", "output_too_large")
        assert done.returncode == 1, done.stderr
        assert "1 re-read from their topic" in done.stderr and "1 unavailable" in done.stderr
        assert "no longer retained" in done.stderr
        values = [r.value for r in topics.read(topics.input, expected=2)]
        assert values == [original, original]


class TestReplayErrors:
    def test_a_missing_target_topic_is_named(self, topics: Topics) -> None:
        """--to a topic that does not exist: one clear line, exit 1, nothing sent."""
        _dead_letters(topics, [(b"{x", _why(topics, 0, ErrorCode.NOT_JSON))])
        done = _replay(topics, "--to", f"{topics.prefix}.nowhere")
        assert done.returncode == 1
        last = json.loads(done.stderr.splitlines()[-1])  # NEWSWIRE_LOG_FORMAT=json: the fatal line
        assert (last["reason"], last["exit_code"]) == (f"topic {topics.prefix}.nowhere does not exist", 1)

    def test_a_record_the_broker_refuses_stops_the_run_after_what_was_committed(self, topics: Topics) -> None:
        """A record larger than the target topic takes: its batch is aborted, earlier batches stay sent."""
        small = f"{topics.prefix}.small"
        admin = KafkaAdminClient(bootstrap_servers=topics.bootstrap)
        admin.create_topics([NewTopic(small, 1, 1, topic_configs={"max.message.bytes": "2000"})])
        admin.close()
        letters = [(b"{x", _why(topics, 0, ErrorCode.NOT_JSON)), (b"{" * 5000, _why(topics, 1, ErrorCode.NOT_JSON))]
        _dead_letters(topics, letters)
        env = {**os.environ, **topics.env(NEWSWIRE_BATCH_MAX_RECORDS="1")}
        cmd = [sys.executable, "-m", "newswire.cli", "replay", "--to", small]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 1
        assert (
            "transaction aborted" in done.stderr and "(1 records were sent in batches committed before)" in done.stderr
        )
        assert [r.value for r in topics.read(small, expected=1)] == [b"{x"]

    def test_an_unreachable_broker_is_named(self, topics: Topics) -> None:
        """No broker at the address: one line naming it, as a start-up failure, exit 1, within the deadline."""
        address = f"127.0.0.1:{free_port()}"
        done = subprocess.run(
            [sys.executable, "-m", "newswire.cli", "replay"],
            env={**os.environ, **topics.env(NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS=address)},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 1
        assert f"cannot reach the broker at {address}" in done.stderr
        assert '"error_class": "BrokerUnreachable"' in done.stderr


class TestReplayResumes:
    def test_a_killed_run_resumes_and_sends_each_record_once(self, topics: Topics) -> None:
        """SIGKILL mid-run: the next run aborts the open transaction and sends the rest, each once."""
        total = 600
        _dead_letters(topics, [(f"v{i}".encode(), _why(topics, i, ErrorCode.ENRICHMENT_FAILED)) for i in range(total)])
        # One record a transaction: 600 commits take seconds even on an idle machine, and one consumer
        # that stays subscribed sees the first commit within a poll, so the kill lands mid-run.
        env = {**os.environ, **topics.env(NEWSWIRE_BATCH_MAX_RECORDS="1")}
        watcher = KafkaConsumer(
            bootstrap_servers=topics.bootstrap, isolation_level="read_committed", auto_offset_reset="earliest"
        )
        watcher.assign([TopicPartition(topics.input, p) for p in range(topics.partitions)])
        watcher.seek_to_beginning()
        first = subprocess.Popen(
            [sys.executable, "-m", "newswire.cli", "replay"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(lambda: bool(watcher.poll(timeout_ms=100)), 90, "the first committed batch")
        finally:
            watcher.close(autocommit=False)
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)
        done = _replay(topics)
        assert done.returncode == 0, done.stderr
        resumed = int(done.stderr.split("replayed ", 1)[1].split()[0])
        assert 0 < resumed < total, f"the kill fell mid-run: {done.stderr}"
        sent = topics.read(topics.input, expected=total)
        values = sorted(r.value for r in sent)
        assert values == sorted(f"v{i}".encode() for i in range(total)), "each dead letter sent exactly once"
