"""Telegram with several chat processes on one PostgreSQL store.

Two ``App``\\ s on one PostgreSQL schema stand for two ``sitrep run`` processes: a second
long poller is refused at start (never a 409 loop), and webhook updates spread over two
HTTP servers are handled in each chat's order. The real python-telegram-bot talks to the
loopback fake Bot API (tests/fakes/botapi).
"""

from __future__ import annotations

import asyncio
import itertools
import signal
import socket
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from bot.adapters.telegram.polling_lock import PollingTaken
from bot.app import App
from bot.runtime.service import Service
from bot.settings import Settings
from bot.store import Store
from tests.conftest import make_store, open_store, postgres_reachable
from tests.fakes.botapi import FakeBotAPI
from tests.integration.test_telegram import command_settings
from tests.support.cli import sitrep, start_run

pytestmark = pytest.mark.postgres
SECRET = "s3cret-Token_2"
READERS = (7101, 7102, 7103)
UPDATES_PER_CHAT = 8


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
async def pg_store(tmp_path: Path) -> AsyncIterator[Store]:
    async with open_store("postgres", tmp_path) as store:
        yield store


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as fake:
        for user in READERS:
            fake.add_user(user, f"Reader {user}")
        yield fake


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# -- long polling: one process only ----------------------------------------------------------


async def test_a_second_long_poller_is_refused_with_a_clear_error(
    settings: Settings, api: FakeBotAPI, pg_store: Store
) -> None:
    first, second = (App(command_settings(settings, api), store=pg_store) for _ in range(2))
    polling = first.telegram_adapter(poll_timeout=1)
    other = second.telegram_adapter(poll_timeout=1)
    try:
        await polling.initialize()
        await polling.start()
        await other.initialize()
        with pytest.raises(PollingTaken) as refused:
            await other.start()
        assert str(refused.value) == (
            "another sitrep process is already long-polling Telegram for this bot "
            f"(@{polling.bot.username}, id {polling.bot.id}); "
            "run one chat process in polling mode or use webhook mode"
        )
        await asyncio.sleep(1.5)  # a second poller would have met a 409 by now
        api.queue_message(READERS[0], READERS[0], "/search harbour")
        [reply] = await api.wait_for_messages(READERS[0], 1)
        assert "Nothing found for 'harbour'" in reply.plain_text
        assert not [e for e in api.errors if e.status == 409], "a 409 Conflict happened"
        await other.shutdown()
        await polling.shutdown()  # the lock goes with the poller: another process may poll
        again = second.telegram_adapter(poll_timeout=1)
        await again.initialize()
        await again.start()
        assert again.connected
        await again.shutdown()
    finally:
        for app in (first, second):
            await app.shutdown()


async def test_polling_lock_is_free_on_sqlite(
    settings: Settings, api: FakeBotAPI, tmp_path: Path
) -> None:
    """SQLite is one process: the lock is always granted (two pollers here are a test only)."""
    store, _ = await make_store("sqlite", tmp_path)
    try:
        held = [await store.chat_locks.try_hold("telegram-poll:1") for _ in range(2)]
        assert all(h is not None for h in held)
    finally:
        await store.shutdown()


async def test_advisory_locks_exclude_other_sessions_and_queue(pg_store: Store) -> None:
    locks = pg_store.chat_locks
    held = await locks.try_hold("telegram-chat:1:42")
    assert held is not None
    assert await locks.try_hold("telegram-chat:1:42") is None
    other = await locks.try_hold("telegram-chat:1:43")
    assert other is not None
    await other.release()
    with pytest.raises(TimeoutError):
        await locks.hold("telegram-chat:1:42", 0.2)
    waiter = asyncio.create_task(locks.hold("telegram-chat:1:42", 5))
    await asyncio.sleep(0.2)
    assert not waiter.done()
    await held.release()
    second = await asyncio.wait_for(waiter, 5)
    await second.release()
    free = await locks.try_hold("telegram-chat:1:42")
    assert free is not None
    await free.release()


