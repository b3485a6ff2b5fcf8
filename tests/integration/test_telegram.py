"""Telegram end to end: the real python-telegram-bot (long polling) against the loopback
fake Bot API (tests/fakes/botapi.py), a real store (SQLite file and PostgreSQL) and the
real command layer. Every command for each kind of user, groups, forum topics, channels,
buttons, OPML upload and download, setMyCommands, the service, and the token kept out of logs.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import SecretStr

from bot.adapters.telegram.adapter import SORRY, TelegramAdapter, api_urls
from bot.app import App
from bot.commands import Invocation
from bot.replies import Reply
from bot.settings import Settings
from bot.store import Store
from summaries.models import Article, Briefing, Quote, Speaker
from tests.fakes.botapi import FakeBotAPI, SentMessage
from tests.support.clock import wall_now
from tests.support.feedserver import FeedServer

ADMIN = 7001  # a sitrep admin (settings.telegram.admins)
READER = 7002  # anyone
GROUP_ADMIN = 7003  # admin of GROUP, not a sitrep admin
GROUP = -1001500000001
FORUM = -1001500000002
CHANNEL = -1001500000003
TOPIC = 77

# Our own wire-style fixtures: (headline, source, speaker, role, quote, topic words).
STORIES = [
    (
        "Baltic states agree joint air defence purchase",
        "Northern Wire",
        "Kadri Tamm",
        "Estonian Defence Minister",
        "We will buy together, train together and defend together",
        "NATO air defence",
    ),
    (
        "Navy orders four more frigates after trials",
        "Harbour Defence News",
        "Peter Lindqvist",
        "Rear Admiral",
        "The trials showed the hull is quieter than anything we have sailed",
        "naval",
    ),
    (
        "Drone makers asked to double output by spring",
        "Industry Brief",
        "Anna Kowalczyk",
        "Deputy Minister for Industry",
        "Double the output by spring, or we will find someone who can",
        "drones industry",
    ),
    (
        "Alliance exercise tests Arctic logistics",
        "Northern Wire",
        "Kadri Tamm",
        "Estonian Defence Minister",
        "Cold weather is the enemy you can plan for",
        "NATO",
    ),
    (
        "Missile stocks under review after export surge",
        "Capital Security Daily",
        "Jonas Berg",
        "Parliamentary defence committee chair",
        "We cannot sell what we may need next winter",
        "missiles",
    ),
    (
        "Cyber command widens hunt for intrusions",
        "Capital Security Daily",
        "Mira Okafor",
        "Cyber Command spokesperson",
        "Every network we defend is a network someone is probing",
        "cyber",
    ),
    (
        "Shipyard strike delays submarine refit",
        "Harbour Defence News",
        "Peter Lindqvist",
        "Rear Admiral",
        "A month lost in the yard is a month lost at sea & we know it",
        "naval",
    ),
]


STORIES_FROM = wall_now() - timedelta(hours=24)  # dates follow the run, never a calendar


def story_article(i: int) -> tuple[Article, Quote, Briefing]:
    headline, source, speaker, role, said, topics = STORIES[i % len(STORIES)]
    lead = f"{headline} <{i}>, officials said on Thursday."
    text = f"{lead}\n\n“{said},” {role} {speaker} told reporters.\n\nTalks continue next week."
    start = text.index(said)
    quote = Quote(text=said, start=start, end=start + len(said), speaker=speaker, role=role)
    url = f"https://news.example.org/{i}/{headline.lower().replace(' ', '-')}"
    published = STORIES_FROM + timedelta(minutes=i)
    article = Article(text=text, title=headline, url=url, source=source, published=published)
    briefing = Briefing(
        headline=headline,
        url=url,
        source=source,
        summary=lead,
        quotes=(quote,),
        topics=tuple(t for t in ("NATO", "air defence", "naval", "drones", "cyber") if t in topics),
        speakers=(Speaker(speaker, role),),
        published=published,
        quote_links=(f"{url}#:~:text={said.split()[0]}",),
    )
    return article, quote, briefing


async def add_story(store: Store, i: int, now: datetime | None = None) -> int:
    article, quote, briefing = story_article(i)
    article_id = await store.articles.add(
        feed_id=None,
        url_key=hashlib.sha256(article.url.encode()).hexdigest()[:32],
        guid=article.url,
        article=article,
        quotes_found=[quote],
        briefing=briefing,
        now=now or datetime.now(UTC),
    )
    assert article_id is not None
    return article_id


# -- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as fake:
        yield fake


def telegram_settings(settings: Settings, api: FakeBotAPI) -> Settings:
    return settings.model_copy(
        update={
            "telegram_bot_token": SecretStr(api.token),
            "telegram": settings.telegram.model_copy(
                update={"api_base_url": api.base_url, "admins": [ADMIN]}
            ),
        }
    )


def command_settings(settings: Settings, api: FakeBotAPI) -> Settings:
    """For conversations: the fake enforces no limits here, so neither does sitrep (the
    pacing itself is tested in test_reply_burst.py against a server that does)."""
    s = telegram_settings(settings, api)
    fast = {"telegram_chat_per_second": 1000, "telegram_group_per_minute": 60_000}
    return s.model_copy(update={"delivery": s.delivery.model_copy(update=fast)})


@pytest.fixture
async def app(settings: Settings, api: FakeBotAPI, store: Store) -> AsyncIterator[App]:
    """The real App on the fixture store (SQLite file or PostgreSQL)."""
    application = App(command_settings(settings, api), store=store)
    yield application
    await application.shutdown()


@pytest.fixture
async def bot(app: App, api: FakeBotAPI) -> AsyncIterator[TelegramAdapter]:
    api.add_user(ADMIN, "Ada")
    api.add_user(READER, "Rui")
    api.add_user(GROUP_ADMIN, "Gil")
    api.add_chat(GROUP, "supergroup", title="Ops room")
    api.set_admins(GROUP, [GROUP_ADMIN], owner_id=ADMIN + 100)
    api.add_chat(FORUM, "supergroup", title="Desk", is_forum=True, topics=[TOPIC])
    api.set_admins(FORUM, [GROUP_ADMIN])
    api.add_chat(CHANNEL, "channel", title="Briefings")
    adapter = app.telegram_adapter(poll_timeout=1)
    await adapter.initialize()
    await adapter.start()
    yield adapter
    await adapter.shutdown()


@dataclass
class Chat:
    """Send a message as a user into a chat and collect the bot's answer."""

    api: FakeBotAPI
    chat_id: int
    user_id: int
    thread_id: int | None = None

    async def say(self, text: str, n: int = 1) -> list[SentMessage]:
        before = len(self.api.messages(self.chat_id))
        self.api.queue_message(self.chat_id, self.user_id, text, thread_id=self.thread_id)
        got = await self.api.wait_for_messages(self.chat_id, before + n)
        return got[before:]

    async def text(self, text: str, n: int = 1) -> str:
        return "\n---\n".join(m.plain_text for m in await self.say(text, n))


