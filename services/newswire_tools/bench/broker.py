"""The bench's side of the broker: its own topics, a fast loader, a paced publisher and an output watcher."""

from __future__ import annotations

import itertools
import json
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from newswire.config import Settings
from newswire.stream.clients import (
    Producer,
    TopicPartition,
    TopicSpec,
    connect_admin,
    connect_consumer,
    connect_producer,
)
from newswire_tools.bench import inputs

#: Room for one bench record: the articles are small, far below the service's own limit.
RECORD_BYTES = 1024 * 1024


class Topics:
    """Input, output, dead-letter and state topics for one measurement, deleted afterwards."""

    def __init__(self, settings: Settings, partitions: int) -> None:
        self.settings = settings
        self.bootstrap = settings.kafka_bootstrap_servers
        self.partitions = partitions
        self.prefix = f"bench-{uuid.uuid4().hex[:10]}"
        self.input, self.output, self.dlq, self.state = (
            f"{self.prefix}.{name}" for name in ("raw", "articles", "dlq", "state")
        )
        admin = connect_admin(settings)
        try:
            compact = {"cleanup.policy": "compact"}
            admin.create_topics(
                [TopicSpec(t, partitions) for t in (self.input, self.output, self.dlq)]
                + [TopicSpec(self.state, 1, configs=compact)]
            )
        finally:
            admin.close()

    def env(self) -> dict[str, str]:
        """The service's settings for these topics and a group of their own."""
        return {
            "NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS": self.bootstrap,
            "NEWSWIRE_INPUT_TOPIC": self.input,
            "NEWSWIRE_OUTPUT_TOPIC": self.output,
            "NEWSWIRE_DLQ_TOPIC": self.dlq,
            "NEWSWIRE_STATE_TOPIC": self.state,
            "NEWSWIRE_GROUP_ID": self.prefix,
            "NEWSWIRE_LOG_LEVEL": "WARNING",
        }

    def delete(self) -> None:
        admin = connect_admin(self.settings)
        try:
            admin.delete_topics([self.input, self.output, self.dlq, self.state])
        finally:
            admin.close()


def _producer(settings: Settings, linger_ms: int = 0, batch_bytes: int = 16384) -> Producer:
    return connect_producer(settings, RECORD_BYTES, linger_ms=linger_ms, batch_bytes=batch_bytes)


def load(topics: Topics, articles: Sequence[dict[str, Any]], count: int) -> None:
    """`count` records, the articles over and over, each round made distinct (inputs.records); keyed by URL."""
    producer = _producer(topics.settings, linger_ms=20, batch_bytes=512 * 1024)
    for article in itertools.islice(inputs.records(articles), count):
        producer.send(topics.input, key=str(article.get("url", "")).encode(), value=inputs.value(article))
    producer.flush(timeout=120)
    producer.close()


def publish_at(topics: Topics, articles: Sequence[dict[str, Any]], rate: float, count: int) -> int:
    """Send `count` records at a steady rate, each stamped with its send time; returns how many were sent."""
    producer = _producer(topics.settings)
    tick = threading.Event()
    started = time.monotonic()
    sent = 0
    for article in inputs.records(articles):
        if sent >= count:
            break
        due = started + sent / rate
        tick.wait(max(0.0, due - time.monotonic()))
        producer.send(topics.input, key=str(article.get("url", "")).encode(), value=inputs.value(article))
        sent += 1
    producer.flush(timeout=60)
    producer.close()
    return sent


class Watcher:
    """Reads the output and dead-letter topics as downstream does (read_committed), noting when each arrives."""

    def __init__(self, topics: Topics, parse: bool = False) -> None:
        self._consumer = connect_consumer(topics.settings, fetch_max_wait_ms=50)
        self._consumer.assign(
            [TopicPartition(t, p) for t in (topics.output, topics.dlq) for p in range(topics.partitions)]
        )
        self.parse = parse
        self.arrivals: list[float] = []
        #: (seconds from fetched_at to arrival, fetched_at as a Unix time) per record, when parsing.
        self.latencies: list[tuple[float, float]] = []
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stopping.is_set():
            for records in self._consumer.poll(timeout_ms=100).values():
                now, wall = time.monotonic(), time.time()
                for record in records:
                    self.arrivals.append(now)
                    if self.parse and record.value:
                        fetched = datetime.fromisoformat(json.loads(record.value)["fetched_at"]).timestamp()
                        self.latencies.append((wall - fetched, fetched))
        self._consumer.close(autocommit=False)

    @property
    def count(self) -> int:
        return len(self.arrivals)

    def wait(self, condition: Callable[[], bool], timeout: float, what: str, check: Callable[[], None]) -> None:
        """Wait for a condition with a deadline, checking the measured processes are alive meanwhile."""
        deadline, tick = time.monotonic() + timeout, threading.Event()
        while not condition():
            check()
            if time.monotonic() > deadline:
                raise RuntimeError(f"timed out after {timeout:.0f}s waiting for {what}")
            tick.wait(0.05)

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=10)
