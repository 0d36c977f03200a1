"""`newswire publish`: validate raw articles (JSON Lines, stdin, folders), send them to a topic."""

from __future__ import annotations

import sys

from kafka.errors import KafkaError

from newswire.bootstrap import build_producer
from newswire.commands.lines import Progress
from newswire.commands.sources import Defaults, read_inputs
from newswire.config import Settings
from newswire.errors import RecordError, StreamError
from newswire.pipeline.normalize.urls import article_id, clean_url
from newswire.pipeline.validate import Limits, parse_raw


def publish(
    settings: Settings,
    topic: str,
    paths: list[str],
    *,
    strict: bool,
    progress: bool,
    defaults: Defaults | None = None,
) -> int:
    """Invalid records are reported as FILE:LINE (or FILE), skipped; strict stops at the first."""
    producer = build_producer(settings, transactional=False)
    limits = Limits(
        max_record_bytes=settings.max_record_bytes, max_json_depth=settings.max_json_depth
    )
    sent = rejected = size = 0
    meter = Progress("published", force=progress)
    futures = []
    try:
        for item in read_inputs(paths, defaults or Defaults()):
            try:
                if item.error:
                    raise item.error
                raw = parse_raw(item.value, limits)
            except RecordError as exc:
                rejected += 1
                print(f"{item.where}: {exc.code.value}: {exc.message}", file=sys.stderr)
                if strict:
                    break
                continue
            key = article_id(clean_url(raw.url)).encode()
            futures.append(producer.send(topic, key=key, value=item.value))
            sent += 1
            size += len(item.value)
            meter.tick(sent, f"rejected {rejected}" if rejected else "")
        producer.flush(timeout=settings.call_timeout_s)
        for future in futures:
            future.get(timeout=settings.call_timeout_s)
    except KafkaError as exc:
        raise StreamError(f"publishing to {topic} failed: {type(exc).__name__}: {exc}") from exc
    finally:
        producer.close(timeout=settings.call_timeout_s)
        meter.done()
    seconds = meter.elapsed()
    print(
        f"sent {sent}, rejected {rejected}, {size} bytes, "
        f"{sent / max(seconds, 1e-9):.0f} records/s "
        f"to {topic}"
        + (" (stopped at the first invalid record: --strict)" if strict and rejected else ""),
        file=sys.stderr,
    )
    return 2 if rejected and strict else 1 if rejected and not sent else 0
