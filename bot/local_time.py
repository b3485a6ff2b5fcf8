"""Local-time schedules: when a subscriber's next digest is due, DST-correct."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def utcnow() -> datetime:
    """The production clock: now, in UTC (tests hand collaborators their own clock)."""
    return datetime.now(UTC)


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_hhmm(value: str) -> time:
    """``"07:30"`` -> ``time(7, 30)``; raises ValueError with a readable reason."""
    hours, sep, minutes = value.strip().partition(":")
    if (
        not sep
        or not (hours + minutes).isascii()
        or not hours.isdigit()
        or not minutes.isdigit()
        or len(minutes) != 2
    ):
        raise ValueError(f"{value!r} is not a time of day like 07:30")
    h, m = int(hours), int(minutes)
    if not (0 <= h <= 23 and 0 <= m <= 59):
        raise ValueError(f"{value!r} is not a time of day like 07:30")
    return time(h, m)


def parse_zone(name: str) -> ZoneInfo:
    """An IANA time zone (``Europe/London``); raises ValueError if unknown."""
    try:
        if not name or ".." in name or name.startswith("/"):
            raise ValueError
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"{name!r} is not an IANA time zone like Europe/London") from None


def parse_weekdays(value: str) -> tuple[int, ...]:
    """``"mon-fri"`` or ``"mon,wed,fri"`` -> weekday numbers (Monday = 0)."""
    days: set[int] = set()
    for part in value.lower().replace(" ", "").split(","):
        if not part:
            continue
        first, _, last = part.partition("-")
        if first not in WEEKDAYS or (last and last not in WEEKDAYS):
            raise ValueError(f"{value!r}: weekdays are mon,tue,wed,thu,fri,sat,sun or ranges")
        a = WEEKDAYS.index(first)
        b = WEEKDAYS.index(last) if last else a
        span = range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)]
        days.update(span)
    return tuple(sorted(days))


def next_local_time(
    after: datetime, at: time, zone: ZoneInfo, weekdays: tuple[int, ...] = ()
) -> datetime:
    """The first UTC instant strictly after ``after`` when the local clock in ``zone``
    reads ``at`` on an allowed weekday.

    Spring-forward: a time that does not exist that day (e.g. 02:30 in London) fires as
    the clock jumps past it, the same elapsed time after midnight (03:30 summer time).
    Fall-back: a time that occurs twice fires once, at its first occurrence.
    """
    if after.tzinfo is None:
        raise ValueError("after must be timezone-aware")
    local_day = after.astimezone(zone).date()
    for offset in range(0, 9):
        day = local_day + timedelta(days=offset)
        if weekdays and day.weekday() not in weekdays:
            continue
        candidate = _resolve_local(datetime.combine(day, at), zone)
        if candidate > after:
            return candidate
    raise ValueError("no allowed weekday")  # pragma: no cover - weekdays is never empty here


def _resolve_local(naive: datetime, zone: ZoneInfo) -> datetime:
    # fold=0: the first occurrence in an overlap; in a gap, the pre-transition offset.
    return naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
