"""Scripted faults: the next requests on a channel or route fail or get a 429."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.discord_server.constants import JSON
from tests.fakes.discord_server.ratelimits import _bucket_hash
from tests.fakes.discord_server.state import DiscordState
from tests.fakes.discord_server.validation import ERRORS


@dataclass
class _Fault:
    matches: Callable[[str, Mapping[str, str]], bool]
    status: int
    body: JSON
    times: int | None
    headers: dict[str, str] = field(default_factory=dict)


class Faults(DiscordState):
    """Part of FakeDiscord: script failures and 429s (checked by the server first)."""

    def fail_channel(
        self, channel_id: int, error: str | int = "missing_permissions", *, times: int | None = 1
    ) -> None:
        """The next ``times`` requests on routes with this channel id fail (None = always).

        ``error`` is a key of :data:`ERRORS` or an HTTP status.
        """
        self.fail_route(
            lambda _route, params: params.get("channel_id") == str(channel_id), error, times=times
        )

    def fail_route(
        self,
        matches: str | Callable[[str, Mapping[str, str]], bool],
        error: str | int = "server_error",
        *,
        times: int | None = 1,
    ) -> None:
        """Fail requests whose route key starts with ``matches`` (or satisfies it)."""
        if isinstance(error, int):
            status, body = error, {"message": f"{error}: fake failure", "code": 0}
        else:
            status, body = ERRORS[error]
        self._faults.append(_Fault(_matcher(matches), status, dict(body), times))

    def rate_limit_channel(
        self, channel_id: int, retry_after: float = 0.25, *, times: int = 1, is_global: bool = False
    ) -> None:
        """The next ``times`` requests on this channel's routes get 429 with ``retry_after``."""
        self.rate_limit_route(
            lambda _route, params: params.get("channel_id") == str(channel_id),
            retry_after,
            times=times,
            is_global=is_global,
        )

    def rate_limit_route(
        self,
        matches: str | Callable[[str, Mapping[str, str]], bool],
        retry_after: float = 0.25,
        *,
        times: int = 1,
        is_global: bool = False,
    ) -> None:
        body = {
            "message": "You are being rate limited.",
            "retry_after": retry_after,
            "global": is_global,
        }
        headers = {
            "Retry-After": str(math.ceil(retry_after)),
            "X-RateLimit-Scope": "global" if is_global else "user",
        }
        if is_global:
            headers["X-RateLimit-Global"] = "true"
        self._faults.append(_Fault(_matcher(matches), 429, body, times, headers))

    def clear_faults(self) -> None:
        self._faults.clear()

    def _scripted_fault(
        self, route_key: str, params: Mapping[str, str], headers: dict[str, str]
    ) -> tuple[int, Any] | None:
        for fault in self._faults:
            if fault.times == 0 or not fault.matches(route_key, params):
                continue
            if fault.times is not None:
                fault.times -= 1
            headers |= fault.headers
            if fault.status == 429:
                headers |= {
                    "X-RateLimit-Limit": "5",
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset-After": str(fault.body["retry_after"]),
                    "X-RateLimit-Reset": f"{time.time() + fault.body['retry_after']:.3f}",
                    "X-RateLimit-Bucket": _bucket_hash(route_key),
                }
            return fault.status, dict(fault.body)
        return None


def _matcher(
    matches: str | Callable[[str, Mapping[str, str]], bool],
) -> Callable[[str, Mapping[str, str]], bool]:
    if isinstance(matches, str):
        prefix = matches
        return lambda route, _params: route.startswith(prefix)
    return matches
