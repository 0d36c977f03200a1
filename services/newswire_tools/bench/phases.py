"""One measurement each: throughput from a preloaded topic, latency at a steady rate, spaCy alone."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from newswire.config import Settings
from newswire_tools.bench import broker, inputs
from newswire_tools.bench.procs import ONE_THREAD, Proc


@dataclass
class Row:
    """A throughput measurement: records handled in a window of wall time, the CPU it took, peak memory."""

    name: str
    load: float
    records: int
    seconds: float
    cpu_seconds: float
    peak_rss_mb: list[float] = field(default_factory=list)
    #: For newswire's processes: where their time went in the window.
    steps: Steps | None = None

    @property
    def rate(self) -> float:
        return self.records / self.seconds if self.seconds > 0 else 0.0


@dataclass
class Latency:
    name: str
    load: float
    rate: float
    seconds: list[float]

    def percentile(self, p: float) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else float("nan")


#: The steps newswire_stage_duration_seconds times per batch, in the order a record meets them.
STEPS = ("validate", "normalize", "enrich", "article", "publish")


@dataclass
class Steps:
    """Where a replica's time went in the measured window: ms per record in each step (its own
    metrics), and in all (the window's wall time)."""

    per_record_ms: dict[str, float]
    wall_ms: float

    @property
    def other_ms(self) -> float:
        """What no step covers: polling, writing each output record, metrics, learned-state records."""
        return self.wall_ms - sum(self.per_record_ms.values())


def _totals(procs: Sequence[Proc]) -> dict[str, float]:
    return totals([proc.metrics() for proc in procs])


def totals(pages: Sequence[str]) -> dict[str, float]:
    """Seconds in each step and records committed so far, summed over these /metrics pages."""
    from prometheus_client.parser import text_string_to_metric_families

    found = dict.fromkeys((*STEPS, "records"), 0.0)
    for page in pages:
        for family in text_string_to_metric_families(page):
            for sample in family.samples:
                if sample.name == "newswire_stage_duration_seconds_sum" and sample.labels["stage"] in found:
                    found[sample.labels["stage"]] += sample.value
                elif sample.name == "newswire_records_consumed_total":
                    found["records"] += sample.value
    return found


@dataclass(frozen=True)
class Plan:
    """What every phase shares: the articles, the broker's settings, the partition count, where progress goes."""

    articles: Sequence[dict[str, Any]]
    settings: Settings
    partitions: int
    progress: Callable[[str], None]

    def topics(self) -> broker.Topics:
        return broker.Topics(self.settings, self.partitions)


@dataclass
class Running:
    """Processes still running on their topics after a throughput measurement, for more phases."""

    topics: broker.Topics
    procs: list[Proc]
    watcher: broker.Watcher

    def check(self) -> None:
        for proc in self.procs:
            proc.check()

    def close(self) -> None:
        self.watcher.stop()
        for proc in self.procs:
            proc.stop()
        self.topics.delete()


def throughput(
    plan: Plan, name: str, count: int, start: Callable[[broker.Topics], list[Proc]], *, parse: bool = False
) -> tuple[Row, Running]:
    """Preload `count` records, start the processes, and time them from when all are working to the last output."""
    progress, topics = plan.progress, plan.topics()
    progress(f"{name}: loading {count} records into {topics.partitions} partitions")
    broker.load(topics, plan.articles, count)
    load = os.getloadavg()[0]
    watcher = broker.Watcher(topics, parse=parse)
    running = Running(topics, start(topics), watcher)
    progress(f"{name}: started, load average {load:.2f}")
    try:
        return _measure(name, count, running, load, progress), running
    except BaseException:
        running.close()
        raise


def _measure(name: str, count: int, running: Running, load: float, progress: Callable[[str], None]) -> Row:
    watcher = running.watcher
    watcher.wait(lambda: all(p.ready() for p in running.procs), 300, f"{name} to be ready", running.check)
    ready_at = time.monotonic()
    watcher.wait(lambda: watcher.count > 0, 300, f"{name}'s first output", running.check)
    started = max(ready_at, watcher.arrivals[0])
    cpu = sum(p.cpu_seconds() for p in running.procs)
    timed = [p for p in running.procs if p.metrics_port]
    before = _totals(timed)
    first = sum(1 for a in watcher.arrivals[: watcher.count] if a <= started)
    progress(f"{name}: working; {first} of {count} done before every process was")
    last = [0]

    def done() -> bool:
        if watcher.count // max(1, count // 10) != last[0]:
            last[0] = watcher.count // max(1, count // 10)
            progress(f"{name}: {watcher.count} of {count}")
        return watcher.count >= count

    watcher.wait(done, 3600, f"{name} to handle {count} records", running.check)
    cpu = sum(p.cpu_seconds() for p in running.procs) - cpu
    seconds = max(0.0, watcher.arrivals[count - 1] - started)  # 0: all was done before every process was up
    row = Row(name, load, count - first, seconds, cpu, [p.peak_rss_mb() for p in running.procs])
    after = _totals(timed)
    records = after["records"] - before["records"]
    if records:  # none when everything was done before every process was working (--quick)
        per_record = {step: 1000 * (after[step] - before[step]) / records for step in STEPS}
        row.steps = Steps(per_record, 1000 * seconds / records)
    progress(f"{name}: {row.rate:.1f} records/s, {1000 * cpu / max(1, row.records):.2f} ms of CPU each")
    return row


def latency(plan: Plan, name: str, running: Running, rate: float, count: int) -> Latency:
    """Publish at a steady rate; each record's latency runs from its fetched_at (send time) to its committed output."""
    load = os.getloadavg()[0]
    plan.progress(f"{name}: {count} records at {rate:.1f} a second, load average {load:.2f}")
    since, before = time.time(), running.watcher.count
    sent = broker.publish_at(running.topics, plan.articles, rate, count)
    running.watcher.wait(lambda: running.watcher.count >= before + sent, 600, f"{name}'s outputs", running.check)
    result = Latency(name, load, rate, [late for late, fetched in running.watcher.latencies if fetched >= since])
    plan.progress(f"{name}: p50 {result.percentile(0.5):.3f}s p99 {result.percentile(0.99):.3f}s")
    return result


def baseline(plan: Plan, model: str, count: int) -> Row:
    """en_core_web_sm's full pipeline, nlp.pipe over the same texts, in its own process."""
    texts = [inputs.plain_text(article) for article in itertools.islice(inputs.records(plan.articles), count)]
    load = os.getloadavg()[0]
    plan.progress(f"{model} nlp.pipe: {count} texts, load average {load:.2f}")
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as file:
        json.dump(texts, file)
        file.flush()
        argv = [sys.executable, "-m", "newswire_tools.bench.baseline", model, file.name]
        done = subprocess.run(argv, env={**os.environ, **ONE_THREAD}, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{model} nlp.pipe failed:\n{done.stderr[-2000:]}")
    result = json.loads(done.stdout)
    return Row(
        f"{model} nlp.pipe", load, result["texts"], result["seconds"], result["cpu_seconds"], [result["peak_rss_mb"]]
    )
