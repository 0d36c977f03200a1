"""`newswire topics`: create the topics newswire uses, sized to its limits and replicated, and check existing ones.

Each topic's `max.message.bytes` follows from the service's own settings: the input topic takes
what the service accepts (NEWSWIRE_MAX_RECORD_BYTES plus room for key and headers), the output and
dead-letter topics what it produces (NEWSWIRE_MAX_OUTPUT_BYTES plus the same room; a dead letter
whose original is larger leaves the value out). Every topic gets min(3, brokers) replicas, and from
three on `min.insync.replicas` = replicas - 1: a write (the service's producers wait for acks=all)
counts once all but one replica hold it, so one broker lost loses nothing and stops nothing.

An existing topic below any of that is named and the command exits 3. --fix raises the settings;
a replication factor cannot be raised by a setting (it takes a partition reassignment), so it is
only named.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import Any

from newswire.commands import add
from newswire.config import Settings
from newswire.errors import StreamError
from newswire.observability.logs import EXIT_OK, EXIT_TOPICS_DISAGREE, EXIT_USAGE, fatal
from newswire.stream.clients import Admin, TopicSpec, connect_admin, translated
from newswire.stream.records import HEADER_ROOM

WEEK_MS = 7 * 24 * 3600 * 1000
MAX_MESSAGE_BYTES = "max.message.bytes"
MIN_INSYNC = "min.insync.replicas"


@dataclass(frozen=True)
class Replication:
    """Copies of each partition, and how many must hold a write before it counts."""

    factor: int
    min_insync: int


def replication(brokers: int, factor: int | None = None, min_insync: int | None = None) -> Replication:
    """min(3, brokers) copies and, from three on, all but one in sync, unless told otherwise."""
    factor = factor or min(3, max(1, brokers))
    return Replication(factor, min_insync or (factor - 1 if factor >= 3 else 1))


@dataclass(frozen=True)
class Wanted:
    """A topic as newswire needs it: its creation settings and the least each checked setting may be."""

    topic: TopicSpec
    least: dict[str, int]
    because: dict[str, str]


def wanted_topics(settings: Settings, partitions: int, copies: Replication) -> list[Wanted]:
    """Input, output, dead-letter and state topics. Dead letters are kept four weeks."""
    accepted = settings.max_record_bytes + HEADER_ROOM
    produced = settings.max_output_bytes + HEADER_ROOM
    why_in = f"NEWSWIRE_MAX_RECORD_BYTES {settings.max_record_bytes} + {HEADER_ROOM} for key and headers"
    why_out = f"NEWSWIRE_MAX_OUTPUT_BYTES {settings.max_output_bytes} + {HEADER_ROOM} for key and headers"
    why_isr = f"{copies.factor} replicas, all but one in sync" if copies.factor >= 3 else f"{copies.factor} replica(s)"

    def topic(name: str, configs: dict[str, str], limit: int | None = None, why: str = "") -> Wanted:
        least, because = {MIN_INSYNC: copies.min_insync}, {MIN_INSYNC: why_isr}
        if limit is not None:
            configs |= {MAX_MESSAGE_BYTES: str(limit)}
            least[MAX_MESSAGE_BYTES], because[MAX_MESSAGE_BYTES] = limit, why
        spec = TopicSpec(name, partitions, copies.factor, configs | {MIN_INSYNC: str(copies.min_insync)})
        return Wanted(spec, least, because)

    # Fingerprints expire with the window; boilerplate entries are rewritten daily.
    state_ms = max(settings.duplicate_window_s, 2 * 86_400) * 1000
    return [
        topic(settings.input_topic, {"retention.ms": str(WEEK_MS)}, accepted, why_in),
        topic(settings.output_topic, {"retention.ms": str(WEEK_MS)}, produced, why_out),
        topic(settings.dlq_topic, {"retention.ms": str(4 * WEEK_MS)}, produced, why_out),
        topic(settings.state_topic, {"cleanup.policy": "compact,delete", "retention.ms": str(state_ms)}),
    ]


def create_topics(
    settings: Settings,
    partitions: int,
    factor: int | None = None,
    min_insync: int | None = None,
    fix: bool = False,
) -> int:
    """Create what is missing; report (or, with fix, raise) settings of existing topics below newswire's."""
    admin = connect_admin(settings)
    try:
        with translated("creating topics failed"):
            copies = replication(admin.broker_count(), factor, min_insync)
            if copies.min_insync > copies.factor:
                return fatal(f"{MIN_INSYNC} {copies.min_insync} is above the {copies.factor} replicas", EXIT_USAGE)
            wanted = wanted_topics(settings, partitions, copies)
            existing = admin.topic_names()
            missing = [w.topic for w in wanted if w.topic.name not in existing]
            if missing:
                admin.create_topics(missing)  # one that another replica or job created meanwhile is no error
            for w in wanted:
                made = "".join(f", {name} {w.topic.configs[name]}" for name in w.least)
                state = f"created ({partitions} partitions, {copies.factor} replicas{made})"
                print(f"{w.topic.name}: {'exists' if w.topic.name in existing else state}", file=sys.stderr)
            old = [w for w in wanted if w.topic.name in existing]
            disagree = _check_replicas(admin, old, copies) + _check(admin, old, MAX_MESSAGE_BYTES, fix)
            disagree += _check(admin, old, MIN_INSYNC, fix, admin.replication_factors([w.topic.name for w in old]))
    finally:
        admin.close()
    if disagree:
        named = ", ".join(dict.fromkeys(disagree))
        return fatal(f"topics below what newswire needs: {named}", EXIT_TOPICS_DISAGREE)
    return EXIT_OK


