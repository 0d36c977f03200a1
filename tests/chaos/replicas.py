"""`newswire run` replicas as real processes, each under a small supervisor that restarts it when it exits."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from tests.integration.kafka_helpers import free_port

#: A supervisor's pause before restarting a replica that exited, as systemd's RestartSec would.
RESTART_AFTER_S = 1.0


class Replica:
    """One replica id; while supervised, every exit is followed by a restart with the same id."""

    def __init__(self, name: str, env: dict[str, str], log_dir: Path, supervised: bool = True) -> None:
        self.name = name
        self.env = {**os.environ, **env, "NEWSWIRE_REPLICA_ID": name, "NEWSWIRE_METRICS_PORT": str(free_port())}
        self.log_path = log_dir / f"{name}.log"
        self.supervised = supervised
        self.exit_codes: list[int] = []
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._retired = threading.Event()
        self._thread = threading.Thread(target=self._supervise, name=f"supervisor-{name}", daemon=True)

    def start(self) -> Replica:
        self._thread.start()
        return self

    def _spawn(self) -> subprocess.Popen[bytes]:
        with self.log_path.open("ab") as log:
            return subprocess.Popen(
                [sys.executable, "-m", "newswire.cli", "run"], env=self.env, stdout=log, stderr=subprocess.STDOUT
            )

    def _supervise(self) -> None:
        while True:
            with self._lock:  # checked under the lock retire() signals through: no replica starts unseen
                if self._retired.is_set():
                    return
                process = self._process = self._spawn()
            code = process.wait()
            self.exit_codes.append(code)
            if not self.supervised:
                return
            self._retired.wait(RESTART_AFTER_S)

    @property
    def pid(self) -> int | None:
        with self._lock:
            process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def send(self, sig: signal.Signals) -> bool:
        """Send a signal to the running process; False when none is running."""
        pid = self.pid
        if pid is None:
            return False
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return False
        return True

    def ready(self) -> bool:
        import urllib.request

        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.env['NEWSWIRE_METRICS_PORT']}/readyz", timeout=1):
                return True
        except OSError:
            return False

    def retire(self, sig: signal.Signals = signal.SIGTERM, timeout: float = 60) -> None:
        """Stop supervising, then stop the process (SIGTERM finishes its batch; SIGKILL leaves at once)."""
        self._retired.set()
        self.send(signal.SIGCONT)  # a frozen replica cannot act on SIGTERM
        self.send(sig)
        self._thread.join(timeout)
        if self._thread.is_alive():
            self.send(signal.SIGKILL)
            self._thread.join(30)

    def log_tail(self, chars: int = 3000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:] if self.log_path.exists() else ""

    @property
    def exits(self) -> int:
        return len(self.exit_codes)
