"""The three-node cluster `kafka.sh up --brokers 3` starts: one node killed with SIGKILL and restarted."""

from __future__ import annotations

from contextlib import suppress

import pytest
from kafka import KafkaProducer
from kafka.errors import KafkaError

from tests.chaos.broker import ChaosBroker
from tests.chaos.cluster import busiest_leader, in_sync, led_by
from tests.chaos.test_faults import full_only
from tests.integration.kafka_helpers import Topics, wait_for

pytestmark = pytest.mark.chaos


class TestCluster:
    @full_only  # the quick leader failover (test_failover.py) kills and restarts a node too
    def test_writes_go_on_while_a_node_is_down_and_it_rejoins(self, cluster: ChaosBroker) -> None:
        """With a leader killed -9, acks=all writes go on (two of three replicas in sync); restarted, it is
        back in every partition's in-sync set, and every record written is there."""
        topics = Topics(cluster.up(), replication=3).create()
        try:
            wait_for(lambda: in_sync(cluster.bootstrap, [topics.input], 3), 60, "new topic in sync")
            victim, _ = busiest_leader(cluster.bootstrap, topics.input)
            topics.produce([b"before"] * 10)
            cluster.kill9(victim)
            wait_for(lambda: led_by(cluster.bootstrap, [topics.input], victim) == 0, 60, "leadership moved")
            producer = KafkaProducer(bootstrap_servers=cluster.bootstrap, acks="all", request_timeout_ms=10_000)
            try:
                for i in range(10):
                    producer.send(topics.input, key=f"k{i}".encode(), value=b"during").get(timeout=60)
            finally:
                producer.close()
            cluster.start(victim)
            wait_for(lambda: in_sync(cluster.bootstrap, [topics.input], 3), 60, f"node {victim} back in sync")
            values = [r.value for r in topics.read(topics.input, 20)]
            assert sorted(values) == [b"before"] * 10 + [b"during"] * 10
        finally:
            cluster.up()  # whatever happened, the next test finds three nodes
            with suppress(KafkaError):
                topics.delete()
