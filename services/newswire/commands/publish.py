"""`newswire publish`: validate JSON Lines of raw articles and send them to a topic."""

from __future__ import annotations

import sys

from kafka.errors import KafkaError

from newswire.bootstrap import build_producer
from newswire.commands.lines import Progress, read_lines
from newswire.config import Settings
from newswire.errors import RecordError, StreamError
from newswire.pipeline.normalize.urls import article_id, clean_url
from newswire.pipeline.validate import Limits, parse_raw


def publish(settings: Settings, topic: str, paths: list[str], strict: bool, progress: bool) -> int:
    """Invalid lines are reported as FILE:LINE and skipped; with strict, the first one stops the run."""
    producer = build_producer(settings, transactional=False)
    limits = Limits(max_record_bytes=settings.max_record_bytes, max_json_depth=settings.max_json_depth)
    sent = rejected = size = 0
    meter = Progress("published", force=progress)
    futures = []
    try:
        for path, number, line in read_lines(paths):
            try:
                raw = parse_raw(line, limits)
            except RecordError as exc:
                rejected += 1
                print(f"{path}:{number}: {exc.code.value}: {exc.message}", file=sys.stderr)
                if strict:
                    break
                continue
            key = article_id(clean_url(raw.url)).encode()
            futures.append(producer.send(topic, key=key, value=line))
            sent += 1
            size += len(line)
            meter.tick(sent)
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
        f"sent {sent}, rejected {rejected}, {size} bytes, {sent / max(seconds, 1e-9):.0f} records/s to {topic}",
        file=sys.stderr,
    )
    return 2 if rejected and strict else 1 if rejected and not sent else 0
