"""`newswire topics`: create the input, output and dead-letter topics if they do not exist."""

from __future__ import annotations

import contextlib
import sys

from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from newswire.config import Settings
from newswire.errors import StreamError

WEEK_MS = 7 * 24 * 3600 * 1000


def create_topics(settings: Settings, partitions: int, replication: int) -> int:
    """Idempotent: existing topics are left as they are. Dead letters are kept four weeks."""
    wanted = [
        NewTopic(settings.input_topic, partitions, replication, topic_configs={"retention.ms": str(WEEK_MS)}),
        NewTopic(settings.output_topic, partitions, replication, topic_configs={"retention.ms": str(WEEK_MS)}),
        NewTopic(settings.dlq_topic, partitions, replication, topic_configs={"retention.ms": str(4 * WEEK_MS)}),
        NewTopic(
            settings.state_topic,
            partitions,
            replication,
            topic_configs={
                "cleanup.policy": "compact,delete",
                # Fingerprints expire with the window; boilerplate entries are rewritten daily.
                "retention.ms": str(max(settings.duplicate_window_s, 2 * 86_400) * 1000),
            },
        ),
    ]
    try:
        admin = KafkaAdminClient(**settings.kafka_client_config())
    except KafkaError as exc:
        raise StreamError(f"cannot reach {settings.kafka_bootstrap_servers}: {exc}") from exc
    try:
        existing = set(admin.list_topics())
        missing = [t for t in wanted if t.name not in existing]
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):  # another replica or job was faster
                admin.create_topics(missing)
        for topic in wanted:
            state = "exists" if topic.name in existing else "created"
            print(f"{topic.name}: {state} ({partitions} partitions)", file=sys.stderr)
    except KafkaError as exc:
        raise StreamError(f"creating topics failed: {type(exc).__name__}: {exc}") from exc
    finally:
        admin.close()
    return 0
