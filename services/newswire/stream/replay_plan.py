"""What `newswire replay` does with each dead letter: pure decisions, no Kafka client.

A dead letter is skipped (outside the filter), refused (replayed too often already), sent back
with its original key, value and headers, or, when it was dead-lettered without its value,
re-read from the topic and offset it came from first.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from newswire.contracts.dead_letter import HEADER_PREFIX, DeadLetterReason
from newswire.errors import ConfigurationError, ErrorCode, Stage
from newswire.pipeline.normalize.urls import host_of
from newswire.stream.records import ConsumedRecord, Header, OutRecord

#: How many times a record has been replayed; kept by the service when it dead-letters it again.
REPLAY_COUNT = "newswire.replay.count"
_AGO = re.compile(r"^(\d{1,6})([smhd])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_time(text: str, now: datetime) -> int:
    """`2024-05-01`, an RFC 3339 time, or an age (`90m`, `36h`, `7d`) as ms since the epoch, UTC."""
    ago = _AGO.match(text.strip())
    if ago:
        when = now - timedelta(**{_UNITS[ago.group(2)]: int(ago.group(1))})
    else:
        try:
            when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        except ValueError as exc:
            raise ConfigurationError(f"{text!r} is not a date, an RFC 3339 time or an age like 36h") from exc
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
    return int(when.timestamp() * 1000)


def _source_of(value: bytes) -> tuple[str, str] | None:
    """The raw article's `source` and URL host (without www.), lower-cased; None when unreadable."""
    try:
        raw = json.loads(value)
    except (ValueError, RecursionError):
        return None
    if not isinstance(raw, dict):
        return None
    url = raw.get("url") if isinstance(raw.get("url"), str) else ""
    source = raw.get("source") if isinstance(raw.get("source"), str) else ""
    return str(source).lower(), host_of(str(url))


@dataclass(frozen=True)
class ReplayFilter:
    """Which dead letters to replay; an empty field means any. Times are the dead letter's own."""

    error_codes: frozenset[ErrorCode] = frozenset()
    stages: frozenset[Stage] = frozenset()
    since_ms: int | None = None
    until_ms: int | None = None
    source: str | None = None

    def matches(self, reason: DeadLetterReason, dead_lettered_ms: int) -> bool:
        """Everything but the source, which needs the value."""
        return (
            (not self.error_codes or reason.error_code in self.error_codes)
            and (not self.stages or reason.stage in self.stages)
            and (self.since_ms is None or dead_lettered_ms >= self.since_ms)
            and (self.until_ms is None or dead_lettered_ms < self.until_ms)
        )

    def matches_source(self, value: bytes | None) -> bool:
        """The raw article's `source`, or its URL's host or a parent domain of it, is --source."""
        if not self.source:
            return True
        found = _source_of(value) if value is not None else None
        if found is None:
            return False
        wanted = self.source.lower().removeprefix("www.")
        source, host = found
        return wanted in (source, host) or host.endswith("." + wanted)

    def describe(self) -> str:
        """A canonical text of the filter: equal filters give equal texts."""
        parts = [
            "code=" + ",".join(sorted(self.error_codes)),
            "stage=" + ",".join(sorted(self.stages)),
            f"since={self.since_ms or ''}",
            f"until={self.until_ms or ''}",
            f"source={(self.source or '').lower()}",
        ]
        return ";".join(parts)


def group_name(base: str, dlq_topic: str, chosen: ReplayFilter, to: str | None) -> str:
    """The consumer group (and transactional id) of one filter: progress is kept per filter."""
    digest = hashlib.sha256(f"{dlq_topic}|{to or ''}|{chosen.describe()}".encode()).hexdigest()[:10]
    return f"{base}-replay-{digest}"


class Verdict(StrEnum):
    SEND = "send"
    REREAD = "reread"  # needs (or, decided, was sent with) the original read back from where it came from
    REFUSE = "refuse"
    UNAVAILABLE = "unavailable"  # parts were omitted and the original is no longer where it came from
    SKIP = "skip"
    INVALID = "invalid"  # no readable dead-letter headers


@dataclass(frozen=True)
class Choice:
    verdict: Verdict
    reason: DeadLetterReason | None = None
    record: OutRecord | None = None  # the record to send; None until a REREAD's original is read back
    note: str = ""


def replay_count(headers: Sequence[Header]) -> int:
    """How many times this record was replayed before; an unreadable count counts as none."""
    for key, value in headers:
        if key == REPLAY_COUNT:
            try:
                return max(0, int((value or b"").decode("ascii")))
            except (UnicodeDecodeError, ValueError):
                return 0
    return 0


