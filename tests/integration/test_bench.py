"""`newswire bench --quick` on the real broker: every row is measured and printed (a smoke test, not a timing)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.integration


def test_quick_bench_prints_every_row(bootstrap: str) -> None:
    """Bare loop, enrichment off, clean articles only, defaults, spaCy, two replicas, both latencies, every ratio."""
    env = {**os.environ, "NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS": bootstrap}
    done = subprocess.run(
        [sys.executable, "-m", "newswire.cli", "bench", "--quick"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    for row in (
        "bare kafka-python loop",
        "newswire, enrichment off",
        "newswire, clean articles only",
        "newswire, defaults ",
        "nlp.pipe",
        "newswire, defaults, 2 replicas",
        "bare kafka-python loop, again",
        "50% of max",
        "90% of max",
        "enrichment off / bare loop",
        "clean articles only / bare loop",
        "defaults / spaCy nlp.pipe",
        "2 replicas / 1 replica",
    ):
        assert row in out, f"{row!r} missing from:\n{out}"
    assert "load average" in done.stderr, "progress goes to stderr while it runs"
    steps = out.split("where one replica's time goes", 1)[1].splitlines()
    assert steps[1].split() == ["validate", "normalize", "enrich", "article", "publish", "other", "in", "all"]
    named = [line[:36].strip() for line in steps[2:] if line.strip()]
    assert named == ["newswire, enrichment off", "newswire, clean articles only", "newswire, defaults"], out
    latency_rows = [line.split() for line in out.splitlines() if "% of max" in line]
    assert all(int(cells[5]) >= 1 for cells in latency_rows), "each latency row measured at least one record"
