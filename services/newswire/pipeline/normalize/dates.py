"""Written dates to timezone-aware UTC datetimes, bounded by plausibility."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from dateutil import parser as dateparser

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
#: A short line that opens with a place and a date: "OSLO 2024-05-04", "Oslo, May 4 (Wire) -".
_DATELINE = re.compile(
    r"^[A-Z][\w.'’-]*(?:,? [A-Z][\w.'’-]*){0,5},? "
    rf"(?P<date>(?i:\d{{4}}-\d{{2}}-\d{{2}}|{_MONTH} \d{{1,2}}|\d{{1,2}} {_MONTH}))(?!\w)"
)


def dateline_date(line: str) -> tuple[int, int] | None:
    """Where the date of a dateline is: datelines recur across a day's stories, but they are news."""
    match = _DATELINE.match(line) if len(line) <= 200 else None
    return match.span("date") if match else None


def dateline_places(line: str) -> list[tuple[int, int]]:
    """Where the place names of a dateline are: `OSLO`, or `Oslo` and `Norway` in `Oslo, Norway, May 4`."""
    date = dateline_date(line)
    if date is None:
        return []
    return [(m.start(), m.end()) for m in re.finditer(r"[^\s,][^,]*[^\s,]|[^\s,]", line[: date[0]])]


def is_dateline(line: str) -> bool:
    """True for a dateline such as `OSLO 2024-05-04` or `Oslo, May 4 (Wire) -`."""
    return dateline_date(line) is not None


#: Abbreviations dateutil cannot resolve alone, with their UTC offsets in seconds.
TZ_OFFSETS = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "BST": 3600,
    "IST": 19800,
    "CET": 3600,
    "CEST": 7200,
    "EET": 7200,
    "EEST": 10800,
    "WET": 0,
    "WEST": 3600,
    "MSK": 10800,
    "EST": -18000,
    "EDT": -14400,
    "CST": -21600,
    "CDT": -18000,
    "MST": -25200,
    "MDT": -21600,
    "PST": -28800,
    "PDT": -25200,
    "AKST": -32400,
    "AKDT": -28800,
    "HST": -36000,
    "JST": 32400,
    "KST": 32400,
    "AEST": 36000,
    "AEDT": 39600,
    "NZST": 43200,
    "NZDT": 46800,
    "SGT": 28800,
    "HKT": 28800,
    "PKT": 18000,
    "SAST": 7200,
    "WAT": 3600,
}
#: US zone names without a season: the zone's own rules decide between standard and daylight time.
TZ_ZONES: dict[str, tzinfo] = {
    "ET": ZoneInfo("America/New_York"),
    "CT": ZoneInfo("America/Chicago"),
    "MT": ZoneInfo("America/Denver"),
    "PT": ZoneInfo("America/Los_Angeles"),
}
TZINFOS: dict[str, int | tzinfo] = {**TZ_OFFSETS, **TZ_ZONES}
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
ALLOWED_SKEW = timedelta(hours=2)
#: How far after the fetch a numeric date must fall before its day and month are read the other way.
SWAP_MARGIN = timedelta(days=1)
MAX_DATE_CHARS = 100
_RELATIVE = re.compile(
    r"^(?:(?:posted|updated|published)\s*:?\s*)?(\d+|an?|one)\s*"
    r"(seconds?|secs?|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w)\s+ago$",
    re.IGNORECASE,
)
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_NOW = {"just now": 0, "now": 0, "today": 0, "yesterday": 86400}
_MERIDIEM = re.compile(r"\b([ap])\.m\.", re.IGNORECASE)
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b", re.IGNORECASE)
_LABEL = re.compile(r"^(?:published|posted|updated|last updated|modified|date)\s*:?\s*", re.IGNORECASE)


#: A date written with numbers only, day and month in either order, then the year: 04/03/2024, 4.3.24.
_NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(?:\d{4}|\d{2})(?![\d/.-])")
#: Country-code domains whose English-language sites write the month first; every other country's
#: sites, and these countries' sites in other languages (French in Canada), write the day first.
MONTH_FIRST_COUNTRIES = frozenset({"us", "ph", "ca", "pr", "gu", "as", "vi", "mp", "um"})
#: Two-letter domains used as generic ones, which say nothing of the site's country.
GENERIC_COUNTRY_DOMAINS = frozenset({"io", "co", "ai", "me", "tv", "fm", "ly", "gg", "to", "cc", "ws", "eu"})


