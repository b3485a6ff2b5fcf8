"""The outbox state machine and planner on real stores (SQLite file and PostgreSQL).

The sender here is a scripted in-process sender; the platform error paths with the
real libraries are covered in test_telegram.py and test_discord.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.app import platform_profiles
from bot.delivery import (
    ChatGone,
    ChatMigrated,
    DeliveryWorker,
    Limits,
    Rejected,
    RetryLater,
    Transient,
)
from bot.domain import Delivery
from bot.planning.planner import Planner, next_digest_at
from bot.settings import Settings
from bot.store import Store
from summaries.models import Article, Briefing, Quote
from tests.support.clock import Clock

T0 = datetime(2026, 11, 28, 6, 0, tzinfo=UTC)


class ScriptedSender:
    """Records parts; raises the next scripted error for a chat if one is queued."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []
        self.script: dict[str, list[Exception]] = {}

    async def send(self, delivery: Delivery, part: dict[str, Any]) -> None:
        errors = self.script.get(delivery.chat_id)
        if errors:
            raise errors.pop(0)
        self.sent.append((delivery.chat_id, part["text"]))


def worker(store: Store, sender: ScriptedSender, clock: Clock, **kw: Any) -> DeliveryWorker:
    return DeliveryWorker(
        store, "telegram", sender, Limits(10_000, 10_000, 10_000), clock=clock, retry_base=1, **kw
    )


async def enqueue(
    store: Store, chat: str, parts: int = 1, key: str = "", clock: Clock | None = None
) -> int:
    delivery_id = await store.deliveries.enqueue(
        platform="telegram",
        chat_id=chat,
        kind="digest",
        dedupe_key=key or f"k-{chat}",
        payload=[{"text": f"{chat} part {i}"} for i in range(parts)],
        now=(clock or Clock(T0))(),
    )
    assert delivery_id is not None
    return delivery_id


async def state(store: Store, delivery_id: int) -> Delivery:
    found = await store.deliveries.get(delivery_id)
    assert found is not None
    return found


async def test_parts_arrive_complete_and_in_order_and_the_row_is_sent(store: Store) -> None:
    sender, clock = ScriptedSender(), Clock(T0)
    d = await enqueue(store, "1", parts=4)
    await worker(store, sender, clock).drain()
    assert sender.sent == [("1", f"1 part {i}") for i in range(4)]
    row = await state(store, d)
    assert row.state == "sent" and row.parts_sent == 4 and row.sent_at == clock.now


async def test_dedupe_key_prevents_a_second_row(store: Store) -> None:
    await enqueue(store, "1", key="digest:1:20261128")
    again = await store.deliveries.enqueue(
        platform="telegram",
        chat_id="1",
        kind="digest",
        dedupe_key="digest:1:20261128",
        payload=[],
        now=T0,
    )
    assert again is None


async def test_rate_limit_releases_without_using_an_attempt_then_sends_once(store: Store) -> None:
    sender, clock = ScriptedSender(), Clock(T0)
    sender.script["1"] = [RetryLater(3)]
    d = await enqueue(store, "1", parts=2)
    other = await enqueue(store, "2")
    w = worker(store, sender, clock)
    await w.drain_once()
    row = await state(store, d)
    assert (
        row.state == "pending"
        and row.attempts == 0
        and row.next_attempt_at == clock.now + timedelta(seconds=3)
    )
    assert (await state(store, other)).state == "sent"  # only the limited chat paused
    await asyncio.sleep(3.05)  # the pacer's pause for that chat is real time
    clock.now += timedelta(seconds=3)
    await w.drain()
    assert [t for c, t in sender.sent if c == "1"] == ["1 part 0", "1 part 1"]
    assert (await state(store, d)).state == "sent"


async def test_transient_errors_back_off_then_go_dead_after_max_attempts(store: Store) -> None:
    sender, clock = ScriptedSender(), Clock(T0)
    sender.script["1"] = [Transient("HTTP 502")] * 3
    d = await enqueue(store, "1")
    w = worker(store, sender, clock, max_attempts=3)
    delays = []
    for _ in range(3):
        await w.drain_once()
        row = await state(store, d)
        if row.state == "dead":
            break
        assert row.state == "failed" and row.next_attempt_at is not None
        delays.append(row.next_attempt_at - clock.now)
        clock.now = row.next_attempt_at
    row = await state(store, d)
    assert delays == [timedelta(seconds=1), timedelta(seconds=2)]
    assert row.state == "dead" and "gave up after 3 attempts" in row.last_error
    assert sender.sent == []