def no_errors(api: FakeBotAPI) -> None:
    """Every message the bot sent was accepted (valid HTML, within limits)."""
    sends = [
        e for e in api.errors if e.method in ("sendmessage", "senddocument", "editmessagetext")
    ]
    assert sends == []
    assert all(m.plain_text != SORRY for m in api.sent)


# -- commands -----------------------------------------------------------------------------------


def test_api_urls_accept_root_or_bot_form() -> None:
    assert api_urls("") == ("https://api.telegram.org/bot", "https://api.telegram.org/file/bot")
    assert api_urls("http://127.0.0.1:8081/bot") == (
        "http://127.0.0.1:8081/bot",
        "http://127.0.0.1:8081/file/bot",
    )
    assert api_urls("http://127.0.0.1:8081/")[1] == "http://127.0.0.1:8081/file/bot"


async def test_subscriber_commands_in_a_private_chat(
    api: FakeBotAPI, bot: TelegramAdapter, app: App
) -> None:
    me = Chat(api, READER, READER)
    start = await me.text("/start")
    assert "sitrep" in start and "/subscribe" in start

    help_text = await me.text("/help")
    assert "/latest" in help_text and "/subscribe" in help_text
    assert "/addfeed" not in help_text and "Admin" not in help_text

    assert "No subscription here yet" in await me.text("/settings")
    sub = await me.text("/subscribe 07:30 Europe/London topics=nato,naval")
    assert "Daily digest at 07:30 Europe/London" in sub and "NATO, naval" in sub
    stored = await app.store.subscriptions.get_for("telegram", str(READER), "")
    assert stored is not None and stored.chat_type == "private" and stored.next_digest_at

    shown = await me.text("/settings")
    assert "07:30 Europe/London" in shown
    assert "Daily digest at 08:15" in await me.text("/settings time 08:15")
    assert "Instant alerts" in await me.text("/subscribe instant")

    await add_story(app.store, 0)
    digest = await me.text("/digest")
    assert "Baltic states agree joint air defence purchase" in digest

    assert "Unsubscribed" in await me.text("/unsubscribe")
    assert "no subscription" in await me.text("/unsubscribe")
    assert await app.store.subscriptions.get_for("telegram", str(READER), "") is None
    no_errors(api)


