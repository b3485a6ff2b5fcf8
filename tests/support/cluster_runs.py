"""The two multi-process scenarios, shared by the suite (small) and the benchmark (full):

- ``ingest_cycle``: N ``sitrep run --role ingest`` processes poll F loopback feeds
  (``tests.benchmarks.feedfarm``) on one PostgreSQL database; how often each feed was
  fetched, by which process, the wall time and the CPU time spent.
- ``deliver_fanout``: 2 ``sitrep run --role deliver`` processes send one digest to C chats
  through the loopback Bot API server with an overall limit; optionally ``kill -9`` one
  part-way and time how soon the other takes its rows back, or start the second only
  part-way (a joiner) and see that the pair never asks more of the platform than its limit.
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import psutil

from bot.app import platform_profiles
from bot.planning.planner import Planner
from bot.settings import load_settings
from bot.store import Store
from bot.store.tables import subscriptions
from tests.fakes.botapi import FakeBotAPI
from tests.support.cluster import RoleProcess, start_role

FIRST_CHAT = 20_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def wait_for(check: object, timeout: float, every: float = 0.2) -> float:
    """Await ``check()`` until true; returns the monotonic time it became true."""
    async with asyncio.timeout(timeout):
        while not await check():  # type: ignore[operator]
            await asyncio.sleep(every)
    return time.monotonic()


def cpu_seconds(procs: list[RoleProcess]) -> float:
    """User + system CPU of the role processes and their children (extraction workers)."""
    total = 0.0
    for rp in procs:
        try:
            p = psutil.Process(rp.pid)
            for proc in [p, *p.children(recursive=True)]:
                t = proc.cpu_times()
                total += t.user + t.system
        except psutil.Error:
            continue
    return total


@dataclass
class IngestRun:
    feeds: int
    processes: int
    seconds: float
    cpu: float
    hits: dict[str, int]
    agents: dict[str, int]
    articles: int
    errors: list[str]
    logs: list[str]

    @property
    def fetched_twice(self) -> int:
        return sum(n > 1 for n in self.hits.values())

    @property
    def never_fetched(self) -> int:
        return self.feeds - len(self.hits)


async def ingest_cycle(
    tmp: Path, database_url: str, *, feeds: int, entries: int, processes: int, workers: int = 0
) -> IngestRun:
    port = free_port()
    farm = subprocess.Popen(
        [sys.executable, "-m", "tests.benchmarks.feedfarm", str(port), str(feeds), str(entries)],
        stdout=subprocess.PIPE,
    )
    assert farm.stdout is not None
    farm.stdout.readline()
    store = Store(database_url)
    await store.initialize()
    procs: list[RoleProcess] = []
    try:
        for i in range(processes):  # all running before any feed is due
            procs.append(
                await start_role(
                    tmp,
                    "ingest",
                    database_url,
                    SITREP_POLL__TICK_SECONDS="0.5",
                    SITREP_POLL__PER_HOST="32",  # every loopback feed shares one host
                    SITREP_POLL__BACKFILL=str(entries),
                    SITREP_POLL__FETCH_PAGES="false",
                    SITREP_POLL__PROCESS_WORKERS=str(workers),
                    SITREP_POLL__USER_AGENT=f"sitrep-ingest-{i}",
                )
            )
        cpu_before = cpu_seconds(procs)
        now = datetime.now(UTC)
        for i in range(feeds):
            await store.feeds.add(f"http://127.0.0.1:{port}/feed/{i}.xml", f"feed {i}", now=now)
        started = time.monotonic()

        async def all_polled() -> bool:
            return all(f.last_polled_at is not None for f in await store.feeds.list())

        done = await wait_for(all_polled, timeout=600, every=0.1)
        cpu = cpu_seconds(procs) - cpu_before
        await asyncio.sleep(1.5)  # three more ticks each: nothing is fetched again
        async with httpx.AsyncClient() as client:
            counts = (await client.get(f"http://127.0.0.1:{port}/_hits")).json()
        articles = (await store.articles.counts())["articles"]
        errors = [f.last_error[:300] for f in await store.feeds.list() if f.error_count]
    finally:
        for proc in procs:
            await proc.stop()
        await store.shutdown()
        farm.terminate()
        farm.wait()
    return IngestRun(
        feeds,
        processes,
        done - started,
        cpu,
        counts["paths"],
        counts["agents"],
        articles,
        errors,
        [line for p in procs for line in p.log],
    )


@dataclass
class FanoutRun:
    chats: int
    reached: int
    duplicates: int
    rate_limited_after_first_second: int
    rate: float
    busiest_second: int = 0  # most send attempts (accepted or refused) in any 1-s window
    joined_at: int | None = None  # sent when the second process started (a joiner run)
    killed_at: int | None = None
    recovered_after: float | None = None  # kill -> the dead worker's rows taken back
    finished_after: float | None = None  # kill -> the whole digest delivered
    seconds: float = 0.0
    killed_mono: float | None = None
    logs: list[list[str]] = field(default_factory=list)  # each process's log lines

    @property
    def lost(self) -> int:
        return self.chats - self.reached


async def plan_digest(store: Store, chats: int) -> int:
    """Subscriptions due now, planned here or by a deliver process's digest tick (the
    planning lock keeps them apart); returns how many deliveries the outbox holds."""
    settings = load_settings(env={}).model_copy(update={"feeds": []})
    now = datetime.now(UTC)
    ids = []
    for i in range(chats):
        sub = await store.subscriptions.upsert(
            "telegram",
            str(FIRST_CHAT + i),
            now=now,
            mode="digest",
            next_digest_at=now + timedelta(days=1),
        )
        ids.append(sub.id)
    async with store.write() as conn:  # all due at once, not one by one as they are added
        await conn.execute(
            subscriptions.update()
            .where(subscriptions.c.id.in_(ids))
            .values(next_digest_at=now - timedelta(seconds=1))
        )
    planner = Planner(store, settings, lambda: now, platform_profiles())
    while True:  # under the planning lock, as the deliver processes plan
        async with store.exclusive("sitrep:planning") as mine:
            if mine:
                await planner.plan_digests()
                break
        await asyncio.sleep(0.05)
    return sum((await store.deliveries.counts()).values())


async def deliver_fanout(
    tmp: Path,
    database_url: str,
    api: FakeBotAPI,
    *,
    chats: int,
    rate: float,
    kill_after: int | None = None,
    join_after: int | None = None,
    heartbeat: float = 2.0,
    timeout: float = 600,
) -> FanoutRun:
    store = Store(database_url)
    await store.initialize()
    env = {
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "SITREP_DELIVERY__TELEGRAM_GLOBAL_PER_SECOND": str(rate),
        "SITREP_DELIVERY__TICK_SECONDS": "0.2",
        "PTB_TIMEDELTA": "true",
        "SITREP_WORKERS__HEARTBEAT_SECONDS": str(heartbeat),
    }
    first = 1 if join_after is not None else 2
    procs = [await start_role(tmp, "deliver", database_url, **env) for _ in range(first)]
    stale = timedelta(seconds=10)
    try:
        await asyncio.sleep(2.5)  # a heartbeat each: both know there are two senders
        live = await store.workers.live(datetime.now(UTC), stale)
        assert sorted(w.role for w in live) == ["deliver"] * first, live
        run = FanoutRun(chats, 0, 0, 0, 0.0, joined_at=join_after, killed_at=kill_after)
        # the deliver processes may plan (and start sending) while this is still planning:
        # what happens part-way is watched from the first send on, alongside the planning
        during = asyncio.create_task(_part_way(tmp, database_url, env, store, api, procs, run))
        try:
            assert await plan_digest(store, chats) == chats
            await during
        finally:
            during.cancel()

        async def outbox_empty() -> bool:
            return not await store.deliveries.pending_count()

        finished = await wait_for(outbox_empty, timeout=timeout, every=0.05)
        run.seconds = finished - api.sent[0].sent_at
        if run.killed_mono is not None:
            run.finished_after = finished - run.killed_mono
    finally:
        for proc in procs:
            await proc.stop()
        await store.shutdown()
    run.logs = [proc.log for proc in procs]
    wanted = set(range(FIRST_CHAT, FIRST_CHAT + chats))
    run.reached = len({m.chat_id for m in api.sent} & wanted)
    run.duplicates = sum(n - 1 for n in api.duplicates().values())
    run.rate_limited_after_first_second = len(api.rate_limited_after(1.0))
    run.rate = api.send_rate(1.0)
    run.busiest_second = api.busiest_second()
    return run


async def _part_way(
    tmp: Path,
    database_url: str,
    env: dict[str, str],
    store: Store,
    api: FakeBotAPI,
    procs: list[RoleProcess],
    run: FanoutRun,
) -> None:
    """Start the second process, or kill one, once so many messages went out."""
    if run.joined_at is not None:
        await wait_for(lambda: _at_least(api, run.joined_at or 0), timeout=120, every=0.005)
        run.joined_at = api.sent_count
        procs.append(await start_role(tmp, "deliver", database_url, **env))
    if run.killed_at is not None:
        await _kill_one(store, api, procs, run, run.killed_at)


async def _kill_one(
    store: Store,
    api: FakeBotAPI,
    procs: list[RoleProcess],
    run: FanoutRun,
    kill_after: int,
) -> None:
    victim = procs[0]
    ids = {w.pid: w.id for w in await store.workers.live(datetime.now(UTC), timedelta(hours=1))}
    victim_id = ids[victim.pid]
    await wait_for(lambda: _at_least(api, kill_after), timeout=120, every=0.005)
    victim.kill()
    run.killed_mono = time.monotonic()
    await victim.proc.wait()
    run.killed_at = api.sent_count
    recovered = await wait_for(lambda: _none_held(store, victim_id), timeout=120, every=0.1)
    run.recovered_after = recovered - run.killed_mono


async def _at_least(api: FakeBotAPI, n: int) -> bool:
    return api.sent_count >= n


async def _none_held(store: Store, worker: str) -> bool:
    return await store.deliveries.held_by(worker) == 0
