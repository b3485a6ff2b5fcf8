"""Bar charts as plain data for the SVG template: no chart library, no script."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

WIDTH, HEIGHT = 480, 120


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: float


@dataclass(frozen=True, slots=True)
class Chart:
    title: str
    unit: str
    bars: tuple[Bar, ...]
    peak: float
    total: float
    width: int = WIDTH
    height: int = HEIGHT


def buckets(now: datetime, span: timedelta, step: timedelta) -> list[datetime]:
    """The start of each bucket, oldest first, the last one holding ``now``."""
    step_s = int(step.total_seconds())
    last = int(now.timestamp()) // step_s * step_s
    count = int(span / step)
    return [datetime.fromtimestamp(last - i * step_s, UTC) for i in range(count - 1, -1, -1)]


def chart(title: str, unit: str, starts: list[datetime], values: list[float]) -> Chart:
    peak = max(values, default=0.0)
    n = max(len(values), 1)
    slot = WIDTH / n
    bars: list[Bar] = []
    for start, value in zip(starts, values, strict=True):
        height = 0.0 if peak <= 0 else (HEIGHT - 4) * value / peak
        bars.append(
            Bar(
                x=round(len(bars) * slot + 1, 2),
                y=round(HEIGHT - height, 2),
                width=round(max(slot - 2, 1), 2),
                height=round(height, 2),
                label=f"{start:%a %H:%M} UTC: {value:g} {unit}",
                value=value,
            )
        )
    return Chart(title, unit, tuple(bars), peak, sum(values))


def by_bucket(hourly: Mapping[int, float], starts: list[datetime], step: timedelta) -> list[float]:
    """Per-hour counts (hours since the epoch) summed into the buckets."""
    hours = int(step.total_seconds()) // 3600
    first = [int(s.timestamp()) // 3600 for s in starts]
    return [float(sum(hourly.get(h + i, 0) for i in range(hours))) for h in first]
