"""A launch-day burst: hundreds of commands at once against a Bot API server that enforces
Telegram's limits (30 messages/s overall, 1/s per chat, 429 with ``retry_after`` beyond).

Every command gets its reply, paced by the same pacer as the outbox and ahead of it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.adapters.telegram.adapter import TelegramAdapter
from bot.app import App
from bot.settings import Settings
from bot.store import Store
from tests.fakes.botapi import FakeBotAPI, RateLimits
from tests.integration.test_telegram import telegram_settings
from tests.support.clock import Clock

BURST = 300
FIRST_USER = 50_000
LIMIT = 30.0  # Telegram's overall messages per second


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
async def limited_api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(rate_limits=RateLimits.telegram()) as fake:
        yield fake


@pytest.fixture
async def app(settings: Settings, store: Store, limited_api: FakeBotAPI) -> AsyncIterator[App]:
    application = App(
        telegram_settings(settings, limited_api), clock=Clock(ticking=True), store=store
    )
    yield application
    await application.shutdown()


@pytest.fixture
async def adapter(app: App) -> AsyncIterator[TelegramAdapter]:
    bot = app.telegram_adapter(poll_timeout=1)
    await bot.initialize()
    await bot.start()
    try:
        yield bot
    finally:
        await bot.shutdown()


async def wait_for_chats(api: FakeBotAPI, chats: set[int], timeout: float) -> float:
    """Seconds until every chat in ``chats`` got at least one message."""
    started = time.monotonic()
    async with asyncio.timeout(timeout):
        while not chats <= {m.chat_id for m in api.sent}:
            await asyncio.sleep(0.05)
    return time.monotonic() - started


@pytest.mark.slow
async def test_a_burst_of_commands_is_answered_completely_within_the_limits(
    limited_api: FakeBotAPI, adapter: TelegramAdapter, store: Store
) -> None:
    api = limited_api
    users = set(range(FIRST_USER, FIRST_USER + BURST))
    for user in users:
        api.add_user(user, f"Reader {user}")
    for user in sorted(users):
        api.queue_message(user, user, "/subscribe 07:00 UTC")
    seconds = await wait_for_chats(api, users, timeout=BURST / LIMIT + 30)
    replies = [m for m in api.sent if m.chat_id in users]
    late_429 = api.rate_limited_after(1.0)
    print(
        f"\nburst: {BURST} commands -> {len({m.chat_id for m in replies})} replies in "
        f"{seconds:.1f} s ({BURST / LIMIT:.0f} s at the limit); "
        f"{len(api.rate_limited)} x 429, {len(late_429)} after the first second"
    )
    assert len(replies) == BURST and all("07:00" in m.plain_text for m in replies)
    assert late_429 == []
    assert seconds <= BURST / LIMIT + 8
    subs = [await store.subscriptions.get_for("telegram", str(u), "") for u in users]
    assert all(s is not None and s.digest_time == "07:00" for s in subs)


async def test_a_rate_limited_reply_waits_and_is_sent_again(
    limited_api: FakeBotAPI, adapter: TelegramAdapter
) -> None:
    api, user = limited_api, FIRST_USER
    api.add_user(user, "Reader")
    api.flood_chat(user, retry_after=1, times=2)  # two 429s for this chat, then fine
    started = time.monotonic()
    api.queue_message(user, user, "/start")
    await wait_for_chats(api, {user}, timeout=10)
    assert time.monotonic() - started >= 2.0  # it waited out both retry_after periods
    [reply] = api.messages(user)
    assert "sitrep" in reply.plain_text
    assert not [e for e in api.errors if e.method == "sendmessage" and e.status != 429]


async def test_replies_go_ahead_of_a_queued_digest_fan_out(
    limited_api: FakeBotAPI, adapter: TelegramAdapter, store: Store, app: App
) -> None:
    """A reply does not wait behind 150 queued digests: it shares their budget and
    goes first."""
    api, clock = limited_api, app.clock
    fan_out = 150
    for i in range(fan_out):
        await store.deliveries.enqueue(
            platform="telegram",
            chat_id=str(FIRST_USER + 1000 + i),
            kind="digest",
            dedupe_key=f"digest-{i}",
            payload=[{"text": f"Digest {i}"}],
            now=clock() - timedelta(seconds=1),
        )
    worker = app.delivery_worker(adapter)  # the adapter's own pacer: one budget
    drain = asyncio.create_task(worker.drain(timeout=60))
    try:
        await asyncio.sleep(1.0)  # the fan-out is under way at the overall limit
        reader = FIRST_USER + 1
        api.add_user(reader, "Reader")
        asked = time.monotonic()
        api.queue_message(reader, reader, "/help")
        await wait_for_chats(api, {reader}, timeout=10)
        answered = time.monotonic() - asked
        digests_left = fan_out - sum(1 for m in api.sent if m.text.startswith("Digest"))
        print(f"\nreply during fan-out: {answered:.2f} s, {digests_left} digests still queued")
        assert digests_left > 30  # the fan-out was still going: the reply did not wait for it
        assert answered < 2.0
        await drain
    finally:
        drain.cancel()
    assert sum(1 for m in api.sent if m.text.startswith("Digest")) == fan_out
    assert api.jitter_only(1.0), api.rate_limited_after(1.0)
