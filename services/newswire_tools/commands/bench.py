"""`newswire bench`: the service's speed on the local broker, side by side with what it is built from."""

from __future__ import annotations

import argparse
import logging
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newswire.commands import add
from newswire.config import Settings
from newswire.models import PUBLIC_NER

if TYPE_CHECKING:  # the measuring code loads kafka-python: imported only when the bench runs
    from newswire_tools.bench import phases
    from newswire_tools.bench.broker import Topics
    from newswire_tools.bench.procs import Proc

LEAN = {"NEWSWIRE_ENRICH_ENTITIES": "false", "NEWSWIRE_ENRICH_TOPICS": "false"}
#: Enrichment off, and the learned stages too (duplicate detection, learned boilerplate): the
#: normalizing pipeline alone, with no state records in its transactions.
CLEAN = LEAN | {"NEWSWIRE_DUPLICATE_WINDOW_S": "0", "NEWSWIRE_BOILERPLATE_MIN_ARTICLES": "0"}


@dataclass(frozen=True)
class Counts:
    """Records per measurement; --quick makes every one tiny (a smoke test, not a measurement)."""

    bare: int = 10_000
    lean: int = 4_000
    full: int = 500
    baseline: int = 300
    latency_s: float = 20.0
    latency_max: int = 100_000

    @classmethod
    def quick(cls) -> Counts:
        return cls(bare=200, lean=60, full=12, baseline=8, latency_s=2.0, latency_max=6)

    def latency(self, rate: float) -> tuple[float, int]:
        """A rate above zero, and how many records make latency_s seconds of it (at most latency_max)."""
        rate = max(rate, 0.5)
        return rate, max(1, min(self.latency_max, round(rate * self.latency_s)))


def register(sub: Any) -> None:
    parser = add(sub, "bench", bench, help="throughput, latency and memory on the local broker, beside a bare loop")
    parser.add_argument("--input", type=Path, help="raw articles (.jsonl) or a folder of .txt; default: the samples")
    parser.add_argument("--limit", type=int, default=400, help="distinct articles to read from the input")
    parser.add_argument("--partitions", type=int, default=6, help="partitions of the input and output topics")
    parser.add_argument("--baseline", default=PUBLIC_NER, help="the spaCy pipeline to compare with")
    parser.add_argument("--quick", action="store_true", help="tiny counts: checks the command works, measures nothing")


def _service(replicas: int, env: dict[str, str] | None = None) -> Callable[[Topics], list[Proc]]:
    from newswire_tools.bench.procs import Proc

    def start(topics: Topics) -> list[Proc]:
        return [
            Proc.newswire(
                f"newswire {i + 1}",
                {**topics.env(), "NEWSWIRE_REPLICA_ID": f"r{i}-{uuid.uuid4().hex[:6]}"} | (env or {}),
            )
            for i in range(replicas)
        ]

    return start


def _bare(topics: Topics) -> list[Proc]:
    from newswire_tools.bench.procs import Proc

    argv = [
        sys.executable,
        "-m",
        "newswire_tools.bench.loop",
        topics.bootstrap,
        topics.input,
        topics.output,
        topics.prefix,
    ]
    return [Proc("bare loop", argv, {})]


