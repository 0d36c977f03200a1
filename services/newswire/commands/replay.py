"""`newswire replay`: send chosen dead letters back to the topic they came from, exactly once."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from datetime import UTC, datetime
from typing import Any

from newswire.commands import add
from newswire.commands.lines import ProgressLine
from newswire.config import Settings
from newswire.errors import ErrorCode, Stage
from newswire.stream.replay import ReplayJob, replay
from newswire.stream.replay_plan import ReplayFilter, Tally, group_name, parse_time


def replay_command(
    settings: Settings,
    *,
    error_codes: list[str],
    stages: list[str],
    since: str | None,
    until: str | None,
    source: str | None,
    to: str | None,
    max_replays: int,
    group: str | None,
    dry_run: bool,
    progress: bool,
) -> int:
    """Exit 0 when every chosen dead letter was sent (or, dry, counted), 1 when some could not be."""
    now = datetime.now(UTC)
    chosen = ReplayFilter(
        error_codes=frozenset(ErrorCode(c) for c in error_codes),
        stages=frozenset(Stage(s) for s in stages),
        since_ms=parse_time(since, now) if since else None,
        until_ms=parse_time(until, now) if until else None,
        source=source,
    )
    job = ReplayJob(
        dlq_topic=settings.dlq_topic,
        group=group or group_name(settings.group_id, settings.dlq_topic, chosen, to),
        chosen=chosen,
        to=to,
        max_replays=max_replays,
        dry_run=dry_run,
        batch=settings.batch_records,
    )
    print(f"{'dry run: ' if dry_run else ''}reading {job.dlq_topic} as group {job.group}", file=sys.stderr)
    meter = ProgressLine("dead letters read", force=progress)
    stopping = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):  # finish the batch in hand, then stop
        signal.signal(sig, lambda _signum, _frame: stopping.set())
    try:
        tally = replay(
            settings,
            job,
            report=lambda line: print(line, file=sys.stderr),
            progress=lambda t: meter.tick(t.read, f"chosen {t.total_sent}"),
            stopping=stopping,
        )
    finally:
        meter.done()
    return _summarize(tally, job, stopped=stopping.is_set())


def _summarize(tally: Tally, job: ReplayJob, *, stopped: bool) -> int:
    if job.dry_run:
        print("\n".join(tally.table()))
        print(f"dry run, nothing sent: {tally.summary()}", file=sys.stderr)
    else:
        target = job.to or "the topics they came from"
        print(f"replayed {tally.total_sent} to {target}: {tally.summary()}", file=sys.stderr)
    if stopped:
        print("stopped before the end; run the same command again to go on", file=sys.stderr)
    return 1 if tally.refused or tally.unavailable or stopped else 0


def register(sub: Any) -> None:
    parser = add(
        sub,
        "replay",
        _handle,
        help="send dead letters back to the topic they came from, exactly once",
        description="Progress is kept per filter (its own consumer group): the same command run again "
        "sends only what was dead-lettered since.",
    )
    parser.add_argument(
        "--error-code",
        action="append",
        default=[],
        choices=[c.value for c in ErrorCode],
        metavar="CODE",
        help="only these codes (repeatable): " + ", ".join(c.value for c in ErrorCode),
    )
    parser.add_argument(
        "--stage",
        action="append",
        default=[],
        choices=[s.value for s in Stage],
        help="only dead letters of these stages (repeatable)",
    )
    parser.add_argument("--since", metavar="TIME", help="dead-lettered at or after: 2024-05-01, RFC 3339, or 36h ago")
    parser.add_argument("--until", metavar="TIME", help="dead-lettered before (same forms)")
    parser.add_argument("--source", help="only articles of this source name or host (and its subdomains)")
    parser.add_argument("--to", metavar="TOPIC", help="send here instead of the topic each record came from")
    parser.add_argument(
        "--max-replays", type=int, default=3, metavar="N", help="refuse records already replayed N times (default 3)"
    )
    parser.add_argument("--group", help="consumer group and transactional id (default: derived from the filter)")
    parser.add_argument(
        "--dry-run", action="store_true", help="count what would be sent, by stage and code; send nothing"
    )
    parser.add_argument("--progress", action="store_true", help="show progress even when not on a terminal")


def _handle(args: argparse.Namespace, settings: Settings) -> int:
    return replay_command(
        settings,
        error_codes=args.error_code,
        stages=args.stage,
        since=args.since,
        until=args.until,
        source=args.source,
        to=args.to,
        max_replays=args.max_replays,
        group=args.group,
        dry_run=args.dry_run,
        progress=args.progress,
    )
