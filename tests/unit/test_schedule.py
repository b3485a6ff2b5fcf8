"""Local-time digest schedules, DST-correct."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.local_time import next_local_time, parse_hhmm, parse_weekdays, parse_zone


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("after", "hhmm", "zone", "expected"),
    [
        # an ordinary day in London winter (UTC+0) and summer (UTC+1)
        (utc(2026, 1, 10, 12), "07:00", "Europe/London", utc(2026, 1, 11, 7)),
        (utc(2026, 7, 10, 5), "07:00", "Europe/London", utc(2026, 7, 10, 6)),
        # strictly after: a digest due now is next due tomorrow
        (utc(2026, 7, 10, 6), "07:00", "Europe/London", utc(2026, 7, 11, 6)),
        # spring forward (29 Mar 2026, 01:00 -> 02:00): 01:30 does not exist, fires at 02:30 BST
        (utc(2026, 3, 28, 12), "01:30", "Europe/London", utc(2026, 3, 29, 1, 30)),
        # the day after the change: back to normal, 01:30 BST = 00:30 UTC
        (utc(2026, 3, 29, 12), "01:30", "Europe/London", utc(2026, 3, 30, 0, 30)),
        # fall back (25 Oct 2026, 02:00 -> 01:00): 01:30 happens twice, fires once, first time
        (utc(2026, 10, 24, 12), "01:30", "Europe/London", utc(2026, 10, 25, 0, 30)),
        (utc(2026, 10, 25, 0, 30), "01:30", "Europe/London", utc(2026, 10, 26, 1, 30)),
        # US spring forward (8 Mar 2026 at 02:00 local): 02:30 does not exist in New York
        (utc(2026, 3, 7, 12), "02:30", "America/New_York", utc(2026, 3, 8, 7, 30)),
        # a zone east of UTC crossing the date line
        (utc(2026, 5, 1, 20), "06:00", "Asia/Tokyo", utc(2026, 5, 1, 21)),
        (utc(2026, 5, 1, 12), "00:00", "UTC", utc(2026, 5, 2, 0)),
    ],
)
def test_next_local_time(after: datetime, hhmm: str, zone: str, expected: datetime) -> None:
    assert next_local_time(after, parse_hhmm(hhmm), parse_zone(zone)) == expected


def test_weekdays_skip_to_the_next_allowed_day() -> None:
    friday_evening = utc(2026, 11, 27, 20)  # a Friday
    due = next_local_time(
        friday_evening, parse_hhmm("07:00"), parse_zone("Europe/London"), parse_weekdays("mon-fri")
    )
    assert due == utc(2026, 11, 30, 7) and due.weekday() == 0


@pytest.mark.parametrize(
    ("text", "days"), [("mon-fri", (0, 1, 2, 3, 4)), ("sat,sun", (5, 6)), ("fri-mon", (0, 4, 5, 6))]
)
def test_parse_weekdays(text: str, days: tuple[int, ...]) -> None:
    assert parse_weekdays(text) == days


@pytest.mark.parametrize("bad", ["7", "7:5", "24:00", "12:60", "ab:cd", "", "07:00:00"])
def test_parse_hhmm_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_hhmm(bad)


@pytest.mark.parametrize(
    "bad", ["", "Nowhere/City", "../../etc/passwd", "/etc/localtime", "Europe/"]
)
def test_parse_zone_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_zone(bad)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError):
        next_local_time(datetime(2026, 1, 1), parse_hhmm("07:00"), parse_zone("UTC"))