async def test_reader_commands(api: FakeBotAPI, bot: TelegramAdapter, app: App) -> None:
    ids = [await add_story(app.store, i) for i in range(len(STORIES))]
    me = Chat(api, READER, READER)

    [latest] = await me.say("/latest 3")
    assert "Shipyard strike delays submarine refit" in latest.plain_text  # newest first
    assert "Baltic states" not in latest.plain_text
    assert latest.params["link_preview_options"] == {"is_disabled": True}

    quotes = await me.text("/quotes Lindqvist")
    assert "Peter Lindqvist" in quotes and "a month lost at sea & we know it" in quotes
    assert "Kadri Tamm" in await me.text("/quotes NATO")
    assert "Latest quotes" in await me.text("/quotes")

    who = await me.text("/who Kadri Tamm")
    assert "Estonian Defence Minister" in who and "quoted 2 times" in who

    found = await me.text("/search frigates")
    assert "Navy orders four more frigates" in found
    assert "Nothing found" in await me.text('/search OR NOT * ) ( NEAR "x" ^')  # no syntax leaks

    story = await me.text(f"/story {ids[4]}")
    assert "Missile stocks under review" in story and "next winter" in story
    assert "No story #999999" in await me.text("/story 999999")

    feeds_text = await me.text("/sources")
    assert "No sources" in feeds_text
    no_errors(api)


async def test_unknown_commands_and_bad_arguments_get_help(
    api: FakeBotAPI, bot: TelegramAdapter
) -> None:
    me = Chat(api, READER, READER)
    assert "Unknown command /frobnicate. Send /help" in await me.text("/frobnicate now")
    assert "not a number" in await me.text("/latest lots")
    assert "Usage: /latest [n]" in await me.text("/latest lots")
    assert "story number" in await me.text("/story x")
    assert "Give a name" in await me.text("/who")
    assert "Unbalanced quotes" in await me.text('/search "unclosed')
    assert "I don't understand" in await me.text("/subscribe whenever")
    assert "is not an IANA time zone" in await me.text("/subscribe 07:00 Mars/Olympus")
    # a command addressed to another bot in a group is left alone
    api.queue_message(GROUP, READER, "/latest@some_other_bot")
    group = Chat(api, GROUP, READER)
    assert "No stories yet" in await group.text("/latest@sitrep_test_bot")
    assert len(api.messages(GROUP)) == 1
    no_errors(api)


ADMIN_COMMANDS = [
    "/feeds",
    "/addfeed http://127.0.0.1:9/feed.xml",
    "/removefeed 1",
    "/pausefeed 1",
    "/resumefeed 1",
    "/importfeeds",
    "/exportfeeds",
    "/stats",
]


async def test_admin_commands_refused_for_everyone_else(
    api: FakeBotAPI, bot: TelegramAdapter
) -> None:
    me = Chat(api, READER, READER)
    for command in ADMIN_COMMANDS:
        assert "for sitrep admins only" in await me.text(command), command
    group_admin = Chat(api, GROUP, GROUP_ADMIN)  # a chat admin is not a sitrep admin
    assert "for sitrep admins only" in await group_admin.text("/stats")
    no_errors(api)


