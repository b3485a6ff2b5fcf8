"""Several processes on one store, at the store's level: feed claims with a lease and a
per-host cap across workers, heartbeats, reaping a dead worker's claims, the
cluster-wide lock, and the send budget shared among live senders. Both backends."""

from __future__ import annotations

import asyncio
import io
from dataclasses import replace
from datetime import timedelta

from bot.app import App
from bot.delivery import Pacer
from bot.delivery.pacing import Limits
from bot.runtime.service import Role, Service
from bot.settings import Settings, WorkersSettings
from bot.store import Store
from tests.support.clock import Clock

LEASE = timedelta(minutes=15)
STALE = timedelta(seconds=10)


async def _feeds(store: Store, clock: Clock, hosts: dict[str, int]) -> None:
    for host, n in hosts.items():
        for i in range(n):
            await store.feeds.add(
                f"http://{host}/feed/{i}.xml", now=clock.now - timedelta(minutes=1)
            )


async def test_claims_split_due_feeds_and_a_claimed_feed_is_nobody_elses(store: Store) -> None:
    clock = Clock()
    await _feeds(store, clock, {"a.example": 6, "b.example": 6})
    first = await store.feed_claims.claim("w1", clock.now, lease=LEASE, limit=5, per_host=100)
    second = await store.feed_claims.claim("w2", clock.now, lease=LEASE, limit=50, per_host=100)
    third = await store.feed_claims.claim("w3", clock.now, lease=LEASE, limit=50, per_host=100)
    assert len(first) == 5 and len(second) == 7 and third == []
    assert not {f.id for f in first} & {f.id for f in second}
    assert await store.feed_claims.held(clock.now) == {"w1": 5, "w2": 7}
    # the lease ends: the feed is due again for anyone
    clock.advance(seconds=LEASE.total_seconds() + 1)
    again = await store.feed_claims.claim("w3", clock.now, lease=LEASE, limit=50, per_host=100)
    assert len(again) == 12


async def test_per_host_cap_counts_what_other_workers_hold(store: Store) -> None:
    clock = Clock()
    await _feeds(store, clock, {"a.example": 10, "b.example": 3})
    one = await store.feed_claims.claim("w1", clock.now, lease=LEASE, limit=3, per_host=4)
    two = await store.feed_claims.claim("w2", clock.now, lease=LEASE, limit=50, per_host=4)
    hosts = [f.url.split("/")[2] for f in one + two]
    assert hosts.count("a.example") == 4 and hosts.count("b.example") == 3
    # a finished feed (released by its poll's record) frees one slot of its host
    done = next(f for f in one + two if f.url.startswith("http://a.example"))
    await store.feeds.update(
        done.id, claimed_by="", claimed_until=None, next_poll_at=clock.now + timedelta(hours=1)
    )
    three = await store.feed_claims.claim("w3", clock.now, lease=LEASE, limit=50, per_host=4)
    assert [f.url.split("/")[2] for f in three] == ["a.example"]


async def test_a_dead_worker_is_reaped_and_its_claims_go_back(store: Store) -> None:
    clock = Clock()
    await _feeds(store, clock, {"a.example": 3})
    for chat in ("1", "2"):
        await store.deliveries.enqueue(
            platform="telegram",
            chat_id=chat,
            kind="digest",
            dedupe_key=f"d{chat}",
            payload=[{"text": "x"}],
            now=clock.now,
        )
    await store.workers.register("dead", "deliver", "h1", 11, clock.now)
    await store.workers.register("alive", "ingest", "h2", 12, clock.now)
    assert (
        len(await store.feed_claims.claim("dead", clock.now, lease=LEASE, limit=9, per_host=9)) == 3
    )
    assert len(await store.deliveries.claim("dead", clock.now)) == 2
    clock.advance(seconds=8)
    assert await store.workers.heartbeat("alive", clock.now)
    assert (await store.workers.reap(clock.now, STALE)).workers == 0
    clock.advance(seconds=4)  # "dead" silent for 12 s, "alive" for 4 s
    assert [w.id for w in await store.workers.live(clock.now, STALE)] == ["alive"]
    reaped = await store.workers.reap(clock.now, STALE)
    assert (reaped.workers, reaped.feeds, reaped.deliveries) == (1, 3, 2)
    assert await store.workers.heartbeat("dead", clock.now) is False  # it must register again
    assert len(await store.deliveries.claim("alive", clock.now)) == 2
    got = await store.feed_claims.claim("alive", clock.now, lease=LEASE, limit=9, per_host=9)
    assert len(got) == 3


