"""The `newswire` command: parse arguments, read settings, hand over to a command. Nothing else."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from newswire import __version__
from newswire.config import Settings, describe
from newswire.errors import ErrorCode, NewswireError, Stage
from newswire.observability import logs

#: `newswire eval SUITE`: each module has add_arguments(parser) and main(args); imported only when run.
EVALS = {
    "extraction": "newswire.eval.extraction",
    "entities": "newswire.eval.entities",
    "entities-fr": "newswire.eval.entities_fr",
    "topics": "newswire.eval.topics",
    "subtopics": "newswire.eval.subtopics",
    "speed": "newswire.eval.speed",
}


def _add_topics(sub: Any) -> None:
    topics = sub.add_parser("topics", help="create the topics newswire uses, sized to its limits; check existing ones")
    topics.add_argument("--partitions", type=int, default=3, help="partitions of each topic created (default 3)")
    topics.add_argument(
        "--replication-factor", type=int, metavar="N", help="replicas of each topic created (default: min(3, brokers))"
    )
    topics.add_argument(
        "--min-insync-replicas",
        type=int,
        metavar="N",
        help="replicas that must hold a write before it counts (default: replicas - 1 from 3 replicas on, else 1)",
    )
    topics.add_argument(
        "--fix",
        action="store_true",
        help="raise max.message.bytes and min.insync.replicas of existing topics below what newswire needs",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newswire", description="Raw crawled news in, clean enriched articles out.")
    parser.add_argument("--version", action="version", version=f"newswire {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, help="`newswire COMMAND -h` for each")

    run = sub.add_parser(
        "run",
        help="run the service",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="settings (environment variables):\n" + describe(),
    )
    run.add_argument(
        "--exit-when-idle",
        type=float,
        metavar="SECONDS",
        help="stop once nothing is left to read for this long (demos and batch jobs)",
    )

    publish = sub.add_parser("publish", help="validate raw articles and send them to a topic")
    publish.add_argument("--topic", help="default: NEWSWIRE_INPUT_TOPIC")
    publish.add_argument(
        "--strict", action="store_true", help="check every record first; send nothing if any is invalid (exit 2)"
    )
    publish.add_argument("--progress", action="store_true", help="show progress even when not on a terminal")
    publish.add_argument("--url-prefix", metavar="URL", help="folder documents without a url: URL/relative/path")
    publish.add_argument(
        "--content-type",
        choices=["text/html", "text/plain"],
        help="folder documents: instead of guessing from .html/.htm/.txt",
    )
    publish.add_argument("--fetched-at", metavar="TIME", help="folder documents without one: `now` or RFC 3339")
    publish.add_argument(
        "files",
        nargs="+",
        metavar="PATH",
        help="JSON Lines files, folders of .html/.htm/.txt (NAME.json beside each holds its metadata), or - for stdin",
    )

    process = sub.add_parser("process", help="run the pipeline offline on JSON Lines")
    process.add_argument("input", metavar="INPUT", help="JSON Lines of raw articles; - for stdin")
    process.add_argument("-o", "--output", required=True, help="articles as JSON Lines; - for stdout")
    process.add_argument("--dead-letter", metavar="FILE", help="failed lines with their reasons")
    process.add_argument("--batch-size", type=int, default=32, help="lines the pipeline takes at once (default 32)")

    consume = sub.add_parser("consume", help="print committed records of a topic")
    consume.add_argument("--topic", help="default: NEWSWIRE_OUTPUT_TOPIC")
    consume.add_argument(
        "--max", type=int, default=100, dest="max_records", help="stop after this many records (default 100)"
    )
    consume.add_argument("--timeout", type=float, default=5.0, help="stop after this many idle seconds")
    consume.add_argument("--summary", action="store_true", help="one readable line per record")

    replay = sub.add_parser(
        "replay",
        help="send dead letters back to the topic they came from, exactly once",
        description="Progress is kept per filter (its own consumer group): the same command run again "
        "sends only what was dead-lettered since.",
    )
    replay.add_argument(
        "--error-code",
        action="append",
        default=[],
        choices=[c.value for c in ErrorCode],
        metavar="CODE",
        help="only these codes (repeatable): " + ", ".join(c.value for c in ErrorCode),
    )
    replay.add_argument(
        "--stage",
        action="append",
        default=[],
        choices=[s.value for s in Stage],
        help="only dead letters of these stages (repeatable)",
    )
    replay.add_argument("--since", metavar="TIME", help="dead-lettered at or after: 2024-05-01, RFC 3339, or 36h ago")
    replay.add_argument("--until", metavar="TIME", help="dead-lettered before (same forms)")
    replay.add_argument("--source", help="only articles of this source name or host (and its subdomains)")
    replay.add_argument("--to", metavar="TOPIC", help="send here instead of the topic each record came from")
    replay.add_argument(
        "--max-replays", type=int, default=3, metavar="N", help="refuse records already replayed N times (default 3)"
    )
    replay.add_argument("--group", help="consumer group and transactional id (default: derived from the filter)")
    replay.add_argument(
        "--dry-run", action="store_true", help="count what would be sent, by stage and code; send nothing"
    )
    replay.add_argument("--progress", action="store_true", help="show progress even when not on a terminal")

    inspect = sub.add_parser("inspect", help="serve a page of recent articles and dead letters (127.0.0.1)")
    inspect.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    inspect.add_argument("--port", type=int, default=8765, help="default 8765; 0 picks a free one")
    inspect.add_argument("--recent", type=int, default=30, metavar="N", help="articles on the front page (default 30)")

    # -h after SUITE is the suite's: REMAINDER takes it with the suite's other arguments.
    evaluate = sub.add_parser("eval", help="measure quality and speed on labelled data")
    evaluate.add_argument("suite", choices=sorted(EVALS), help="what to measure; `newswire eval SUITE -h` for more")
    evaluate.add_argument("rest", nargs=argparse.REMAINDER, metavar="...", help="the suite's own arguments")

    bench = sub.add_parser("bench", help="throughput, latency and memory on the local broker, beside a bare loop")
    from newswire.commands.bench import add_arguments as bench_arguments

    bench_arguments(bench)

    _add_topics(sub)

    schemas = sub.add_parser("schemas", help="check (or --write) schemas/*.json against the models")
    schemas.add_argument(
        "directory", type=Path, nargs="?", default=Path("schemas"), help="where the schema files are (default schemas)"
    )
    schemas.add_argument("--write", action="store_true", help="write the files instead of checking them")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        # Without the input: pydantic's default message echoes every value read, passwords included.
        problems = "; ".join(
            ": ".join([*map(str, e["loc"][:1]), e["msg"].removeprefix("Value error, ")])
            for e in exc.errors(include_input=False, include_url=False)
        )
        logs.configure()  # the settings that say how are what cannot be read: JSON unless on a terminal
        return logs.fatal(f"invalid settings: {problems}", logs.EXIT_USAGE)
    logs.configure(settings.log_format, settings.log_level)
    try:
        return _dispatch(args, settings)
    except NewswireError as exc:
        return logs.fatal(str(exc), logs.EXIT_FATAL, exc)
    except Exception as exc:  # a bug: still one line saying what happened, and a distinct exit code
        return logs.fatal(f"internal error: {type(exc).__name__}", logs.EXIT_INTERNAL, exc)


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    # Commands are imported lazily: `newswire schemas` should not load spaCy.
    if args.command == "run":
        from newswire.commands.run import run

        return run(settings, args.exit_when_idle)
    if args.command == "publish":
        from newswire.commands.publish import publish
        from newswire.commands.sources import Defaults

        defaults = Defaults.from_args(args.url_prefix, args.content_type, args.fetched_at)
        return publish(
            settings,
            args.topic or settings.input_topic,
            args.files,
            strict=args.strict,
            progress=args.progress,
            defaults=defaults,
        )
    if args.command == "process":
        from newswire.commands.process import process

        return process(settings, args.input, args.output, args.dead_letter, args.batch_size)
    if args.command == "consume":
        from newswire.commands.consume import consume

        return consume(settings, args.topic or settings.output_topic, args.max_records, args.timeout, args.summary)
    if args.command == "replay":
        from newswire.commands.replay import replay_command

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
    if args.command == "inspect":
        from newswire.commands.inspect import inspect

        return inspect(settings, host=args.host, port=args.port, recent=max(1, min(args.recent, 500)))
    if args.command == "eval":
        from newswire import suite

        module = importlib.import_module(EVALS[args.suite])
        return suite.run(f"newswire eval {args.suite}", module.__doc__, module.add_arguments, module.main, args.rest)
    if args.command == "bench":
        from newswire.commands.bench import bench

        return bench(settings, args)
    if args.command == "topics":
        from newswire.commands.topics import create_topics

        return create_topics(settings, args.partitions, args.replication_factor, args.min_insync_replicas, args.fix)
    from newswire.commands.schemas import schemas

    return schemas(args.directory, args.write)


if __name__ == "__main__":
    sys.exit(main())