async def test_admin_commands(
    api: FakeBotAPI, bot: TelegramAdapter, app: App, feed_server: FeedServer
) -> None:
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Defence News</title>'
        "<link>http://127.0.0.1/</link><description>x</description></channel></rss>"
    )
    url = feed_server.add("/harbour.xml", rss)
    me = Chat(api, ADMIN, ADMIN)
    help_text = await me.text("/help")
    assert "Admin" in help_text and "/addfeed URL [name]" in help_text

    assert "No feeds" in await me.text("/feeds")
    added = await me.text(f"/addfeed {url}")
    assert "Added feed #" in added and "Harbour Defence News" in added
    [feed] = await app.store.feeds.list()
    assert "already added" in await me.text(f"/addfeed {url}")
    assert "Not a feed" in await me.text(f"/addfeed {feed_server.add('/page', 'hello')}")

    table = await me.text("/feeds")
    assert "Harbour Defence News" in table and "ok" in table
    assert f"Paused feed #{feed.id}" in await me.text(f"/pausefeed {feed.id}")
    assert "paused" in await me.text("/feeds")
    assert "Harbour Defence News" not in await me.text("/sources")
    assert f"Resumed feed #{feed.id}" in await me.text(f"/resumefeed {feed.id}")
    assert "Which feed?" in await me.text("/pausefeed")

    stats = await me.text("/stats")
    assert "subscriptions (digest)" in stats and "feeds" in stats
    assert "feed.pause" in stats  # recent admin actions

    assert f"Removed feed #{feed.id}" in await me.text(f"/removefeed {feed.id}")
    assert "No feed matches" in await me.text(f"/removefeed {feed.id}")
    assert await app.store.feeds.list() == []
    no_errors(api)


async def test_opml_import_by_upload_and_export_as_document(
    api: FakeBotAPI, bot: TelegramAdapter, app: App
) -> None:
    opml = (
        b'<?xml version="1.0"?><opml version="2.0"><head><title>feeds</title></head><body>'
        b'<outline text="Naval" title="Naval">'
        b'<outline type="rss" text="Harbour" xmlUrl="http://127.0.0.1:9/harbour.xml"/>'
        b'<outline type="rss" text="North" xmlUrl="http://127.0.0.1:9/north.xml"/>'
        b"</outline></body></opml>"
    )
    before = len(api.messages(ADMIN))
    api.queue_document(ADMIN, ADMIN, "feeds.opml", opml, caption="/importfeeds")
    [imported] = (await api.wait_for_messages(ADMIN, before + 1))[before:]
    assert "Imported 2 feeds" in imported.plain_text
    assert sorted(f.name for f in await app.store.feeds.list()) == ["Harbour", "North"]

    # a non-admin's upload is refused without being downloaded
    downloads = sum(1 for r in api.requests if r.method == "getfile")
    api.queue_document(READER, READER, "feeds.opml", opml, caption="/importfeeds")
    [refused] = await api.wait_for_messages(READER, 1)
    assert "admins only" in refused.plain_text
    assert sum(1 for r in api.requests if r.method == "getfile") == downloads

    too_big = b"<opml>" + b" " * (5 * 1024 * 1024) + b"</opml>"
    api.queue_document(ADMIN, ADMIN, "huge.opml", too_big, caption="/importfeeds@sitrep_test_bot")
    [refused] = (await api.wait_for_messages(ADMIN, before + 2))[before + 1 :]
    assert "too large" in refused.plain_text
    assert sum(1 for r in api.requests if r.method == "getfile") == downloads

    me = Chat(api, ADMIN, ADMIN)
    assert "Attach an OPML file" in await me.text("/importfeeds")
    export = await me.say("/exportfeeds", 2)
    assert "Your feeds as OPML" in export[0].plain_text
    document = export[1].document
    assert export[1].method == "sendDocument" and document is not None
    assert document.filename and document.filename.endswith(".opml")
    assert b"http://127.0.0.1:9/north.xml" in document.content
    no_errors(api)


async def test_group_subscription_needs_a_chat_admin(
    api: FakeBotAPI, bot: TelegramAdapter, app: App
) -> None:
    member = Chat(api, GROUP, READER)
    refused = await member.text("/subscribe 09:00 UTC")
    assert "Only this chat's admins" in refused
    assert await app.store.subscriptions.get_for("telegram", str(GROUP), "") is None
    assert "Only this chat's admins" in await member.text("/unsubscribe")

    admin = Chat(api, GROUP, GROUP_ADMIN)
    assert "Daily digest at 09:00 UTC" in await admin.text("/subscribe 09:00 UTC")
    sub = await app.store.subscriptions.get_for("telegram", str(GROUP), "")
    assert sub is not None and sub.chat_type == "supergroup"

    # permissions are asked for on every call: demote the admin and try again
    api.set_admins(GROUP, [], owner_id=ADMIN + 100)
    assert "Only this chat's admins" in await admin.text("/settings time 10:00")
    asked = [r for r in api.requests if r.method == "getchatmember"]
    assert len(asked) == 4
    # reading the settings is open to members
    assert "09:00" in await member.text("/settings")
    no_errors(api)