def _check_replicas(admin: Admin, existing: list[Wanted], copies: Replication) -> list[str]:
    """Existing topics with fewer replicas than wanted: named, never fixed (no setting raises them)."""
    factors = admin.replication_factors([w.topic.name for w in existing])
    low = [name for name, factor in factors.items() if factor < copies.factor]
    for name in low:
        print(
            f"{name}: {factors[name]} replica(s), below the {copies.factor} newswire wants; a setting cannot "
            "raise it: reassign its partitions to more brokers (kafka-reassign-partitions.sh)",
            file=sys.stderr,
        )
    return low


def _check(
    admin: Admin, existing: list[Wanted], name: str, fix: bool, factors: dict[str, int] | None = None
) -> list[str]:
    """Say which existing topics have a setting below what newswire needs; those that still do. With
    `factors` (replicas per topic), a value above a topic's replicas is not set: every write would fail."""
    existing = [w for w in existing if name in w.least]
    if not existing:
        return []
    described = admin.topic_configs([w.topic.name for w in existing], name)
    low, settable = [], {}
    for w in existing:
        value, least = int(described[w.topic.name] or 0), w.least[name]
        if value >= least:
            print(f"{w.topic.name}: {name} {value}, as newswire needs", file=sys.stderr)
            continue
        blocked = factors is not None and factors.get(w.topic.name, 0) < least
        if fix and not blocked:
            settable[w.topic.name] = str(least)
        advice = "raising it" if w.topic.name in settable else "run `newswire topics --fix` to raise it"
        if blocked:
            advice = f"left as it is until the topic has {least} replicas or more"
        print(
            f"{w.topic.name}: {name} is {value}, below the {least} newswire needs ({w.because[name]}); {advice}",
            file=sys.stderr,
        )
        low.append(w.topic.name)
    if settable:
        refused = {topic: r for topic, r in admin.set_topic_configs(settable, name).items() if r != "OK"}
        if refused:
            raise StreamError(f"raising {name} was refused: {refused}")
    return [topic for topic in low if topic not in settable]


def register(sub: Any) -> None:
    parser = add(
        sub, "topics", _handle, help="create the topics newswire uses, sized to its limits; check existing ones"
    )
    parser.add_argument("--partitions", type=int, default=3, help="partitions of each topic created (default 3)")
    parser.add_argument(
        "--replication-factor", type=int, metavar="N", help="replicas of each topic created (default: min(3, brokers))"
    )
    parser.add_argument(
        "--min-insync-replicas",
        type=int,
        metavar="N",
        help="replicas that must hold a write before it counts (default: replicas - 1 from 3 replicas on, else 1)",
    )
    parser.add_argument(
        "--fix",
        action="store_true",
        help="raise max.message.bytes and min.insync.replicas of existing topics below what newswire needs",
    )


def _handle(args: argparse.Namespace, settings: Settings) -> int:
    return create_topics(settings, args.partitions, args.replication_factor, args.min_insync_replicas, args.fix)
