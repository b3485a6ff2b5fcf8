"""The panel's wiring: what the pages need, the routes, the tornado settings, the sampler."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.store.web import Sample
from bot.web.clients import Network, client_address

if TYPE_CHECKING:
    from tornado.httputil import HTTPServerRequest

    from bot.ingest.feed_admin import FeedAdmin
    from bot.store import Store
    from bot.store.web_auth import WebSession

log = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
LOGIN_TTL = timedelta(minutes=10)
SESSION_TTL = timedelta(hours=12)
SAMPLE_KEYS = ("failed", "rate_limited", "commands", "command_seconds")


@dataclass
class LoginLimiter:
    """At most ``attempts`` login attempts per client address per ``window`` seconds."""

    attempts: int = 10
    window: float = 600.0
    _seen: dict[str, deque[float]] = field(default_factory=dict)

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        seen = self._seen.setdefault(client, deque())
        while seen and seen[0] <= now - self.window:
            seen.popleft()
        if len(seen) >= self.attempts:
            return False
        seen.append(now)
        if len(self._seen) > 10_000:  # forget idle clients
            self._seen = {k: v for k, v in self._seen.items() if v}
        return True


@dataclass
class WebPanel:
    """Everything the panel's handlers use; built by the composition root."""

    store: Store
    clock: Callable[[], datetime]
    feed_admin: Callable[[str, str], FeedAdmin]
    counters: Callable[[], dict[str, float]]
    secret: bytes
    public_url: str
    is_admin: Callable[[str, str], bool]  # (platform, actor): still an admin by the config?
    trusted_proxies: tuple[Network, ...] = ()
    topic_names: Callable[[], Sequence[str]] = tuple  # the lexicon's, offered when searching
    sample_seconds: float = 60.0
    limiter: LoginLimiter = field(default_factory=LoginLimiter)
    _task: asyncio.Task[None] | None = None

    @property
    def secure(self) -> bool:
        return self.public_url.startswith("https://")

    def client(self, request: HTTPServerRequest) -> str:
        """The client's address (X-Forwarded-For believed only from a trusted proxy)."""
        forwarded = request.headers.get_list("X-Forwarded-For")
        return client_address(request.remote_ip or "?", forwarded, self.trusted_proxies)

    async def session(self, session_id: str) -> WebSession | None:
        """The live session with this id, if its admin is still one by the configuration;
        the session of someone who no longer is ends here."""
        found = await self.store.web.session(session_id, now=self.clock())
        if found is None:
            return None
        if not self.is_admin(found.platform, found.actor):
            await self.store.web.revoke_session(found.id)
            await self.store.audit.record(
                "web", found.user, "web.session.ended", "no longer an admin", now=self.clock()
            )
            log.info("web session of %s ended: no longer an admin", found.user)
            return None
        return found

    def login_url(self, token: str) -> str:
        return f"{self.public_url.rstrip('/')}/admin/login?token={token}"

    def routes(self) -> list[tuple[str, Any, dict[str, Any]]]:
        from tornado.web import StaticFileHandler

        from bot.web import handlers as h

        ctx = {"panel": self}
        return [
            (r"/admin/?", h.Overview, ctx),
            (r"/admin/login", h.Login, ctx),
            (r"/admin/logout", h.Logout, ctx),
            (r"/admin/sessions", h.Sessions, ctx),
            (r"/admin/sessions/([0-9]+)/revoke", h.SessionRevoke, ctx),
            (r"/admin/sessions/revoke-all", h.SessionsRevokeAll, ctx),
            (r"/admin/feeds", h.Feeds, ctx),
            (r"/admin/feeds/add", h.FeedAdd, ctx),
            (r"/admin/feeds/import", h.FeedImport, ctx),
            (r"/admin/feeds\.opml", h.FeedExport, ctx),
            (r"/admin/feeds/([0-9]+)/(pause|resume|remove)", h.FeedAction, ctx),
            (r"/admin/deliveries", h.Deliveries, ctx),
            (r"/admin/deliveries/([0-9]+)/(retry|drop)", h.DeliveryAction, ctx),
            (r"/admin/subscriptions", h.Subscriptions, ctx),
            (r"/admin/subscriptions/([0-9]+)/(deactivate|reactivate)", h.SubscriptionAction, ctx),
            (r"/admin/quotes", h.Quotes, ctx),
            (r"/admin/static/(.*)", StaticFileHandler, {"path": str(STATIC)}),
        ]

    def app_settings(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"httponly": True, "samesite": "Strict", "path": "/admin"}
        if self.secure:
            kwargs["secure"] = True
        return {"xsrf_cookie_kwargs": kwargs}

    async def start(self) -> None:
        first = self.counters()  # counted from now on
        self._task = asyncio.create_task(self._sample_forever(first), name="web-samples")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _sample_forever(self, previous: dict[str, float]) -> None:
        while True:
            await asyncio.sleep(self.sample_seconds)
            current = self.counters()
            try:
                await self.store.web.add_sample(delta_sample(self.clock(), previous, current))
            except Exception:  # a store hiccup costs one sample, never the panel
                log.warning("web panel: cannot record a sample", exc_info=True)
            previous = current


def delta_sample(now: datetime, before: dict[str, float], after: dict[str, float]) -> Sample:
    """The minute's sample: how much each cumulative counter grew."""
    d = {k: max(after.get(k, 0.0) - before.get(k, 0.0), 0.0) for k in SAMPLE_KEYS}
    minute = now.astimezone(UTC).replace(second=0, microsecond=0)
    return Sample(
        minute, int(d["failed"]), int(d["rate_limited"]), int(d["commands"]), d["command_seconds"]
    )
