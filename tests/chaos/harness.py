"""One chaos scenario: fresh topics, a crawler feeding them, replicas, a fault, and the tally that judges it."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.chaos.broker import ChaosBroker
from tests.chaos.ledger import INPUT_MAX_BYTES, Feeder, Input, OpenTransactions, Row, Tally
from tests.chaos.replicas import Replica
from tests.integration.kafka_helpers import Topics, until, wait_for

#: Every row measured in this session, printed as one table at the end.
ROWS: list[Row] = []

#: Settings for every replica: enrichment off keeps two shared cores fast enough for thousands of
#: records (the faults are in delivery, not in models); short timeouts make failovers quick.
REPLICA_ENV = {
    "NEWSWIRE_ENRICH_ENTITIES": "false",
    "NEWSWIRE_ENRICH_TOPICS": "false",
    "NEWSWIRE_BATCH_MAX_RECORDS": "20",
    "NEWSWIRE_SESSION_TIMEOUT_MS": "6000",
    "NEWSWIRE_TRANSACTION_TIMEOUT_MS": "10000",
    "NEWSWIRE_CALL_TIMEOUT_S": "10",
    "NEWSWIRE_LOG_FORMAT": "json",
}


@dataclass
class Scenario:
    """What a fault needs to act: the broker, the replicas, and ways to watch progress."""

    broker: ChaosBroker
    topics: Topics
    log_dir: Path
    tally: Tally
    feeder: Feeder
    env: dict[str, str]
    replicas: list[Replica] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: What the fault failed to bring about (the row is still printed, then the test fails).
    misses: list[str] = field(default_factory=list)
    #: Run once every record is through, before the replicas are stopped.
    after: list[Callable[[], None]] = field(default_factory=list)
    probes: list[OpenTransactions] = field(default_factory=list)
    #: Broker failovers: seconds from the cluster being healthy to output of records sent after that.
    resumed: float | None = None

    def replica(self, name: str, supervised: bool = True, **env: str) -> Replica:
        started = Replica(name, {**self.env, **env}, self.log_dir, supervised).start()
        self.replicas.append(started)
        return started

    def progress(self) -> int:
        return self.tally.refresh()

    def wait_progress(self, at_least: int, timeout: float = 120) -> None:
        wait_for(lambda: self.progress() >= at_least, timeout, f"{at_least} records through", 0.05)

    def stop_feeding(self) -> None:
        """The crawler stops early (the fault has shown what it had to); records it never sent are not expected."""
        self.feeder.stopping.set()
        self.feeder.join(330)
        for r in self.feeder.records[self.feeder.sent :]:
            self.tally.expected.pop(r.number, None)

    def open_transactions(self) -> OpenTransactions:
        probe = OpenTransactions(self.broker.bootstrap, [self.topics.output, self.topics.dlq], self.topics.partitions)
        self.probes.append(probe)
        return probe


def freeze_inside_transaction(replica: Replica, probe: OpenTransactions, timeout: float = 60) -> bool:
    """SIGSTOP the replica at a moment its transaction holds records; False if none was caught in time
    (the replica is left frozen either way)."""
    deadline, tick = time.monotonic() + timeout, threading.Event()
    while time.monotonic() < deadline:
        if replica.send(signal.SIGSTOP):
            # Still open half a second later, with the replica frozen: not a committed transaction whose
            # markers the broker has yet to write, but one the replica has still to commit.
            if probe.open() and not until(lambda: not probe.open(), 0.5):
                return True
            replica.send(signal.SIGCONT)
        tick.wait(0.03)  # let it run a little before freezing it again
    replica.send(signal.SIGSTOP)
    return False


def run(
    fault: str,
    broker: ChaosBroker,
    log_dir: Path,
    records: list[Input],
    inject: Callable[[Scenario], None],
    *,
    per_second: float = 100,
    deadline_s: float = 240,
    env: dict[str, str] | None = None,
) -> Row:
    """Feed `records`, let `inject` start replicas and do harm, then tally what read_committed shows."""
    broker.up()
    topics = Topics(broker.bootstrap, input_max_bytes=INPUT_MAX_BYTES, replication=broker.replication).create()
    expected = {r.number: r.key for r in records}
    tally = Tally(broker.bootstrap, [topics.output, topics.dlq], topics.partitions, expected)
    feeder = Feeder(broker.bootstrap, topics.input, records, per_second)
    scenario = Scenario(broker, topics, log_dir, tally, feeder, {**topics.env(), **REPLICA_ENV, **(env or {})})
    started = time.monotonic()
    feeder.start()
    try:
        inject(scenario)
        finished = _wait_complete(scenario, started + deadline_s)
        seconds = time.monotonic() - started
        tally.settle()
        exits = sum(r.exits for r in scenario.replicas)
        for check in scenario.after:
            check()
    finally:
        feeder.stopping.set()
        for replica in scenario.replicas:
            replica.retire(signal.SIGKILL)
        tally.close()
        for probe in scenario.probes:
            probe.close()
    for n in feeder.failed - set(tally.counts):
        expected.pop(n, None)
    if feeder.failed:
        scenario.notes.append(f"{len(feeder.failed)} never accepted by the broker")
    if exits:
        scenario.notes.append(f"{exits} replica exits (kills included)")
    if not finished:
        scenario.notes.append(f"gave up after {deadline_s:.0f} s")
    row = tally.row(fault, seconds, "; ".join(scenario.notes), scenario.resumed)
    ROWS.append(row)
    assert (row.lost, row.duplicated, row.out_of_order) == (0, 0, 0), f"{row}\n{_logs(scenario.replicas)}"
    assert not scenario.misses, f"{row}\n{scenario.misses}\n{_logs(scenario.replicas)}"
    return row


def _wait_complete(scenario: Scenario, deadline: float) -> bool:
    """Every record the broker accepted is in output or dead letters (the crawler has finished sending)."""

    def complete() -> bool:
        scenario.tally.refresh()
        wanted = set(scenario.tally.expected) - scenario.feeder.failed
        return not scenario.feeder.is_alive() and wanted <= set(scenario.tally.counts)

    return until(complete, deadline - time.monotonic())


def _logs(replicas: list[Replica]) -> str:
    return "\n".join(f"--- {r.name} (exits {r.exit_codes})\n{r.log_tail()}" for r in replicas)
