"""`newswire consume`: read committed records from a topic, as JSON Lines or one summary line each."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from newswire.commands import add
from newswire.config import Settings
from newswire.contracts import DeadLetterReason
from newswire.stream.clients import TopicPartition, connect_consumer


def _summary(value: bytes | None, headers: list[tuple[str, bytes | None]]) -> str:
    if any(k.startswith("newswire.dlq.") for k, _ in headers):
        reason = DeadLetterReason.from_headers(headers)
        where = f"{reason.stage.value}/{reason.error_code.value}"
        return f"DEAD LETTER offset {reason.offset}: {where}: {reason.error_message}"
    article = json.loads(value or b"{}")
    people = [e["name"] for e in article.get("entities", []) if e["type"] == "PERSON"][:3]
    places = [e["name"] for e in article.get("entities", []) if e["type"] in {"GPE", "LOC"}][:3]
    topic = article["topics"][0]["label"] if article.get("topics") else "-"
    return (
        f"{article.get('title', '')[:70]!r} [{article.get('language')}] topic={topic} "
        f"published={article.get('published_at')} people={people} places={places}"
        + (f" copy-of={article['duplicate_of'][:8]}" if article.get("duplicate_of") else "")
    )


def consume(settings: Settings, topic: str, max_records: int, timeout_s: float, summary: bool) -> int:
    """Print up to max_records committed records, stopping after timeout_s without new ones."""
    consumer = connect_consumer(settings)
    partitions = consumer.partitions_for_topic(topic) or set()
    consumer.assign([TopicPartition(topic, p) for p in sorted(partitions)])
    seen, last = 0, time.monotonic()
    try:
        while seen < max_records and time.monotonic() - last < timeout_s:
            for records in consumer.poll(timeout_ms=500).values():
                for record in records[: max_records - seen]:
                    line = _summary(record.value, record.headers) if summary else (record.value or b"").decode()
                    print(line, flush=True)
                    seen += 1
                    last = time.monotonic()
    finally:
        consumer.close(autocommit=False)
    print(f"{seen} records from {topic}", file=sys.stderr)
    return 0


def register(sub: Any) -> None:
    parser = add(sub, "consume", _handle, help="print committed records of a topic")
    parser.add_argument("--topic", help="default: NEWSWIRE_OUTPUT_TOPIC")
    parser.add_argument(
        "--max", type=int, default=100, dest="max_records", help="stop after this many records (default 100)"
    )
    parser.add_argument("--timeout", type=float, default=5.0, help="stop after this many idle seconds")
    parser.add_argument("--summary", action="store_true", help="one readable line per record")


def _handle(args: argparse.Namespace, settings: Settings) -> int:
    return consume(settings, args.topic or settings.output_topic, args.max_records, args.timeout, args.summary)
