"""`newswire topics` on the real broker: topics sized to the service's limits, existing ones checked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest
from kafka import KafkaProducer
from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient, NewTopic

from newswire.config import Settings
from newswire.stream.clients import connect_producer
from newswire.stream.records import HEADER_ROOM
from tests.chaos.broker import ChaosBroker

pytestmark = pytest.mark.integration


def _topics(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, **env, "NEWSWIRE_LOG_FORMAT": "json"}
    command = [sys.executable, "-m", "newswire.cli", "topics", "--partitions", "1", *args]
    return subprocess.run(command, env=full, capture_output=True, text=True, timeout=120, check=False)


def _limits(bootstrap: str, names: list[str]) -> dict[str, int]:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        resources = [ConfigResource(ConfigResourceType.TOPIC, n, {"max.message.bytes": None}) for n in names]
        described = admin.describe_configs(resources, config_filter="all")["topic"]
    finally:
        admin.close()
    return {name: int(described[name]["max.message.bytes"]["value"]) for name in names}


class TestTopics:
    def test_new_topics_take_what_the_service_accepts_and_sends(self, bootstrap: str) -> None:
        """Created topics carry max.message.bytes from the settings; a crawler's 3 MB record is accepted."""
        prefix = f"t{uuid.uuid4().hex[:10]}"
        names = {"in": f"{prefix}.raw", "out": f"{prefix}.articles", "dlq": f"{prefix}.dlq"}
        env = {
            "NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS": f" {bootstrap} ,",  # spaces and a trailing comma are fine
            "NEWSWIRE_INPUT_TOPIC": names["in"],
            "NEWSWIRE_OUTPUT_TOPIC": names["out"],
            "NEWSWIRE_DLQ_TOPIC": names["dlq"],
            "NEWSWIRE_STATE_TOPIC": f"{prefix}.state",
            "NEWSWIRE_MAX_RECORD_BYTES": "4000000",
            "NEWSWIRE_MAX_OUTPUT_BYTES": "2000000",
        }
        done = _topics(env)
        assert done.returncode == 0, done.stderr
        assert _limits(bootstrap, list(names.values())) == {
            names["in"]: 4_000_000 + HEADER_ROOM,
            names["out"]: 2_000_000 + HEADER_ROOM,
            names["dlq"]: 2_000_000 + HEADER_ROOM,
        }
        producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", max_request_size=4_000_000)
        try:
            producer.send(names["in"], value=b"x" * 3_000_000).get(timeout=60)  # past the broker's 1 MB default
        finally:
            producer.close()

    def test_an_existing_topic_below_the_limits_is_named_and_fixed(self, bootstrap: str) -> None:
        """A topic created with the broker default is reported (exit 3); --fix raises it; then all agree."""
        prefix = f"t{uuid.uuid4().hex[:10]}"
        admin = KafkaAdminClient(bootstrap_servers=bootstrap)
        admin.create_topics([NewTopic(f"{prefix}.raw", 1, 1, topic_configs={"retention.ms": "3600000"})])
        admin.close()
        env = {
            "NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            "NEWSWIRE_INPUT_TOPIC": f"{prefix}.raw",
            "NEWSWIRE_OUTPUT_TOPIC": f"{prefix}.articles",
            "NEWSWIRE_DLQ_TOPIC": f"{prefix}.dlq",
            "NEWSWIRE_STATE_TOPIC": f"{prefix}.state",
        }
        checked = _topics(env)
        assert checked.returncode == 3, checked.stderr
        assert f"{prefix}.raw: max.message.bytes is" in checked.stderr
        assert "NEWSWIRE_MAX_RECORD_BYTES 8388608" in checked.stderr
        last = json.loads(checked.stderr.splitlines()[-1])
        assert (last["event"], last["exit_code"]) == ("fatal", 3) and f"{prefix}.raw" in last["reason"]
        assert _topics(env, "--fix").returncode == 0
        assert _limits(bootstrap, [f"{prefix}.raw"]) == {f"{prefix}.raw": 8 * 1024 * 1024 + HEADER_ROOM}
        again = _topics(env)
        assert again.returncode == 0 and "below" not in again.stderr
        admin = KafkaAdminClient(bootstrap_servers=bootstrap)
        try:
            kept = admin.describe_configs(
                [ConfigResource(ConfigResourceType.TOPIC, f"{prefix}.raw", {"retention.ms": None})]
            )["topic"][f"{prefix}.raw"]["retention.ms"]["value"]
        finally:
            admin.close()
        assert kept == "3600000", "the fix changes max.message.bytes alone"


