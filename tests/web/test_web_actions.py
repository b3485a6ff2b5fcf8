"""The panel's actions over HTTP: each one done, visible on its page and in the audit log."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.settings import Settings
from bot.store import Store
from tests.support.clock import Clock
from tests.web.support import Panel, csrf, log_in, running_panel

OPML = b"""<?xml version="1.0"?><opml version="2.0"><body>
<outline text="defence"><outline type="rss" text="Coast &amp; Sea" xmlUrl="http://127.0.0.1:9/coast.xml"/></outline>
<outline type="rss" text="Blocked" xmlUrl="http://169.254.169.254/latest.xml"/>
</body></opml>"""


@pytest.fixture
async def session(
    settings: Settings, store: Store
) -> AsyncIterator[tuple[Panel, httpx.AsyncClient]]:
    async with (
        running_panel(settings, store, Clock()) as panel,
        httpx.AsyncClient(base_url=panel.base, follow_redirects=True) as client,
    ):
        await log_in(client, await panel.link(actor="31"))
        yield panel, client


async def _upload(client: httpx.AsyncClient, path: str, **extra: object) -> httpx.Response:
    """A multipart POST, then its redirect by hand (httpx would carry the multipart
    Content-Type over to the GET)."""
    token = csrf((await client.get("/admin/feeds")).text)
    done = await client.post(path, data={"_xsrf": token}, follow_redirects=False, **extra)  # type: ignore[arg-type]
    assert done.status_code == 303
    return await client.get(done.headers["location"])


async def _actions(store: Store) -> list[tuple[str, str, str]]:
    return [(e.platform, e.actor, e.action) for e in await store.audit.recent()]


async def test_opml_import_keeps_the_ssrf_guard_and_export_round_trips(
    session: tuple[Panel, httpx.AsyncClient],
) -> None:
    panel, client = session
    done = await _upload(client, "/admin/feeds/import", files={"opml": ("feeds.opml", OPML)})
    assert "Imported 1 feeds" in done.text and "1 refused" in done.text
    assert (
        "Coast &amp; Sea" in done.text and "169.254" not in (await client.get("/admin/feeds")).text
    )
    exported = await client.get("/admin/feeds.opml")
    assert exported.headers["content-type"].startswith("text/x-opml")
    assert b'xmlUrl="http://127.0.0.1:9/coast.xml"' in exported.content
    assert ("web", "telegram:31", "feed.import") in await _actions(panel.app.store)


async def test_adding_a_feed_is_refused_outside_the_allowed_networks(
    session: tuple[Panel, httpx.AsyncClient],
) -> None:
    panel, client = session
    token = csrf((await client.get("/admin/feeds")).text)
    refused = await client.post(
        "/admin/feeds/add", data={"_xsrf": token, "url": "http://10.1.2.3/feed.xml"}
    )
    assert "Refused" in refused.text
    assert await panel.app.store.feeds.list() == []


async def test_failed_deliveries_are_retried_or_dropped(
    session: tuple[Panel, httpx.AsyncClient],
) -> None:
    panel, client = session
    store, now = panel.app.store, panel.clock()
    ids = [
        await store.deliveries.enqueue(
            platform="telegram",
            chat_id="77",
            kind="digest",
            dedupe_key=f"d{i}",
            payload=[],
            now=now,
            state="dead",
            last_error=f"Forbidden <b>{i}</b>",
        )
        for i in range(2)
    ]
    page = await client.get("/admin/deliveries", params={"state": "dead"})
    assert "Forbidden &lt;b&gt;0&lt;/b&gt;" in page.text
    token = csrf(page.text)
    await client.post(f"/admin/deliveries/{ids[0]}/retry", data={"_xsrf": token})
    dropped = await client.post(f"/admin/deliveries/{ids[1]}/drop", data={"_xsrf": token})
    assert "drop done" in dropped.text
    retried = await store.deliveries.get(ids[0])  # type: ignore[arg-type]
    assert retried is not None and (retried.state, retried.attempts) == ("pending", 0)
    assert await store.deliveries.get(ids[1]) is None  # type: ignore[arg-type]
    actions = await _actions(store)
    assert ("web", "telegram:31", "web.delivery.retry") in actions
    assert ("web", "telegram:31", "web.delivery.drop") in actions


async def test_subscriptions_are_deactivated_and_reactivated(
    session: tuple[Panel, httpx.AsyncClient],
) -> None:
    panel, client = session
    store = panel.app.store
    sub = await store.subscriptions.upsert(
        "discord", "9001", now=panel.clock(), topics=("naval", "air"), digest_time="06:30"
    )
    page = await client.get("/admin/subscriptions")
    assert "9001" in page.text and "topics: naval, air" in page.text and "06:30" in page.text
    off = await client.post(
        f"/admin/subscriptions/{sub.id}/deactivate", data={"_xsrf": csrf(page.text)}
    )
    assert "deactivated by telegram:31" in off.text
    assert not (await store.subscriptions.get(sub.id)).active  # type: ignore[union-attr]
    await client.post(f"/admin/subscriptions/{sub.id}/reactivate", data={"_xsrf": csrf(off.text)})
    assert (await store.subscriptions.get(sub.id)).active  # type: ignore[union-attr]
    assert ("web", "telegram:31", "web.subscription.reactivate") in await _actions(store)


async def test_logging_out_ends_the_session(session: tuple[Panel, httpx.AsyncClient]) -> None:
    _panel, client = session
    page = await client.get("/admin/feeds")
    assert page.status_code == 200
    await client.post("/admin/logout", data={"_xsrf": csrf(page.text)})
    assert (await client.get("/admin/feeds")).status_code == 401
