"""The panel in a real browser: Debian's headless chromium over the DevTools protocol.

Skipped when no chromium is installed (``.ci/run`` installs it where apt can). Set
``SITREP_SCREENSHOTS=DIR`` to keep each page's screenshot (the README's comes from here).
"""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

import pytest

from bot.settings import Settings
from bot.store import Store
from tests.support.clock import Clock
from tests.support.feedserver import FeedServer
from tests.support.wire import load_articles, rss
from tests.web.cdp import Page, chromium, chromium_path, png_colours
from tests.web.support import add_quote, running_panel

CHROMIUM = chromium_path()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium installed")

FEEDS = (
    ("Harbour Watch", "maritime"),
    ("Northern Flank Review", "analysis"),
    ("Airspace Daily", "air"),
    ("Procurement Ledger", "industry"),
)


async def _seed(store: Store, clock: Clock) -> None:
    for i, (name, category) in enumerate(FEEDS):
        feed = await store.feeds.add(f"http://127.0.0.1:9/{i}.xml", name, category, now=clock())
        if i == 2:
            await store.feeds.update(feed.id, error_count=3, last_error="HTTP 503 from upstream")
        else:
            await store.feeds.update(
                feed.id, last_success_at=clock() - timedelta(minutes=7 * i + 3)
            )
        await add_quote(
            store,
            clock,
            feed_id=feed.id,
            title=f"{name}: briefing {i}",
            url=f"http://127.0.0.1:9/{i}/story",
            speaker=("Ada Stone", "Ben Frost")[i % 2],
            said=f"Readiness stays high in sector {i}",
            topics=("readiness",),
        )


async def _shot(page: Page, name: str) -> None:
    small = await page.screenshot(scale=0.25)
    assert png_colours(small) > 8, f"the {name} page looks blank"
    keep = os.environ.get("SITREP_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        (Path(keep) / f"panel-{name}.png").write_bytes(await page.screenshot())


async def _submit(page: Page, form: str, **fields: str) -> None:
    for name, value in fields.items():
        await page.js(
            f"document.querySelector({json.dumps(f'{form} [name={name}]')}).value = {json.dumps(value)}"
        )
    await page.js(f"document.querySelector({json.dumps(form)}).requestSubmit()")


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)  # the store is tested elsewhere
async def test_an_admin_logs_in_adds_and_pauses_a_feed_and_searches_quotes(
    settings: Settings, store: Store, feed_server: FeedServer
) -> None:
    assert CHROMIUM is not None
    clock = Clock()
    url = feed_server.add("/wire.xml", rss(load_articles(clock()), feed_server.base))
    await _seed(store, clock)
    async with running_panel(settings, store, clock) as panel, chromium(CHROMIUM) as page:
        await page.goto(await panel.link(actor="1001"))
        await page.js("document.getElementById('login').click()")
        await page.wait_for(
            "document.querySelector('h1') && document.querySelector('h1').textContent === 'Overview'"
        )
        assert await page.js("document.querySelectorAll('svg .bar').length") >= 4 * 24
        await _shot(page, "overview")

        await page.goto(f"{panel.base}/admin/feeds")
        await page.js("document.querySelector('details.add').open = true")
        await _submit(page, "#add-feed", url=url, name="Wire Test Desk", category="wire")
        flash = await page.wait_for(
            "document.querySelector('.flash') && document.querySelector('.flash').textContent"
        )
        assert "Added feed" in flash
        row = "[...document.querySelectorAll('#feeds tbody tr')].find(r => r.textContent.includes('Wire Test Desk'))"
        assert await page.js(f"{row}.className") == "ok"
        await page.js(f"{row}.querySelector('form[action$=\"/pause\"]').requestSubmit()")
        await page.wait_for(
            f"document.querySelector('.flash') && {row} && {row}.className === 'paused'"
        )
        assert any(f.paused for f in await store.feeds.list() if f.name == "Wire Test Desk")
        await page.js("document.querySelector('details.add').open = true")
        await _shot(page, "feeds")

        await page.goto(f"{panel.base}/admin/quotes")
        await _submit(page, "#quote-search", speaker="Ben Frost")
        await page.wait_for("location.search.includes('speaker=Ben')")
        texts = await page.js(
            "[...document.querySelectorAll('.quote blockquote')].map(q => q.textContent)"
        )
        assert texts and all("sector 1" in t or "sector 3" in t for t in texts)
        await _shot(page, "quotes")

        for name in ("deliveries", "subscriptions", "sessions"):
            await page.goto(f"{panel.base}/admin/{name}")
            heading = await page.js("document.querySelector('h1').textContent")
            assert heading.startswith(name.title())
            await _shot(page, name)
        assert "this session" in await page.js("document.querySelector('tbody').textContent")

        await page.js("document.querySelector('form[action=\"/admin/logout\"]').requestSubmit()")
        await page.wait_for("location.pathname === '/admin/login'")
        assert await store.web.sessions(now=clock()) == []  # logged out in the store
        await page.goto(f"{panel.base}/admin/feeds")
        assert await page.js("document.querySelector('h1').textContent") == "Log in"
    entries = [(e.actor, e.action) for e in await store.audit.recent()]
    assert ("telegram:1001", "feed.pause") in entries and ("telegram:1001", "feed.add") in entries
    assert ("telegram:1001", "web.logout") in entries
