"""The Discord adapter with the real discord.py against the loopback Discord fake.

Slash commands (subscriber, reader, admin), autocomplete, permission checks, buttons,
deferral of slow commands, ephemeral errors, OPML export/import, on a real store
(SQLite and PostgreSQL).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
import pytest
from discord.http import Route

from bot.adapters.discord.adapter import MAX_ATTACHMENT_BYTES
from bot.adapters.discord.commands import neutral_args, options_for
from bot.commands import CommandSpec, Invocation
from bot.commands.core import split_args
from bot.replies import Reply, text_reply
from bot.store import Store
from tests.fakes.discord_server import (
    DEFAULT_ALERTS_CHANNEL_ID,
    DEFAULT_CHANNEL_ID,
    DEFAULT_GUILD_ID,
    DEFAULT_MEMBER_ID,
    DEFAULT_OWNER_ID,
    DEFAULT_THREAD_ID,
    EMBED_LINKS,
    FakeDiscord,
    FakeOverwrite,
)
from tests.integration.test_discord_world import (  # noqa: F401 - fixtures
    ADMIN_ROLE_ID,
    Clock,
    adapter_fixture,
    add_articles,
    app_fixture,
    clock_fixture,
    fake_fixture,
    make_adapter,
    run_command,
    text_of,
)
from tests.support.feedserver import FeedServer
from tests.support.wire import load_articles, rss

MANAGE_CHANNELS = 1 << 4
OWNER: dict[str, Any] = {"user_id": DEFAULT_OWNER_ID}


async def test_start_identifies_with_guilds_only_and_syncs_every_command(
    fake: FakeDiscord, app: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    before = Route.BASE
    adapter = make_adapter(app)
    await adapter.initialize()
    await adapter.start()
    try:
        assert adapter.connected
        identify = await fake.wait_for_identify()
        assert identify["intents"] == discord.Intents(guilds=True).value  # nothing privileged
        sync = await fake.wait_for_sync(DEFAULT_GUILD_ID)
        assert set(sync.names()) == set(adapter.commands.table.specs)
        subscribe = {o["name"]: o for o in sync.command("subscribe")["options"]}
        assert [c["value"] for c in subscribe["mode"]["choices"]] == ["digest", "instant"]
        assert subscribe["zone"]["autocomplete"] and subscribe["speakers"]["autocomplete"]
        count = sync.command("latest")["options"][0]
        assert (count["type"], count["min_value"], count["max_value"]) == (4, 1, 10)
        upload = sync.command("importfeeds")["options"][0]
        assert (upload["type"], upload["required"]) == (11, True)
        assert fake.rest_base == Route.BASE
    finally:
        await adapter.shutdown()
    assert not adapter.connected
    assert before == Route.BASE  # the endpoints are put back
    assert caplog.records and all(fake.token not in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    ("command", "values", "expected"),
    [
        (
            "subscribe",
            {"time": "07:00", "zone": "Europe/London", "topics": "nato,naval"},
            "07:00 zone=Europe/London topics=nato,naval",
        ),
        (
            "subscribe",
            {"mode": "instant", "speakers": "Kara Lindqvist"},
            "instant 'speakers=Kara Lindqvist'",
        ),
        (
            "subscribe",
            {"options": "keywords=drone exclude=rumour"},
            "keywords=drone exclude=rumour",
        ),
        ("settings", {"time": "08:00", "mode": "digest"}, "time=08:00 mode=digest"),
        ("quotes", {"subject": "Kara O'Neill"}, "'Kara O'\"'\"'Neill'"),
        ("latest", {"count": 3}, "3"),
        (
            "feedfilter",
            {"feed": "3", "exclude": "opinion,/sponsor\\w+/", "relevance": "on"},
            "3 'exclude=opinion,/sponsor\\w+/' relevance=on",
        ),
        ("importfeeds", {"file": None}, ""),
    ],
)
def test_typed_options_become_the_neutral_argument_string(
    command: str, values: dict[str, Any], expected: str
) -> None:
    spec = CommandSpec(command, "", "", "subscriber", _never)
    args = neutral_args(options_for(spec), values)
    assert args == expected
    if command == "quotes":  # the command layer reads the quoted name back whole
        assert split_args(args) == ("Kara O'Neill",)


def test_a_new_neutral_command_gets_text_options_from_its_spec() -> None:
    args = (("Topic Name", "which topic"), ("since", "hours back"))
    spec = CommandSpec("brief", "", "/brief TOPIC [since=H]", "reader", _never, args)
    topic, since = options_for(spec)
    assert (topic.name, topic.description, topic.kind) == ("topic_name", "which topic", str)
    values = {"topic_name": "air defence", "since": "12"}
    assert neutral_args((topic, since), values) == "'air defence' since=12"


async def _never(inv: Invocation) -> Reply:
    raise AssertionError("not run")


# ---------------------------------------------------------------- subscriber commands


async def test_subscribe_turns_typed_options_into_a_subscription(
    fake: FakeDiscord, adapter: Any, store: Store
) -> None:
    options = {
        "time": "07:30",
        "zone": "Europe/London",
        "topics": "nato,naval",
        "speakers": "Kara Lindqvist",
        "days": "mon-fri",
    }
    it, message = await run_command(fake, "subscribe", options, **OWNER)
    assert it.response is not None and it.response.type == 4
    assert not message.ephemeral and "Subscribed" in message.content
    sub = await store.subscriptions.get_for("discord", str(DEFAULT_CHANNEL_ID), "")
    assert sub is not None and sub.active and sub.chat_type == "guild"
    assert (sub.mode, sub.digest_time, sub.timezone) == ("digest", "07:30", "Europe/London")
    assert sub.topics == ("NATO", "naval") and sub.speakers == ("Kara Lindqvist",)
    assert sub.weekdays == (0, 1, 2, 3, 4) and sub.next_digest_at is not None
    assert sub.created_by == str(DEFAULT_OWNER_ID)


async def test_subscriptions_are_per_thread_and_per_dm(
    fake: FakeDiscord, adapter: Any, store: Store
) -> None:
    await run_command(fake, "subscribe", {"mode": "instant"}, channel_id=DEFAULT_THREAD_ID, **OWNER)
    thread = await store.subscriptions.get_for("discord", str(DEFAULT_THREAD_ID), "")
    assert thread is not None and thread.mode == "instant" and thread.chat_type == "guild"
    assert await store.subscriptions.get_for("discord", str(DEFAULT_CHANNEL_ID), "") is None
    dm = fake.open_dm(DEFAULT_MEMBER_ID)  # anyone may subscribe their own DMs
    _, message = await run_command(fake, "subscribe", {"time": "06:00"}, channel_id=dm)
    assert "Subscribed" in message.content
    private = await store.subscriptions.get_for("discord", str(dm), "")
    assert private is not None and private.chat_type == "private"


async def test_settings_unsubscribe_and_digest(
    fake: FakeDiscord, adapter: Any, store: Store, clock: Clock
) -> None:
    await add_articles(store, clock)
    _, none_yet = await run_command(fake, "settings")
    assert "No subscription here yet" in none_yet.content
    await run_command(fake, "subscribe", {"time": "07:00"}, **OWNER)
    _, changed = await run_command(
        fake, "settings", {"time": "08:15", "zone": "Asia/Tokyo"}, **OWNER
    )
    assert "Updated" in changed.content and "08:15 Asia/Tokyo" in changed.content
    _, shown = await run_command(fake, "settings")
    assert "Daily digest at 08:15 Asia/Tokyo" in shown.content
    _, digest = await run_command(fake, "digest")
    headlines = [e.get("title", "") for e in digest.embeds]
    assert any("Baltic cable patrols" in h for h in headlines)
    _, gone = await run_command(fake, "unsubscribe", **OWNER)
    assert "Unsubscribed" in gone.content
    assert await store.subscriptions.get_for("discord", str(DEFAULT_CHANNEL_ID), "") is None


async def test_start_and_help_show_admin_commands_only_to_admins(
    fake: FakeDiscord, adapter: Any
) -> None:
    _, start = await run_command(fake, "start")
    assert "/subscribe" in start.content
    _, member_help = await run_command(fake, "help")
    _, owner_help = await run_command(fake, "help", **OWNER)
    assert "/latest" in member_help.content and "/addfeed" not in member_help.content
    assert "/addfeed" in owner_help.content


async def test_bad_arguments_get_an_ephemeral_helpful_error(
    fake: FakeDiscord, adapter: Any, store: Store
) -> None:
    _, bad_time = await run_command(fake, "subscribe", {"time": "25:99"}, **OWNER)
    assert bad_time.ephemeral and "Usage: /subscribe" in bad_time.content
    _, bad_zone = await run_command(fake, "subscribe", {"zone": "Mars/Olympus"}, **OWNER)
    assert bad_zone.ephemeral and "Mars/Olympus" in bad_zone.content
    _, no_story = await run_command(fake, "story", {"id": 424242})
    assert no_story.ephemeral and "No story #424242" in no_story.content
    assert await store.subscriptions.get_for("discord", str(DEFAULT_CHANNEL_ID), "") is None


# ---------------------------------------------------------------- permissions


async def test_subscribe_needs_manage_channels_manage_server_or_the_admin_role(
    fake: FakeDiscord, adapter: Any, store: Store
) -> None:
    _, refused = await run_command(fake, "subscribe", {"time": "07:00"})
    assert refused.ephemeral and "Only this chat's admins" in refused.content
    assert await store.subscriptions.get_for("discord", str(DEFAULT_CHANNEL_ID), "") is None
    _, allowed = await run_command(
        fake, "subscribe", {"time": "07:00"}, permissions=MANAGE_CHANNELS
    )
    assert "Subscribed" in allowed.content
    member = fake.guild(DEFAULT_GUILD_ID).member(DEFAULT_MEMBER_ID)
    assert member is not None
    member.roles.append(ADMIN_ROLE_ID)
    _, by_role = await run_command(fake, "subscribe", {"mode": "instant"})
    assert "Instant alerts" in by_role.content


async def test_admin_commands_refuse_members_and_accept_manage_server_or_role(
    fake: FakeDiscord, adapter: Any
) -> None:
    _, refused = await run_command(fake, "stats")
    assert refused.ephemeral and "for sitrep admins only" in refused.content
    _, channels_only = await run_command(fake, "stats", permissions=MANAGE_CHANNELS)
    assert "for sitrep admins only" in channels_only.content  # not a server admin
    _, owner = await run_command(fake, "stats", **OWNER)
    assert owner.ephemeral and "sitrep stats" in text_of(owner)
    member = fake.guild(DEFAULT_GUILD_ID).member(DEFAULT_MEMBER_ID)
    assert member is not None
    member.roles.append(ADMIN_ROLE_ID)
    _, by_role = await run_command(fake, "stats")
    assert "sitrep stats" in text_of(by_role)
    member.roles.remove(ADMIN_ROLE_ID)  # checked on every call, never cached
    _, again = await run_command(fake, "stats")
    assert "for sitrep admins only" in again.content


async def test_subscribe_where_the_bot_cannot_post_names_the_missing_permission(
    fake: FakeDiscord, adapter: Any, store: Store
) -> None:
    alerts = fake.guild(DEFAULT_GUILD_ID).channel(DEFAULT_ALERTS_CHANNEL_ID)
    assert alerts is not None
    alerts.overwrites.append(FakeOverwrite(fake.bot.id, type=1, deny=EMBED_LINKS))
    _, message = await run_command(
        fake, "subscribe", {"time": "07:00"}, channel_id=DEFAULT_ALERTS_CHANNEL_ID, **OWNER
    )
    assert message.ephemeral and "missing the Embed Links permission" in message.content
    assert await store.subscriptions.get_for("discord", str(DEFAULT_ALERTS_CHANNEL_ID), "") is None


# ---------------------------------------------------------------- reader commands and buttons


async def test_reader_commands(fake: FakeDiscord, adapter: Any, store: Store, clock: Clock) -> None:
    ids = await add_articles(store, clock)
    await store.feeds.add("https://wire.example/feed", "North Sea Wire", now=clock())
    _, who = await run_command(fake, "who", {"name": "Lindqvist"})
    assert "Kara Lindqvist" in who.content and "Rear Admiral" in who.content
    _, search = await run_command(fake, "search", {"terms": "frigates"})
    assert any("Baltic cable patrols" in e.get("title", "") for e in search.embeds)
    _, story = await run_command(fake, "story", {"id": ids[1]})
    assert "interceptors" in text_of(story) and "paperwork" in text_of(story)
    _, sources = await run_command(fake, "sources")
    assert "North Sea Wire" in sources.content
    _, quotes = await run_command(fake, "quotes", {"subject": "naval"})
    assert "Quotes on naval" in quotes.content


async def test_more_quotes_button_pages_in_place(
    fake: FakeDiscord, adapter: Any, store: Store, clock: Clock
) -> None:
    await add_articles(store, clock)
    _, first = await run_command(fake, "quotes", {"subject": "Kara Lindqvist"})
    assert first.custom_ids() == ["quotes:5:Kara Lindqvist"]
    assert "Storms move old mines" in first.content  # newest first
    click = await fake.click_button(first, "quotes:5:Kara Lindqvist")
    assert (await click.wait_for_response()).type == 7
    page = await click.wait_for_original(lambda m: bool(m.edits))
    assert page.id == first.id
    assert "Every cable on the seabed" in page.content and "Storms move" not in page.content
    assert page.components == []  # the last page has no "more" button


async def test_next_page_button_on_latest(
    fake: FakeDiscord, adapter: Any, store: Store, clock: Clock
) -> None:
    await add_articles(store, clock)
    _, first = await run_command(fake, "latest", {"count": 2})
    titles = [e["title"] for e in first.embeds if "title" in e]
    assert any("Mine hunters" in t for t in titles)
    assert first.custom_ids() == ["latest:2:2"]
    click = await fake.click_button(first, "latest:2:2")
    page = await click.wait_for_original(lambda m: bool(m.edits))
    titles = [e["title"] for e in page.embeds if "title" in e]
    assert any("Coastal radar gap" in t for t in titles)
    assert not any("Mine hunters" in t for t in titles)
    assert page.custom_ids() == ["latest:2:4"]


# ---------------------------------------------------------------- autocomplete


async def choices(fake: FakeDiscord, command: str, option: str, typed: str) -> list[str]:
    it = await fake.send_autocomplete(command, {option: typed}, focused=option)
    response = await it.wait_for_response()
    assert response.type == 8
    return [c["value"] for c in response.data["choices"]]


async def test_autocomplete_speakers_feeds_zones_and_topics(
    fake: FakeDiscord, adapter: Any, store: Store, clock: Clock
) -> None:
    await add_articles(store, clock)
    feed = await store.feeds.add("https://wire.example/rss", "North Sea Wire", now=clock())
    assert await choices(fake, "who", "name", "lind") == ["Kara Lindqvist"]
    assert await choices(fake, "quotes", "subject", "varg") == ["Tomas Varga"]
    assert await choices(fake, "removefeed", "feed", "north") == [str(feed.id)]
    assert await choices(fake, "subscribe", "feeds", "north") == ["North Sea Wire"]
    zones = await choices(fake, "subscribe", "zone", "lond")
    assert zones[0] == "Europe/London"
    assert len(await choices(fake, "subscribe", "zone", "america")) == 25
    assert await choices(fake, "subscribe", "topics", "naval,dro") == ["naval,drones"]


# ---------------------------------------------------------------- admin commands


async def test_feed_admin_commands(
    fake: FakeDiscord, adapter: Any, store: Store, feed_server: FeedServer
) -> None:
    url = feed_server.add("/wire.xml", rss(load_articles()[:1], feed_server.base))
    _, added = await run_command(fake, "addfeed", {"url": url, "name": "Loopback Wire"}, **OWNER)
    assert added.ephemeral and "Added feed" in added.content
    feed = (await store.feeds.list())[0]
    _, listed = await run_command(fake, "feeds", **OWNER)
    assert "Loopback Wire" in text_of(listed)
    _, paused = await run_command(fake, "pausefeed", {"feed": str(feed.id)}, **OWNER)
    assert "Paused feed" in paused.content
    assert (await store.feeds.get(feed.id)).paused  # type: ignore[union-attr]
    _, resumed = await run_command(fake, "resumefeed", {"feed": "Loopback Wire"}, **OWNER)
    assert "Resumed feed" in resumed.content
    filters = {"feed": str(feed.id), "exclude": "opinion,/sponsor\\w+/", "relevance": "on"}
    await run_command(fake, "feedfilter", filters, **OWNER)
    filtered = await store.feeds.get(feed.id)
    assert filtered is not None and filtered.relevance_filter
    assert filtered.exclude_keywords == ("opinion", "/sponsor\\w+/")
    _, refused = await run_command(fake, "removefeed", {"feed": str(feed.id)})
    assert "admins only" in refused.content and await store.feeds.get(feed.id) is not None
    _, removed = await run_command(fake, "removefeed", {"feed": str(feed.id)}, **OWNER)
    assert "Removed feed" in removed.content and await store.feeds.get(feed.id) is None


async def test_exportfeeds_replies_with_a_file_and_importfeeds_reads_an_attachment(
    fake: FakeDiscord, adapter: Any, store: Store, feed_server: FeedServer, clock: Clock
) -> None:
    await store.feeds.add(feed_server.url("/a.xml"), "Alpha Wire", now=clock())
    _, exported = await run_command(fake, "exportfeeds", **OWNER)
    assert exported.ephemeral and exported.files[0].filename.endswith(".opml")
    assert b"Alpha Wire" in exported.files[0].data
    opml = (
        '<?xml version="1.0"?><opml version="2.0"><head><title>f</title></head><body>'
        f'<outline text="Bravo Wire" type="rss" xmlUrl="{feed_server.url("/b.xml")}"/>'
        f'<outline text="Alpha Wire" type="rss" xmlUrl="{feed_server.url("/a.xml")}"/>'
        "</body></opml>"
    )
    file_url = feed_server.add("/upload/feeds.opml", opml, content_type="text/x-opml")
    _, imported = await run_command(
        fake,
        "importfeeds",
        {"file": "900"},
        resolved=attachment("900", file_url, len(opml)),
        **OWNER,
    )
    assert "Imported 1 feeds; 1 were already present" in imported.content
    assert {f.name for f in await store.feeds.list()} == {"Alpha Wire", "Bravo Wire"}
    _, too_big = await run_command(
        fake,
        "importfeeds",
        {"file": "901"},
        resolved=attachment("901", file_url, MAX_ATTACHMENT_BYTES + 1),
        **OWNER,
    )
    assert too_big.ephemeral and "the limit is 5 MB" in too_big.content
    assert feed_server.hits["/upload/feeds.opml"] == 1  # the big one was never downloaded


def attachment(attachment_id: str, url: str, size: int) -> dict[str, Any]:
    data = {
        "id": attachment_id,
        "filename": "feeds.opml",
        "size": size,
        "url": url,
        "proxy_url": url,
        "content_type": "text/x-opml",
    }
    return {"attachments": {attachment_id: data}}


# ---------------------------------------------------------------- acknowledgement


async def test_slow_command_is_deferred_within_the_deadline_then_followed_up(
    fake: FakeDiscord, app: Any
) -> None:
    async def slow(inv: Invocation) -> Reply:
        await asyncio.sleep(0.6)
        return text_reply("Done thinking about the Baltic.")

    fake.ack_deadline = 0.4  # tighter than Discord's 3 s, to keep the test short
    adapter = make_adapter(app, ack_budget=0.1)
    adapter.commands.table.add(
        CommandSpec("slowbrief", "a slow answer", "/slowbrief", "reader", slow)
    )
    await adapter.initialize()
    await adapter.start()
    try:
        it = await fake.send_slash_command("slowbrief")
        response = await it.wait_for_response()
        assert response.type == 5 and response.latency < 0.4
        (answer,) = await it.wait_for_followups()
        assert answer.id == it.original_id and "Done thinking" in answer.content
        quick = await fake.send_slash_command("start")
        assert (await quick.wait_for_response()).type == 4  # fast commands answer directly
    finally:
        await adapter.shutdown()


async def test_a_crashing_command_gets_an_ephemeral_apology(fake: FakeDiscord, app: Any) -> None:
    async def broken(inv: Invocation) -> Reply:
        raise RuntimeError("boom")

    adapter = make_adapter(app)
    adapter.commands.table.add(CommandSpec("broken", "always fails", "/broken", "reader", broken))
    await adapter.initialize()
    await adapter.start()
    try:
        _, message = await run_command(fake, "broken")
        assert message.ephemeral and "failed on sitrep's side" in message.content
    finally:
        await adapter.shutdown()


async def test_a_command_discord_still_shows_but_sitrep_dropped_gets_an_ephemeral_note(
    fake: FakeDiscord, adapter: Any
) -> None:
    it = await fake.send_slash_command("retired", {"what": "old command"})
    response = await it.wait_for_response()
    assert response.type == 4 and response.data["flags"] & 64
    assert "commands were just updated" in response.data["content"]


async def test_when_every_answer_is_slow_commands_and_buttons_defer_first(
    fake: FakeDiscord, app: Any, store: Store, clock: Clock
) -> None:
    await add_articles(store, clock)
    adapter = make_adapter(app, ack_budget=0)  # nothing counts as fast
    await adapter.initialize()
    await adapter.start()
    try:
        it = await fake.send_slash_command("latest", {"count": 2})
        assert (await it.wait_for_response()).type == 5
        (first,) = await it.wait_for_followups()
        assert first.id == it.original_id and first.custom_ids() == ["latest:2:2"]
        click = await fake.click_button(first, "latest:2:2")
        assert (await click.wait_for_response()).type == 6  # deferred update
        page = await click.wait_for_original(lambda m: m.custom_ids() == ["latest:2:4"])
        assert page.id == first.id and "Coastal radar gap" in text_of(page)
        _, refused = await run_command(fake, "feeds")
        assert refused.ephemeral and "admins only" in refused.content  # admin: ephemeral defer
    finally:
        await adapter.shutdown()
