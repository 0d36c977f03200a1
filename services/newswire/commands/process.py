"""`newswire process`: the same pipeline offline, JSON Lines in and out."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import IO, Any

from newswire.bootstrap import build_pipeline
from newswire.commands import add
from newswire.commands.lines import ProgressLine, read_lines
from newswire.config import Settings
from newswire.errors import RecordError
from newswire.observability.metrics import Metrics
from newswire.stream.records import OutRecord, output_check


@contextmanager
def _open_out(path: str | None) -> Iterator[IO[str] | None]:
    if path is None:
        yield None
    elif path == "-":
        yield sys.stdout
    else:
        with Path(path).open("w", encoding="utf-8") as handle:
            yield handle


def process(settings: Settings, source: str, output: str, dead_letter: str | None, batch_records: int) -> int:
    """Articles to `output`; each failed line, with its reason and line number, to `dead_letter`.

    A line that fails, at whatever step, is reported and the run goes on with the next."""
    pipeline = build_pipeline(settings, Metrics())
    published = dropped = failed = 0
    meter = ProgressLine("processed")
    lines = read_lines([source])
    with _open_out(output) as out, _open_out(dead_letter) as dlq:
        while batch := list(islice(lines, batch_records)):
            for (path, number, value), outcome in zip(batch, pipeline.process([v for _, _, v in batch]), strict=True):
                if outcome.dropped:  # a copy, and NEWSWIRE_DROP_DUPLICATES says copies are not written
                    dropped += 1
                    continue
                checked = output_check(outcome, output, settings.max_output_bytes)  # as `newswire run` does
                if isinstance(checked, OutRecord):
                    assert out is not None and checked.value is not None
                    out.write(checked.value.decode() + "\n")
                    published += 1
                    continue
                failed += 1
                _report(path, number, value, checked, dlq)
            pipeline.commit()  # offline, a batch is done once written; learned state stays in this process
            meter.tick(published + dropped + failed)
    meter.done()
    seconds = meter.elapsed()
    copies = f", copies dropped {dropped}" if dropped else ""
    rate = (published + dropped + failed) / max(seconds, 1e-9)
    print(f"published {published}{copies}, dead letters {failed}, {rate:.1f} articles/s", file=sys.stderr)
    return 0


def _report(path: str, number: int, value: bytes, error: RecordError, dlq: IO[str] | None) -> None:
    print(f"{path}:{number}: {error.stage.value}: {error.code.value}: {error.message}", file=sys.stderr)
    if dlq is None:
        return
    line = {
        "file": path,
        "line": number,
        "stage": error.stage.value,
        "error_code": error.code.value,
        "error_class": type(error.__cause__ or error).__name__,
        "error_message": error.message,
        "value": value.decode("utf-8", errors="replace"),
    }
    dlq.write(json.dumps(line) + "\n")


def register(sub: Any) -> None:
    parser = add(sub, "process", _handle, help="run the pipeline offline on JSON Lines")
    parser.add_argument("input", metavar="INPUT", help="JSON Lines of raw articles; - for stdin")
    parser.add_argument("-o", "--output", required=True, help="articles as JSON Lines; - for stdout")
    parser.add_argument("--dead-letter", metavar="FILE", help="failed lines with their reasons")
    parser.add_argument(
        "--batch-size",
        type=int,
        metavar="N",
        help="lines the pipeline takes at once (default: NEWSWIRE_BATCH_MAX_RECORDS)",
    )


def _handle(args: argparse.Namespace, settings: Settings) -> int:
    return process(settings, args.input, args.output, args.dead_letter, args.batch_size or settings.batch_records)
