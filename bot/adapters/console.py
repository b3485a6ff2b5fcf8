"""The console adapter: with no chat token set, briefings and digests go to stdout."""

from __future__ import annotations

import sys
from typing import IO, Any

from bot.app import App
from bot.delivery import Limits, Pacer
from bot.domain import Delivery
from bot.planning.planner import next_digest_at

CONSOLE_CHAT = "stdout"


class ConsoleAdapter:
    platform = "console"

    def __init__(self, app: App, stream: IO[str] | None = None) -> None:
        self._app = app
        self._stream = stream or sys.stdout
        self._started = False
        self.pacer = Pacer(Limits(1000, 1000))

    @property
    def connected(self) -> bool:
        return self._started

    async def initialize(self) -> None:
        """Subscribe the console to instant briefings and the daily digest (once)."""
        store, now, d = self._app.store, self._app.clock(), self._app.settings.digest
        if await store.subscriptions.get_for(self.platform, CONSOLE_CHAT, "alerts") is None:
            await store.subscriptions.upsert(
                self.platform,
                CONSOLE_CHAT,
                "alerts",
                now=now,
                mode="instant",
                alert_watermark=await store.articles.max_id(),
                created_by="console",
            )
        if await store.subscriptions.get_for(self.platform, CONSOLE_CHAT, "digest") is None:
            sub = await store.subscriptions.upsert(
                self.platform,
                CONSOLE_CHAT,
                "digest",
                now=now,
                mode="digest",
                digest_time=d.default_time,
                timezone=d.default_timezone,
                created_by="console",
            )
            await store.subscriptions.update(sub.id, next_digest_at=next_digest_at(sub, now))

    async def start(self) -> None:
        self._started = True

    async def shutdown(self) -> None:
        self._started = False

    async def send(self, delivery: Delivery, part: dict[str, Any]) -> None:
        rule = "=" * 72 if delivery.kind == "digest" else "-" * 72
        self._stream.write(f"{rule}\n{part.get('text', '')}\n")
        self._stream.flush()