class ImplausibleDate(ValueError):
    """A date parsed but lies in the future or before 1990."""


def _relative(text: str, reference: datetime) -> datetime | None:
    """`3 hours ago`, `5 mins ago`, `yesterday`: counted back from the fetch time."""
    if text.lower() in _NOW:
        return reference - timedelta(seconds=_NOW[text.lower()])
    match = _RELATIVE.match(text)
    if not match:
        return None
    count = 1 if match.group(1).lower() in {"a", "an", "one"} else int(match.group(1))
    unit = match.group(2).lower()
    seconds = _UNITS["m"] if unit.startswith("mi") or unit == "m" else _UNITS[unit[0]]
    return reference - timedelta(seconds=count * seconds)


def day_first(host: str, language: str | None) -> bool:
    """Whether a site most likely means 4 March by 04/03/2024: it writes in a language other than
    English, or its country domain is not one of the month-first ones."""
    domain = host.rsplit(".", 1)[-1].lower()
    foreign = language is not None and language != "en"
    if len(domain) == 2 and domain.isalpha() and domain not in GENERIC_COUNTRY_DOMAINS:
        return foreign or domain not in MONTH_FIRST_COUNTRIES
    return foreign


def parse_datetime(
    text: str | None, reference: datetime, *, dayfirst: bool = False, notes: list[str] | None = None
) -> datetime | None:
    """Parse a written date to UTC; None if it cannot be read. Naive dates are taken as UTC.

    A numeric date whose day and month could be swapped (04/03/2024) is read day first when
    `dayfirst` is set or it is written with dots (04.03.2024), month first otherwise. When that
    reading lies more than SWAP_MARGIN after `reference` and the other does not, the other wins and
    a note says so (a reading only hours ahead is a time-zone slip, not a swapped date). Raises
    ImplausibleDate when the date parses to after `reference` (plus skew) or before 1990.
    """
    if not text or not text.strip():
        return None
    cleaned = re.sub(r"\s+", " ", text.strip()[:MAX_DATE_CHARS]).replace(" at ", " ").strip(" .")
    cleaned = _ORDINAL.sub(r"\1", _MERIDIEM.sub(r"\1m", cleaned))
    parsed = _relative(cleaned, reference)
    if parsed is not None:
        return _plausible(parsed, reference)
    if not any(ch.isdigit() for ch in cleaned):
        return None
    cleaned = _LABEL.sub("", cleaned)
    numeric = _NUMERIC_DATE.search(cleaned)
    written, first, separator, second = (numeric[0], *numeric.groups()) if numeric else ("", "0", "", "0")
    swappable = first != second and 0 < int(first) <= 12 and 0 < int(second) <= 12
    preferred = swappable and (dayfirst or separator == ".")
    parsed = _parse(cleaned, dayfirst=preferred)
    if swappable and parsed is not None and parsed.astimezone(UTC) > reference + SWAP_MARGIN:
        other = _parse(cleaned, dayfirst=not preferred)
        if other is not None and _within(other, reference):
            if notes is not None:
                order = "month" if preferred else "day"
                notes.append(f"{written} read {order} first: the other order is after the fetch")
            return other.astimezone(UTC)
    return _plausible(parsed, reference)


def _parse(text: str, *, dayfirst: bool) -> datetime | None:
    try:
        parsed: datetime = dateparser.parse(text, tzinfos=TZINFOS, fuzzy=True, dayfirst=dayfirst)
    except (ValueError, OverflowError):
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


def _within(parsed: datetime, reference: datetime) -> bool:
    return EARLIEST <= parsed.astimezone(UTC) <= reference + ALLOWED_SKEW


def _plausible(parsed: datetime | None, reference: datetime) -> datetime | None:
    if parsed is None:
        return None
    if not _within(parsed, reference):
        raise ImplausibleDate(f"{parsed.astimezone(UTC).isoformat()} is outside 1990..fetched_at")
    return parsed.astimezone(UTC)