def bench(args: argparse.Namespace, settings: Settings) -> int:
    from newswire_tools.bench import inputs, phases

    logging.getLogger("kafka").setLevel(logging.ERROR)  # the bench's own clients: retries on new topics are normal
    counts = Counts.quick() if args.quick else Counts()
    articles = inputs.load(args.input, args.limit)
    if not articles:
        print(f"newswire bench: no articles in {args.input}", file=sys.stderr)
        return 2
    began = time.monotonic()

    def progress(message: str) -> None:
        print(f"[bench {time.monotonic() - began:5.0f}s] {message}", file=sys.stderr, flush=True)

    plan = phases.Plan(articles, settings, args.partitions, progress)
    source = args.input or "the shipped samples"
    progress(f"{len(articles)} articles from {source}; broker {settings.kafka_bootstrap_servers}")
    rows, latencies = [], []
    for name, count, start in (
        ("bare kafka-python loop", counts.bare, _bare),
        ("newswire, enrichment off", counts.lean, _service(1, LEAN)),
        ("newswire, clean articles only", counts.lean, _service(1, CLEAN)),
    ):
        row, running = phases.throughput(plan, name, count, start)
        running.close()
        rows.append(row)
    full, running = phases.throughput(plan, "newswire, defaults", counts.full, _service(1), parse=True)
    try:
        for share in (0.5, 0.9):
            rate, count = counts.latency(share * full.rate)
            latencies.append(phases.latency(plan, f"{share:.0%} of max", running, rate, count))
        full.peak_rss_mb = [p.peak_rss_mb() for p in running.procs]
    finally:
        running.close()
    rows += [full, phases.baseline(plan, args.baseline, counts.baseline)]
    two, running = phases.throughput(plan, "newswire, defaults, 2 replicas", counts.full * 2, _service(2))
    running.close()
    rows.append(two)
    # The bare loop's rate moves with the broker's state (a JVM just started, say) far more than
    # the service's, which is bound by its CPU: measured first and last, the faster is the baseline.
    again, running = phases.throughput(plan, "bare kafka-python loop, again", counts.bare, _bare)
    running.close()
    rows.append(again)
    _report(rows, latencies, args.partitions)
    _report_steps([row for row in rows if row.name.startswith("newswire") and len(row.peak_rss_mb) == 1])
    return 0


def _ratio(a: phases.Row, b: phases.Row) -> str:
    per_cpu = (a.records / a.cpu_seconds) / (b.records / b.cpu_seconds) if a.cpu_seconds and b.cpu_seconds else 0.0
    return f"{a.rate / b.rate if b.rate else 0:5.2f}x  ({per_cpu:.2f}x per CPU second)"


def _report(rows: list[phases.Row], latencies: list[phases.Latency], partitions: int) -> None:
    print(f"throughput: {partitions} partitions, one replica unless named, load average just before each")
    print(f"  {'':<34}{'load':>6}{'records':>9}{'seconds':>9}{'per s':>9}{'CPU ms each':>13}  peak RSS MB")
    for r in rows:
        cpu = 1000 * r.cpu_seconds / r.records if r.records else float("nan")
        rss = " + ".join(f"{m:.0f}" for m in r.peak_rss_mb)
        print(f"  {r.name:<34}{r.load:6.2f}{r.records:9d}{r.seconds:9.2f}{r.rate:9.1f}{cpu:13.2f}  {rss}")
    print("latency: one replica with defaults, from fetched_at (the send time) to the committed output")
    print(f"  {'':<34}{'load':>6}{'per s':>9}{'records':>9}{'p50 s':>8}{'p95 s':>8}{'p99 s':>8}")
    for lat in latencies:
        cells = "".join(f"{lat.percentile(p):8.3f}" for p in (0.5, 0.95, 0.99))
        print(f"  {lat.name:<34}{lat.load:6.2f}{lat.rate:9.1f}{len(lat.seconds):9d}{cells}")
    first, lean, clean, full, sm, two, again = rows
    bare = max(first, again, key=lambda row: row.rate)
    print(f"ratios (the bare loop: its faster run, {bare.rate:.1f} records/s)")
    print(f"  enrichment off / bare loop       {_ratio(lean, bare)}   goal >= 0.5x")
    print(f"  clean articles only / bare loop  {_ratio(clean, bare)}")
    print(f"  defaults / spaCy nlp.pipe        {_ratio(full, sm)}   goal >= 2x")
    print(f"  2 replicas / 1 replica           {_ratio(two, full)}   goal >= 1.7x")


def _report_steps(rows: list[phases.Row]) -> None:
    from newswire_tools.bench.phases import STEPS

    print("where one replica's time goes: ms per record in each step, from its newswire_stage_duration_seconds")
    print(f"  {'':<34}" + "".join(f"{step:>10}" for step in (*STEPS, "other", "in all")))
    for row in rows:
        if row.steps is None:
            print(f"  {row.name:<34}  no record was handled inside the measured window")
            continue
        cells = [row.steps.per_record_ms[step] for step in STEPS] + [row.steps.other_ms, row.steps.wall_ms]
        print(f"  {row.name:<34}" + "".join(f"{cell:10.2f}" for cell in cells))
