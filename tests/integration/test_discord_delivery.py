"""Outbox sends through the Discord adapter: digests and alerts as embeds, each platform
error path (429, 403, 404, 503, 400) through the real DeliveryWorker, and the service
running with Discord only."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.adapters.discord.adapter import DiscordAdapter
from bot.adapters.discord.profile import render_parts
from bot.app import App, platform_profiles
from bot.domain import Subscription
from bot.planning.planner import Planner
from bot.store import Store
from tests.fakes.discord_server import (
    DEFAULT_ALERTS_CHANNEL_ID,
    DEFAULT_CHANNEL_ID,
    DEFAULT_GUILD_ID,
    DEFAULT_MEMBER_ID,
    DEFAULT_OWNER_ID,
    DEFAULT_THREAD_ID,
    FakeDiscord,
)
from tests.integration.test_discord_world import (  # noqa: F401 - fixtures
    ITEMS,
    Clock,
    adapter_fixture,
    add_articles,
    app_fixture,
    clock_fixture,
    fake_fixture,
    make_adapter,
    run_command,
    text_of,
    worker,
)

SENDS = "POST /channels/{channel_id}/messages"
OWNER: dict[str, Any] = {"user_id": DEFAULT_OWNER_ID}


async def digest_due(
    fake: FakeDiscord, app: App, clock: Clock, channel_id: int = DEFAULT_CHANNEL_ID
) -> Subscription:
    """A digest subscription in ``channel_id`` (made with /subscribe), due now, with news."""
    await run_command(fake, "subscribe", {"time": "07:00"}, channel_id=channel_id, **OWNER)
    sub = await app.store.subscriptions.get_for("discord", str(channel_id), "")
    assert sub is not None
    await add_articles(app.store, clock)
    await app.store.subscriptions.update(sub.id, next_digest_at=clock())
    clock.advance(seconds=1)
    assert await Planner(app.store, app.settings, clock, platform_profiles()).plan_digests() == 1
    return sub


def statuses(fake: FakeDiscord, channel_id: int) -> list[int]:
    return [
        r.status
        for r in fake.requests
        if r.route == SENDS and r.params.get("channel_id") == str(channel_id)
    ]


async def only_delivery(store: Store) -> Any:
    (delivery,) = await store.deliveries.list()
    return delivery


async def test_digest_is_delivered_as_embeds(
    fake: FakeDiscord, app: App, adapter: DiscordAdapter, clock: Clock
) -> None:
    await digest_due(fake, app, clock)
    await worker(app, adapter).drain(timeout=10)
    messages = fake.channel_messages(DEFAULT_CHANNEL_ID)
    assert messages and all(m.embeds for m in messages)
    text = "\n".join(text_of(m) for m in messages)
    for item in ITEMS:
        assert item.headline in text
    delivery = await only_delivery(app.store)
    assert delivery.state == "sent" and delivery.parts_sent == len(messages)


async def test_a_long_digest_is_split_into_several_messages_in_order(
    fake: FakeDiscord, app: App, adapter: DiscordAdapter, clock: Clock
) -> None:
    app.settings = app.settings.model_copy(
        update={"digest": app.settings.digest.model_copy(update={"max_stories": 40})}
    )
    places = ["Gdansk", "Tallinn", "Riga", "Kiel", "Narvik"]
    many = [
        replace(i, slug=f"{i.slug}-{p}", headline=f"{p}: {i.headline}", lead=f"{p}. {i.lead} " * 6)
        for p in places
        for i in ITEMS
    ]
    await add_articles(app.store, clock, many)
    sub = await digest_due(fake, app, clock)
    planner = Planner(app.store, app.settings, clock, platform_profiles())
    expected = render_parts(await planner.digest_for(sub, clock()))
    await worker(app, adapter).drain(timeout=10)
    messages = fake.channel_messages(DEFAULT_CHANNEL_ID)
    assert len(messages) > 1 and len(messages) == len(expected)
    sent = [[(e.get("title"), e.get("description")) for e in m.embeds] for m in messages]
    assert sent == [[(e.get("title"), e.get("description")) for e in p["embeds"]] for p in expected]
    for place in places:
        assert place in "\n".join(text_of(m) for m in messages)
    assert (await only_delivery(app.store)).parts_sent == len(messages)


async def test_alert_to_a_direct_message(
    fake: FakeDiscord, app: App, adapter: DiscordAdapter, clock: Clock
) -> None:
    dm = fake.open_dm(DEFAULT_MEMBER_ID)
    await run_command(fake, "subscribe", {"mode": "instant"}, channel_id=dm)
    await add_articles(app.store, clock, ITEMS[1:2])
    assert await Planner(app.store, app.settings, clock, platform_profiles()).plan_alerts() == 1
    await worker(app, adapter).drain(timeout=10)
    (alert,) = fake.channel_messages(dm)
    assert "Tomas Varga" in text_of(alert)


async def test_instant_alert_goes_to_the_thread(
    fake: FakeDiscord, app: App, adapter: DiscordAdapter, clock: Clock
) -> None:
    await run_command(fake, "subscribe", {"mode": "instant"}, channel_id=DEFAULT_THREAD_ID, **OWNER)
    await add_articles(app.store, clock, ITEMS[:1])
    assert await Planner(app.store, app.settings, clock, platform_profiles()).plan_alerts() == 1
    await worker(app, adapter).drain(timeout=10)
    (alert,) = fake.channel_messages(DEFAULT_THREAD_ID)
    assert alert.embeds[0]["title"].startswith("Allied frigates step up Baltic cable patrols")
    assert "Every cable on the seabed" in text_of(alert)
    assert fake.channel_messages(DEFAULT_CHANNEL_ID) == []


async def test_short_429_is_waited_out_and_sent_once(
    fake: FakeDiscord, app: App, adapter: DiscordAdapter, clock: Clock
) -> None:
    await digest_due(fake, app, clock)
    fake.rate_limit_channel(DEFAULT_CHANNEL_ID, retry_after=0.2)
    await worker(app, adapter).drain(timeout=10)
    sent = statuses(fake, DEFAULT_CHANNEL_ID)
    assert sent[0] == 429 and sent[1:] == [200] * (len(sent) - 1)
    assert (await only_delivery(app.store)).state == "sent"
    assert len(fake.channel_messages(DEFAULT_CHANNEL_ID)) == len(sent) - 1  # nothing twice


async def test_long_429_comes_back_to_the_worker_then_sends_once(
    fake: FakeDiscord, app: App, adapter: DiscordAdapter, clock: Clock
) -> None:
    await digest_due(fake, app, clock)
    fake.rate_limit_channel(DEFAULT_CHANNEL_ID, retry_after=45)
    await worker(app, adapter).drain(timeout=5)  # not blocked for 45 s
    delivery = await only_delivery(app.store)
    assert delivery.state == "pending" and "429" in delivery.last_error
    assert fake.channel_messages(DEFAULT_CHANNEL_ID) == []
    clock.advance(seconds=46)
    await worker(app, adapter).drain(timeout=10)
    assert (await only_delivery(app.store)).state == "sent"
    assert statuses(fake, DEFAULT_CHANNEL_ID).count(429) == 1


async def test_missing_permissions_deactivates_and_the_admin_sees_why(
    fake: FakeDiscord, app: App, adapter: DiscordAdapter, clock: Clock
) -> None:
    sub = await digest_due(fake, app, clock)
    fake.fail_channel(DEFAULT_CHANNEL_ID, "missing_permissions")
    await worker(app, adapter).drain(timeout=10)
    delivery = await only_delivery(app.store)
    assert delivery.state == "dead" and "missing permissions" in delivery.last_error
    stored = await app.store.subscriptions.get(sub.id)
    assert stored is not None and not stored.active
    assert "Send Messages and Embed Links" in stored.deactivated_reason
    _, stats = await run_command(fake, "stats", channel_id=DEFAULT_ALERTS_CHANNEL_ID, **OWNER)
    assert "missing permissions" in text_of(stats)
    _, settings = await run_command(fake, "settings")
    assert "Paused: missing permissions" in settings.content


async def test_unknown_channel_deactivates(
    fake: FakeDiscord, app: App, adapter: DiscordAdapter, clock: Clock
) -> None:
    sub = await digest_due(fake, app, clock)
    fake.fail_channel(DEFAULT_CHANNEL_ID, "unknown_channel")
    await worker(app, adapter).drain(timeout=10)
    assert (await only_delivery(app.store)).state == "dead"
    stored = await app.store.subscriptions.get(sub.id)
    assert stored is not None and not stored.active
    assert stored.deactivated_reason.startswith("unknown channel")


async def test_a_deleted_thread_stops_only_its_own_subscription(
    fake: FakeDiscord, app: App, adapter: DiscordAdapter, clock: Clock
) -> None:
    for channel in (DEFAULT_CHANNEL_ID, DEFAULT_THREAD_ID):
        await run_command(fake, "subscribe", {"mode": "instant"}, channel_id=channel, **OWNER)
    fake.guild(DEFAULT_GUILD_ID).channels = [
        c for c in fake.guild(DEFAULT_GUILD_ID).channels if c.id != DEFAULT_THREAD_ID
    ]  # the thread is deleted: its sends get 404 Unknown Channel
    await add_articles(app.store, clock, ITEMS[:1])
    assert await Planner(app.store, app.settings, clock, platform_profiles()).plan_alerts() == 2
    await worker(app, adapter).drain(timeout=10)
    assert statuses(fake, DEFAULT_THREAD_ID) == [404]
    assert len(fake.channel_messages(DEFAULT_CHANNEL_ID)) == 1
    subs = {s.chat_id: s for s in await app.store.subscriptions.list()}
    assert subs[str(DEFAULT_CHANNEL_ID)].active
    assert not subs[str(DEFAULT_THREAD_ID)].active
    assert subs[str(DEFAULT_THREAD_ID)].deactivated_reason.startswith("unknown channel")


async def test_503_is_retried_then_sent(
    fake: FakeDiscord, app: App, adapter: DiscordAdapter, clock: Clock
) -> None:
    await digest_due(fake, app, clock)
    fake.fail_channel(DEFAULT_CHANNEL_ID, "unavailable")
    await worker(app, adapter).drain(timeout=10)
    delivery = await only_delivery(app.store)
    assert delivery.state == "failed" and "503" in delivery.last_error
    clock.advance(seconds=6)  # past the first backoff (retry_base 5 s)
    await worker(app, adapter).drain(timeout=10)
    assert (await only_delivery(app.store)).state == "sent"
    assert statuses(fake, DEFAULT_CHANNEL_ID)[0] == 503
    assert fake.channel_messages(DEFAULT_CHANNEL_ID)


async def test_a_refused_message_is_dead_but_the_subscription_stays(
    fake: FakeDiscord, app: App, adapter: DiscordAdapter, clock: Clock
) -> None:
    sub = await digest_due(fake, app, clock)
    fake.fail_channel(DEFAULT_CHANNEL_ID, 400)
    await worker(app, adapter).drain(timeout=10)
    delivery = await only_delivery(app.store)
    assert delivery.state == "dead" and "rejected" in delivery.last_error
    stored = await app.store.subscriptions.get(sub.id)
    assert stored is not None and stored.active


async def test_service_runs_with_discord_only(fake: FakeDiscord, app: App, clock: Clock) -> None:
    discord_adapter = make_adapter(app)
    service = app.service([discord_adapter])
    await service.start()
    try:
        assert discord_adapter.connected and [w.platform for w in service.workers] == ["discord"]
        await run_command(fake, "subscribe", {"mode": "instant"}, **OWNER)
        await add_articles(app.store, clock, ITEMS[:1])
        await service.alert_tick()
        alert = await fake.wait_for_message(DEFAULT_CHANNEL_ID)
        assert "Baltic cable patrols" in text_of(alert)
    finally:
        await service.stop()
    assert not discord_adapter.connected and discord_adapter.client is None
    built = app.chat_adapters()  # what `sitrep run` picks with only DISCORD_BOT_TOKEN set
    assert [type(a) for a in built] == [DiscordAdapter]


async def test_sends_before_login_wait_without_spending_attempts(
    fake: FakeDiscord, app: App, adapter: DiscordAdapter, clock: Clock
) -> None:
    await digest_due(fake, app, clock)
    idle = make_adapter(app)
    await idle.initialize()  # built but not logged in, as when the service starts
    try:
        await worker(app, idle).drain(timeout=5)
        delivery = await only_delivery(app.store)
        assert delivery.state == "pending" and delivery.attempts == 0
        assert fake.channel_messages(DEFAULT_CHANNEL_ID) == []
    finally:
        await idle.shutdown()
