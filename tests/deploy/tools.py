"""Locating the command-line tools the deploy tests run; a missing one skips with how to get it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def tool(name: str, how: str) -> str:
    """The tool next to this Python (pip-installed) or on PATH; else skip, saying how to get it."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        pytest.skip(f"{name} not found: {how}")
    return found


def promtool() -> str:
    return tool("promtool", "run `make deps-system` (as root it installs Debian's prometheus package)")


def run(args: list[str], cwd: Path = DEPLOY) -> subprocess.CompletedProcess[str]:
    """Run a tool; the test fails with its whole output when it exits non-zero."""
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, f"{' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done
