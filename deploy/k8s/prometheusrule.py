"""Writes prometheusrule.yaml, the Prometheus Operator's copy of deploy/prometheus/alerts.yml.

alerts.yml is the one source (promtool checks and unit-tests it); `make prometheusrule` runs this
after a change to it, and tests/deploy/test_k8s.py fails while the two differ.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ALERTS = HERE.parent / "prometheus" / "alerts.yml"
OUTPUT = HERE / "prometheusrule.yaml"
#: kube-prometheus-stack's Prometheus selects rules (and ServiceMonitors) by its Helm release's name.
RELEASE = "kube-prometheus-stack"
HEADER = """\
# Generated from deploy/prometheus/alerts.yml by `make prometheusrule`: edit that file, not this one.
# The `release` label is the one kube-prometheus-stack's Prometheus selects rules by (its Helm
# release's name); set it to yours in an overlay, as for servicemonitor.yaml.
"""


class _Dumper(yaml.SafeDumper):
    """Multi-line strings (the PromQL) as literal blocks, as alerts.yml writes them."""


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _string)


def render(alerts: str) -> str:
    """The PrometheusRule manifest holding the rule groups of an alerts.yml."""
    rule: dict[str, Any] = {
        "apiVersion": "monitoring.coreos.com/v1",
        "kind": "PrometheusRule",
        "metadata": {"name": "newswire", "labels": {"release": RELEASE}},
        "spec": {"groups": yaml.safe_load(alerts)["groups"]},
    }
    return HEADER + yaml.dump(rule, Dumper=_Dumper, sort_keys=False, width=120)


if __name__ == "__main__":
    OUTPUT.write_text(render(ALERTS.read_text()))
    sys.stdout.write(f"wrote {OUTPUT.relative_to(Path.cwd())}\n")