async def test_forum_topic_subscription_and_replies_in_the_topic(
    api: FakeBotAPI, bot: TelegramAdapter, app: App
) -> None:
    topic = Chat(api, FORUM, GROUP_ADMIN, thread_id=TOPIC)
    [reply] = await topic.say("/subscribe instant topics=naval")
    assert reply.message_thread_id == TOPIC and "Instant alerts" in reply.plain_text
    sub = await app.store.subscriptions.get_for("telegram", str(FORUM), str(TOPIC))
    assert sub is not None and sub.mode == "instant" and sub.topics == ("naval",)
    # the chat's main topic has its own subscription (none yet)
    assert await app.store.subscriptions.get_for("telegram", str(FORUM), "") is None
    [latest] = await topic.say("/latest")
    assert latest.message_thread_id == TOPIC


async def test_channel_post_commands(api: FakeBotAPI, bot: TelegramAdapter, app: App) -> None:
    channel = Chat(api, CHANNEL, 0)
    [reply] = await channel.say("/subscribe 06:45 Europe/Berlin")
    assert "Daily digest at 06:45 Europe/Berlin" in reply.plain_text
    sub = await app.store.subscriptions.get_for("telegram", str(CHANNEL), "")
    assert sub is not None and sub.chat_type == "channel"
    assert not [r for r in api.requests if r.method == "getchatmember"]  # posters are admins


async def test_latest_and_quotes_pagination_buttons(
    api: FakeBotAPI, bot: TelegramAdapter, app: App
) -> None:
    for i in range(len(STORIES)):
        await add_story(app.store, i)
    for i in range(len(STORIES), len(STORIES) + 4):  # five quotes by Lindqvist in all
        article, quote, briefing = story_article(1)
        await app.store.articles.add(
            feed_id=None,
            url_key=f"extra-{i}",
            guid=f"extra-{i}",
            article=article,
            quotes_found=[quote],
            briefing=briefing,
            now=datetime.now(UTC),
        )
    me = Chat(api, READER, READER)
    [page1] = await me.say("/latest 5")
    assert page1.callback_data == ["latest:5:5"]

    api.queue_callback_query(READER, READER, "latest:5:5", page1.message_id)
    await api.wait_until(lambda: len(api.edits) == 1)
    page2 = api.edits[0]
    assert page2.message_id == page1.message_id
    assert page2.plain_text != page1.plain_text and "Latest briefings" in page2.plain_text
    assert page2.callback_data == ["latest:5:10"]  # five more were there
    await api.wait_until(lambda: len(api.callback_answers) == 1)

    [quotes] = await me.say("/quotes Peter Lindqvist")
    assert quotes.callback_data == ["quotes:5:Peter Lindqvist"]
    assert "More quotes" in str(quotes.reply_markup)
    api.queue_callback_query(READER, READER, quotes.callback_data[0], quotes.message_id)
    await api.wait_until(lambda: len(api.edits) == 2)
    assert "Peter Lindqvist" in api.edits[1].plain_text
    assert api.edits[1].callback_data == []  # the last page

    api.queue_callback_query(READER, READER, "bogus", quotes.message_id)
    await api.wait_until(lambda: len(api.callback_answers) == 3)
    assert "That button has expired." in (api.callback_answers[-1].text or "")
    assert api.callback_answers[-1].show_alert
    no_errors(api)


async def test_set_my_commands_per_scope(api: FakeBotAPI, bot: TelegramAdapter) -> None:
    public = api.bot_commands()
    assert public is not None
    names = [c["command"] for c in public]
    assert {"start", "help", "subscribe", "latest", "quotes", "search"} <= set(names)
    assert "addfeed" not in names and "stats" not in names
    admin = api.bot_commands({"type": "chat", "chat_id": ADMIN})
    assert admin is not None
    assert {c["command"] for c in admin} == set(bot.commands.table.specs)


