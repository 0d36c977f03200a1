"""`newswire topics`: create the topics newswire uses, sized to its limits, and check existing ones.

Each topic's `max.message.bytes` follows from the service's own settings: the input topic takes
what the service accepts (NEWSWIRE_MAX_RECORD_BYTES plus room for key and headers), the output and
dead-letter topics what it produces (NEWSWIRE_MAX_OUTPUT_BYTES plus the same room; a dead letter
whose original is larger leaves the value out). A topic that exists with a smaller limit is
reported, and raised with --fix.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from newswire.config import Settings
from newswire.errors import StreamError
from newswire.observability.logs import EXIT_OK, EXIT_TOPICS_DISAGREE, fatal
from newswire.stream.clients import Admin, TopicSpec, connect_admin, translated
from newswire.stream.records import HEADER_ROOM

WEEK_MS = 7 * 24 * 3600 * 1000
MAX_MESSAGE_BYTES = "max.message.bytes"


@dataclass(frozen=True)
class Wanted:
    """A topic as newswire needs it: its creation settings and the largest record it must take."""

    topic: TopicSpec
    max_message_bytes: int | None
    because: str


def wanted_topics(settings: Settings, partitions: int, replication: int) -> list[Wanted]:
    """Input, output, dead-letter and state topics. Dead letters are kept four weeks."""
    accepted = settings.max_record_bytes + HEADER_ROOM
    produced = settings.max_output_bytes + HEADER_ROOM
    why_in = f"NEWSWIRE_MAX_RECORD_BYTES {settings.max_record_bytes} + {HEADER_ROOM} for key and headers"
    why_out = f"NEWSWIRE_MAX_OUTPUT_BYTES {settings.max_output_bytes} + {HEADER_ROOM} for key and headers"

    def topic(name: str, retention_ms: int, limit: int) -> TopicSpec:
        configs = {"retention.ms": str(retention_ms), MAX_MESSAGE_BYTES: str(limit)}
        return TopicSpec(name, partitions, replication, configs)

    state = TopicSpec(
        settings.state_topic,
        partitions,
        replication,
        {
            "cleanup.policy": "compact,delete",
            # Fingerprints expire with the window; boilerplate entries are rewritten daily.
            "retention.ms": str(max(settings.duplicate_window_s, 2 * 86_400) * 1000),
        },
    )
    return [
        Wanted(topic(settings.input_topic, WEEK_MS, accepted), accepted, why_in),
        Wanted(topic(settings.output_topic, WEEK_MS, produced), produced, why_out),
        Wanted(topic(settings.dlq_topic, 4 * WEEK_MS, produced), produced, why_out),
        Wanted(state, None, "state records are small"),
    ]


def create_topics(settings: Settings, partitions: int, replication: int, fix: bool = False) -> int:
    """Create what is missing; report (or, with fix, raise) limits of existing topics below newswire's."""
    wanted = wanted_topics(settings, partitions, replication)
    admin = connect_admin(settings)
    try:
        with translated("creating topics failed"):
            existing = admin.topic_names()
            missing = [w.topic for w in wanted if w.topic.name not in existing]
            if missing:
                admin.create_topics(missing)  # one that another replica or job created meanwhile is no error
            for w in wanted:
                state = "exists" if w.topic.name in existing else "created"
                limit = (
                    f", {MAX_MESSAGE_BYTES} {w.max_message_bytes}" if w.max_message_bytes and state == "created" else ""
                )
                print(f"{w.topic.name}: {state} ({partitions} partitions{limit})", file=sys.stderr)
            disagree = _check(admin, [w for w in wanted if w.topic.name in existing and w.max_message_bytes], fix)
    finally:
        admin.close()
    if disagree:
        return fatal(f"topics take less than newswire sends: {', '.join(disagree)}", EXIT_TOPICS_DISAGREE)
    return EXIT_OK


def _check(admin: Admin, existing: list[Wanted], fix: bool) -> list[str]:
    """Say which existing topics take less than newswire sends them; those that still do."""
    if not existing:
        return []
    described = admin.topic_configs([w.topic.name for w in existing], MAX_MESSAGE_BYTES)
    too_small = []
    for w in existing:
        value = int(described[w.topic.name] or 0)
        assert w.max_message_bytes is not None
        if value >= w.max_message_bytes:
            print(f"{w.topic.name}: {MAX_MESSAGE_BYTES} {value} takes what newswire sends", file=sys.stderr)
            continue
        print(
            f"{w.topic.name}: {MAX_MESSAGE_BYTES} is {value}, below the {w.max_message_bytes} newswire needs "
            f"({w.because}){'; raising it' if fix else '; run `newswire topics --fix` to raise it'}",
            file=sys.stderr,
        )
        too_small.append(w)
    if fix and too_small:
        results = admin.set_topic_configs(
            {w.topic.name: str(w.max_message_bytes) for w in too_small}, MAX_MESSAGE_BYTES
        )
        refused = {name: result for name, result in results.items() if result != "OK"}
        if refused:
            raise StreamError(f"raising {MAX_MESSAGE_BYTES} was refused: {refused}")
        return []
    return [w.topic.name for w in too_small]
