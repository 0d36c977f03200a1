"""Written dates to UTC, and the plausibility bounds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newswire.pipeline.normalize.dates import ImplausibleDate, day_first, parse_datetime

REF = datetime(2024, 1, 18, 23, 0, tzinfo=UTC)


class TestWrittenDates:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2024-01-18T03:47:00-05:00", datetime(2024, 1, 18, 8, 47, tzinfo=UTC)),
            ("Thu, 18 Jan 2024 08:47:00 +0000", datetime(2024, 1, 18, 8, 47, tzinfo=UTC)),
            ("January 18, 2024 at 3:47 am EST", datetime(2024, 1, 18, 8, 47, tzinfo=UTC)),
            ("Jan. 17, 2024, 3:47 p.m. PST", datetime(2024, 1, 17, 23, 47, tzinfo=UTC)),
            ("July 4th, 2023 3:47 pm ET", datetime(2023, 7, 4, 19, 47, tzinfo=UTC)),
            ("Wednesday 17 January 2024 21:30 GMT", datetime(2024, 1, 17, 21, 30, tzinfo=UTC)),
            ("17 July 2023 21:30 BST", datetime(2023, 7, 17, 20, 30, tzinfo=UTC)),
            ("18.01.2024 14:30 CET", datetime(2024, 1, 18, 13, 30, tzinfo=UTC)),
            ("2024-01-18 10:00 IST", datetime(2024, 1, 18, 4, 30, tzinfo=UTC)),
            ("Published: 2024-01-18", datetime(2024, 1, 18, tzinfo=UTC)),
        ],
    )
    def test_formats_and_zone_abbreviations(self, text: str, expected: datetime) -> None:
        """Common written forms and zone abbreviations resolve to the right UTC instant."""
        assert parse_datetime(text, REF) == expected

    @pytest.mark.parametrize(
        ("text", "hours"),
        [
            ("3 hours ago", 3),
            ("an hour ago", 1),
            ("Updated: 5 mins ago", 5 / 60),
            ("Posted 2 days ago", 48),
            ("yesterday", 24),
            ("just now", 0),
        ],
    )
    def test_relative_phrases_count_back_from_fetch_time(self, text: str, hours: float) -> None:
        """Relative phrases are measured from fetched_at."""
        result = parse_datetime(text, REF)
        assert result is not None
        assert (REF - result).total_seconds() == pytest.approx(hours * 3600)

    def test_text_without_digits_is_unreadable(self) -> None:
        """Words with no date in them give None rather than a guess."""
        assert parse_datetime("sometime last season", REF) is None


class TestPlausibility:
    def test_future_date_rejected(self) -> None:
        """A date after fetched_at plus the allowed skew is rejected, not kept."""
        with pytest.raises(ImplausibleDate):
            parse_datetime("2024-01-19T06:00:00Z", REF)

    def test_small_clock_skew_allowed(self) -> None:
        """A date an hour after fetched_at is accepted as clock skew."""
        assert parse_datetime("2024-01-19T00:00:00Z", REF) is not None

    def test_pre_1990_rejected(self) -> None:
        """Dates before 1990 are rejected."""
        with pytest.raises(ImplausibleDate):
            parse_datetime("12 March 1985", REF)


class TestDayOrMonthFirst:
    """04/03/2024 is 4 March in most of the world and April 3 in the United States."""

    @pytest.mark.parametrize(
        ("text", "dayfirst", "expected"),
        [
            ("04/01/2024", False, datetime(2024, 4, 1, tzinfo=UTC)),
            ("01/04/2024", False, datetime(2024, 1, 4, tzinfo=UTC)),
            ("01/04/2024", True, datetime(2024, 4, 1, tzinfo=UTC)),
            ("04.01.2024", False, datetime(2024, 1, 4, tzinfo=UTC)),  # dots: day first everywhere
            ("13/01/2024", False, datetime(2024, 1, 13, tzinfo=UTC)),  # only one reading exists
            ("01/13/2024", True, datetime(2024, 1, 13, tzinfo=UTC)),
            ("2024-01-04", True, datetime(2024, 1, 4, tzinfo=UTC)),  # ISO 8601 is never swapped
            ("Published: 01/04/24 10:00", True, datetime(2024, 4, 1, 10, tzinfo=UTC)),
        ],
    )
    def test_the_sites_convention_decides_and_plausibility_breaks_ties(
        self, text: str, dayfirst: bool, expected: datetime
    ) -> None:
        assert parse_datetime(text, datetime(2024, 4, 2, tzinfo=UTC), dayfirst=dayfirst) == expected

    def test_an_implausible_reading_gives_way_to_the_other(self) -> None:
        """Fetched on 5 March, a US-style 04/03/2024 (April 3) cannot be right; 4 March can."""
        ref = datetime(2024, 3, 5, tzinfo=UTC)
        assert parse_datetime("04/03/2024", ref) == datetime(2024, 3, 4, tzinfo=UTC)
        assert parse_datetime("03/04/2024", ref, dayfirst=True) == datetime(2024, 3, 4, tzinfo=UTC)
        with pytest.raises(ImplausibleDate):
            parse_datetime("04/05/2024", ref)  # both readings after the fetch

    def test_a_reading_hours_ahead_is_a_time_zone_slip_not_a_swapped_date(self) -> None:
        """A local time read as UTC can look hours ahead of the fetch: that is refused as before,
        never turned into a date a month away; a real swap is noted."""
        ref = datetime(2024, 5, 4, 2, 30, tzinfo=UTC)
        with pytest.raises(ImplausibleDate):
            parse_datetime("05/04/2024 10:00", ref)
        notes: list[str] = []
        assert parse_datetime("06/03/2024", ref, notes=notes) == datetime(2024, 3, 6, tzinfo=UTC)
        assert notes == ["06/03/2024 read day first: the other order is after the fetch"]

    @pytest.mark.parametrize(
        ("host", "language", "expected"),
        [
            ("news.example.co.uk", "en", True),
            ("example.de", None, True),
            ("example.us", "en", False),
            ("example.ca", "en", False),
            ("example.ca", "fr", True),  # Quebec
            ("example.com", "en", False),
            ("example.com", None, False),
            ("example.com", "es", True),
            ("example.io", "en", False),  # a generic two-letter domain
        ],
    )
    def test_day_first_comes_from_the_country_domain_then_the_language(
        self, host: str, language: str | None, expected: bool
    ) -> None:
        assert day_first(host, language) is expected