# -- webhook: any process, each chat in order --------------------------------------------------


def webhook_settings(settings: Settings, api: FakeBotAPI, public: str, port: int) -> Settings:
    s = command_settings(settings, api)
    return s.model_copy(
        update={
            "telegram_webhook_secret": SecretStr(SECRET),
            "telegram": s.telegram.model_copy(update={"mode": "webhook", "webhook_url": public}),
            "http": s.http.model_copy(update={"port": port}),
        }
    )


def command_update(update_id: int, user: int, text: str) -> dict[str, Any]:
    """A private-chat message as Telegram POSTs it to the webhook."""
    word = text.split()[0]
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 0,
            "chat": {"id": user, "type": "private", "first_name": "Reader"},
            "from": {"id": user, "is_bot": False, "first_name": "Reader"},
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(word)}],
        },
    }


@pytest.fixture
async def two_processes(
    settings: Settings, api: FakeBotAPI, pg_store: Store
) -> AsyncIterator[tuple[list[Service], list[str]]]:
    ports = [free_port(), free_port()]
    public = f"http://127.0.0.1:{ports[0]}/telegram/hook"  # the load balancer's address
    apps = [App(webhook_settings(settings, api, public, port), store=pg_store) for port in ports]
    services = [app.service() for app in apps]
    try:
        for service in services:
            await service.start()
        yield services, [f"http://127.0.0.1:{port}/telegram/hook" for port in ports]
    finally:
        for service in services:
            await service.stop()


async def test_webhook_updates_spread_over_two_processes_keep_each_chats_order(
    api: FakeBotAPI, two_processes: tuple[list[Service], list[str]]
) -> None:
    """Telegram POSTs a chat's next update once the previous one was answered 200; the
    load balancer alternates between the processes. The first reply of every chat pair
    is slowed down, so a process that did not wait for the chat's turn would overtake."""
    services, urls = two_processes
    ids = itertools.count(1000)
    statuses: dict[str, list[int]] = {url: [] for url in urls}

    async def one_chat(client: httpx.AsyncClient, user: int) -> None:
        for k in range(UPDATES_PER_CHAT):
            if k % 2 == 0:
                api.delay_chat(user, 0.3)  # this update's reply is slow to send
            url = urls[(k + user) % 2]
            update = command_update(next(ids), user, f"/search c{user}w{k}")
            headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            answer = await client.post(url, json=update, headers=headers)
            statuses[url].append(answer.status_code)

    async with httpx.AsyncClient(timeout=30) as client:
        await asyncio.gather(*(one_chat(client, user) for user in READERS))
    for user in READERS:
        replies = await api.wait_for_messages(user, UPDATES_PER_CHAT, timeout=15)
        said = [m.plain_text for m in replies]
        assert said == [f"Nothing found for 'c{user}w{k}'." for k in range(UPDATES_PER_CHAT)]
    for url in urls:  # both processes took their share, and accepted every update
        assert statuses[url] and set(statuses[url]) == {200}
    assert all(s.adapters[0].connected for s in services)


async def test_a_repeated_update_is_handled_once(
    api: FakeBotAPI, two_processes: tuple[list[Service], list[str]]
) -> None:
    _, urls = two_processes
    user = READERS[0]
    update = command_update(5000, user, "/search echo")
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with httpx.AsyncClient(timeout=30) as client:
        for _ in range(2):  # Telegram resends when it missed the answer
            assert (await client.post(urls[0], json=update, headers=headers)).status_code == 200
        follow = command_update(5001, user, "/search after")
        assert (await client.post(urls[0], json=follow, headers=headers)).status_code == 200
    replies = await api.wait_for_messages(user, 2)
    await asyncio.sleep(0.3)
    assert [m.plain_text for m in api.messages(user)] == [
        "Nothing found for 'echo'.",
        "Nothing found for 'after'.",
    ]
    assert len(replies) == 2


