"""The one test clock.

Tests must pass on any date, so nothing here is a calendar date written into the code:
``Clock()`` starts at the real time of the test run (to the second), and fixtures take
their dates from a clock (see :func:`tests.support.wire.load_articles`). CI runs the
suite a second time with the whole process tree's clock more than a year ahead
(libfaketime), so a date that sneaks back into a fixture fails at once.

A clock is *frozen* by default: it says the same time until a test moves it with
``advance`` or by setting ``now``. ``Clock(ticking=True)`` follows the real clock plus an
offset the test can move forward (for services whose loops wait in real time).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def wall_now() -> datetime:
    """The real time (under libfaketime, the faked one), to the second."""
    return datetime.now(UTC).replace(microsecond=0)


class Clock:
    def __init__(self, now: datetime | None = None, *, ticking: bool = False) -> None:
        self.ticking = ticking
        self.offset = timedelta(0)
        self._frozen = now or wall_now()
        if ticking and now is not None:
            self.offset = now - datetime.now(UTC)

    @property
    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset if self.ticking else self._frozen

    @now.setter
    def now(self, value: datetime) -> None:
        if self.ticking:
            self.offset = value - datetime.now(UTC)
        else:
            self._frozen = value

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now = self.now + timedelta(**delta)
