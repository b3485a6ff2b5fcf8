"""A running panel on loopback over a real store, and a few ways to fill that store."""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx

from bot.app import App
from bot.runtime.http import HttpServer
from bot.settings import Settings
from bot.store import Store
from summaries.models import Article, Briefing, Quote, SpeakerCue
from tests.support.clock import Clock

TOKEN_FIELD = re.compile(r'name="_xsrf" value="([^"]+)"')
ADMINS = [42, 31, 777, 1001]  # the Telegram admins of the panel's configuration in tests


@dataclass
class Panel:
    app: App
    server: HttpServer
    clock: Clock

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    async def link(self, actor: str = "42", platform: str = "telegram") -> str:
        token = await self.app.store.web.issue_login(
            platform, actor, now=self.clock(), ttl=timedelta(minutes=10)
        )
        return f"{self.base}/admin/login?token={token}"


async def _ok() -> tuple[int, dict[str, Any]]:
    return 200, {"status": "ok"}


async def _no_metrics() -> bytes:
    return b""


@asynccontextmanager
async def running_panel(
    settings: Settings, store: Store, clock: Clock, *, admins: list[int] = ADMINS
) -> AsyncIterator[Panel]:
    """The panel of its own App on a loopback port; ``admins`` are the configured
    Telegram admins (panel sessions of anyone else end)."""
    web = settings.web.model_copy(update={"port": 1})
    telegram = settings.telegram.model_copy(update={"admins": admins})
    settings = settings.model_copy(update={"web": web, "telegram": telegram})
    app = App(settings, clock=clock, store=store)
    server = HttpServer("127.0.0.1", 0, health=_ok, metrics=_no_metrics, mounts=[app.web_panel])
    await server.start()
    try:
        yield Panel(app, server, clock)
    finally:
        await server.stop()
        await app.shutdown()


def csrf(html: str) -> str:
    found = TOKEN_FIELD.search(html)
    assert found, "the page carries no CSRF token"
    return found.group(1)


async def log_in(client: httpx.AsyncClient, link: str) -> httpx.Response:
    """Open the link, then press its button, as a browser would."""
    page = await client.get(link)
    token = link.split("token=", 1)[1]
    return await client.post(link.split("?", 1)[0], data={"token": token, "_xsrf": csrf(page.text)})


async def add_quote(
    store: Store,
    clock: Clock,
    *,
    feed_id: int | None,
    title: str,
    url: str,
    speaker: str,
    said: str,
    topics: tuple[str, ...] = (),
) -> int | None:
    """One article of our own writing with one attributed quote (and its cue)."""
    cue_text = f"said {speaker}"
    text = f"\u201c{said}\u201d {cue_text}, speaking to reporters."
    start = 1
    end = start + len(said)
    quote = Quote(
        text=said,
        start=start,
        end=end,
        speaker=speaker,
        role="minister",
        cue=SpeakerCue("name", cue_text, end + 2, end + 2 + len(cue_text)),
        confidence=0.9,
    )
    article = Article(text=text, title=title, url=url, source="Test Wire")
    briefing = Briefing(
        headline=title, url=url, source="Test Wire", summary=said, quotes=(quote,), topics=topics
    )
    return await store.articles.add(
        feed_id=feed_id,
        url_key=hashlib.sha256(url.encode()).hexdigest(),
        guid=url,
        article=article,
        quotes_found=[quote],
        briefing=briefing,
        now=clock(),
    )