async def test_a_copy_reaching_the_other_process_or_a_superseded_update_is_not_handled_again(
    api: FakeBotAPI, two_processes: tuple[list[Service], list[str]]
) -> None:
    """The chat's newest handled update_id lives in the store, so a copy that the load
    balancer sends to the other process (Telegram retrying after a lost 200), or an
    update older than one already handled for the chat, gets 200 and no second reply."""
    _, urls = two_processes
    user = READERS[1]
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    first = command_update(6000, user, "/search one")
    later = command_update(6002, user, "/search two")
    older = command_update(6001, user, "/search stale")
    async with httpx.AsyncClient(timeout=30) as client:
        assert (await client.post(urls[0], json=first, headers=headers)).status_code == 200
        await api.wait_for_messages(user, 1)
        assert (await client.post(urls[1], json=first, headers=headers)).status_code == 200
        assert (await client.post(urls[1], json=later, headers=headers)).status_code == 200
        await api.wait_for_messages(user, 2)
        assert (await client.post(urls[0], json=older, headers=headers)).status_code == 200
    await asyncio.sleep(0.5)
    assert [m.plain_text for m in api.messages(user)] == [
        "Nothing found for 'one'.",
        "Nothing found for 'two'.",
    ]


# -- the same, as a user meets it: two `sitrep run` on one PostgreSQL database ---------------


@pytest.fixture
async def pg_database() -> AsyncIterator[str]:
    """A fresh PostgreSQL database (subprocesses cannot be given a schema)."""
    import asyncpg

    if not postgres_reachable():
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect("postgresql://postgres@127.0.0.1:5432/test")
    try:
        await admin.execute(f"CREATE DATABASE {name}")
        yield f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    finally:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.close()


async def test_a_second_sitrep_run_polling_the_same_bot_stops_with_one_clear_line(
    tmp_path: Path, api: FakeBotAPI, pg_database: str
) -> None:
    env = {
        "DATABASE_URL": pg_database,
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_BASE_URL": api.base_url,
    }
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
    first = await start_run(tmp_path / "first", **env)
    try:
        code, _out, err = await sitrep(tmp_path / "second", "run", **env)
        said = [line for line in err.splitlines() if "already long-polling" in line]
        assert code == 1, err[-2000:]
        assert said == [
            "sitrep: another sitrep process is already long-polling Telegram for "
            f"this bot (@{api.bot_user.username}, id {api.bot_user.id}); run one chat process in polling "
            "mode or use webhook mode"
        ], err[-2000:]
        assert "Traceback" not in err
        assert first.returncode is None  # the first one goes on polling
        assert not [e for e in api.errors if e.status == 409], "a 409 Conflict happened"
    finally:
        first.send_signal(signal.SIGTERM)
        await asyncio.wait_for(first.communicate(), 30)


async def test_many_chats_at_once_do_not_starve_the_connection_pool(
    api: FakeBotAPI, two_processes: tuple[list[Service], list[str]]
) -> None:
    """Each chat's turn holds a database session; more chats at once than the pool has
    connections must still all be answered (the handlers need connections too)."""
    _, urls = two_processes
    users = [7200 + i for i in range(40)]
    for user in users:
        api.add_user(user, f"Reader {user}")
        api.delay_chat(user, 0.2)
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with httpx.AsyncClient(timeout=30) as client:
        answers = await asyncio.gather(
            *(
                client.post(
                    urls[i % 2],
                    json=command_update(6000 + i, user, f"/search many{i}"),
                    headers=headers,
                )
                for i, user in enumerate(users)
            )
        )
    assert {a.status_code for a in answers} == {200}
    for i, user in enumerate(users):
        [reply] = await api.wait_for_messages(user, 1, timeout=15)
        assert reply.plain_text == f"Nothing found for 'many{i}'."
