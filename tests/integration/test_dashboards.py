"""Every dashboard panel's PromQL returns data from a real Prometheus scraping a real service."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import raw, sample_lines
from tests.deploy.dashboards import DASHBOARDS, queries
from tests.integration.kafka_helpers import Service, Topics, wait_for
from tests.integration.prometheus_helpers import Prometheus

pytestmark = pytest.mark.integration

MALFORMED = [b'{"url": ', b'"just a string"', raw(content_type="application/pdf")]
#: A German article: no model reads its language, so the skipped-enrichment counter has data.
GERMAN = raw(
    url="https://news.example.de/d/1",
    title="Regierung beschließt neuen Haushalt",
    body="Die Bundesregierung hat am Mittwoch in Berlin den Haushalt für das kommende Jahr beschlossen. "
    "Der Finanzminister sagte, die Schuldenbremse werde eingehalten und die Investitionen stiegen.",
)


class TestDashboardQueries:
    def test_every_panel_query_returns_data(self, topics: Topics, tmp_path: Path) -> None:
        """Valid and malformed records through `newswire run`; each panel's PromQL has data."""
        now = datetime.now(UTC).isoformat()
        fresh = [raw(url=f"https://news.example.com/d/{i}", fetched_at=now) for i in range(10)]
        service = Service(topics.env(), tmp_path / "service.log")
        prometheus = Prometheus(tmp_path, [f"127.0.0.1:{service.port}"])
        try:
            wait_for(service.ready, 60, "the service to own its partitions")
            topics.produce([*sample_lines(), *fresh, GERMAN, *MALFORMED])
            wait_for(
                lambda: bool(prometheus.query("newswire_dead_letters_total")),
                60,
                "Prometheus to scrape the dead-letter counter",
            )
            pending = {q for path in DASHBOARDS for q in queries(path)}

            def all_answered() -> bool:
                pending.difference_update({(t, q) for t, q in pending if prometheus.query(q)})
                return not pending

            try:
                wait_for(all_answered, 60, "every panel's query to return data", interval=1.0)
            except AssertionError:
                pytest.fail("panels without data:\n" + "\n".join(f"{t}: {q}" for t, q in sorted(pending)))
        finally:
            prometheus.stop()
            assert service.stop() == 0, service.log()
