"""What replay decides for each dead letter: filters, refusals, headers, groups, times."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newswire.contracts import DeadLetterReason
from newswire.errors import ConfigurationError, ErrorCode, Stage
from newswire.stream.replay_plan import (
    REPLAY_COUNT,
    Choice,
    ReplayFilter,
    Tally,
    Verdict,
    choose,
    choose_with_original,
    group_name,
    parse_time,
    replay_headers,
)
from tests.conftest import raw

NOW = datetime(2024, 5, 10, 12, 0, tzinfo=UTC)


def _reason(**overrides: object) -> DeadLetterReason:
    fields: dict[str, object] = {
        "topic": "news.raw.v1",
        "partition": 1,
        "offset": 7,
        "timestamp": 1,
        "stage": Stage.VALIDATE,
        "error_code": ErrorCode.PAYLOAD_TOO_LARGE,
        "error_class": "RecordError",
        "error_message": "record is 20000 bytes",
    } | overrides
    return DeadLetterReason.model_validate(fields)


@dataclass
class FakeDeadLetter:
    """A consumed dead letter, as the replay reads it."""

    value: bytes | None = field(default_factory=lambda: raw(url="https://www.example.org/world/1"))
    headers: list[tuple[str, bytes | None]] = field(
        default_factory=lambda: [("crawler", b"c1"), *_reason().to_headers()]
    )
    topic: str = "news.raw.v1.dlq"
    partition: int = 0
    offset: int = 3
    timestamp: int = int(NOW.timestamp() * 1000)
    key: bytes | None = b"k1"


class TestChoose:
    def test_a_matching_dead_letter_goes_back_as_it_came(self) -> None:
        """Original topic, key and value; dead-letter headers gone, others kept, replay count 1."""
        letter = FakeDeadLetter()
        choice = choose(letter, ReplayFilter(), 3, None)
        assert choice.verdict is Verdict.SEND and choice.record is not None
        assert (choice.record.topic, choice.record.key, choice.record.value) == ("news.raw.v1", b"k1", letter.value)
        assert choice.record.headers == [("crawler", b"c1"), (REPLAY_COUNT, b"1")]

    def test_to_overrides_the_origin(self) -> None:
        """--to sends elsewhere."""
        choice = choose(FakeDeadLetter(), ReplayFilter(), 3, "other")
        assert choice.record is not None and choice.record.topic == "other"

    def test_records_replayed_up_to_the_limit_are_refused(self) -> None:
        """A count at the limit is refused with a note; below it, the count goes up by one."""
        base = FakeDeadLetter().headers
        refused = choose(FakeDeadLetter(headers=[(REPLAY_COUNT, b"3"), *base]), ReplayFilter(), 3, None)
        assert refused.verdict is Verdict.REFUSE and "replayed 3 times" in refused.note
        again = choose(FakeDeadLetter(headers=[(REPLAY_COUNT, b"2"), *base]), ReplayFilter(), 3, None)
        assert again.record is not None and again.record.headers[-1] == (REPLAY_COUNT, b"3")

    @pytest.mark.parametrize(
        ("chosen", "verdict"),
        [
            (ReplayFilter(error_codes=frozenset({ErrorCode.PAYLOAD_TOO_LARGE})), Verdict.SEND),
            (ReplayFilter(error_codes=frozenset({ErrorCode.NOT_JSON})), Verdict.SKIP),
            (ReplayFilter(stages=frozenset({Stage.ENRICH})), Verdict.SKIP),
            (ReplayFilter(since_ms=int(NOW.timestamp() * 1000)), Verdict.SEND),
            (ReplayFilter(until_ms=int(NOW.timestamp() * 1000)), Verdict.SKIP),
            (ReplayFilter(source="example.org"), Verdict.SEND),
            (ReplayFilter(source="www.EXAMPLE.org"), Verdict.SEND),
            (ReplayFilter(source="org"), Verdict.SEND),
            (ReplayFilter(source="ample.org"), Verdict.SKIP),
        ],
    )
    def test_filters(self, chosen: ReplayFilter, verdict: Verdict) -> None:
        """Code, stage, the dead letter's own time (until excluded) and source or host domain."""
        assert choose(FakeDeadLetter(), chosen, 3, None).verdict is verdict

    def test_source_names_the_crawlers_source_field(self) -> None:
        """--source also matches the raw article's `source`."""
        letter = FakeDeadLetter(value=raw(source="Daily Planet"))
        assert choose(letter, ReplayFilter(source="daily planet"), 3, None).verdict is Verdict.SEND

    def test_an_omitted_value_is_taken_from_the_original_and_then_filtered(self) -> None:
        """No value: REREAD; with the original read back, --source applies; without, unavailable."""
        headers = [("crawler", b"c1"), *_reason(value_omitted_bytes=9_000_000).to_headers()]
        letter = FakeDeadLetter(value=None, headers=headers)
        chosen = ReplayFilter(source="example.org")
        choice = choose(letter, chosen, 3, None)
        assert (choice.verdict, choice.record) == (Verdict.REREAD, None)
        assert choice.reason is not None
        original = FakeDeadLetter(value=raw(url="https://example.org/x"), headers=[], key=b"other")
        read_back = choose_with_original(letter, choice.reason, original, "", chosen=chosen, max_replays=3, to=None)
        assert read_back.verdict is Verdict.REREAD and read_back.record is not None
        assert (read_back.record.key, read_back.record.value) == (b"k1", original.value)
        assert read_back.record.headers == [("crawler", b"c1"), (REPLAY_COUNT, b"1")]
        elsewhere = FakeDeadLetter(value=raw())
        outside = choose_with_original(letter, choice.reason, elsewhere, "", chosen=chosen, max_replays=3, to=None)
        assert outside.verdict is Verdict.SKIP
        gone = choose_with_original(letter, choice.reason, None, "gone", chosen=chosen, max_replays=3, to=None)
        assert (gone.verdict, gone.note) == (Verdict.UNAVAILABLE, "gone")

    def test_omitted_key_and_headers_come_from_the_original_with_its_replay_count(self) -> None:
        """The original's key and headers are used, and its replay count decides a refusal."""
        reason = _reason(key_and_headers_omitted_bytes=70_000)
        letter = FakeDeadLetter(key=None, headers=reason.to_headers())
        original = FakeDeadLetter(key=b"big", headers=[("h", None), (REPLAY_COUNT, b"1")])
        choice = choose_with_original(letter, reason, original, "", chosen=ReplayFilter(), max_replays=3, to=None)
        assert choice.record is not None
        assert (choice.record.key, choice.record.value) == (b"big", letter.value)
        assert choice.record.headers == [("h", None), (REPLAY_COUNT, b"2")]
        limited = choose_with_original(letter, reason, original, "", chosen=ReplayFilter(), max_replays=1, to=None)
        assert limited.verdict is Verdict.REFUSE

    def test_a_record_without_dead_letter_headers_is_invalid(self) -> None:
        """Something else written to the dead-letter topic is reported, never sent."""
        assert choose(FakeDeadLetter(headers=[("x", b"y")]), ReplayFilter(), 3, None).verdict is Verdict.INVALID

    @settings(max_examples=300, deadline=1000)
    @given(
        value=st.one_of(st.none(), st.binary(max_size=300)),
        headers=st.lists(
            st.tuples(
                st.sampled_from([REPLAY_COUNT, "newswire.dlq.topic", "newswire.dlq.offset", "newswire.dlq.error_code"])
                | st.text(max_size=20),
                st.none() | st.binary(max_size=40),
            ),
            max_size=8,
        ),
        source=st.one_of(st.none(), st.text(max_size=20)),
    )
    def test_any_record_gets_exactly_one_verdict(
        self, value: bytes | None, headers: list[tuple[str, bytes | None]], source: str | None
    ) -> None:
        """Arbitrary values and headers never raise; well-formed reasons around them still decide."""
        extras: list[list[tuple[str, bytes | None]]] = [[], list(_reason().to_headers())]
        for extra in extras:
            choice = choose(FakeDeadLetter(value=value, headers=headers + extra), ReplayFilter(source=source), 3, None)
            assert isinstance(choice, Choice)


