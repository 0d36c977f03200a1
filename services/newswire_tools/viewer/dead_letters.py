"""Dead letters grouped by stage and error code, each with its reason, origin and a safe preview."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime

from newswire.contracts.dead_letter import DeadLetterReason
from newswire.stream.records import ConsumedRecord
from newswire.stream.replay_plan import REPLAY_COUNT
from newswire_tools.viewer.html import e

#: Characters of an original payload shown in a preview.
PREVIEW_CHARS = 400
#: Dead letters listed under one group; the rest are counted.
PER_GROUP = 20
#: Control characters (other than newline and tab) shown as a middle dot, so binary stays readable.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")


def preview(value: bytes | None, limit: int = PREVIEW_CHARS) -> str:
    """The first `limit` characters of a payload as text: invalid UTF-8 replaced, control and
    direction characters shown as dots, the size said when cut. Not yet escaped."""
    if value is None:
        return "(no value)"
    text = _CONTROL.sub("·", value[: limit * 4].decode("utf-8", errors="replace"))
    if len(text) > limit or len(value) > limit * 4:
        return f"{text[:limit]} … ({len(value):,} bytes)"
    return text


def _reason(record: ConsumedRecord) -> DeadLetterReason | None:
    return DeadLetterReason.read(list(record.headers or []))


def _when(ms: int) -> str:
    if ms < 0:
        return "—"
    try:
        return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    except (OverflowError, OSError, ValueError):
        return "—"


def _letter(record: ConsumedRecord, reason: DeadLetterReason | None) -> str:
    here = f"{record.topic}:{record.partition}:{record.offset}"
    if reason is None:
        return f'<div class="letter"><b>{e(here)}</b>: no readable dead-letter headers</div>'
    origin = f"{reason.topic}:{reason.partition}:{reason.offset}"
    if reason.value_omitted_bytes is not None:
        shown = f"(value omitted: {reason.value_omitted_bytes:,} bytes; the original is at {origin})"
    else:
        shown = preview(record.value)
    replays = next((v for k, v in record.headers or [] if k == REPLAY_COUNT), None)
    replayed = f" · replayed {e((replays or b'').decode('ascii', 'replace'))} times" if replays else ""
    return (
        '<div class="letter">'
        f"<div>{e(reason.error_message)} <small>({e(reason.error_class)})</small></div>"
        f"<div><small>from {e(origin)} · dead-lettered {e(_when(record.timestamp))} · "
        f"originally {e(_when(reason.timestamp))}{replayed} · at {e(here)}</small></div>"
        f'<pre class="preview">{e(shown)}</pre>'
        "</div>"
    )


def dead_letter_groups(records: Sequence[ConsumedRecord]) -> str:
    """One collapsible group per (stage, code), largest first; newest letters first within each."""
    groups: dict[tuple[str, str], list[tuple[ConsumedRecord, DeadLetterReason | None]]] = defaultdict(list)
    for record in records:
        reason = _reason(record)
        key = (reason.stage.value, reason.error_code.value) if reason else ("?", "unreadable")
        groups[key].append((record, reason))
    if not groups:
        return '<p class="empty">no dead letters</p>'
    parts = []
    for (stage, code), letters in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
        shown = "".join(_letter(r, reason) for r, reason in letters[:PER_GROUP])
        more = f'<p class="empty">and {len(letters) - PER_GROUP} more</p>' if len(letters) > PER_GROUP else ""
        parts.append(
            f'<details class="group" data-stage="{e(stage)}" data-code="{e(code)}" open>'
            f"<summary>{e(stage)} / {e(code)}: {len(letters)}</summary>{shown}{more}</details>"
        )
    return "".join(parts)
