"""`newswire publish`: validate raw articles (JSON Lines, stdin, folders), send them to a topic."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, nullcontext
from pathlib import Path
from typing import IO, Any

from newswire.bootstrap import build_producer
from newswire.commands import add
from newswire.commands.lines import ProgressLine, open_input
from newswire.commands.sources import Defaults, Item, read_inputs
from newswire.config import Settings
from newswire.contracts import RawArticle
from newswire.errors import RecordError
from newswire.pipeline.normalize.urls import article_id, clean_url
from newswire.pipeline.validate import Limits, parse_raw
from newswire.stream.clients import Producer, SendResult, translated

#: Inputs that cannot be read twice (stdin, pipes) are kept in memory up to this size while --strict
#: checks them; beyond, in a temporary file.
SPOOL_BYTES = 16 * 1024 * 1024
#: Sends awaited at once: their acknowledgements are checked, and forgotten, every this many records.
IN_FLIGHT = 10_000


def publish(
    settings: Settings,
    topic: str,
    paths: list[str],
    *,
    strict: bool,
    progress: bool,
    defaults: Defaults | None = None,
) -> int:
    """Invalid records are reported as FILE:LINE (or FILE) and skipped; with `strict`, every record
    is checked first and nothing is sent if any is invalid."""
    limits = Limits(max_record_bytes=settings.max_record_bytes, max_json_depth=settings.max_json_depth)
    defaults = defaults or Defaults()
    with ExitStack() as stack:
        # --strict reads everything twice: what cannot be read again (stdin, pipes) is copied aside
        streams = {p: stack.enter_context(_spooled(p)) for p in dict.fromkeys(paths) if strict and _once(p)}
        if strict:
            rejected = _count_invalid(read_inputs(paths, defaults, streams), limits, progress)
            if rejected:
                print(f"sent 0, rejected {rejected}: nothing sent (--strict)", file=sys.stderr)
                return 2
            for stream in streams.values():
                stream.seek(0)
        items = read_inputs(paths, defaults, streams)
        return _send(settings, topic, items, limits, progress=progress, strict=strict)


def _once(path: str) -> bool:
    """True for inputs that cannot be read twice: stdin, pipes, devices."""
    return path == "-" or not (Path(path).is_file() or Path(path).is_dir())


def _spooled(path: str) -> IO[bytes]:
    """The input's bytes copied aside: in memory up to SPOOL_BYTES, then in a temporary file."""
    spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - the caller closes it
    with nullcontext(sys.stdin.buffer) if path == "-" else open_input(path) as source:
        shutil.copyfileobj(source, spool)
    spool.seek(0)
    return spool


def _count_invalid(items: Iterator[Item], limits: Limits, progress: bool) -> int:
    """How many items are invalid, each reported as `where: code: reason`."""
    meter = ProgressLine("checked", force=progress)
    invalid = 0
    try:
        for count, item in enumerate(items, start=1):
            invalid += _parse(item, limits) is None
            meter.tick(count)
    finally:
        meter.done()
    return invalid


def _parse(item: Item, limits: Limits) -> RawArticle | None:
    """The item's raw article, or None once its error is reported."""
    try:
        if item.error:
            raise item.error
        return parse_raw(item.value, limits)
    except RecordError as exc:
        print(f"{item.where}: {exc.code.value}: {exc.message}", file=sys.stderr)
        return None


def _send(
    settings: Settings, topic: str, items: Iterator[Item], limits: Limits, *, progress: bool, strict: bool
) -> int:
    producer = build_producer(settings, transactional=False)
    sent = rejected = size = acknowledged = 0
    meter = ProgressLine("published", force=progress)
    futures: list[SendResult] = []

    def failed() -> str:
        return f"publishing to {topic} failed after {acknowledged} records were acknowledged"

    try:
        with translated(failed):
            for item in items:
                raw = _parse(item, limits)
                if raw is None:
                    rejected += 1
                    continue
                key = article_id(clean_url(raw.url)).encode()
                futures.append(producer.send(topic, key=key, value=item.value))
                sent += 1
                size += len(item.value)
                meter.tick(sent, f"rejected {rejected}" if rejected else "")
                if len(futures) >= IN_FLIGHT:
                    acknowledged += _acknowledged(producer, futures, settings.call_timeout_s)
            acknowledged += _acknowledged(producer, futures, settings.call_timeout_s)
    finally:
        producer.close(timeout=settings.call_timeout_s)
        meter.done()
    seconds = meter.elapsed()
    print(
        f"sent {sent}, rejected {rejected}, {size} bytes, {sent / max(seconds, 1e-9):.0f} records/s to {topic}",
        file=sys.stderr,
    )
    # strict: an input that changed since it was checked
    return 2 if rejected and strict else 1 if rejected and not sent else 0


def _acknowledged(producer: Producer, futures: list[SendResult], timeout_s: float) -> int:
    """Wait until the broker has acknowledged every send in `futures` (raising its error if any), then
    forget them; returns how many there were."""
    producer.flush(timeout=timeout_s)
    for future in futures:
        future.get(timeout=timeout_s)
    count = len(futures)
    futures.clear()
    return count


def register(sub: Any) -> None:
    parser = add(sub, "publish", _handle, help="validate raw articles and send them to a topic")
    parser.add_argument("--topic", help="default: NEWSWIRE_INPUT_TOPIC")
    parser.add_argument(
        "--strict", action="store_true", help="check every record first; send nothing if any is invalid (exit 2)"
    )
    parser.add_argument("--progress", action="store_true", help="show progress even when not on a terminal")
    parser.add_argument("--url-prefix", metavar="URL", help="folder documents without a url: URL/relative/path")
    parser.add_argument(
        "--content-type",
        choices=["text/html", "text/plain"],
        help="folder documents: instead of guessing from .html/.htm/.txt",
    )
    parser.add_argument("--fetched-at", metavar="TIME", help="folder documents without one: `now` or RFC 3339")
    parser.add_argument(
        "files",
        nargs="+",
        metavar="PATH",
        help="JSON Lines files, folders of .html/.htm/.txt (NAME.json beside each holds its metadata), or - for stdin",
    )


def _handle(args: argparse.Namespace, settings: Settings) -> int:
    defaults = Defaults.from_args(args.url_prefix, args.content_type, args.fetched_at)
    topic = args.topic or settings.input_topic
    return publish(settings, topic, args.files, strict=args.strict, progress=args.progress, defaults=defaults)
