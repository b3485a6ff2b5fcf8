"""The Deliveries page's 429s and pauses per platform come from the store: a sender (here a
real outbox worker and a real Telegram adapter against the loopback Bot API) records each
pause it takes, and a panel built by another App (as in another process) shows them."""

from __future__ import annotations

import re
import secrets
from collections.abc import AsyncIterator

import httpx
import pytest

from bot.adapters.telegram.adapter import TelegramAdapter
from bot.adapters.telegram.profile import render_parts
from bot.app import App
from bot.delivery import Limits, Pacer
from bot.delivery.pacing import PauseNote
from bot.replies import Paragraph, Reply
from bot.settings import Settings
from bot.store import Store
from tests.fakes.botapi import FakeBotAPI
from tests.integration import test_telegram as tg
from tests.integration.test_telegram import READER, Chat, telegram_settings
from tests.support.clock import Clock
from tests.web.support import log_in, running_panel

_ptb_timedelta = tg._ptb_timedelta


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    """A bot of its own: the polling lock (a PostgreSQL advisory lock named after the bot's
    id) is then never held by another test run sharing the same PostgreSQL server."""
    bot_id = secrets.randbelow(10**9) + 10**9
    async with FakeBotAPI(token=f"{bot_id}:AAFakeTokenForSitrepPauseTests_01234") as fake:
        yield fake


@pytest.fixture
async def sender(settings: Settings, api: FakeBotAPI, store: Store) -> AsyncIterator[App]:
    app = App(telegram_settings(settings, api), clock=Clock(ticking=True), store=store)
    yield app
    await app.shutdown()


@pytest.fixture
async def bot(sender: App, api: FakeBotAPI) -> AsyncIterator[TelegramAdapter]:
    api.add_user(READER, "Rui")
    adapter = sender.telegram_adapter(poll_timeout=1)
    await adapter.initialize()
    await adapter.start()
    yield adapter
    await adapter.shutdown()


def pauses_table(html: str) -> list[list[str]]:
    body = html.split('id="pauses"', 1)[1].split("</table>", 1)[0]
    cells = [
        re.findall(r"<td>(.*?)</td>", row, re.S)
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in row] for row in cells if row]


async def test_every_senders_429s_and_pauses_show_on_the_deliveries_page(
    settings: Settings, store: Store, api: FakeBotAPI, sender: App, bot: TelegramAdapter
) -> None:
    # A reply meets a 429: it waits the second out and goes, and the pause is recorded.
    api.flood_chat(READER, retry_after=1)
    assert "/latest" in await Chat(api, READER, READER).text("/help")
    # A delivery meets a 429 of 40 s: the chat is paused, the row handed back.
    api.flood_chat(READER, retry_after=40)
    await store.deliveries.enqueue(
        platform="telegram",
        chat_id=str(READER),
        kind="alert",
        dedupe_key="pauses:1",
        payload=render_parts(Reply(blocks=(Paragraph("Held back by flood control"),))),
        now=sender.clock(),
    )
    await sender.delivery_worker(bot).drain_once()
    assert api.messages(READER)[-1].plain_text != "Held back by flood control"
    # Discord asks the whole bot to wait (a global 429 on another sender).
    await sender.pacer("discord").pause_and_record("", 25, global_=True)

    async with running_panel(settings, store, Clock()) as panel:  # another App, no shared memory
        assert panel.app is not sender
        async with httpx.AsyncClient(base_url=panel.base, follow_redirects=True) as client:
            await log_in(client, await panel.link())
            page = (await client.get("/admin/deliveries")).text
    rows = {r[0]: r for r in pauses_table(page)}
    assert rows["telegram"][1:3] == ["2", "2"]  # 429s in the last hour and day
    assert rows["telegram"][3] == "none" and rows["telegram"][4] == "1"
    assert rows["discord"][1:3] == ["1", "1"]
    assert rows["discord"][3].startswith("until ") and sender.worker_id in rows["discord"][3]
    chats = page.split('id="paused-chats"', 1)[1].split("</table>", 1)[0]
    [chat] = re.findall(r"<tr><td>telegram</td>(.*?)</tr>", chats, re.S)
    assert f"<td>{READER}</td>" in chat and "429 on a delivery (40 s)" in chat
    assert sender.worker_id in chat
    left = int(re.findall(r"<td>(\d+)</td>", chat)[-1])
    assert 30 <= left <= 41  # the panel's clock is whole seconds


async def test_no_429s_no_pauses(settings: Settings, store: Store) -> None:
    async with (
        running_panel(settings, store, Clock()) as panel,
        httpx.AsyncClient(base_url=panel.base, follow_redirects=True) as client,
    ):
        await log_in(client, await panel.link())
        page = (await client.get("/admin/deliveries")).text
    assert "No 429s and no pauses." in page and 'id="paused-chats"' not in page


async def test_a_pause_that_cannot_be_recorded_still_holds_the_chat(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(note: PauseNote) -> None:
        raise OSError("the store is away")

    pacer = Pacer(Limits(30, 1), record=broken)
    await pacer.pause_and_record("7002/", 30)
    assert 29 < pacer.paused_for("7002/") <= 30
    assert "pause of 30.0s not recorded" in caplog.text
