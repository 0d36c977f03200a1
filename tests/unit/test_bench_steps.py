"""Where a replica's time goes, as the bench reads it from the replicas' own /metrics pages."""

from __future__ import annotations

from prometheus_client import generate_latest

from newswire.errors import Stage
from newswire.observability.metrics import Metrics
from newswire_tools.bench.phases import STEPS, totals


def _page(steps: dict[str, list[float]], consumed: int) -> str:
    metrics = Metrics()
    for step, seconds in steps.items():
        for value in seconds:
            metrics.observe_stage(step, value)
    metrics.consumed.labels("news.raw.v1").inc(consumed)
    return generate_latest(metrics.registry).decode()


class TestTotals:
    def test_seconds_per_step_and_records_are_summed_over_replicas(self) -> None:
        one = _page({Stage.NORMALIZE: [0.5, 0.25], Stage.PUBLISH: [0.125], "article": [0.5]}, consumed=10)
        two = _page({Stage.NORMALIZE: [1.0], Stage.VALIDATE: [0.0625]}, consumed=6)
        found = totals([one, two])
        assert found == {
            "validate": 0.0625,
            "normalize": 1.75,
            "enrich": 0.0,
            "article": 0.5,
            "publish": 0.125,
            "records": 16.0,
        }
        assert set(found) == {*STEPS, "records"}

    def test_a_page_without_newswire_metrics_counts_nothing(self) -> None:
        assert totals(["# an empty page\n"]) == dict.fromkeys((*STEPS, "records"), 0.0)
