"""Graceful shutdown of ``sitrep run``, as a user stops it: SIGTERM or Ctrl-C (SIGINT).

Sends under way finish and are marked ``sent``; a poll under way is abandoned at once
(its feeds stay due); the process says what it left, exits 0 and prints no traceback.
"""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.settings import load_settings
from bot.store import Store
from tests.fakes.botapi import FakeBotAPI
from tests.support.cli import start_run
from tests.support.clock import Clock
from tests.support.feedserver import FeedServer
from tests.support.wire import load_articles, rss

CHAT = 777_001


def run_env(**extra: str) -> dict[str, str]:
    return {
        "SITREP_DELIVERY__TICK_SECONDS": "0.2",
        "SITREP_POLL__TICK_SECONDS": "0.2",
        "PTB_TIMEDELTA": "true",
        **extra,
    }


async def wait_until(predicate: object, timeout: float = 15) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():  # type: ignore[operator]
            await asyncio.sleep(0.02)


@pytest.fixture
async def store_file(tmp_path: Path) -> AsyncIterator[Store]:
    settings = load_settings(env={"SITREP_DATA_DIR": str(tmp_path / "data")})
    store = Store(settings.effective_database_url)
    await store.initialize()
    try:
        yield store
    finally:
        await store.shutdown()


async def test_a_send_under_way_at_sigterm_completes_and_is_marked_sent(
    tmp_path: Path, store_file: Store
) -> None:
    now = Clock().now
    delivery_id = await store_file.deliveries.enqueue(
        platform="telegram",
        chat_id=str(CHAT),
        kind="digest",
        dedupe_key="digest:shutdown",
        payload=[{"text": "The digest that was being sent"}],
        now=now,
    )
    async with FakeBotAPI() as api:
        api.delay_chat(CHAT, 2.0)  # the Bot API takes 2 s to accept this message
        env = run_env(TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_API_BASE_URL=api.base_url)
        proc = await start_run(tmp_path, **env)
        await wait_until(
            lambda: any(
                r.method.lower() == "sendmessage" and r.params.get("chat_id") == CHAT
                for r in api.requests
            )
        )
        proc.send_signal(signal.SIGTERM)  # while the send is still in flight
        _, err = await asyncio.wait_for(proc.communicate(), timeout=30)
    assert proc.returncode == 0, err.decode()
    assert b"Traceback" not in err
    assert [m.text for m in api.messages(CHAT)] == ["The digest that was being sent"]
    row = await store_file.deliveries.get(delivery_id)
    assert row is not None and row.state == "sent"


async def test_ctrl_c_during_a_poll_stops_at_once_and_leaves_the_feed_due(
    tmp_path: Path, store_file: Store, feed_server: FeedServer
) -> None:
    url = feed_server.add("/slow.xml", rss(load_articles(), feed_server.base), delay=6)
    feed = await store_file.feeds.add(url, "Slow Wire", now=Clock().now)
    proc = await start_run(tmp_path, **run_env())
    await wait_until(lambda: feed_server.hits["/slow.xml"] >= 1)
    stopped_at = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, err = await asyncio.wait_for(proc.communicate(), timeout=30)
    took = time.monotonic() - stopped_at
    text = err.decode()
    assert proc.returncode == 0, text
    assert "Traceback" not in text and "CancelledError" not in text
    assert took < 3.0, f"stopping took {took:.1f} s"
    assert "stopped polling 1 feed" in text
    again = await store_file.feeds.get(feed.id)
    assert again is not None and again.error_count == 0 and again.last_error == ""
    assert again.next_poll_at is not None and again.next_poll_at <= Clock().now
