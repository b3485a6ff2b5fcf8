"""Digest fan-out through real worker processes and the loopback Bot API server.

Shared by the crash-restart test and the fan-out benchmark: prepares N due digest
subscriptions in a SQLite store, runs ``tests.support.outbox_worker`` as a subprocess
(optionally killing it with SIGKILL part-way and starting it again), and reports what
the server received.
"""

from __future__ import annotations

import asyncio
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app import platform_profiles
from bot.planning.planner import Planner
from bot.settings import load_settings
from bot.store import Store
from tests.fakes.botapi import FakeBotAPI
from tests.support.cli import env_for

FIRST_CHAT = 10_000


def worker_env(tmp: Path, api: FakeBotAPI, rate: float) -> dict[str, str]:
    return env_for(
        tmp,
        SITREP_DATA_DIR=str(tmp),
        TELEGRAM_BOT_TOKEN=api.token,
        TELEGRAM_API_BASE_URL=api.base_url,
        SITREP_DELIVERY__LEASE_SECONDS="1",
        SITREP_DELIVERY__TELEGRAM_GLOBAL_PER_SECOND=str(rate),
        SITREP_LOG_LEVEL="WARNING",
        PTB_TIMEDELTA="true",
    )


async def prepare(tmp: Path, subscribers: int) -> int:
    """N private-chat subscriptions whose digest is due now, planned into the outbox."""
    settings = load_settings(env={"SITREP_DATA_DIR": str(tmp)}).model_copy(update={"feeds": []})
    store = Store(settings.effective_database_url)
    await store.initialize()
    now = datetime.now(UTC)
    for i in range(subscribers):
        sub = await store.subscriptions.upsert(
            "telegram", str(FIRST_CHAT + i), now=now, mode="digest"
        )
        await store.subscriptions.update(sub.id, next_digest_at=now - timedelta(seconds=1))
    planned = await Planner(store, settings, lambda: now, platform_profiles()).plan_digests()
    await store.shutdown()
    return planned


@dataclass
class FanoutResult:
    expected_chats: int
    sent: int
    chats_reached: int
    duplicates: int
    rate_limited: int
    rate_limited_after_first_second: int
    seconds: float
    rate: float
    killed_at: int | None
    in_flight_at_kill: int | None

    @property
    def lost(self) -> int:
        return self.expected_chats - self.chats_reached


async def _spawn(env: dict[str, str]) -> asyncio.subprocess.Process:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.support.outbox_worker",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stdout is not None
    line = await asyncio.wait_for(proc.stdout.readline(), timeout=60)
    if b"sending" not in line:
        err = await proc.stderr.read() if proc.stderr else b""
        raise RuntimeError(f"worker did not start: {line!r} {err.decode()[-2000:]}")
    return proc


async def run_fanout(
    api: FakeBotAPI,
    tmp: Path,
    *,
    expected: int,
    rate: float,
    kill_after: int | None = None,
    timeout: float = 300,
) -> FanoutResult:
    env = worker_env(tmp, api, rate)
    started = time.monotonic()
    proc = await _spawn(env)
    killed_at = in_flight = None
    if kill_after is not None:
        while api.sent_count < kill_after:
            if proc.returncode is not None:
                break
            await asyncio.sleep(0.005)
        proc.kill()  # SIGKILL: no cleanup, rows stay "sending"
        await proc.wait()
        killed_at = api.sent_count
        await asyncio.sleep(1.2)  # the lease of the dead worker's rows runs out
        in_flight = api.sent_count - killed_at  # requests the server finished after the kill
        proc = await _spawn(env)
    _, err = await asyncio.wait_for(proc.communicate(), timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"worker failed ({proc.returncode}): {err.decode()[-3000:]}")
    seconds = time.monotonic() - started
    chats = {m.chat_id for m in api.sent}
    dupes = sum(n - 1 for n in api.duplicates().values())
    return FanoutResult(
        expected_chats=expected,
        sent=api.sent_count,
        chats_reached=len(chats & set(range(FIRST_CHAT, FIRST_CHAT + expected))),
        duplicates=dupes,
        rate_limited=len(api.rate_limited),
        rate_limited_after_first_second=len(api.rate_limited_after(1.0)),
        seconds=seconds,
        rate=api.send_rate(1.0),
        killed_at=killed_at,
        in_flight_at_kill=in_flight,
    )
