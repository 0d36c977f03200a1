"""The three-node cluster seen from outside: who leads which partitions, who coordinates a transactional
id, and whether every replica is back in sync."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from kafka.admin import KafkaAdminClient
from kafka.errors import KafkaError


@contextmanager
def _admin(bootstrap: str) -> Iterator[Any]:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10_000)
    try:
        yield admin
    finally:
        admin.close()


def _partitions(admin: Any, topics: list[str]) -> list[dict[str, Any]]:
    return [p for t in admin.describe_topics(topics) for p in t["partitions"]]


def busiest_leader(bootstrap: str, topic: str) -> tuple[int, int]:
    """The node leading the most partitions of a topic (the lowest id on a tie), and how many it leads."""
    with _admin(bootstrap) as admin:
        led = Counter(p["leader_id"] for p in _partitions(admin, [topic]))
    node, count = min(led.items(), key=lambda item: (-item[1], item[0]))
    return node, count


def coordinator(bootstrap: str, transactional_id: str) -> int:
    """The node coordinating a transactional id's transactions (found by FindCoordinator)."""
    with _admin(bootstrap) as admin:
        return int(admin.describe_transactions([transactional_id])[transactional_id].coordinator_id)


def in_sync(bootstrap: str, topics: list[str], nodes: int, gone: frozenset[int] = frozenset()) -> bool:
    """`nodes` brokers unfenced, and every partition of these topics led by a live node, with every replica
    in sync but those on nodes `gone` for good."""
    try:
        with _admin(bootstrap) as admin:
            brokers = [b for b in admin.describe_cluster()["brokers"] if not b.get("is_fenced")]
            partitions = _partitions(admin, topics)
    except KafkaError:
        return False
    return len(brokers) == nodes and all(
        p["leader_id"] >= 0 and p["leader_id"] not in gone and set(p["isr_nodes"]) == set(p["replica_nodes"]) - gone
        for p in partitions
    )


def led_by(bootstrap: str, topics: list[str], node: int) -> int:
    """How many partitions of these topics a node leads (0 once leadership has moved off a dead one)."""
    try:
        with _admin(bootstrap) as admin:
            return sum(p["leader_id"] == node for p in _partitions(admin, topics))
    except KafkaError:
        return -1
