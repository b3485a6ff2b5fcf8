"""What every chat adapter offers the service."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from bot.delivery import Pacer
from bot.domain import Delivery


class AdapterMetrics(Protocol):
    """What an adapter reports: command and send latencies (``bot.runtime.metrics``)."""

    def command_answered(self, platform: str, command: str, seconds: float) -> None: ...

    def observe_send(self, platform: str, seconds: float) -> None: ...


class NoMetrics:
    """For adapters built without a metrics sink (tests, one-off tools)."""

    def command_answered(self, platform: str, command: str, seconds: float) -> None:
        pass

    def observe_send(self, platform: str, seconds: float) -> None:
        pass


class StartRefused(RuntimeError):
    """An adapter cannot start, for a reason the operator must fix; the message says it."""


@dataclass(frozen=True)
class WebhookRoute:
    """An HTTP path a platform posts updates to, served by the runtime's one HTTP server.

    ``handle(headers, body)`` returns the HTTP status to answer with.
    """

    path: str
    handle: Callable[[Mapping[str, str], bytes], Awaitable[int]]


class Adapter(Protocol):
    platform: str
    pacer: Pacer  # the platform's limits: shared by replies and the outbox worker

    @property
    def connected(self) -> bool: ...

    async def initialize(self) -> None: ...

    async def start(self) -> None: ...

    async def shutdown(self) -> None: ...

    def webhook_routes(self) -> list[WebhookRoute]:
        """Paths for the runtime's HTTP server (empty unless the adapter takes webhooks)."""
        ...

    async def send(self, delivery: Delivery, part: dict[str, Any]) -> None:
        """Send one rendered part; raise ``bot.delivery`` errors on failure."""
        ...