async def test_transient_then_success(store: Store) -> None:
    sender, clock = ScriptedSender(), Clock(T0)
    sender.script["1"] = [Transient("timeout")]
    d = await enqueue(store, "1")
    w = worker(store, sender, clock)
    await w.drain_once()
    clock.now += timedelta(seconds=5)
    await w.drain()
    assert (await state(store, d)).state == "sent" and sender.sent == [("1", "1 part 0")]


async def test_chat_gone_deactivates_subscriptions_and_kills_pending_rows(store: Store) -> None:
    sender, clock = ScriptedSender(), Clock(T0)
    sub = await store.subscriptions.upsert("telegram", "1", now=T0, mode="digest")
    sender.script["1"] = [ChatGone("Forbidden: bot was blocked by the user")]
    first = await enqueue(store, "1", key="a")
    second = await enqueue(store, "1", key="b")
    await worker(store, sender, clock).drain()
    assert (await state(store, first)).state == "dead" and (
        await state(store, second)
    ).state == "dead"
    fresh = await store.subscriptions.get(sub.id)
    assert fresh is not None and not fresh.active and "blocked" in fresh.deactivated_reason


async def test_migrated_group_updates_the_chat_and_resends(store: Store) -> None:
    sender, clock = ScriptedSender(), Clock(T0)
    sub = await store.subscriptions.upsert(
        "telegram", "-100", now=T0, mode="digest", chat_type="group"
    )
    sender.script["-100"] = [ChatMigrated("-1009")]
    d = await enqueue(store, "-100", parts=2)
    await worker(store, sender, clock).drain()
    assert sender.sent == [("-1009", "-100 part 0"), ("-1009", "-100 part 1")]
    fresh = await store.subscriptions.get(sub.id)
    assert fresh is not None and fresh.chat_id == "-1009" and fresh.chat_type == "supergroup"
    assert (await state(store, d)).chat_id == "-1009"


async def test_rejected_message_is_dead_and_visible(store: Store) -> None:
    sender, clock = ScriptedSender(), Clock(T0)
    sender.script["1"] = [Rejected("Bad Request: can't parse entities")]
    d = await enqueue(store, "1")
    await worker(store, sender, clock).drain()
    row = await state(store, d)
    assert row.state == "dead" and "parse entities" in row.last_error
    assert [x.id for x in await store.deliveries.list(state="dead")] == [d]


async def test_a_crashed_worker_leaves_rows_that_are_resumed_at_the_next_part(store: Store) -> None:
    clock = Clock(T0)
    d = await enqueue(store, "1", parts=3)
    claimed = await store.deliveries.claim("dead-worker", clock.now)
    assert [c.id for c in claimed] == [d]
    await store.deliveries.part_sent(d, 1, clock.now)  # it had sent part 0, then died
    sender = ScriptedSender()
    w = worker(store, sender, clock, lease=timedelta(seconds=60))
    await w.drain()
    assert sender.sent == []  # still leased to the dead worker
    clock.now += timedelta(seconds=61)
    assert await store.deliveries.recover_stale(clock.now, timedelta(seconds=60)) == 1
    await w.drain()
    assert sender.sent == [("1", "1 part 1"), ("1", "1 part 2")]


async def test_two_workers_never_claim_the_same_row(store: Store) -> None:
    clock = Clock(T0)
    for i in range(60):
        await enqueue(store, str(i))
    claims = await asyncio.gather(
        *(store.deliveries.claim(f"w{i}", clock.now, limit=25) for i in range(4))
    )
    ids = [d.id for batch in claims for d in batch]
    assert len(ids) == len(set(ids)) == 60


# ---------------------------------------------------------------- planner


async def add_article(
    store: Store,
    n: int,
    now: datetime,
    *,
    speaker: str = "Mark Rutte",
    topics: tuple[str, ...] = ("NATO",),
    published: datetime | None = None,
) -> int:
    """An article sitrep stored at ``now``, published at ``published`` (default: ``now``)."""
    text = f"Story {n}. “Quote number {n} is here,” {speaker} said."
    start = text.index("Quote")
    quote = Quote(
        f"Quote number {n} is here,",
        start,
        start + len(f"Quote number {n} is here,"),
        speaker,
        "Secretary General",
    )
    briefing = Briefing(
        f"Headline {n}",
        f"https://news.example/{n}",
        "Example",
        f"Story {n}.",
        quotes=(quote,),
        topics=topics,
        published=published or now,
    )
    article_id = await store.articles.add(
        feed_id=None,
        url_key=f"u{n}",
        guid=str(n),
        article=Article(text, f"Headline {n}", f"https://news.example/{n}"),
        quotes_found=[quote],
        briefing=briefing,
        now=now,
    )
    assert article_id is not None
    return article_id


