"""A Kafka broker of the chaos suite's own: its own home, data and ports, so killing it harms no one else."""

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


class ChaosBroker:
    """Started, killed with SIGKILL, frozen with SIGSTOP, thawed and restarted through deploy/kafka/kafka.sh."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.bootstrap = ""

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS"}
        env.update(NEWSWIRE_KAFKA_HOME=str(self.home), NEWSWIRE_KAFKA_PORT=str(FIRST_PORT), PYTHON=sys.executable)
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
        """Start (or restart after a kill, keeping data and ports); waits until it answers."""
        line = self._run("up").strip().splitlines()[-1]
        self.bootstrap = line.split("=", 1)[1]
        return self.bootstrap

    @property
    def pid(self) -> int:
        return int((self.home / "kafka.pid").read_text())

    def kill9(self) -> None:
        pid = self.pid
        os.kill(pid, signal.SIGKILL)
        _reap(pid)

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
