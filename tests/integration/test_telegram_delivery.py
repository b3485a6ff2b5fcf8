"""Digests, alerts and every send error path: Planner -> outbox -> DeliveryWorker ->
TelegramAdapter.send -> the real python-telegram-bot -> the loopback fake Bot API.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.adapters.telegram.adapter import TelegramAdapter
from bot.adapters.telegram.profile import render_parts
from bot.app import App, platform_profiles
from bot.delivery import DeliveryWorker, Limits
from bot.domain import Subscription
from bot.planning.planner import Planner
from bot.render.telegram_html import validate_telegram_html
from bot.replies import Paragraph, Reply
from bot.settings import Settings
from bot.store import Store
from tests.fakes.botapi import FakeBotAPI
from tests.integration import test_telegram as tg
from tests.integration.test_telegram import (
    FORUM,
    GROUP,
    GROUP_ADMIN,
    READER,
    STORIES,
    TOPIC,
    Chat,
    add_story,
    telegram_settings,
)
from tests.support.clock import Clock

# The Telegram fixtures, shared with test_telegram.py.
_ptb_timedelta = tg._ptb_timedelta
api = tg.api
bot = tg.bot


@pytest.fixture
def clock() -> Clock:
    return Clock(ticking=True)


@pytest.fixture
async def app(
    settings: Settings, api: FakeBotAPI, store: Store, clock: Clock
) -> AsyncIterator[App]:
    s = telegram_settings(settings, api)
    s = s.model_copy(update={"digest": s.digest.model_copy(update={"max_stories": 30})})
    application = App(s, clock=clock, store=store)
    yield application
    await application.shutdown()


def worker(app: App, adapter: TelegramAdapter, *, max_attempts: int = 8) -> DeliveryWorker:
    return DeliveryWorker(
        app.store,
        "telegram",
        adapter,
        Limits(500, 500, 30_000),  # pacing is the delivery tests' business; keep it out of the way
        clock=app.clock,
        max_attempts=max_attempts,
        retry_base=0.05,
        retry_max=0.2,
    )


async def drain_until(w: DeliveryWorker, done: Callable[[], Any], timeout: float = 8.0) -> None:
    """Run the worker's passes until ``done()`` (the outbox decides about retries)."""
    async with asyncio.timeout(timeout):
        while True:
            await w.drain_once()
            result = done()
            if await result if asyncio.iscoroutine(result) else result:
                return
            await asyncio.sleep(0.02)


async def subscribe(
    app: App, chat_id: int, chat_type: str = "private", **values: Any
) -> Subscription:
    values.setdefault("mode", "digest")
    return await app.store.subscriptions.upsert(
        "telegram",
        str(chat_id),
        values.pop("thread_id", ""),
        now=app.clock(),
        chat_type=chat_type,
        **values,
    )


async def enqueue(app: App, chat_id: int, text: str, sub: Subscription | None = None) -> int:
    delivery_id = await app.store.deliveries.enqueue(
        platform="telegram",
        chat_id=str(chat_id),
        kind="alert",
        dedupe_key=f"test:{chat_id}:{text}",
        payload=render_parts(Reply(blocks=(Paragraph(text),))),
        now=app.clock(),
        chat_type=sub.chat_type if sub else "private",
        subscription_id=sub.id if sub else None,
    )
    assert delivery_id is not None
    return delivery_id


async def state(app: App, delivery_id: int) -> str:
    found = await app.store.deliveries.get(delivery_id)
    assert found is not None
    return found.state


# -- digests and alerts ---------------------------------------------------------------------------


