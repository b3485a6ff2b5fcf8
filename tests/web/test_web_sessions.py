"""Panel sessions live in the store: they expire, are listed, end at log-out, can be ended
by an admin (one or all), and end on the next request of someone no longer an admin."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from tornado.web import create_signed_value

from bot.settings import Settings
from bot.store import Store
from tests.support.clock import Clock
from tests.web.support import Panel, csrf, log_in, running_panel


@pytest.fixture
async def panel(settings: Settings, store: Store) -> AsyncIterator[Panel]:
    async with running_panel(settings, store, Clock()) as panel:
        yield panel


@asynccontextmanager
async def logged_in(panel: Panel, actor: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=panel.base, follow_redirects=True) as client:
        assert (await log_in(client, await panel.link(actor=actor))).status_code == 200
        yield client


def cookie(client: httpx.AsyncClient) -> str:
    value = client.cookies.get("sitrep_session")
    assert value
    return value


async def status_with(panel: Panel, session_cookie: str, path: str = "/admin/feeds") -> int:
    """A fresh client that presents only this session cookie (a copied or replayed one)."""
    async with httpx.AsyncClient(base_url=panel.base) as other:
        other.cookies.set("sitrep_session", session_cookie)
        return (await other.get(path)).status_code


async def test_log_out_ends_the_session_in_the_store_so_a_copied_cookie_is_dead(
    panel: Panel,
) -> None:
    async with logged_in(panel, "42") as client:
        saved = cookie(client)
        assert await status_with(panel, saved) == 200
        page = await client.get("/admin/feeds")
        out = await client.post("/admin/logout", data={"_xsrf": csrf(page.text)})
        assert out.url.path == "/admin/login" and "sitrep admin-link" in out.text
    assert await status_with(panel, saved) == 401
    assert await panel.app.store.web.sessions(now=panel.clock()) == []
    actions = [e.action for e in await panel.app.store.audit.recent()]
    assert actions[:2] == ["web.logout", "web.login"]


async def test_sessions_are_listed_and_an_admin_ends_anothers(panel: Panel) -> None:
    async with logged_in(panel, "42") as ada, logged_in(panel, "31") as ben:
        page = await ada.get("/admin/sessions")
        assert page.text.count('<span class="tag">this session</span>') == 1
        assert "telegram:42" in page.text and "telegram:31" in page.text
        assert "127.0.0.1" in page.text  # where each logged in from
        [theirs] = [
            s for s in await panel.app.store.web.sessions(now=panel.clock()) if s.actor == "31"
        ]
        ended = await ada.post(
            f"/admin/sessions/{theirs.id}/revoke", data={"_xsrf": csrf(page.text)}
        )
        assert ended.status_code == 200 and f"Session #{theirs.id} ended" in ended.text
        assert (await ben.get("/admin/feeds")).status_code == 401
        assert (await ada.get("/admin/feeds")).status_code == 200
    entry = (await panel.app.store.audit.recent())[0]
    assert (entry.actor, entry.action, entry.detail) == (
        "telegram:42",
        "web.session.revoke",
        f"#{theirs.id}",
    )


async def test_ending_every_session_ends_them_all_and_unused_links(panel: Panel) -> None:
    unused = await panel.link(actor="777")
    async with logged_in(panel, "42") as ada, logged_in(panel, "31") as ben:
        page = await ada.get("/admin/sessions")
        done = await ada.post("/admin/sessions/revoke-all", data={"_xsrf": csrf(page.text)})
        assert done.url.path == "/admin/login"
        assert "Ended 2 sessions and 1 unused login links" in done.text
        assert (await ada.get("/admin/feeds")).status_code == 401
        assert (await ben.get("/admin/feeds")).status_code == 401
    async with httpx.AsyncClient(base_url=panel.base) as late:
        assert (await log_in(late, unused)).status_code == 403


async def test_a_session_expires_after_twelve_hours(panel: Panel) -> None:
    async with logged_in(panel, "42") as client:
        panel.clock.advance(hours=11, minutes=59)
        assert (await client.get("/admin/feeds")).status_code == 200
        panel.clock.advance(minutes=2)
        assert (await client.get("/admin/feeds")).status_code == 401


async def test_someone_removed_from_the_admins_loses_the_panel_at_the_next_request(
    settings: Settings, store: Store
) -> None:
    clock = Clock()
    async with running_panel(settings, store, clock, admins=[42, 777]) as before:
        async with logged_in(before, "42") as kept, logged_in(before, "777") as removed:
            kept_cookie, removed_cookie = cookie(kept), cookie(removed)
        assert await status_with(before, removed_cookie) == 200
        stranger = await before.link(actor="555")  # a link for someone never configured
        async with httpx.AsyncClient(base_url=before.base) as client:
            refused = await log_in(client, stranger)
            assert refused.status_code == 403 and "not an admin" in refused.text
    # The configuration changes (777 is removed) and the panel starts again.
    async with running_panel(settings, store, clock, admins=[42]) as after:
        assert await status_with(after, removed_cookie) == 401
        assert await status_with(after, kept_cookie) == 200
        live = await store.web.sessions(now=clock())
        assert [s.actor for s in live] == ["42"]  # the other session is gone from the store
    entry = (await store.audit.recent())[0]
    assert (entry.actor, entry.action) == ("telegram:777", "web.session.ended")


async def test_only_a_session_in_the_store_opens_the_panel_not_a_signature(panel: Panel) -> None:
    async with logged_in(panel, "42") as client:
        value = cookie(client)
    tampered = value[:-4] + ("0000" if not value.endswith("0000") else "1111")
    assert await status_with(panel, tampered) == 401
    # A validly signed cookie naming an admin (the old stateless form) is no session.
    signed = create_signed_value(panel.app.web_panel.secret, "sitrep_session", "telegram:42")
    assert await status_with(panel, signed.decode()) == 401
    assert await status_with(panel, value) == 200