@pytest.fixture
def planner_settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"digest": settings.digest.model_copy(update={"grace_minutes": 60})}
    )


async def test_due_digest_is_planned_once_and_the_schedule_advances(
    store: Store, planner_settings: Settings
) -> None:
    clock = Clock(datetime(2026, 11, 28, 7, 0, 30, tzinfo=UTC))
    await add_article(store, 1, clock.now - timedelta(hours=2))
    sub = await store.subscriptions.upsert(
        "console", "c1", now=T0, mode="digest", digest_time="07:00", timezone="Europe/London"
    )
    await store.subscriptions.update(
        sub.id, next_digest_at=datetime(2026, 11, 28, 7, 0, tzinfo=UTC)
    )
    planner = Planner(store, planner_settings, clock, platform_profiles())
    assert await planner.plan_digests() == 1
    assert await planner.plan_digests() == 0  # not due again
    rows = await store.deliveries.list()
    assert len(rows) == 1 and rows[0].dedupe_key == f"digest:{sub.id}:20261128T0700"
    assert "Headline 1" in rows[0].payload[0]["text"]
    fresh = await store.subscriptions.get(sub.id)
    assert fresh is not None and fresh.next_digest_at == datetime(2026, 11, 29, 7, 0, tzinfo=UTC)


async def test_missed_digest_within_grace_is_sent_beyond_it_is_skipped_and_recorded(
    store: Store, planner_settings: Settings
) -> None:
    clock = Clock(datetime(2026, 11, 28, 7, 30, tzinfo=UTC))
    inside = await store.subscriptions.upsert(
        "console", "in", now=T0, mode="digest", digest_time="07:00"
    )
    outside = await store.subscriptions.upsert(
        "console", "out", now=T0, mode="digest", digest_time="05:00"
    )
    await store.subscriptions.update(
        inside.id, next_digest_at=datetime(2026, 11, 28, 7, 0, tzinfo=UTC)
    )
    await store.subscriptions.update(
        outside.id, next_digest_at=datetime(2026, 11, 28, 5, 0, tzinfo=UTC)
    )
    assert await Planner(store, planner_settings, clock, platform_profiles()).plan_digests() == 1
    rows = {r.chat_id: r for r in await store.deliveries.list()}
    assert rows["in"].state == "pending"
    assert rows["out"].state == "skipped" and "grace" in rows["out"].last_error
    fresh = await store.subscriptions.get(outside.id)
    assert fresh is not None and fresh.next_digest_at == datetime(2026, 11, 29, 5, 0, tzinfo=UTC)


async def test_each_article_is_in_exactly_one_digest_even_when_it_arrives_late(
    store: Store, planner_settings: Settings
) -> None:
    clock = Clock()
    sub = await store.subscriptions.upsert("console", "c", now=clock.now, mode="digest")
    planner = Planner(store, planner_settings, clock, platform_profiles())

    async def digest_now() -> str:
        await store.subscriptions.update(sub.id, next_digest_at=clock.now)
        assert await planner.plan_digests() == 1
        row = max(await store.deliveries.list(), key=lambda r: r.id)
        return " ".join(part["text"] for part in row.payload)

    await add_article(store, 1, clock.now - timedelta(minutes=5))
    first = await digest_now()
    clock.advance(minutes=10)
    # Published three days ago, first seen now (a slow feed): it belongs to the next digest.
    await add_article(store, 2, clock.now, published=clock.now - timedelta(days=3))
    # Published a month ago (a new feed's backfill): older than the age limit, in none.
    await add_article(store, 3, clock.now, published=clock.now - timedelta(days=30))
    clock.advance(days=3)  # a gap longer than two windows (a weekday-only schedule)
    await add_article(store, 4, clock.now - timedelta(hours=60))
    second = await digest_now()
    clock.advance(days=1)
    third = await digest_now()
    assert "Headline 1" in first and "Headline 2" not in first
    assert "Headline 2" in second and "Headline 4" in second
    assert "Headline 1" not in second and "Headline 3" not in second
    assert not any(f"Headline {n}" in third for n in (1, 2, 3, 4))
    assert "Headline 3" not in first + second + third


