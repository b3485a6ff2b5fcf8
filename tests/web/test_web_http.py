"""The panel over real HTTP on loopback: sessions, CSRF, one-time links, escaping, actions."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.settings import Settings
from bot.store import Store
from tests.support.clock import Clock
from tests.web.support import Panel, add_quote, csrf, log_in, running_panel

PAGES = ("/admin/", "/admin/feeds", "/admin/deliveries", "/admin/subscriptions", "/admin/quotes")


@pytest.fixture
async def panel(settings: Settings, store: Store) -> AsyncIterator[Panel]:
    async with running_panel(settings, store, Clock()) as panel:
        yield panel


@pytest.fixture
async def client(panel: Panel) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=panel.base, follow_redirects=True) as client:
        yield client


async def test_without_a_session_every_page_is_the_login_page_and_never_data(
    panel: Panel, client: httpx.AsyncClient
) -> None:
    await panel.app.store.feeds.add(
        "http://127.0.0.1:9/secret-feed", "Secret feed", "", now=panel.clock()
    )
    for path in PAGES:
        page = await client.get(path)
        assert page.status_code == 401
        assert "sitrep admin-link" in page.text
        assert "Secret feed" not in page.text and "secret-feed" not in page.text
    assert (await client.get("/admin/feeds.opml")).status_code == 401
    client.cookies.set("_xsrf", "x")
    refused = await client.post("/admin/feeds/1/remove", data={"_xsrf": "x"})
    assert refused.status_code == 403
    assert [f.name for f in await panel.app.store.feeds.list()] == ["Secret feed"]


async def test_a_link_logs_in_once_with_a_strict_httponly_cookie(
    panel: Panel, client: httpx.AsyncClient
) -> None:
    link = await panel.link(actor="777")
    done = await log_in(client, link)
    assert done.status_code == 200
    assert "Overview" in done.text and "telegram:777" in done.text
    cookie = next(
        h for h in done.history[0].headers.get_list("set-cookie") if "sitrep_session" in h
    )
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "default-src 'none'" in done.headers["content-security-policy"]
    async with httpx.AsyncClient(base_url=panel.base) as other:
        again = await log_in(other, link)
        assert again.status_code == 403
        assert "used or expired" in again.text
        assert "sitrep_session" not in again.headers.get("set-cookie", "")
    audit = await panel.app.store.audit.recent()
    assert (audit[0].actor, audit[0].action) == ("telegram:777", "web.login")


async def test_an_expired_link_and_a_forged_cookie_are_refused(
    panel: Panel, client: httpx.AsyncClient
) -> None:
    link = await panel.link()
    panel.clock.advance(minutes=11)
    assert (await log_in(client, link)).status_code == 403
    client.cookies.set("sitrep_session", "telegram:1|forged")
    forged = await client.get("/admin/feeds")
    assert forged.status_code == 401


async def test_a_post_without_its_csrf_token_is_refused(
    panel: Panel, client: httpx.AsyncClient
) -> None:
    await log_in(client, await panel.link())
    feed = await panel.app.store.feeds.add("http://127.0.0.1:9/a", "A feed", "", now=panel.clock())
    refused = await client.post(f"/admin/feeds/{feed.id}/pause")
    assert refused.status_code == 403
    assert not (await panel.app.store.feeds.list())[0].paused
    page = await client.get("/admin/feeds")
    paused = await client.post(f"/admin/feeds/{feed.id}/pause", data={"_xsrf": csrf(page.text)})
    assert paused.status_code == 200 and "Paused feed" in paused.text
    assert (await panel.app.store.feeds.list())[0].paused
    entry = (await panel.app.store.audit.recent())[0]
    assert (entry.platform, entry.actor, entry.action) == ("web", "telegram:42", "feed.pause")


async def test_hostile_titles_quotes_and_names_stay_text(
    panel: Panel, client: httpx.AsyncClient
) -> None:
    evil = "<script>alert(1)</script>"
    feed = await panel.app.store.feeds.add("http://127.0.0.1:9/x", evil, "", now=panel.clock())
    await add_quote(
        panel.app.store,
        panel.clock,
        feed_id=feed.id,
        title=evil,
        url="http://127.0.0.1:9/x/1",
        speaker="Ann <b>Bold</b>",
        said=f"We will not {evil} today",
    )
    await log_in(client, await panel.link())
    for path in ("/admin/feeds", "/admin/quotes"):
        page = await client.get(path)
        assert "<script>alert" not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    quotes = await client.get("/admin/quotes")
    assert "&lt;b&gt;Bold&lt;/b&gt;" in quotes.text and "<b>Bold" not in quotes.text


async def test_quotes_search_shows_evidence_and_a_text_fragment_link(
    panel: Panel, client: httpx.AsyncClient
) -> None:
    store = panel.app.store
    feed = await store.feeds.add("http://127.0.0.1:9/q", "Quotes feed", "", now=panel.clock())
    await add_quote(
        store,
        panel.clock,
        feed_id=feed.id,
        title="Drills",
        url="http://127.0.0.1:9/q/1",
        speaker="Ada Stone",
        said="The drills went to plan",
        topics=("exercises",),
    )
    await add_quote(
        store,
        panel.clock,
        feed_id=None,
        title="Other",
        url="http://127.0.0.1:9/q/2",
        speaker="Ben Frost",
        said="Nothing to add",
        topics=("budget",),
    )
    await log_in(client, await panel.link())
    by_speaker = await client.get("/admin/quotes", params={"speaker": "ada stone"})
    assert "The drills went to plan" in by_speaker.text and "Nothing to add" not in by_speaker.text
    assert "confidence 0.90" in by_speaker.text and "said Ada Stone" in by_speaker.text
    assert "q/1#:~:text=The%20drills%20went%20to%20plan" in by_speaker.text
    by_surname = await client.get("/admin/quotes", params={"speaker": "Stone"})
    assert "drills went" in by_surname.text and "Nothing to add" not in by_surname.text
    both = await client.get("/admin/quotes", params={"speaker": "Frost", "topic": "exercises"})
    assert "No quotes match" in both.text
    by_topic = await client.get("/admin/quotes", params={"topic": "budget"})
    assert "Nothing to add" in by_topic.text and "drills went" not in by_topic.text
    by_feed = await client.get("/admin/quotes", params={"feed": str(feed.id)})
    assert "drills went" in by_feed.text and "Nothing to add" not in by_feed.text
    day = panel.clock().strftime("%Y-%m-%d")
    assert (
        "drills went"
        in (await client.get("/admin/quotes", params={"since": day, "until": day})).text
    )
    assert (
        "drills went"
        not in (await client.get("/admin/quotes", params={"until": "2000-01-01"})).text
    )
    assert "Ada Stone" in (await client.get("/admin/quotes")).text.split("<h2>Speakers</h2>")[1]


async def test_login_attempts_are_rate_limited(panel: Panel, client: httpx.AsyncClient) -> None:
    page = await client.get("/admin/login?token=x")
    token = csrf(page.text)
    codes = [
        (await client.post("/admin/login", data={"token": f"bad{i}", "_xsrf": token})).status_code
        for i in range(12)
    ]
    assert codes[:10] == [403] * 10 and codes[10:] == [429, 429]
    assert (await log_in(client, await panel.link())).status_code == 429
