"""What every chat adapter offers the service."""

from __future__ import annotations

from typing import Any, Protocol

from bot.delivery import Pacer
from bot.domain import Delivery


class Adapter(Protocol):
    platform: str
    pacer: Pacer  # the platform's limits: shared by replies and the outbox worker

    @property
    def connected(self) -> bool: ...

    async def initialize(self) -> None: ...

    async def start(self) -> None: ...

    async def shutdown(self) -> None: ...

    async def send(self, delivery: Delivery, part: dict[str, Any]) -> None:
        """Send one rendered part; raise ``bot.delivery`` errors on failure."""
        ...