async def test_leaving_releases_feeds(store: Store) -> None:
    clock = Clock()
    await _feeds(store, clock, {"a.example": 2})
    await store.workers.register("w", "ingest", "h", 1, clock.now)
    await store.feed_claims.claim("w", clock.now, lease=LEASE, limit=9, per_host=9)
    left = await store.workers.leave("w", clock.now)
    assert (left.workers, left.feeds) == (1, 2)
    assert await store.workers.live(clock.now, STALE) == []
    assert await store.feed_claims.held(clock.now) == {}


async def test_exclusive_lock_admits_one_holder(store: Store) -> None:
    async with store.exclusive("sitrep:housekeeping") as first:
        assert first
        async with store.exclusive("sitrep:housekeeping") as second:
            # PostgreSQL: a second session is refused; SQLite has one process only
            assert second is store.is_sqlite
    async with store.exclusive("sitrep:housekeeping") as again:
        assert again


async def test_pacer_share_divides_the_overall_rate() -> None:
    pacer = Pacer(Limits(global_per_second=40, chat_per_second=1000))
    pacer.set_share(0.5)
    loop = asyncio.get_running_loop()
    start = loop.time()
    for i in range(41):
        await pacer.acquire(f"c{i}", False)
    seconds = loop.time() - start
    assert pacer.share == 0.5
    assert 1.8 <= seconds <= 2.6  # 40 sends at 20/s, not 1 s at 40/s
    pacer.set_share(0)
    assert pacer.share == 1


class _Senders:
    """Services of several roles on one store, each sending through a Telegram pacer."""

    def __init__(self, store: Store, settings: Settings, **workers: float) -> None:
        self.store = store
        self.settings = settings.model_copy(
            update={"workers": WorkersSettings(heartbeat_seconds=0.2, stale_seconds=3, **workers)}
        )
        self.services: dict[str, Service] = {}

    async def start(self, role: Role) -> Service:
        app = App(self.settings, store=self.store)
        app.pacer("telegram")  # a platform whose pacer the process sends through
        service = replace(
            app.service([app.console_adapter(io.StringIO())], role=role),
            open_app=_nothing,
            close_app=_nothing,
        )
        await service.start()
        self.services[role] = service
        return service

    def share(self, role: Role) -> list[float]:
        return sorted({p.share for p in self.services[role]._pacers()})

    async def opened(self, service: Service) -> None:
        async with asyncio.timeout(5):
            while any(p.held for p in service._pacers()):
                await asyncio.sleep(0.005)

    async def stop(self) -> None:
        for service in self.services.values():
            await service.stop()


async def test_a_chat_process_shares_the_budget_and_a_joiner_holds_until_others_slow(
    store: Store, settings: Settings
) -> None:
    """The overall limit is per bot: a ``chat`` process's replies count as a sender next to
    a ``deliver`` process; and a sender that joins sends nothing until every live sender
    has seen it (and paces at the smaller share), so the budget holds while it joins."""
    senders = _Senders(store, settings)
    share = senders.share
    try:
        deliver = await senders.start("deliver")
        assert share("deliver") == [1] and not any(p.held for p in deliver._pacers())
        chat = await senders.start("chat")
        chat_pacers = chat._pacers()
        assert chat_pacers and all(p.held for p in chat_pacers)  # joining: sends nothing yet
        assert share("chat") == [0.5]
        await senders.opened(chat)
        assert share("deliver") == [0.5]  # it opened once the deliver process paces at half
        _, health = await deliver.health()
        assert health["checks"]["workers"] == {"chat": 1, "deliver": 1}
        await senders.services.pop("chat").stop()
        async with asyncio.timeout(5):  # one sender left: the whole budget is its own
            while share("deliver") != [1]:
                await asyncio.sleep(0.05)
    finally:
        await senders.stop()


async def test_a_lower_chat_weight_leaves_the_deliver_processes_more_of_the_budget(
    store: Store, settings: Settings
) -> None:
    """With ``workers.chat_weight = 0.25``, a chat and a deliver process split the per-bot
    budget 0.25 : 1, so digests keep 4/5 of it instead of half."""
    senders = _Senders(store, settings, chat_weight=0.25)
    try:
        first = await senders.start("deliver")
        chat = await senders.start("chat")
        await senders.opened(chat)
        assert senders.share("chat") == [0.2] and senders.share("deliver") == [0.8]
        assert first.send_share() == 0.8
    finally:
        await senders.stop()


async def _nothing() -> None:
    return None