async def test_empty_window_says_so(store: Store, planner_settings: Settings) -> None:
    clock = Clock(datetime(2026, 11, 28, 7, 0, tzinfo=UTC))
    sub = await store.subscriptions.upsert("console", "c", now=T0, mode="digest")
    await store.subscriptions.update(sub.id, next_digest_at=clock.now)
    await Planner(store, planner_settings, clock, platform_profiles()).plan_digests()
    [row] = await store.deliveries.list()
    assert row.payload and row.payload[0]["text"].strip()


async def test_instant_alerts_follow_filters_and_the_watermark(
    store: Store, planner_settings: Settings
) -> None:
    clock = Clock(T0)
    await add_article(store, 1, T0)  # before the subscription: never alerted
    everything = await store.subscriptions.upsert(
        "console", "all", now=T0, mode="instant", alert_watermark=await store.articles.max_id()
    )
    healey = await store.subscriptions.upsert(
        "console",
        "hh",
        now=T0,
        mode="instant",
        speakers=("John Healey",),
        alert_watermark=await store.articles.max_id(),
    )
    await add_article(store, 2, T0)
    await add_article(store, 3, T0, speaker="John Healey", topics=("naval",))
    planner = Planner(store, planner_settings, clock, platform_profiles())
    assert await planner.plan_alerts() == 3
    assert await planner.plan_alerts() == 0
    rows = await store.deliveries.list()
    by_chat: dict[str, list[str]] = {}
    for r in rows:
        by_chat.setdefault(r.chat_id, []).append(r.dedupe_key)
    assert sorted(by_chat["all"]) == [f"alert:{everything.id}:2", f"alert:{everything.id}:3"]
    assert by_chat["hh"] == [f"alert:{healey.id}:3"]


def test_next_digest_at_uses_the_subscription_zone() -> None:
    from bot.domain import Subscription

    sub = Subscription(
        id=1, platform="x", chat_id="1", digest_time="08:00", timezone="America/New_York"
    )
    assert next_digest_at(sub, datetime(2026, 7, 1, 0, 0, tzinfo=UTC)) == datetime(
        2026, 7, 1, 12, 0, tzinfo=UTC
    )


_ = Callable


async def test_a_deleted_forum_topic_deactivates_only_that_topic(store: Store) -> None:
    sender, clock = ScriptedSender(), Clock(T0)
    gone = await store.subscriptions.upsert(
        "telegram", "-100", "7", now=T0, mode="digest", chat_type="supergroup"
    )
    alive = await store.subscriptions.upsert(
        "telegram", "-100", "8", now=T0, mode="digest", chat_type="supergroup"
    )
    sender.script["-100"] = [ChatGone("Bad Request: message thread not found", thread_only=True)]
    dead = await store.deliveries.enqueue(
        platform="telegram",
        chat_id="-100",
        thread_id="7",
        kind="digest",
        dedupe_key="t7",
        payload=[{"text": "a"}],
        now=T0,
    )
    ok = await store.deliveries.enqueue(
        platform="telegram",
        chat_id="-100",
        thread_id="8",
        kind="digest",
        dedupe_key="t8",
        payload=[{"text": "b"}],
        now=T0,
    )
    assert dead is not None and ok is not None
    await worker(store, sender, clock).drain()
    assert (await state(store, dead)).state == "dead" and (await state(store, ok)).state == "sent"
    g, a = await store.subscriptions.get(gone.id), await store.subscriptions.get(alive.id)
    assert g is not None and not g.active and a is not None and a.active


async def test_housekeeping_keeps_recent_articles_and_unfinished_deliveries(
    store: Store, planner_settings: Settings
) -> None:
    clock = Clock(datetime(2026, 11, 28, 12, 0, tzinfo=UTC))
    old = await add_article(store, 1, clock.now - timedelta(days=120))
    recent = await add_article(store, 2, clock.now - timedelta(days=1))
    done = await enqueue(store, "1", key="old-sent", clock=Clock(clock.now - timedelta(days=40)))
    waiting = await enqueue(
        store, "2", key="old-pending", clock=Clock(clock.now - timedelta(days=40))
    )
    await store.deliveries.mark_sent(done, clock.now - timedelta(days=40))
    await Planner(store, planner_settings, clock, platform_profiles()).housekeeping()
    assert await store.articles.get(old) is None and await store.articles.get(recent) is not None
    assert await store.deliveries.get(done) is None
    assert (await state(store, waiting)).state == "pending"  # never drop what is not yet sent
    assert (await store.articles.counts())["quotes"] == 1
