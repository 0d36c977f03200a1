"""What went in and what came out: numbered inputs, and a read_committed tally of output and dead letters.

Every input record carries its number in a `chaos.id` header and in its URL (`.../n<number>`). A
dead letter keeps the record's headers; an article keeps its URL. So each number must appear exactly
once in output and dead letters together, and within each output partition one input key's numbers must rise.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.errors import KafkaError

KEYS = 12
HUGE = 9 * 1024 * 1024  # above the service's 8 MiB record limit
INPUT_MAX_BYTES = 16 * 1024 * 1024
_NUMBER = re.compile(r"/n(\d+)(?:$|[/?#])")


@dataclass(frozen=True)
class Input:
    number: int
    key: bytes
    value: bytes
    kind: str = "article"


def _article(n: int, **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "url": f"https://chaos.example.com/k{n % KEYS}/n{n}",
        "content_type": "text/plain",
        "fetched_at": "2024-03-05T10:00:00Z",
        "title": f"Harbour report number {n}",
        "body": (
            f"The harbour council met for session {n} and approved item {n * 7 % 1000} of its budget.\n\n"
            f"Dock workers said shift {n % 17} would start earlier from next week, weather permitting."
        ),
        "source": "chaos.example.com",
    }
    record.update(fields)
    return record


def _encode(record: Any) -> bytes:
    return json.dumps(record).encode()


def _deep(n: int) -> bytes:
    return b'{"url": "https://chaos.example.com/n%d", "x": ' % n + b"[" * 200 + b"]" * 200 + b"}"


#: The poison mix: each kind once in turn, among good records.
POISON: dict[str, Callable[[int], bytes]] = {
    "bad_utf8": lambda n: _encode(_article(n))[:-20] + b"\xff\xfe\xc3(" + b'"}',
    "deep_json": _deep,
    "huge_body": lambda n: _encode(_article(n, body="word " * (HUGE // 5))),
    "long_number": lambda n: _encode(_article(n))[:-1] + b', "n": ' + b"9" * 5000 + b"}",
    "year_1": lambda n: _encode(_article(n, fetched_at="0001-01-01T00:00:00Z", published_at="0001-01-01")),
    "year_9999": lambda n: _encode(_article(n, published_at="9999-12-31T23:59:59Z")),
    "wrong_types": lambda n: _encode(_article(n, title=["not", "a", "string"], body={"text": 5})),
    "empty_body": lambda n: _encode(_article(n, body="")),
}


def pill(n: int) -> bytes:
    """An HTML page whose canonical link is longer than an article's URL may be (4,096 characters)."""
    canonical = f"https://chaos.example.com/k{n % KEYS}/n{n}/" + "long-slug-" * 500
    html = (
        f'<html><head><title>Harbour report {n}</title><link rel="canonical" href="{canonical}"></head>'
        f"<body><article><p>The harbour council met for session {n} and approved its budget for the "
        f"coming year after a long debate.</p><p>Dock workers welcomed the decision.</p></article></body></html>"
    )
    return _encode(_article(n, content_type="text/html", body=html))