def _replicas(bootstrap: str, names: list[str]) -> dict[str, tuple[int, int]]:
    """Each topic's (fewest replicas of a partition, min.insync.replicas)."""
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        described = {t["name"]: t["partitions"] for t in admin.describe_topics(names)}
        resources = [ConfigResource(ConfigResourceType.TOPIC, n, {"min.insync.replicas": None}) for n in names]
        configs = admin.describe_configs(resources, config_filter="all")["topic"]
    finally:
        admin.close()
    return {
        n: (min(len(p["replica_nodes"]) for p in described[n]), int(configs[n]["min.insync.replicas"]["value"]))
        for n in names
    }


def _env(bootstrap: str, prefix: str) -> dict[str, str]:
    return {
        "NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "NEWSWIRE_INPUT_TOPIC": f"{prefix}.raw",
        "NEWSWIRE_OUTPUT_TOPIC": f"{prefix}.articles",
        "NEWSWIRE_DLQ_TOPIC": f"{prefix}.dlq",
        "NEWSWIRE_STATE_TOPIC": f"{prefix}.state",
    }


class TestReplicatedTopics:
    def test_three_brokers_give_three_replicas_two_in_sync(self, cluster: ChaosBroker) -> None:
        """On the three-broker cluster every topic gets 3 replicas and min.insync.replicas 2; on the single
        broker 1 and 1 (the test above)."""
        prefix = f"t{uuid.uuid4().hex[:10]}"
        done = _topics(_env(cluster.up(), prefix))
        assert done.returncode == 0, done.stderr
        assert f"{prefix}.raw: created (1 partitions, 3 replicas, min.insync.replicas 2" in done.stderr
        names = [f"{prefix}.{n}" for n in ("raw", "articles", "dlq", "state")]
        assert _replicas(cluster.bootstrap, names) == dict.fromkeys(names, (3, 2))
        two = _topics(_env(cluster.bootstrap, f"{prefix}x"), "--replication-factor", "2")
        assert two.returncode == 0, two.stderr
        assert _replicas(cluster.bootstrap, [f"{prefix}x.raw"]) == {f"{prefix}x.raw": (2, 1)}
        refused = _topics(_env(cluster.bootstrap, f"{prefix}y"), "--min-insync-replicas", "4")
        assert refused.returncode == 2 and "above the 3 replicas" in refused.stderr

    def test_a_topic_below_is_named_and_what_kafka_allows_is_fixed(self, cluster: ChaosBroker) -> None:
        """A one-replica topic and a three-replica topic with min.insync.replicas 1 are named (exit 3); --fix
        raises the latter's setting, and names the former still: no setting raises a replication factor."""
        prefix = f"t{uuid.uuid4().hex[:10]}"
        admin = KafkaAdminClient(bootstrap_servers=cluster.up())
        one_isr = {"min.insync.replicas": "1"}  # the cluster's default is 2: a one-replica topic would take no write
        admin.create_topics(
            [NewTopic(f"{prefix}.{name}", 1, n, topic_configs=one_isr) for name, n in (("raw", 1), ("articles", 3))]
        )
        admin.close()
        env = _env(cluster.bootstrap, prefix)
        checked = _topics(env)
        assert checked.returncode == 3, checked.stderr
        assert f"{prefix}.raw: 1 replica(s), below the 3 newswire wants; a setting cannot raise it" in checked.stderr
        assert f"{prefix}.articles: min.insync.replicas is 1, below the 2 newswire needs" in checked.stderr
        fixed = _topics(env, "--fix")
        assert fixed.returncode == 3, fixed.stderr
        assert f"{prefix}.raw: min.insync.replicas is 1, below the 2 newswire needs" in fixed.stderr
        assert "left as it is until the topic has 2 replicas" in fixed.stderr
        last = json.loads(fixed.stderr.splitlines()[-1])
        assert f"{prefix}.raw" in last["reason"] and f"{prefix}.articles" not in last["reason"]
        assert _replicas(cluster.bootstrap, [f"{prefix}.raw", f"{prefix}.articles"]) == {
            f"{prefix}.raw": (1, 1),
            f"{prefix}.articles": (3, 2),
        }

    def test_the_service_producers_wait_for_every_in_sync_replica(self, cluster: ChaosBroker) -> None:
        """acks=all (-1), set by newswire and required by kafka-python for a transactional producer."""
        settings = Settings(kafka_bootstrap_servers=cluster.up())
        for transactional_id in (None, "newswire-acks-check"):
            producer = connect_producer(settings, 1_000_000, transactional_id)
            try:
                assert getattr(producer, "config")["acks"] == -1  # noqa: B009  (not part of the Protocol)
            finally:
                producer.close()
