"""Discord's rate limits: per-route buckets (fixed windows) with ``X-RateLimit-*`` headers,
and an optional global limit."""

from __future__ import annotations

import math
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tests.fakes.discord_server.state import DiscordState
from tests.fakes.discord_server.wire import _Route


@dataclass
class _Bucket:
    limit: int
    window: float
    remaining: int
    reset_at: float


class RouteRateLimits(DiscordState):
    """Part of FakeDiscord: the global limit and per-route buckets of each REST call."""

    def _rate_limit(
        self, route: _Route, params: Mapping[str, str], headers: dict[str, str]
    ) -> tuple[int, Any] | None:
        now = time.monotonic()
        if self.global_limit is not None and route.auth:
            allowed, span = self.global_limit
            start, count = self._global_window
            start, count = (start, count + 1) if now - start < span else (now, 1)
            self._global_window = (start, count)
            if count > allowed:
                retry = round(span - (now - start), 3)
                headers |= {
                    "X-RateLimit-Global": "true",
                    "X-RateLimit-Scope": "global",
                    "Retry-After": str(math.ceil(retry)),
                }
                return 429, {
                    "message": "You are being rate limited.",
                    "retry_after": retry,
                    "global": True,
                }
        limit, window = self.route_limits.get(route.key, self.default_limit)
        major = "+".join(v for k, v in sorted(params.items()) if k not in ("message_id", "user_id"))
        key = f"{route.key}:{major}"
        bucket = self._buckets.get(key)
        if bucket is None or now >= bucket.reset_at:
            bucket = self._buckets[key] = _Bucket(limit, window, limit, now + window)
        reset_after = max(bucket.reset_at - now, 0.0)
        headers |= {
            "X-RateLimit-Limit": str(bucket.limit),
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Bucket": _bucket_hash(route.key),
        }
        if bucket.remaining <= 0:
            headers |= {
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Scope": "user",
                "Retry-After": str(math.ceil(reset_after)),
            }
            return 429, {
                "message": "You are being rate limited.",
                "retry_after": round(reset_after, 3),
                "global": False,
            }
        bucket.remaining -= 1
        headers["X-RateLimit-Remaining"] = str(bucket.remaining)
        return None


def _bucket_hash(route_key: str) -> str:
    return f"{zlib.crc32(route_key.encode()):08x}"
