"""deploy/grafana: provisioning finds the dashboards; each is well-formed for Grafana 11."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from newswire.observability.metrics import Metrics
from tests.deploy.dashboards import DASHBOARDS, VARIABLES, panels, queries
from tests.deploy.tools import DEPLOY

PROVISIONING = DEPLOY / "grafana" / "provisioning"
KNOWN_TYPES = {"row", "timeseries", "stat", "bargauge", "table", "gauge"}
#: Families of the process collector no panel needs: a Python process's virtual size counts mapped
#: model files it never reads, the start time shows as `up`, and the descriptor limit is far above use.
NOT_SHOWN = {"process_virtual_memory_bytes", "process_start_time_seconds", "process_max_fds"}


def _datasource_uid() -> str:
    [source] = yaml.safe_load((PROVISIONING / "datasources" / "prometheus.yaml").read_text())["datasources"]
    return str(source["uid"])


class TestProvisioning:
    def test_dashboards_folder_is_the_one_compose_mounts(self) -> None:
        """The file provider reads the folder compose.yaml mounts the dashboards into."""
        [provider] = yaml.safe_load((PROVISIONING / "dashboards" / "newswire.yaml").read_text())["providers"]
        compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
        mounts = compose["services"]["grafana"]["volumes"]
        assert f"./grafana/dashboards:{provider['options']['path']}:ro" in mounts
        assert DASHBOARDS, "no dashboard JSON"


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.name)
class TestDashboard:
    def test_top_level_fields(self, path: Path) -> None:
        """A stable uid, a schema version Grafana 11 reads, the replica variable."""
        dashboard = json.loads(path.read_text())
        assert dashboard["uid"]
        assert 36 <= dashboard["schemaVersion"] <= 40
        assert [v["name"] for v in dashboard["templating"]["list"]] == ["instance"]

    def test_panels_are_complete(self, path: Path) -> None:
        """Unique ids, a known type, a grid position, the provisioned data source, a unit."""
        uid = _datasource_uid()
        ids = [p["id"] for p in panels(path)]
        assert len(ids) == len(set(ids))
        for panel in panels(path):
            assert panel["type"] in KNOWN_TYPES, panel["title"]
            assert {"h", "w", "x", "y"} <= set(panel["gridPos"])
            assert panel["gridPos"]["x"] + panel["gridPos"]["w"] <= 24
            if panel["type"] == "row":
                continue
            assert panel["datasource"]["uid"] == uid, panel["title"]
            assert panel["fieldConfig"]["defaults"]["unit"], panel["title"]
            assert panel["description"], panel["title"]
            for target in panel["targets"]:
                assert target["refId"], panel["title"]
                assert target["legendFormat"], panel["title"]

    def test_rates_use_the_rate_interval_and_no_unknown_variable(self, path: Path) -> None:
        """rate() windows are $__rate_interval; no variable the tests cannot replace."""
        for panel in panels(path):
            for target in panel.get("targets", []):
                windows = re.findall(r"\brate\([^\[]*\[([^\]]+)\]", target["expr"])
                assert all(w == "$__rate_interval" for w in windows), target["expr"]
                assert set(re.findall(r"\$\w+", target["expr"])) <= set(VARIABLES), target["expr"]

    def test_every_newswire_metric_family_is_shown(self, path: Path) -> None:
        """Each metric the service exports appears in at least one panel, but for NOT_SHOWN."""
        exprs = " ".join(expr for _title, expr in queries(path))
        names = {m.name for m in Metrics().registry.collect()} - NOT_SHOWN
        assert "process_resident_memory_bytes" in names
        missing = {n for n in names if n not in exprs}
        assert missing == set()
