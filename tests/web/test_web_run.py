"""``sitrep run`` serves the panel on its one HTTP server; ``sitrep admin-link`` and
``/weblogin`` hand out one-time links."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import httpx

from bot.app import App
from bot.commands.core import Caller
from bot.replies import Paragraph, Reply
from bot.settings import Settings
from bot.store import Store
from tests.support.cli import sitrep, start_run
from tests.support.clock import Clock
from tests.web.support import log_in


def said(reply: Reply) -> str:
    """The text of a one-paragraph reply."""
    [block] = reply.blocks
    assert isinstance(block, Paragraph)
    return block.text


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_sitrep_run_serves_the_panel_and_admin_link_logs_in(tmp_path: Path) -> None:
    port = str(free_port())
    proc = await start_run(tmp_path, SITREP_WEB__PORT=port)
    try:
        code, out, err = await sitrep(tmp_path, "admin-link", "--as", "ops", SITREP_WEB__PORT=port)
        assert code == 0, err
        link = out.strip()
        assert link.startswith(f"http://127.0.0.1:{port}/admin/login?token=")
        async with httpx.AsyncClient(follow_redirects=True) as client:
            assert (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200
            assert (await client.get(f"http://127.0.0.1:{port}/admin/feeds")).status_code == 401
            page = await log_in(client, link)
            assert page.status_code == 200 and "cli:ops" in page.text
            feeds = await client.get(f"http://127.0.0.1:{port}/admin/feeds")
            assert feeds.status_code == 200 and "Feeds" in feeds.text
            async with httpx.AsyncClient() as other:
                assert (await log_in(other, link)).status_code == 403
            # Every session ends from the command line (the running panel sees it at once).
            code, out, err = await sitrep(
                tmp_path, "admin-link", "--revoke-all", SITREP_WEB__PORT=port
            )
            assert code == 0, err
            assert "Ended 1 panel sessions and 0 unused login links" in out
            assert "token=" not in out
            ended = await client.get(f"http://127.0.0.1:{port}/admin/feeds")
            assert ended.status_code == 401
    finally:
        proc.terminate()
        await asyncio.wait_for(proc.wait(), 30)
    assert proc.returncode == 0


async def test_admin_link_says_when_the_panel_is_off(tmp_path: Path) -> None:
    code, _out, err = await sitrep(tmp_path, "admin-link")
    assert code == 2 and "web.port" in err
    code, out, err = await sitrep(tmp_path, "admin-link", "--revoke-all")  # works all the same
    assert code == 0 and "Ended 0 panel sessions and 0 unused login links" in out, err


async def test_weblogin_sends_a_link_to_an_admin_in_private_only(
    settings: Settings, store: Store
) -> None:
    settings = settings.model_copy(
        update={
            "web": settings.web.model_copy(update={"port": 8088}),
            "telegram": settings.telegram.model_copy(update={"admins": [555]}),
        }
    )
    app = App(settings, clock=Clock(), store=store)
    private = Caller("telegram", "555", "555")
    reply = await app.commands.run("weblogin", "", private)
    text = said(reply)
    assert "http://127.0.0.1:8088/admin/login?token=" in text
    token = text.split("token=", 1)[1].split()[0]
    assert await store.web.use_login(token, now=app.clock()) == ("telegram", "555")
    group = await app.commands.run(
        "weblogin", "", Caller("telegram", "555", "-100", chat_type="group")
    )
    assert "private chat" in said(group)
    stranger = await app.commands.run("weblogin", "", Caller("telegram", "9", "9"))
    assert "admins only" in said(stranger)
    # A Discord server manager administers feeds, but the panel is for configured admins.
    manager = Caller("discord", "77", "77", is_platform_admin=True)
    refused = await app.commands.run("weblogin", "", manager)
    assert "discord.admins" in said(refused)
    assert [e.action for e in await store.audit.recent()] == ["web.link"]
