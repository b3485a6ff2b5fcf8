"""The console adapter: with no chat token set, briefings and digests go to stdout.

Its profile (``PROFILE``) is also the local command line's: plain text, no rate limits,
whoever runs sitrep administers it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from typing import IO, Any

from bot.adapters.base import WebhookRoute
from bot.delivery import Limits, Pacer
from bot.domain import Delivery
from bot.planning.planner import next_digest_at
from bot.platform import PlatformProfile
from bot.render.plain import render_plain
from bot.replies import Reply
from bot.settings import DigestSettings
from bot.store import Store

CONSOLE_CHAT = "stdout"
UNLIMITED = Limits(1000, 1000)


def _plain_parts(reply: Reply) -> list[dict[str, Any]]:
    return [{"text": render_plain(reply)}]


PROFILE = PlatformProfile(
    "console",
    _plain_parts,
    render_plain,
    lambda _delivery: UNLIMITED,
    lambda _settings: [],
    everyone_is_admin=True,
)


class ConsoleAdapter:
    platform = "console"

    def __init__(
        self,
        store: Store,
        digest: DigestSettings,
        clock: Callable[[], datetime],
        stream: IO[str] | None = None,
    ) -> None:
        self._store = store
        self._digest = digest
        self._clock = clock
        self._stream = stream or sys.stdout
        self._started = False
        self.pacer = Pacer(UNLIMITED)

    @property
    def connected(self) -> bool:
        return self._started

    async def initialize(self) -> None:
        """Subscribe the console to instant briefings and the daily digest (once)."""
        store, now, d = self._store, self._clock(), self._digest
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

    def webhook_routes(self) -> list[WebhookRoute]:
        return []

    async def shutdown(self) -> None:
        self._started = False

    async def send(self, delivery: Delivery, part: dict[str, Any]) -> None:
        rule = "=" * 72 if delivery.kind == "digest" else "-" * 72
        self._stream.write(f"{rule}\n{part.get('text', '')}\n")
        self._stream.flush()
