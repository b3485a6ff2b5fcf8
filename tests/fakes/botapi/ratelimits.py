"""Flood limits: token buckets (GCRA) overall, per chat and per group."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass


@dataclass(frozen=True)
class Bucket:
    """A token bucket: ``per_second`` sustained, up to ``burst`` at once."""

    per_second: float
    burst: int = 1

    @classmethod
    def per_minute(cls, count: float, burst: int = 1) -> Bucket:
        return cls(count / 60.0, burst)


@dataclass(frozen=True)
class RateLimits:
    """Which flood limits the fake enforces; ``None`` turns a limit off.

    ``per_chat`` applies to every chat, ``per_group`` in addition to groups, supergroups
    and channels. ``tolerance`` forgives that many seconds of early arrival (timer jitter).
    """

    overall: Bucket | None = None
    per_chat: Bucket | None = None
    per_group: Bucket | None = None
    tolerance: float = 0.002

    @classmethod
    def off(cls) -> RateLimits:
        return cls()

    @classmethod
    def telegram(cls, speedup: float = 1.0) -> RateLimits:
        """Telegram's published limits (30/s overall, 1/s per chat, 20/min per group)."""
        return cls(
            overall=Bucket(30.0 * speedup, max(1, round(30 * speedup))),
            per_chat=Bucket(1.0 * speedup, 1),
            per_group=Bucket(20.0 / 60.0 * speedup, 20),
        )

    @classmethod
    def fast(cls, speedup: float = 10.0) -> RateLimits:
        """Telegram's limits ``speedup`` times faster: 300/s overall by default (benchmarks)."""
        return cls.telegram(speedup)


class _Gcra:
    """Generic cell rate algorithm: a token bucket kept as one timestamp per key."""

    def __init__(self, bucket: Bucket, tolerance: float) -> None:
        self._interval = 1.0 / bucket.per_second
        self._tau = (bucket.burst - 1) * self._interval + tolerance
        self._tat: dict[Hashable, float] = {}

    def wait(self, key: Hashable, now: float) -> float:
        tat = max(self._tat.get(key, now), now)
        return max(0.0, tat - now - self._tau)

    def take(self, key: Hashable, now: float) -> None:
        self._tat[key] = max(self._tat.get(key, now), now) + self._interval


class _FloodControl:
    def __init__(self, limits: RateLimits) -> None:
        def gcra(bucket: Bucket | None) -> _Gcra | None:
            return _Gcra(bucket, limits.tolerance) if bucket else None

        self._overall = gcra(limits.overall)
        self._chat = gcra(limits.per_chat)
        self._group = gcra(limits.per_group)

    def admit(self, chat_id: int, is_group: bool, now: float) -> tuple[float, str] | None:
        """Take a token from every bucket that applies, or say how long to wait and why."""
        buckets = [(self._overall, "overall", None), (self._chat, "chat", chat_id)]
        if is_group:
            buckets.append((self._group, "group", chat_id))
        active = [(g, scope, key) for g, scope, key in buckets if g is not None]
        waits = [(g.wait(key, now), scope) for g, scope, key in active]
        worst = max(waits, default=(0.0, ""))
        if worst[0] > 0.0:
            return worst
        for g, _scope, key in active:
            g.take(key, now)
        return None
