"""The dashboard's PromQL, with Grafana's variables replaced so Prometheus can run it as is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.deploy.tools import DEPLOY

DASHBOARDS = sorted((DEPLOY / "grafana" / "dashboards").glob("*.json"))
#: What Grafana would put in place of each variable the panels use.
VARIABLES = {"$__rate_interval": "1m", "$__range": "10m", "$instance": ".+"}


def panels(path: Path) -> list[dict[str, Any]]:
    """Every panel, rows' nested panels included."""
    found = []
    for panel in json.loads(path.read_text())["panels"]:
        found.append(panel)
        found.extend(panel.get("panels", []))
    return found


def queries(path: Path) -> list[tuple[str, str]]:
    """(panel title, PromQL with variables replaced) for every target of every panel."""
    result = []
    for panel in panels(path):
        for target in panel.get("targets", []):
            expr = target["expr"]
            for name, value in VARIABLES.items():
                expr = expr.replace(name, value)
            result.append((panel["title"], expr))
    return result