async def test_handler_failure_tells_the_user_and_logs(
    api: FakeBotAPI, bot: TelegramAdapter, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(inv: Invocation) -> Reply:
        raise RuntimeError("store exploded")

    specs = bot.commands.table.specs
    specs["sources"] = dataclasses.replace(specs["sources"], handler=broken)
    with caplog.at_level(logging.ERROR, logger="bot.adapters.telegram.updates"):
        assert await Chat(api, READER, READER).text("/sources") == SORRY
    [record] = [r for r in caplog.records if r.name == "bot.adapters.telegram.updates"]
    assert record.exc_info is not None and "store exploded" in str(record.exc_info[1])
    assert f"chat_id={READER}" in record.getMessage()


async def test_token_never_logged(
    settings: Settings, api: FakeBotAPI, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    application = App(command_settings(settings, api), store=store)
    adapter = application.telegram_adapter(poll_timeout=1)
    await adapter.initialize()
    await adapter.start()
    try:
        assert adapter.connected
        await Chat(api, READER, READER).say("/start")
        api.fail_chat(READER, 502, "Bad Gateway")
        await Chat(api, READER, READER).say("/help")  # the failure is logged, then reported
    finally:
        await adapter.shutdown()
        await application.shutdown()
    assert not adapter.connected
    assert len(caplog.records) > 10
    secret = api.token.split(":")[1]
    leaks = [r for r in caplog.records if secret in r.getMessage() or secret in (r.exc_text or "")]
    assert leaks == []
    assert caplog.text and secret not in caplog.text


async def test_service_runs_the_adapter_on_its_loop(settings: Settings, api: FakeBotAPI) -> None:

    application = App(command_settings(settings, api))
    service = application.service()  # what `sitrep run` builds with TELEGRAM_BOT_TOKEN set
    await service.start()
    try:
        [adapter] = service.adapters
        assert isinstance(adapter, TelegramAdapter)
        assert adapter.connected
        [reply] = await Chat(api, READER, READER).say("/start")
        assert "sitrep" in reply.plain_text
        answered = {"platform": "telegram", "command": "start"}
        async with asyncio.timeout(5):  # recorded once the reply is out
            while not application.metrics.value("sitrep_command_seconds_count", **answered):
                await asyncio.sleep(0.01)
    finally:
        await service.stop()
    assert not adapter.connected
    assert api.pending_updates == []


async def test_basic_group_owner_may_subscribe(
    api: FakeBotAPI, bot: TelegramAdapter, app: App
) -> None:
    basic = -4002
    api.add_chat(basic, "group", title="Old group")
    api.set_admins(basic, [], owner_id=READER)
    [reply] = await Chat(api, basic, READER).say("/subscribe instant")
    assert "Instant alerts" in reply.plain_text
    sub = await app.store.subscriptions.get_for("telegram", str(basic), "")
    assert sub is not None and sub.chat_type == "group"


async def test_connected_false_when_polling_dies(api: FakeBotAPI, bot: TelegramAdapter) -> None:
    assert bot.connected
    api.fail_method("getUpdates", 401, "Unauthorized", times=5)
    api.queue_message(READER, READER, "/start")  # ends the current long poll
    async with asyncio.timeout(5):
        while bot.connected:
            await asyncio.sleep(0.02)
    await bot.shutdown()  # stopping after the poller died is clean


async def test_webhook_mode_with_secret_token(
    settings: Settings, api: FakeBotAPI, store: Store
) -> None:
    """Updates arrive on the one HTTP server (the port /healthz uses); the secret is checked."""
    import socket

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    s = command_settings(settings, api)
    s = s.model_copy(
        update={
            "telegram_webhook_secret": SecretStr("s3cret-Token_1"),
            "telegram": s.telegram.model_copy(
                update={"mode": "webhook", "webhook_url": f"http://127.0.0.1:{port}/telegram/hook"}
            ),
            "http": s.http.model_copy(update={"port": port}),
        }
    )
    application = App(s, store=store)
    service = application.service()
    await service.start()
    try:
        [adapter] = service.adapters
        assert adapter.connected and api.webhook["secret_token"] == "s3cret-Token_1"
        [reply] = await Chat(api, READER, READER).say("/start")
        assert "sitrep" in reply.plain_text
        forged = {"update_id": 1, "message": {"message_id": 1, "date": 0, "text": "/help"}}
        async with httpx.AsyncClient() as client:
            refused = await client.post(
                f"http://127.0.0.1:{port}/telegram/hook",
                json=forged,
                headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"},
            )
            health = await client.get(f"http://127.0.0.1:{port}/healthz")
        assert refused.status_code == 403 and health.status_code == 200
    finally:
        await service.stop()