class TestHeaders:
    def test_dead_letter_headers_and_old_counts_are_dropped(self) -> None:
        """Only the original headers remain, with one replay count at the end."""
        headers = [("a", b"1"), ("newswire.dlq.stage", b"validate"), (REPLAY_COUNT, b"1"), ("b", b"2")]
        assert replay_headers(headers, 2) == [("a", b"1"), ("b", b"2"), (REPLAY_COUNT, b"2")]


class TestGroups:
    def test_equal_filters_share_a_group_and_different_ones_do_not(self) -> None:
        """Progress is per filter: the order codes are given in does not matter."""
        one = ReplayFilter(error_codes=frozenset({ErrorCode.NOT_JSON, ErrorCode.NOT_UTF8}))
        same = ReplayFilter(error_codes=frozenset({ErrorCode.NOT_UTF8, ErrorCode.NOT_JSON}))
        assert group_name("newswire", "dlq", one, None) == group_name("newswire", "dlq", same, None)
        assert group_name("newswire", "dlq", one, None) != group_name("newswire", "dlq", ReplayFilter(), None)
        assert group_name("newswire", "dlq", one, None) != group_name("newswire", "dlq", one, "elsewhere")
        assert group_name("newswire", "dlq", one, None).startswith("newswire-replay-")


class TestTimes:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2024-05-01", datetime(2024, 5, 1, tzinfo=UTC)),
            ("2024-05-01T10:00:00+02:00", datetime(2024, 5, 1, 8, tzinfo=UTC)),
            ("2024-05-01T10:00:00Z", datetime(2024, 5, 1, 10, tzinfo=UTC)),
            ("36h", datetime(2024, 5, 9, tzinfo=UTC)),
            ("90m", datetime(2024, 5, 10, 10, 30, tzinfo=UTC)),
            ("7d", datetime(2024, 5, 3, 12, tzinfo=UTC)),
        ],
    )
    def test_dates_times_and_ages(self, text: str, expected: datetime) -> None:
        """Dates are UTC midnight; ages count back from now."""
        assert parse_time(text, NOW) == int(expected.timestamp() * 1000)

    @pytest.mark.parametrize("text", ["yesterday", "5 weeks", "2024-13-01", ""])
    def test_anything_else_is_a_clear_error(self, text: str) -> None:
        """The error names what was given and the forms accepted."""
        with pytest.raises(ConfigurationError, match="not a date"):
            parse_time(text, NOW)


class TestTally:
    def test_the_table_counts_chosen_records_by_stage_and_code(self) -> None:
        """Refused and skipped records are counted apart from the table."""
        tally = Tally()
        for letter in (FakeDeadLetter(), FakeDeadLetter(headers=[(REPLAY_COUNT, b"9"), *FakeDeadLetter().headers])):
            tally.count(choose(letter, ReplayFilter(), 3, None))
        assert tally.table()[1].split() == ["validate", "payload_too_large", "1"]
        assert (tally.read, tally.total_sent, tally.refused) == (2, 1, 1)
