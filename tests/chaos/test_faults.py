"""Faults against real `newswire run` processes and a broker of the suite's own; each scenario checks,
with read_committed, that output plus dead letters equal the input, with no duplicates and order kept per key."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from tests.chaos.broker import ChaosBroker
from tests.chaos.conftest import FULL, size
from tests.chaos.harness import Scenario, freeze_inside_transaction, run
from tests.chaos.ledger import inputs
from tests.integration.kafka_helpers import until

pytestmark = pytest.mark.chaos
full_only = pytest.mark.skipif(not FULL, reason="a long scenario: `make chaos` runs it (make test runs the quick ones)")


class TestReplicaFaults:
    def test_sigkill_inside_open_transactions(self, chaos_broker: ChaosBroker, tmp_path: Path) -> None:
        """A replica SIGKILLed again and again while its transaction holds records loses and repeats nothing."""
        kills = size(5, 2)

        def inject(s: Scenario) -> None:
            replica = s.replica("r1")
            probe = s.open_transactions()
            caught = 0
            for _ in range(kills):
                s.wait_progress(s.progress() + size(150, 40))  # a new incarnation is committing
                caught += freeze_inside_transaction(replica, probe)
                replica.send(signal.SIGKILL)
            s.notes.append(f"{caught} of {kills} kills inside an open transaction")
            s.after.append(lambda: s.notes.append(f"{probe.hidden()} records seen only by read_uncommitted"))
            if not caught:  # a kill that finds no transaction open still tests recovery, but not this
                s.misses.append(f"none of {kills} kills caught a transaction open")

        run(f"SIGKILL inside open transactions x{kills}", chaos_broker, tmp_path, inputs(size(3000, 1000)), inject)

    @full_only
    def test_membership_churn_with_sigkill(self, chaos_broker: ChaosBroker, tmp_path: Path) -> None:
        """Replicas join, leave with SIGTERM and die with SIGKILL while the stream flows."""

        def inject(s: Scenario) -> None:
            alive = [s.replica("r0"), s.replica("r1")]
            for round_ in range(8):
                s.wait_progress(s.progress() + 200)
                if round_ % 3 == 0:
                    alive.pop(0).retire(signal.SIGKILL)
                if round_ % 3 != 2:
                    alive.append(s.replica(f"r{round_ + 2}"))
                else:
                    alive.pop(0).retire(signal.SIGTERM)
            s.notes.append(f"{len(s.replicas)} replicas over the run, 3 SIGKILLed")

        run("membership churn with SIGKILL", chaos_broker, tmp_path, inputs(3000), inject)

    @full_only
    def test_sigstopped_zombie_resumed_after_takeover(self, chaos_broker: ChaosBroker, tmp_path: Path) -> None:
        """A replica frozen mid-transaction, replaced, then resumed: its late commit must not count."""

        def inject(s: Scenario) -> None:
            zombie = s.replica("zombie", supervised=False)
            s.wait_progress(300)
            caught = freeze_inside_transaction(zombie, s.open_transactions())
            s.replica("successor")
            s.wait_progress(s.progress() + 400, timeout=120)
            zombie.send(signal.SIGCONT)
            s.notes.append("frozen inside a transaction" if caught else "frozen between transactions")
            s.after.append(lambda: s.notes.append(f"zombie exit codes {zombie.exit_codes or 'none: it rejoined'}"))

        run("SIGSTOPped zombie resumed", chaos_broker, tmp_path, inputs(2000), inject)


class TestBrokerFaults:
    @full_only
    def test_broker_kill9_and_restart(self, chaos_broker: ChaosBroker, tmp_path: Path) -> None:
        """The broker dies with SIGKILL mid-stream and comes back on the same data."""

        def inject(s: Scenario) -> None:
            s.replica("r1")
            s.wait_progress(500)
            down = time.monotonic()
            chaos_broker.kill9()
            chaos_broker.up()
            s.notes.append(f"broker back after {time.monotonic() - down:.0f} s")

        run("broker kill -9 and restart", chaos_broker, tmp_path, inputs(2000), inject)

    @full_only
    def test_broker_frozen_past_the_call_deadline(self, chaos_broker: ChaosBroker, tmp_path: Path) -> None:
        """A broker that stops answering (SIGSTOP) past the call deadline: the replica exits, its supervisor
        restarts it, and after the thaw nothing is lost or repeated."""

        def inject(s: Scenario) -> None:
            replica = s.replica("r1")
            s.wait_progress(500)
            # Freeze the broker while the replica is inside a transaction, so its next call meets a silent broker.
            caught = freeze_inside_transaction(replica, s.open_transactions())
            frozen = time.monotonic()
            chaos_broker.freeze()
            replica.send(signal.SIGCONT)
            try:
                gave_up = until(lambda: replica.exits >= 1, 120)
            finally:
                chaos_broker.thaw()
            where = "inside a transaction" if caught else "between transactions"
            outcome = "the replica exited and was restarted" if gave_up else "the replica waited"
            s.notes.append(f"frozen {time.monotonic() - frozen:.0f} s {where}, call deadline 10 s: {outcome}")
            if not gave_up:
                s.misses.append("the replica never gave up on the frozen broker")

        run("broker frozen past the call deadline", chaos_broker, tmp_path, inputs(2000), inject)


class TestPoison:
    def test_poison_mix(self, chaos_broker: ChaosBroker, tmp_path: Path) -> None:
        """Bad UTF-8, deep JSON, a 9 MiB body, a 5,000-digit number, years 1 and 9999, wrong types, an empty body."""
        records = inputs(size(3000, 200), poison_every=size(100, 10))

        def inject(s: Scenario) -> None:
            s.replica("r1")
            s.after.append(lambda: s.notes.append(f"{sum(r.kind != 'article' for r in records)} poison records"))

        run("poison mix", chaos_broker, tmp_path, records, inject)

    @full_only
    def test_long_canonical_url_pill(self, chaos_broker: ChaosBroker, tmp_path: Path) -> None:
        """Pages whose canonical link is over 4,096 characters must not crash-loop the replica."""

        def inject(s: Scenario) -> None:
            s.replica("r1")

        run("long-canonical-URL pill", chaos_broker, tmp_path, inputs(1000, pill_every=100), inject, deadline_s=120)