def replay_headers(headers: Sequence[Header], count: int) -> list[Header]:
    """The original headers: dead-letter headers removed, the replay count set to `count`."""
    kept = [(k, v) for k, v in headers if not k.startswith(HEADER_PREFIX) and k != REPLAY_COUNT]
    return [*kept, (REPLAY_COUNT, str(count).encode())]


def choose(record: ConsumedRecord, chosen: ReplayFilter, max_replays: int, to: str | None) -> Choice:
    """What to do with one dead letter; REREAD when part of the original was left out of it."""
    headers = list(record.headers or [])
    reason = DeadLetterReason.read(headers)
    if reason is None:
        return Choice(Verdict.INVALID, note="no readable newswire.dlq.* headers")
    if not chosen.matches(reason, record.timestamp):
        return Choice(Verdict.SKIP, reason)
    if reason.value_omitted_bytes is not None or reason.key_and_headers_omitted_bytes is not None:
        return Choice(Verdict.REREAD, reason)
    return _decide(reason, record.key, record.value, headers, chosen=chosen, max_replays=max_replays, to=to)


def choose_with_original(
    record: ConsumedRecord,
    reason: DeadLetterReason,
    original: ConsumedRecord | None,
    missing: str,
    *,
    chosen: ReplayFilter,
    max_replays: int,
    to: str | None,
) -> Choice:
    """A REREAD dead letter once its original was looked up: what was left out is taken from it."""
    if original is None:
        return Choice(Verdict.UNAVAILABLE, reason, note=missing)
    whole = reason.key_and_headers_omitted_bytes is not None
    key, headers = (original.key, list(original.headers or [])) if whole else (record.key, list(record.headers or []))
    value = original.value if reason.value_omitted_bytes is not None else record.value
    choice = _decide(reason, key, value, headers, chosen=chosen, max_replays=max_replays, to=to)
    return replace(choice, verdict=Verdict.REREAD) if choice.verdict is Verdict.SEND else choice


def _decide(
    reason: DeadLetterReason,
    key: bytes | None,
    value: bytes | None,
    headers: list[Header],
    *,
    chosen: ReplayFilter,
    max_replays: int,
    to: str | None,
) -> Choice:
    if not chosen.matches_source(value):
        return Choice(Verdict.SKIP, reason)
    done = replay_count(headers)
    if done >= max_replays:
        return Choice(Verdict.REFUSE, reason, note=f"replayed {done} times already (limit {max_replays})")
    return Choice(Verdict.SEND, reason, OutRecord(to or reason.topic, key, value, replay_headers(headers, done + 1)))


def where(record: ConsumedRecord) -> str:
    return f"{record.topic}:{record.partition}:{record.offset}"


@dataclass
class Tally:
    """What a run did, counted as it goes."""

    read: int = 0
    sent: Counter[tuple[str, str]] = field(default_factory=Counter)  # (stage, code) -> records
    reread: int = 0
    refused: int = 0
    unavailable: int = 0
    invalid: int = 0
    skipped: int = 0

    def count(self, choice: Choice) -> None:
        self.read += 1
        if choice.verdict is Verdict.REFUSE:
            self.refused += 1
        elif choice.verdict is Verdict.UNAVAILABLE:
            self.unavailable += 1
        elif choice.verdict is Verdict.INVALID:
            self.invalid += 1
        elif choice.verdict is Verdict.SKIP:
            self.skipped += 1
        elif choice.reason is not None:
            self.sent[(choice.reason.stage.value, choice.reason.error_code.value)] += 1
            self.reread += choice.verdict is Verdict.REREAD

    @property
    def total_sent(self) -> int:
        return sum(self.sent.values())

    def table(self) -> list[str]:
        """The chosen records by stage and code, one line each, most first."""
        rows = [f"{'stage':<10} {'error_code':<20} {'records':>8}"]
        for (stage, code), n in sorted(self.sent.items(), key=lambda item: (-item[1], item[0])):
            if n:
                rows.append(f"{stage:<10} {code:<20} {n:>8}")
        return rows

    def summary(self) -> str:
        return (
            f"read {self.read} dead letters: {self.total_sent} chosen ({self.reread} re-read from their topic), "
            f"{self.refused} refused, {self.unavailable} unavailable, {self.invalid} unreadable, "
            f"{self.skipped} outside the filter"
        )
