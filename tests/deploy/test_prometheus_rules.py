"""deploy/prometheus: promtool accepts the config and the rules, and the alert unit tests pass."""

from __future__ import annotations

import yaml

from tests.deploy.tools import DEPLOY, promtool, run

PROMETHEUS = DEPLOY / "prometheus"


class TestPromtool:
    def test_config_is_valid(self) -> None:
        """`promtool check config` (which also loads the rule files it names)."""
        run([promtool(), "check", "config", "prometheus.yml"], cwd=PROMETHEUS)

    def test_rules_are_valid(self) -> None:
        """`promtool check rules`."""
        run([promtool(), "check", "rules", "alerts.yml"], cwd=PROMETHEUS)

    def test_alert_unit_tests_pass(self) -> None:
        """`promtool test rules`: every alert fires on its scenario and stays quiet otherwise."""
        run([promtool(), "test", "rules", "alerts_test.yml"], cwd=PROMETHEUS)


class TestAlertText:
    def test_each_alert_has_a_summary_and_a_runbook_section(self) -> None:
        """The runbook_url anchor of every alert names a heading in docs/runbook.md."""
        runbook = (DEPLOY.parent / "docs" / "runbook.md").read_text().lower()
        rules = [r for g in yaml.safe_load((PROMETHEUS / "alerts.yml").read_text())["groups"] for r in g["rules"]]
        assert len(rules) >= 5
        for rule in rules:
            annotations = rule["annotations"]
            assert annotations["summary"], rule["alert"]
            anchor = annotations["runbook_url"].split("#", 1)[1]
            assert f"## {anchor}" in runbook, rule["alert"]

    def test_every_replica_is_scraped_by_dns_discovery(self) -> None:
        """The newswire job resolves the compose service's A records on the metrics port."""
        config = yaml.safe_load((PROMETHEUS / "prometheus.yml").read_text())
        job = next(j for j in config["scrape_configs"] if j["job_name"] == "newswire")
        assert job["dns_sd_configs"] == [{"names": ["newswire"], "type": "A", "port": 9400, "refresh_interval": "15s"}]
