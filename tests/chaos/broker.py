"""Kafka brokers of the chaos suite's own (one, or a cluster of three): their own home, data and ports,
so killing them harms no one else."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

KAFKA_SH = ROOT / "deploy" / "kafka" / "kafka.sh"
#: Jars fetched once by `make` for the shared broker; the chaos broker reuses them when present.
SHARED_LIBS = Path.home() / ".cache" / "newswire" / "kafka-4.3.1" / "libs"
#: Far from the shared broker's 19092, so neither takes the other's port when one restarts.
FIRST_PORT = 29092
#: The three-node cluster's, far from both (each test session takes a hundred ports from here on).
CLUSTER_PORT = 39092


class ChaosBroker:
    """Started, killed with SIGKILL, frozen with SIGSTOP, thawed and restarted through deploy/kafka/kafka.sh.
    With nodes=3, a cluster whose nodes (1, 2, 3; node n is broker id n) are killed and restarted one by one."""

    def __init__(self, home: Path, nodes: int = 1, first_port: int = FIRST_PORT) -> None:
        self.home, self.nodes, self.first_port = home, nodes, first_port
        self.bootstrap = ""

    @property
    def replication(self) -> int:
        """What newswire's topics get on it: min(3, nodes) replicas."""
        return min(3, self.nodes)

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS"}
        env.update(NEWSWIRE_KAFKA_HOME=str(self.home), NEWSWIRE_KAFKA_PORT=str(self.first_port), PYTHON=sys.executable)
        if (SHARED_LIBS / ".complete").exists():
            env["NEWSWIRE_KAFKA_LIBS"] = str(SHARED_LIBS)
        return env

    def _run(self, *args: str, timeout: float = 240) -> str:
        command = ["bash", str(KAFKA_SH), *args]
        done = subprocess.run(command, env=self._env(), capture_output=True, text=True, timeout=timeout, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"kafka.sh {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def up(self) -> str:
        """Start (or restart after a kill, keeping data and ports) every node; waits until all answer."""
        line = self._run("up", "--brokers", str(self.nodes)).strip().splitlines()[-1]
        self.bootstrap = line.split("=", 1)[1]
        return self.bootstrap

    def pid_of(self, node: int = 1) -> int:
        return int((self.home / ("" if self.nodes == 1 else f"node{node}") / "kafka.pid").read_text())

    @property
    def pid(self) -> int:
        return self.pid_of(1)

    def kill9(self, node: int = 1) -> None:
        pid = self.pid_of(node)
        os.kill(pid, signal.SIGKILL)
        _reap(pid)

    def start(self, node: int) -> None:
        """Start one node again; waits until the cluster counts it among its brokers."""
        self._run("start", str(node))

    def freeze(self) -> None:
        os.kill(self.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        os.kill(self.pid, signal.SIGCONT)

    def down(self) -> None:
        """Stop it and delete its data: it belongs to this run alone."""
        self._run("down", "--wipe", timeout=120)


def _reap(pid: int) -> None:
    """Wait for a killed process to be gone (it is not our child: kafka.sh started it under nohup)."""
    from tests.integration.kafka_helpers import wait_for

    wait_for(lambda: not Path(f"/proc/{pid}").exists() or _zombie(pid), 30, f"broker pid {pid} to exit", 0.05)


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z")
    except (OSError, IndexError):
        return True
