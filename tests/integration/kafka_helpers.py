"""Real-broker helpers: unique topics per test, a service in a subprocess, reads with deadlines."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic

BIG_RECORD = 4 * 1024 * 1024


def until(condition: Callable[[], bool], timeout: float, interval: float = 0.05) -> bool:
    """Whether a condition came true before the deadline (polled on an Event, never a bare sleep)."""
    import threading

    deadline, tick = time.monotonic() + timeout, threading.Event()
    while not condition():
        if time.monotonic() > deadline:
            return False
        tick.wait(interval)
    return True


def wait_for(condition: Callable[[], bool], timeout: float, what: str, interval: float = 0.2) -> None:
    """Poll a condition until it holds or the deadline passes, which fails the test."""
    if not until(condition, timeout, interval):
        raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Topics:
    """Input, output and dead-letter topics unique to one test, plus its consumer group."""

    bootstrap: str
    partitions: int = 3
    prefix: str = field(default_factory=lambda: f"t{uuid.uuid4().hex[:10]}")
    input_max_bytes: int = BIG_RECORD
    #: On the three-node cluster: 3 replicas each, writes needing 2 in sync (as `newswire topics` makes them).
    replication: int = 1

    @property
    def input(self) -> str:
        return f"{self.prefix}.raw"

    @property
    def output(self) -> str:
        return f"{self.prefix}.articles"

    @property
    def dlq(self) -> str:
        return f"{self.prefix}.raw.dlq"

    @property
    def state(self) -> str:
        return f"{self.prefix}.state"

    def create(self) -> Topics:
        admin = KafkaAdminClient(bootstrap_servers=self.bootstrap)
        # The input topic takes records up to 4 MiB, as a crawler's topic might: newswire must cope.
        isr = {"min.insync.replicas": str(self.replication - 1)} if self.replication > 1 else {}
        big = {"max.message.bytes": str(self.input_max_bytes), **isr}
        admin.create_topics(
            [NewTopic(self.input, self.partitions, self.replication, topic_configs=big)]
            + [
                NewTopic(t, self.partitions, self.replication, topic_configs=isr)
                for t in (self.output, self.dlq, self.state)
            ]
        )
        admin.close()
        return self

    def delete(self) -> None:
        """Delete every topic named after this test's prefix (its own and any a test made beside them),
        so a broker kept between runs does not pile them up until it runs out of memory."""
        admin = KafkaAdminClient(bootstrap_servers=self.bootstrap)
        try:
            mine = [t for t in admin.list_topics() if t.startswith(f"{self.prefix}.")]
            if mine:
                admin.delete_topics(mine)
        finally:
            admin.close()

    def env(self, **extra: str) -> dict[str, str]:
        return {
            "NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS": self.bootstrap,
            "NEWSWIRE_INPUT_TOPIC": self.input,
            "NEWSWIRE_OUTPUT_TOPIC": self.output,
            "NEWSWIRE_DLQ_TOPIC": self.dlq,
            "NEWSWIRE_STATE_TOPIC": self.state,
            "NEWSWIRE_GROUP_ID": self.prefix,
            "NEWSWIRE_SESSION_TIMEOUT_MS": "6000",
            "NEWSWIRE_LOG_FORMAT": "json",
            **extra,
        }

    def produce(
        self,
        values: list[bytes],
        key: Callable[[int], bytes] = lambda i: f"k{i}".encode(),
        headers: list[tuple[str, bytes]] | None = None,
    ) -> None:
        producer = KafkaProducer(bootstrap_servers=self.bootstrap, acks="all", max_request_size=BIG_RECORD)
        for i, value in enumerate(values):
            producer.send(self.input, key=key(i), value=value, headers=headers or [])
        producer.flush(timeout=30)
        producer.close()

    def read(
        self, topic: str, expected: int, timeout: float = 60.0, settle: float = 1.0, committed: bool = True
    ) -> list[Any]:
        """Every committed record of a topic (or every record, committed=False), once at least `expected`
        arrived and `settle` seconds passed quietly."""
        consumer = KafkaConsumer(
            bootstrap_servers=self.bootstrap,
            isolation_level="read_committed" if committed else "read_uncommitted",
            enable_auto_commit=False,
            auto_offset_reset="earliest",
        )
        consumer.assign([TopicPartition(topic, p) for p in range(self.partitions)])
        consumer.seek_to_beginning()
        records: list[Any] = []
        deadline, quiet_since = time.monotonic() + timeout, time.monotonic()
        try:
            while time.monotonic() < deadline:
                batch = [r for rs in consumer.poll(timeout_ms=200).values() for r in rs]
                records.extend(batch)
                if batch:
                    quiet_since = time.monotonic()
                elif len(records) >= expected and time.monotonic() - quiet_since >= settle:
                    break
        finally:
            consumer.close(autocommit=False)
        return records


class Service:
    """`newswire run` as its own process, the way operators run it."""

    def __init__(self, env: dict[str, str], log_path: Path, replica: str = "r1") -> None:
        self.port = free_port()
        self.log_path = log_path
        full_env = {**os.environ, **env, "NEWSWIRE_REPLICA_ID": replica, "NEWSWIRE_METRICS_PORT": str(self.port)}
        self._log = log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "newswire.cli", "run"], env=full_env, stdout=self._log, stderr=self._log
        )

    def get(self, path: str) -> tuple[int, str]:
        """GET one of the service's endpoints; an exited service fails the test with its log."""
        if self.process.poll() is not None:
            raise AssertionError(f"service exited with {self.process.returncode}:\n{self.log()[-3000:]}")
        import urllib.error
        import urllib.request

        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=2) as reply:
                return reply.status, reply.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, ""
        except OSError:
            return 0, ""

    def ready(self) -> bool:
        return self.get("/readyz")[0] == 200

    def metric(self, name: str) -> float:
        """Sum of every sample of one metric family (all label values)."""
        _status, text = self.get("/metrics")
        return sum(
            float(line.rsplit(" ", 1)[1])
            for line in text.splitlines()
            if line.startswith(name) and not line.startswith("#")
        )

    def stop(self, kill: bool = False, timeout: float = 30) -> int:
        if self.process.poll() is None and kill:
            self.process.kill()
        elif self.process.poll() is None:
            self.process.terminate()
        code = self.process.wait(timeout=timeout)
        self._log.close()
        return code

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")