def inputs(count: int, poison_every: int = 0, pill_every: int = 0, start: int = 0) -> list[Input]:
    """`count` numbered records over KEYS keys; every `poison_every`-th a poison kind, every `pill_every`-th a pill."""
    kinds = list(POISON)
    made = []
    for n in range(start, start + count):
        key = f"k{n % KEYS}".encode()
        if poison_every and n % poison_every == poison_every - 1:
            kind = kinds[(n // poison_every) % len(kinds)]
            made.append(Input(n, key, POISON[kind](n), kind))
        elif pill_every and n % pill_every == pill_every - 1:
            made.append(Input(n, key, pill(n), "pill"))
        else:
            made.append(Input(n, key, _encode(_article(n))))
    return made


class Feeder(threading.Thread):
    """A crawler: sends the records at a steady rate, in order per key (idempotent producer), each numbered
    in a header; rides out broker outages on the producer's retries and notes what the broker never took."""

    def __init__(self, bootstrap: str, topic: str, records: list[Input], per_second: float, chunk: int = 10) -> None:
        super().__init__(name="feeder", daemon=True)
        self.bootstrap, self.topic, self.records = bootstrap, topic, records
        self.interval, self.chunk = chunk / per_second, chunk
        self.failed: set[int] = set()
        self.sent = 0
        self.stopping = threading.Event()

    def run(self) -> None:
        producer = KafkaProducer(
            bootstrap_servers=self.bootstrap,
            acks="all",
            enable_idempotence=True,
            max_request_size=INPUT_MAX_BYTES,
            delivery_timeout_ms=300_000,
            request_timeout_ms=30_000,
        )
        try:
            for i in range(0, len(self.records), self.chunk):
                for r in self.records[i : i + self.chunk]:
                    future = producer.send(
                        self.topic, key=r.key, value=r.value, headers=[("chaos.id", str(r.number).encode())]
                    )
                    future.add_errback(lambda _exc, n=r.number: self.failed.add(n))
                self.sent = i + self.chunk
                if self.stopping.wait(self.interval):  # the crawler's pace, not a wait for a condition
                    break
            producer.flush(timeout=300)
        finally:
            producer.close(timeout=30)


@dataclass
class Row:
    fault: str
    records: int
    lost: int
    duplicated: int
    out_of_order: int
    seconds: float
    notes: str = ""
    #: Broker failovers: seconds from the cluster being healthy again to output of records sent after that.
    resumed: float | None = None

    HEADER = ("fault", "records", "lost", "duplicated", "out-of-order", "seconds", "resumed (s)", "notes")

    def cells(self) -> tuple[str, ...]:
        return (
            self.fault,
            f"{self.records:,}",
            str(self.lost),
            str(self.duplicated),
            str(self.out_of_order),
            f"{self.seconds:.0f}",
            "" if self.resumed is None else f"{self.resumed:.1f}",
            self.notes,
        )


@dataclass
class Tally:
    """Follows the output and dead-letter topics with read_committed, counting each input number seen."""

    bootstrap: str
    topics: list[str]
    partitions: int
    expected: dict[int, bytes]  # number -> input key
    counts: Counter[int] = field(default_factory=Counter)
    #: (topic, partition, input key) -> the numbers in log order
    sequences: dict[tuple[str, int, bytes], list[int]] = field(default_factory=lambda: defaultdict(list))
    unknown: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._consumer = KafkaConsumer(
            bootstrap_servers=self.bootstrap,
            isolation_level="read_committed",
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_partition_fetch_bytes=INPUT_MAX_BYTES,
            fetch_max_bytes=INPUT_MAX_BYTES * 2,
        )
        self._consumer.assign([TopicPartition(t, p) for t in self.topics for p in range(self.partitions)])
        self._consumer.seek_to_beginning()

    def refresh(self) -> int:
        """Read what has been committed since the last call; the number of distinct inputs seen so far."""
        with self._lock:
            try:
                polled = self._consumer.poll(timeout_ms=200)
            except KafkaError:
                return len(self.counts)
            for tp, records in polled.items():
                for record in records:
                    number = _number(record)
                    if number is None or number not in self.expected:
                        self.unknown += 1
                        continue
                    self.counts[number] += 1
                    self.sequences[(tp.topic, tp.partition, self.expected[number])].append(number)
            return len(self.counts)

    def complete(self) -> bool:
        return self.refresh() >= len(self.expected)

    def seen_from(self, number: int) -> bool:
        """Whether a record numbered `number` or above (sent after it) has been read."""
        self.refresh()
        return any(n >= number for n in self.counts)

    def settle(self, quiet_s: float = 3.0) -> None:
        """Keep reading until nothing new arrived for `quiet_s`: late duplicates would show here."""
        seen, quiet_since = sum(self.counts.values()), time.monotonic()
        tick = threading.Event()
        while time.monotonic() - quiet_since < quiet_s:
            self.refresh()
            now = sum(self.counts.values())
            if now != seen:
                seen, quiet_since = now, time.monotonic()
            tick.wait(0.05)

    def row(self, fault: str, seconds: float, notes: str = "", resumed: float | None = None) -> Row:
        lost = len(set(self.expected) - set(self.counts))
        duplicated = sum(c - 1 for c in self.counts.values() if c > 1) + self.unknown
        out_of_order = sum(sum(1 for a, b in itertools.pairwise(seq) if b <= a) for seq in self.sequences.values())
        return Row(fault, len(self.expected), lost, duplicated, out_of_order, seconds, notes, resumed)

    def close(self) -> None:
        self._consumer.close(autocommit=False)


def _number(record: Any) -> int | None:
    for name, value in record.headers or []:
        if name == "chaos.id":
            return int(value)
    try:
        article = json.loads(record.value)
    except (TypeError, ValueError):
        return None
    for url in (article.get("url", ""), article.get("canonical_url", "")):
        found = _NUMBER.search(str(url))
        if found:
            return int(found.group(1))
    return None


class OpenTransactions:
    """Whether a transaction holding records is open on some topics: its high watermark is past the
    last stable offset (what read_committed readers may see)."""

    def __init__(self, bootstrap: str, topics: list[str], partitions: int) -> None:
        self._partitions = [TopicPartition(t, p) for t in topics for p in range(partitions)]
        self._committed = KafkaConsumer(bootstrap_servers=bootstrap, isolation_level="read_committed")
        self._everything = KafkaConsumer(bootstrap_servers=bootstrap, isolation_level="read_uncommitted")

    def open(self) -> bool:
        try:
            stable = self._committed.end_offsets(self._partitions)
            high = self._everything.end_offsets(self._partitions)
        except KafkaError:
            return False
        return any(high[tp] > stable[tp] for tp in self._partitions)

    def committed(self) -> int | None:
        """How far read_committed readers may read, summed over the partitions (None when the broker did not say):
        it grows with every transaction committed."""
        try:
            return sum(self._committed.end_offsets(self._partitions).values())
        except KafkaError:
            return None

    def hidden(self) -> int:
        """Records in the log that read_committed readers never see (aborted, or still open)."""
        return _count(self._everything, self._partitions) - _count(self._committed, self._partitions)

    def close(self) -> None:
        self._committed.close(autocommit=False)
        self._everything.close(autocommit=False)


def _count(consumer: KafkaConsumer, partitions: list[TopicPartition]) -> int:
    """Records a consumer of this isolation level reads from the start up to its end offsets (bounded in time)."""
    consumer.assign(partitions)
    consumer.seek_to_beginning()
    ends = consumer.end_offsets(partitions)
    total, deadline = 0, time.monotonic() + 60
    while any(consumer.position(tp) < ends[tp] for tp in partitions) and time.monotonic() < deadline:
        total += sum(len(rs) for rs in consumer.poll(timeout_ms=200).values())
    return total