async def test_digest_arrives_at_its_time(
    api: FakeBotAPI, bot: TelegramAdapter, app: App, clock: Clock
) -> None:
    for i in range(4):
        await add_story(app.store, i)
    at = (datetime.now(UTC) + timedelta(hours=2)).strftime("%H:%M")
    await Chat(api, READER, READER).say(f"/subscribe {at} UTC")
    sub = await app.store.subscriptions.get_for("telegram", str(READER))
    assert sub is not None and sub.next_digest_at is not None
    planner = Planner(app.store, app.settings, app.clock, platform_profiles())
    assert await planner.plan_digests() == 0  # not yet

    clock.offset = sub.next_digest_at - datetime.now(UTC) + timedelta(seconds=30)
    assert await planner.plan_digests() == 1
    assert await planner.plan_digests() == 0  # planned once
    w = worker(app, bot)
    before = len(api.messages(READER))
    await drain_until(w, lambda: len(api.messages(READER)) > before)

    digest = api.messages(READER)[before:]
    assert len(digest) == 1
    assert validate_telegram_html(digest[0].text) == []
    assert digest[0].parse_mode == "HTML"
    for headline, *_ in STORIES[:4]:
        assert headline in digest[0].plain_text
    advanced = await app.store.subscriptions.get(sub.id)
    assert advanced is not None and advanced.next_digest_at == sub.next_digest_at + timedelta(
        days=1
    )
    [row] = await app.store.deliveries.list(state="sent")
    assert row.kind == "digest" and row.subscription_id == sub.id


async def test_instant_alert_after_a_new_article(
    api: FakeBotAPI, bot: TelegramAdapter, app: App
) -> None:
    await add_story(app.store, 0)  # before the subscription: not alerted
    topic = Chat(api, FORUM, GROUP_ADMIN, thread_id=TOPIC)
    await topic.say("/subscribe instant topics=naval")
    planner = Planner(app.store, app.settings, app.clock, platform_profiles())
    assert await planner.plan_alerts() == 0

    await add_story(app.store, 1)  # naval
    await add_story(app.store, 2)  # drones: filtered out
    assert await planner.plan_alerts() == 1
    before = len(api.messages(FORUM))
    await drain_until(worker(app, bot), lambda: len(api.messages(FORUM)) > before)
    [alert] = api.messages(FORUM)[before:]
    assert "Navy orders four more frigates after trials" in alert.plain_text
    assert alert.message_thread_id == TOPIC
    assert validate_telegram_html(alert.text) == []
    assert any(e["type"] == "blockquote" for e in alert.entities)


async def test_long_digest_split_arrives_complete_and_in_order(
    api: FakeBotAPI, bot: TelegramAdapter, app: App, clock: Clock
) -> None:
    for i in range(28):
        await add_story(app.store, i)
    sub = await subscribe(app, READER, digest_time="06:00", timezone="UTC")
    due = datetime.now(UTC) - timedelta(minutes=1)
    await app.store.subscriptions.update(sub.id, next_digest_at=due)
    assert (
        await Planner(app.store, app.settings, app.clock, platform_profiles()).plan_digests() == 1
    )
    [row] = await app.store.deliveries.list(state="pending")
    parts = len(row.payload)
    assert parts >= 2
    await drain_until(worker(app, bot), lambda: len(api.messages(READER)) >= parts)
    got = api.messages(READER)
    assert [m.text for m in got] == [p["text"] for p in row.payload]
    assert all(validate_telegram_html(m.text) == [] for m in got)
    assert all(len(m.plain_text) <= 4096 for m in got)
    assert await state(app, row.id) == "sent"


# -- error paths ------------------------------------------------------------------------------


async def test_429_retry_after_is_honoured_then_delivered_once(
    api: FakeBotAPI, bot: TelegramAdapter, app: App
) -> None:
    api.flood_chat(READER, retry_after=1)
    delivery_id = await enqueue(app, READER, "Flood control test")
    w = worker(app, bot)
    await w.drain_once()
    assert api.messages(READER) == [] and await state(app, delivery_id) == "pending"
    await drain_until(w, lambda: api.messages(READER))
    [hit] = api.rate_limited
    [message] = api.messages(READER)
    assert message.sent_at - hit.at >= 0.95
    for _ in range(3):
        await w.drain_once()
    assert len(api.messages(READER)) == 1 and api.duplicates() == {}
    assert await state(app, delivery_id) == "sent"
    found = await app.store.deliveries.get(delivery_id)
    assert found is not None and found.attempts == 1  # the 429 was not counted as an attempt


