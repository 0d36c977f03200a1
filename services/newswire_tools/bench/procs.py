"""The processes a bench run measures: started as their own programs, read from /proc while they run."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from typing import IO

#: One thread of linear algebra each, as the service is deployed: the comparison is per core.
ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Proc:
    """A child process; its log goes to a temporary file, shown if it dies."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], metrics_port: int = 0) -> None:
        self.name = name
        self.metrics_port = metrics_port
        self._log: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            argv, env={**os.environ, **ONE_THREAD, **env}, stdout=self._log, stderr=subprocess.STDOUT
        )

    @classmethod
    def newswire(cls, name: str, env: dict[str, str]) -> Proc:
        port = free_port()
        argv = [sys.executable, "-m", "newswire.cli", "run"]
        return cls(name, argv, {**env, "NEWSWIRE_METRICS_PORT": str(port), "NEWSWIRE_LOG_FORMAT": "json"}, port)

    def check(self) -> None:
        """Raise with the end of its log if the process has exited."""
        if self.process.poll() is not None:
            self._log.seek(0)
            tail = self._log.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{tail}")

    def ready(self) -> bool:
        """Partitions assigned (newswire's /readyz); a process without the endpoint is ready once running."""
        self.check()
        if not self.metrics_port:
            return True
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.metrics_port}/readyz", timeout=2) as reply:
                return int(reply.status) == 200
        except (urllib.error.URLError, OSError):
            return False

    def metrics(self) -> str:
        """Its /metrics page ("" for a process without the endpoint)."""
        if not self.metrics_port:
            return ""
        with urllib.request.urlopen(f"http://127.0.0.1:{self.metrics_port}/metrics", timeout=10) as reply:
            return str(reply.read().decode())

    def cpu_seconds(self) -> float:
        """User plus system CPU time so far, its threads included."""
        with open(f"/proc/{self.process.pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def peak_rss_mb(self) -> float:
        """The largest resident set so far (VmHWM)."""
        with open(f"/proc/{self.process.pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def stop(self, timeout: float = 60) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
