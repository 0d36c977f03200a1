"""`newswire run`: the service."""

from __future__ import annotations

import argparse
from typing import Any

import structlog

from newswire.bootstrap import build_worker, stop_on_signals
from newswire.commands import add
from newswire.config import Settings, describe
from newswire.observability.health import HealthServer
from newswire.observability.metrics import Metrics
from newswire.stream.idle import stop_when_idle

log = structlog.get_logger("newswire")


def run(settings: Settings, exit_when_idle_s: float | None = None) -> int:
    """Serve until SIGTERM/SIGINT (or, for demos and jobs, until idle with nothing left to read)."""
    metrics = Metrics()
    worker = build_worker(settings, metrics)
    health = None
    if settings.metrics_port:
        health = HealthServer(settings.metrics_host, settings.metrics_port, metrics.registry, worker.ready).start()
    stop_on_signals(worker)
    if exit_when_idle_s:
        stop_when_idle(worker, exit_when_idle_s)
    log.info(
        "started",
        input_topic=settings.input_topic,
        output_topic=settings.output_topic,
        group_id=settings.group_id,
        guarantee=settings.processing_guarantee,
        transactional_id=settings.transactional_id,
        metrics_port=health.port if health else None,
    )
    try:
        worker.run()
    finally:
        worker.close()
        if health:
            health.stop()
        log.info("stopped")
    return 0


def register(sub: Any) -> None:
    parser = add(
        sub,
        "run",
        _handle,
        help="run the service",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="settings (environment variables):\n" + describe(),
    )
    parser.add_argument(
        "--exit-when-idle",
        type=float,
        metavar="SECONDS",
        help="stop once nothing is left to read for this long (demos and batch jobs)",
    )


def _handle(args: argparse.Namespace, settings: Settings) -> int:
    return run(settings, args.exit_when_idle)