@pytest.mark.parametrize("gone", ["blocked", "chat_not_found", "kicked"])
async def test_chat_gone_deactivates_and_kills(
    api: FakeBotAPI, bot: TelegramAdapter, app: App, gone: str
) -> None:
    chat = READER if gone == "blocked" else GROUP
    sub = await subscribe(app, chat, "private" if chat > 0 else "supergroup")
    if gone == "blocked":
        api.block_chat(chat)
    elif gone == "chat_not_found":
        api.remove_chat(chat)
    else:
        api.block_chat(chat, "Forbidden: bot was kicked from the supergroup chat")
    first = await enqueue(app, chat, "one", sub)
    second = await enqueue(app, chat, "two", sub)
    await drain_until(worker(app, bot), lambda: True)
    assert api.messages(chat) == []
    assert await state(app, first) == "dead" and await state(app, second) == "dead"
    after = await app.store.subscriptions.get(sub.id)
    assert after is not None and not after.active
    assert ("blocked" if gone == "blocked" else "not found" if gone != "kicked" else "kicked") in (
        after.deactivated_reason
    )
    sent_attempts = [e for e in api.errors if e.method == "sendmessage"]
    assert len(sent_attempts) == 1  # the second row was not even tried


async def test_migrated_group_gets_new_id_and_the_message(
    api: FakeBotAPI, bot: TelegramAdapter, app: App
) -> None:
    old, new = -4001, -1004001
    api.add_chat(old, "group")
    sub = await subscribe(app, old, "group")
    api.migrate_chat(old, new)
    delivery_id = await enqueue(app, old, "After the upgrade", sub)
    await drain_until(worker(app, bot), lambda: api.messages(new))
    [message] = api.messages(new)
    assert message.plain_text == "After the upgrade"
    moved = await app.store.subscriptions.get(sub.id)
    assert moved is not None and moved.chat_id == str(new) and moved.active
    assert moved.chat_type == "supergroup"
    row = await app.store.deliveries.get(delivery_id)
    assert row is not None and row.state == "sent" and row.chat_id == str(new)


async def test_server_errors_are_retried_then_sent(
    api: FakeBotAPI, bot: TelegramAdapter, app: App
) -> None:
    api.fail_chat(READER, 500, times=1)
    api.fail_chat(READER, 502, raw_body="<html><body>502 Bad Gateway</body></html>", times=1)
    api.fail_chat(READER, reset_connection=True, times=1)
    delivery_id = await enqueue(app, READER, "Third time lucky")
    await drain_until(worker(app, bot), lambda: api.messages(READER))
    assert [m.plain_text for m in api.messages(READER)] == ["Third time lucky"]
    row = await app.store.deliveries.get(delivery_id)
    assert row is not None and row.state == "sent" and row.attempts == 4


async def test_max_attempts_then_dead(api: FakeBotAPI, bot: TelegramAdapter, app: App) -> None:
    api.fail_chat(READER, 500, times=None)
    delivery_id = await enqueue(app, READER, "Never arrives")
    w = worker(app, bot, max_attempts=3)

    async def dead() -> bool:
        return await state(app, delivery_id) == "dead"

    await drain_until(w, dead)
    row = await app.store.deliveries.get(delivery_id)
    assert row is not None and row.attempts == 3 and "gave up after 3 attempts" in row.last_error
    assert len([e for e in api.errors if e.method == "sendmessage"]) == 3
    assert api.messages(READER) == []


async def test_refused_message_is_dead_not_retried(
    api: FakeBotAPI, bot: TelegramAdapter, app: App
) -> None:
    delivery_id = await app.store.deliveries.enqueue(
        platform="telegram",
        chat_id=str(READER),
        kind="alert",
        dedupe_key="broken-html",
        payload=[{"text": "<b>never closed", "buttons": []}],
        now=app.clock(),
    )
    assert delivery_id is not None
    await drain_until(worker(app, bot), lambda: True)
    row = await app.store.deliveries.get(delivery_id)
    assert (
        row is not None and row.state == "dead" and "can't parse entities" in row.last_error.lower()
    )
    assert [e.status for e in api.errors if e.method == "sendmessage"] == [400]  # tried once


async def test_send_latency_recorded(api: FakeBotAPI, bot: TelegramAdapter, app: App) -> None:
    await enqueue(app, READER, "Timed")
    await drain_until(worker(app, bot), lambda: api.messages(READER))
    assert app.metrics.value("sitrep_send_seconds_count", platform="telegram") == 1
    assert 0 < app.metrics.value("sitrep_send_seconds_sum", platform="telegram") < 2
