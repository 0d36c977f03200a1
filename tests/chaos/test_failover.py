"""Broker failover inside transactions on the three-node cluster, as Kafka's own system tests do it: with two
replicas processing, a broker dies with SIGKILL while a transaction is open. read_committed output plus dead
letters must equal the input, with no duplicates and order kept per key, and the replicas must commit again
within 60 s of the cluster being healthy."""

from __future__ import annotations

import itertools
import signal
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

import pytest

from tests.chaos.broker import ChaosBroker
from tests.chaos.cluster import busiest_leader, coordinator, in_sync
from tests.chaos.conftest import size
from tests.chaos.harness import Scenario, freeze_inside_transaction, run
from tests.chaos.ledger import OpenTransactions, inputs
from tests.chaos.test_faults import full_only
from tests.integration.kafka_helpers import until

pytestmark = pytest.mark.chaos

#: How long a killed broker stays down before it is started again.
OUTAGE_S = 20
#: The longest the replicas may take, once the cluster is healthy, to commit output again.
RESUME_S = 60
INTERNAL = ["__consumer_offsets", "__transaction_state"]

#: Picks the broker to kill: its node id and why it was picked.
Victim = Callable[[Scenario], tuple[int, str]]


def _busiest_leader(s: Scenario) -> tuple[int, str]:
    node, led = busiest_leader(s.broker.bootstrap, s.topics.output)
    return node, f"leader of {led} of {s.topics.partitions} output partitions"


def _coordinator(s: Scenario) -> tuple[int, str]:
    return coordinator(s.broker.bootstrap, f"{s.topics.prefix}-r1"), "r1's transaction coordinator"


class Commits:
    """When the replicas commit: read_committed readers' end offsets of output and dead letters, sampled
    while waiting; each growth is a transaction committed (a backlog of input does not blur it)."""

    def __init__(self, probe: OpenTransactions) -> None:
        self.probe, self.last, self.times = probe, probe.committed(), [time.monotonic()]

    def sample(self) -> None:
        now = self.probe.committed()
        if now is not None and self.last is not None and now > self.last:
            self.times.append(time.monotonic())
        self.last = now if now is not None else self.last

    def watch(self, condition: Callable[[], bool], timeout: float) -> bool:
        """Sample until the condition holds or the deadline passes."""
        return until(lambda: self.sample() or condition(), timeout, 0.25)

    def first_after(self, moment: float) -> float | None:
        return next((t - moment for t in self.times if t > moment), None)

    def longest_stall(self, since: float) -> float:
        marks = [since, *(t for t in self.times if t > since)]
        return max(b - a for a, b in itertools.pairwise(marks)) if len(marks) > 1 else time.monotonic() - since


def fail_over(s: Scenario, cluster: ChaosBroker, victim: Victim, back: bool) -> None:
    """Kill -9 the chosen broker while r1 is frozen inside its transaction (r2 runs on), start it again after
    OUTAGE_S (or never), then time how soon, once the cluster is healthy, the replicas commit again."""
    r1 = s.replica("r1")
    s.replica("r2")
    s.wait_progress(size(600, 300))
    node, why = victim(s)
    probe = s.open_transactions()
    caught = freeze_inside_transaction(r1, probe)
    commits, down = Commits(probe), time.monotonic()
    cluster.kill9(node)
    r1.send(signal.SIGCONT)
    if not caught:
        s.misses.append("no transaction was open at the kill")
    commits.watch(lambda: time.monotonic() - down >= OUTAGE_S, OUTAGE_S + 30)
    gone = frozenset() if back else frozenset({node})
    if back:
        starting = threading.Thread(target=cluster.start, args=(node,), name="restart")
        starting.start()
        commits.watch(lambda: not starting.is_alive(), 300)
    restarted = time.monotonic()
    topics = [s.topics.input, s.topics.output, s.topics.dlq, s.topics.state, *INTERNAL]
    live = cluster.nodes - len(gone)
    healthy_in = commits.watch(lambda: in_sync(cluster.bootstrap, topics, live, gone), 180)
    healthy = time.monotonic()
    if not healthy_in:
        s.misses.append("the cluster was not healthy within 180 s")
    resumed = commits.watch(lambda: commits.times[-1] > healthy, RESUME_S)
    s.resumed = time.monotonic() - healthy
    if not resumed:
        s.misses.append(f"no commit within {RESUME_S} s of the cluster being healthy")
    first = commits.first_after(down)
    outage = (
        f"started again after {OUTAGE_S} s, serving {restarted - down:.0f} s after the kill" if back else "never back"
    )
    s.notes.append(
        f"node {node} ({why}) killed {'inside an open transaction' if caught else 'between transactions'}, "
        f"{outage}; first commit {first:.1f} s after the kill, longest stall {commits.longest_stall(down):.1f} s"
        if first is not None
        else f"node {node} ({why}) killed, {outage}; no commit after the kill"
    )
    s.wait_progress(s.progress() + size(600, 200))  # the service runs on (with two brokers, for good)
    s.stop_feeding()


def _row(fault: str, cluster: ChaosBroker, tmp_path: Path, victim: Victim, back: bool = True) -> None:
    records = inputs(size(12_000, 6_000))
    try:
        run(
            fault,
            cluster,
            tmp_path,
            records,
            lambda s: fail_over(s, cluster, victim, back),
            per_second=50,
            deadline_s=600,
        )
    finally:
        with suppress(RuntimeError):
            cluster.up()  # every node back for the next test


class TestBrokerFailover:
    def test_leader_killed_inside_transactions(self, cluster: ChaosBroker, tmp_path: Path) -> None:
        """The broker leading the most output partitions dies mid-transaction and is started again after 20 s."""
        _row("leader broker kill -9, back after 20 s", cluster, tmp_path, _busiest_leader)

    @full_only
    def test_transaction_coordinator_killed(self, cluster: ChaosBroker, tmp_path: Path) -> None:
        """The broker coordinating r1's transactions dies while r1's transaction is open; back after 20 s."""
        _row("coordinator broker kill -9, back after 20 s", cluster, tmp_path, _coordinator)

    @full_only
    def test_broker_gone_for_good(self, cluster: ChaosBroker, tmp_path: Path) -> None:
        """The leading broker dies and stays dead: the service runs on with two."""
        _row("leader broker gone for good", cluster, tmp_path, _busiest_leader, back=False)
