"""The real python-telegram-bot against the loopback fake Bot API (tests/fakes/botapi.py)."""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
from collections.abc import AsyncIterator

import aiohttp
import httpx
import pytest
from aiohttp import web
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from tests.fakes.botapi import (
    Bucket,
    FakeBotAPI,
    HtmlParseError,
    RateLimits,
    parse_telegram_html,
)

PRIVATE = 4242
GROUP = -1001234567890


@pytest.fixture(autouse=True)
def _timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    # PTB 22 gives RetryAfter.retry_after as int (deprecated) unless PTB_TIMEDELTA is set.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as fake:
        yield fake


@pytest.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[Bot]:
    request = HTTPXRequest(read_timeout=2.0, connect_timeout=2.0)
    async with api.make_bot(request=request) as ptb_bot:
        yield ptb_bot


# -- plain Bot calls ----------------------------------------------------------------------------


async def test_get_me_and_html_message_are_recorded(api: FakeBotAPI, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456789, "sitrep_test_bot", True)

    sent = await bot.send_message(
        PRIVATE, "<b>Rutte</b> said &quot;now&quot; &amp; 🛡️ <i>x</i>", parse_mode=ParseMode.HTML
    )

    assert sent.text == 'Rutte said "now" & 🛡️ x'
    spans = [(e.type, e.offset, e.length) for e in sent.entities]
    assert spans == [("bold", 0, 5), ("italic", 23, 1)]  # 🛡️ is 3 UTF-16 code units
    [record] = api.messages(PRIVATE)
    assert record.text.startswith("<b>Rutte</b>")
    assert record.parse_mode == "HTML"
    assert record.message_id == sent.message_id


async def test_form_values_are_json_decoded_and_strings_kept(api: FakeBotAPI, bot: Bot) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("More quotes", callback_data="q:2")]])
    await bot.send_message(GROUP, "123", reply_markup=markup, message_thread_id=7)

    [record] = api.messages(GROUP)
    assert record.text == "123"  # a numeric-looking string stays a string
    assert record.message_thread_id == 7
    assert record.callback_data == ["q:2"]
    assert record.params["chat_id"] == GROUP

    await bot.edit_message_reply_markup(GROUP, record.message_id, reply_markup=None)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(GROUP, record.message_id, reply_markup=None)
    assert await bot.delete_message(GROUP, record.message_id)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(GROUP, record.message_id)


async def test_long_callback_data_and_unknown_thread_rejected(api: FakeBotAPI, bot: Bot) -> None:
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="x" * 65)]])
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(PRIVATE, "hi", reply_markup=too_long)
    api.add_chat(GROUP, "supergroup", is_forum=True, topics=[3])
    with pytest.raises(BadRequest, match="Message thread not found"):
        await bot.send_message(GROUP, "hi", message_thread_id=4)
    await bot.send_message(GROUP, "hi", message_thread_id=3)
    assert api.sent_count == 1


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("x" * 4096, True),
        ("x" * 4097, False),
        ("<b>" + "x" * 4096 + "</b>", True),  # tags do not count
        ("&amp;" * 4096, True),  # entities count as one character
        ("🛡" * 2048, True),  # astral characters count twice (UTF-16)
        ("🛡" * 2049, False),
    ],
)
async def test_length_counted_after_entity_parsing(bot: Bot, text: str, ok: bool) -> None:
    if ok:
        await bot.send_message(PRIVATE, text, parse_mode=ParseMode.HTML)
    else:
        with pytest.raises(BadRequest, match="Message is too long"):
            await bot.send_message(PRIVATE, text, parse_mode=ParseMode.HTML)


async def test_empty_text_rejected(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(PRIVATE, "<b> </b>", parse_mode=ParseMode.HTML)


@pytest.mark.parametrize(
    "bad",
    [
        "<b>open",
        "close</b>",
        "<b><i>x</b></i>",
        "<div>x</div>",
        "<span>x</span>",
        "<a>x</a>",
        "AT&T",
        "&nbsp;",
        "a < b",
        "a > b",
        "<br/>",
    ],
)
async def test_bad_html_rejected(api: FakeBotAPI, bot: Bot, bad: str) -> None:
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_message(PRIVATE, bad, parse_mode=ParseMode.HTML)
    assert api.sent == []
    assert api.errors[-1].status == 400


@pytest.mark.parametrize(
    ("good", "types"),
    [
        ('<a href="https://example.org/?a=1&amp;b=2">link</a>', ["text_link"]),
        ('<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>', ["spoiler", "spoiler"]),
        ("<blockquote expandable>q</blockquote>", ["expandable_blockquote"]),
        ('<pre><code class="language-python">x = 1</code></pre>', ["pre"]),
        ("<strong>a</strong><em>b</em><ins>c</ins><del>d</del><strike>e</strike>", None),
        ("&#8220;quoted&#x201D; &lt;tag&gt;", []),
    ],
)
def test_good_html_entities(good: str, types: list[str] | None) -> None:
    parsed = parse_telegram_html(good)
    if types is not None:
        assert [e["type"] for e in parsed.entities] == types
    assert "<" not in parsed.text.replace("<tag>", "")


def test_html_lenient_mode_passes_bare_ampersand() -> None:
    assert parse_telegram_html("AT&T > BAE", strict=False).text == "AT&T > BAE"
    with pytest.raises(HtmlParseError):
        parse_telegram_html("AT&T")


async def test_retry_after_from_scripted_flood(
    api: FakeBotAPI, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.flood_chat(PRIVATE, retry_after=3, times=2)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(PRIVATE, "a")
    assert caught.value.retry_after == dtm.timedelta(seconds=3)
    monkeypatch.delenv("PTB_TIMEDELTA")
    with pytest.warns(DeprecationWarning), pytest.raises(RetryAfter) as caught:
        await bot.send_message(PRIVATE, "a")
    with pytest.warns(DeprecationWarning):
        assert caught.value.retry_after == 3  # an int without PTB_TIMEDELTA
    await bot.send_message(PRIVATE, "a")
    assert [hit.retry_after for hit in api.rate_limited] == [3, 3]
    assert api.sent_count == 1


async def test_rate_limits_enforced_per_chat_and_overall() -> None:
    limits = RateLimits(overall=Bucket(20.0, 3), per_chat=Bucket(1.0, 1))
    async with FakeBotAPI(rate_limits=limits) as api, api.make_bot() as bot:
        await bot.send_message(1, "a")
        with pytest.raises(RetryAfter):
            await bot.send_message(1, "b")  # 1/s per chat
        await bot.send_message(2, "c")
        await bot.send_message(3, "d")
        with pytest.raises(RetryAfter):
            await bot.send_message(4, "e")  # burst of 3 overall used up
        await asyncio.sleep(0.06)
        await bot.send_message(4, "e")
    assert [hit.scope for hit in api.rate_limited] == ["chat", "overall"]
    assert len(api.rate_limited_after(0.0)) == 2
    assert api.rate_limited_after(60.0) == []
    assert api.send_rate() > 0
    assert all(hit.retry_after >= 1 for hit in api.rate_limited)
    assert [m.text for m in api.sent] == ["a", "c", "d", "e"]


def test_rate_limit_profiles() -> None:
    telegram, fast = RateLimits.telegram(), RateLimits.fast()
    assert telegram.overall == Bucket(30.0, 30)
    assert telegram.per_group == Bucket.per_minute(20, 20)
    assert fast.overall == Bucket(300.0, 300)
    assert RateLimits.off().overall is None


async def test_group_limit_twenty_per_minute() -> None:
    limits = RateLimits(per_group=Bucket.per_minute(20, 20))
    async with FakeBotAPI(rate_limits=limits) as api, api.make_bot() as bot:
        for n in range(20):
            await bot.send_message(GROUP, str(n))
        with pytest.raises(RetryAfter):
            await bot.send_message(GROUP, "21st")
        await bot.send_message(PRIVATE, "private chats are not groups")
    assert api.rate_limited[0].scope == "group"
    assert api.rate_limited[0].retry_after == 3


async def test_blocked_chat_not_found_and_migration(api: FakeBotAPI, bot: Bot) -> None:
    api.block_chat(PRIVATE)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(PRIVATE, "a")

    api.remove_chat(-555)
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(-555, "a")

    api.migrate_chat(-777, GROUP)
    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(-777, "a")
    assert caught.value.new_chat_id == GROUP
    await bot.send_message(GROUP, "a")
    assert [m.chat_id for m in api.sent] == [GROUP]
    assert [e.status for e in api.errors] == [403, 400, 400]


async def test_transient_failures(api: FakeBotAPI) -> None:
    request = HTTPXRequest(read_timeout=0.2, connect_timeout=1.0)
    async with api.make_bot(request=request) as bot:
        api.fail_chat(PRIVATE, 502, "Bad Gateway", raw_body="<html>502 Bad Gateway</html>")
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(PRIVATE, "a")
        api.fail_chat(PRIVATE, 500, "Internal Server Error")
        with pytest.raises(NetworkError, match="Internal Server Error"):
            await bot.send_message(PRIVATE, "a")
        api.fail_chat(PRIVATE, reset_connection=True)
        with pytest.raises(NetworkError):
            await bot.send_message(PRIVATE, "a")
        api.delay_chat(PRIVATE, 0.4)
        with pytest.raises(TimedOut):
            await bot.send_message(PRIVATE, "slow")
        await api.wait_for_messages(PRIVATE, 1)  # Telegram still delivers the slow one
        await bot.send_message(PRIVATE, "slow")
    assert api.duplicates() == {(PRIVATE, "slow"): 2}


async def test_document_upload_and_download(api: FakeBotAPI, bot: Bot) -> None:
    await bot.send_document(
        PRIVATE,
        b"<opml/>",
        filename="feeds.opml",
        caption="<b>export</b>",
        parse_mode=ParseMode.HTML,
    )
    [record] = api.messages(PRIVATE)
    assert record.document is not None
    assert (record.document.filename, record.document.content) == ("feeds.opml", b"<opml/>")
    assert record.plain_text == "export"

    file = await bot.get_file(record.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"<opml/>"


async def test_set_my_commands_recorded_per_scope(api: FakeBotAPI, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("start", "Start"), BotCommand("latest", "Latest")])
    private = BotCommandScopeAllPrivateChats()
    await bot.set_my_commands([BotCommand("subscribe", "Daily digest")], scope=private)

    assert [c["command"] for c in api.bot_commands() or []] == ["start", "latest"]
    assert api.bot_commands({"type": "all_private_chats"}) == [
        {"command": "subscribe", "description": "Daily digest"}
    ]
    assert [c.command for c in await bot.get_my_commands(scope=private)] == ["subscribe"]
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Bad-Name", "x")])
    await bot.delete_my_commands(scope=private)
    assert api.bot_commands({"type": "all_private_chats"}) is None


async def test_chat_admins_and_chat_info(api: FakeBotAPI, bot: Bot) -> None:
    api.add_chat(GROUP, "supergroup", title="Ops room")
    api.set_admins(GROUP, [11], owner_id=10)
    assert (await bot.get_chat_member(GROUP, 10)).status == "creator"
    assert (await bot.get_chat_member(GROUP, 11)).status == "administrator"
    assert (await bot.get_chat_member(GROUP, 12)).status == "member"
    admins = await bot.get_chat_administrators(GROUP)
    assert [a.user.id for a in admins] == [10, 11]
    chat = await bot.get_chat(GROUP)
    assert (chat.title, chat.type) == ("Ops room", "supergroup")
    await bot.send_chat_action(GROUP, "typing")
    assert api.chat_actions == [(GROUP, "typing", None)]


# -- getUpdates, raw protocol -------------------------------------------------------------------


async def test_get_updates_offsets_and_long_poll(api: FakeBotAPI, bot: Bot) -> None:
    first = api.queue_message(PRIVATE, PRIVATE, "/start")
    updates = await bot.get_updates(timeout=0)
    assert [u.update_id for u in updates] == [first["update_id"]]
    assert updates[0].message is not None and updates[0].message.text == "/start"
    assert len(await bot.get_updates(timeout=0)) == 1  # not confirmed yet

    poll = asyncio.create_task(bot.get_updates(offset=first["update_id"] + 1, timeout=5))
    await asyncio.sleep(0.05)
    assert api.pending_updates == []  # confirmed by the offset
    second = api.queue_message(PRIVATE, PRIVATE, "hello")
    updates = await asyncio.wait_for(poll, 2)
    assert [u.update_id for u in updates] == [second["update_id"]]


async def test_second_poller_terminates_first_and_filters(api: FakeBotAPI, bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=3))
    await asyncio.sleep(0.05)
    async with api.make_bot() as other_instance:  # PTB serialises one Bot's getUpdates
        assert await other_instance.get_updates(timeout=0, allowed_updates=["channel_post"]) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await first
    api.add_chat(-1009, "channel", title="Defence wire")
    api.queue_message(PRIVATE, PRIVATE, "dropped: not an allowed update type")
    api.queue_message(-1009, 0, "posted in the channel")
    [update] = await bot.get_updates(timeout=0)
    assert update.channel_post is not None and update.channel_post.sender_chat is not None
    assert update.channel_post.text == "posted in the channel"


async def test_webhook_blocks_get_updates_and_delivers(api: FakeBotAPI, bot: Bot) -> None:
    received: list[tuple[str | None, dict[str, object]]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
        with pytest.raises(Conflict):
            await bot.get_updates(timeout=0)
        api.queue_message(PRIVATE, PRIVATE, "/latest")
        await api.wait_until(lambda: api.pending_updates == [] and bool(received), 3)
        assert received[0][0] == "s3cret"
        assert received[0][1]["message"]["text"] == "/latest"  # type: ignore[index]
    finally:
        await bot.delete_webhook()
        await runner.cleanup()


async def test_raw_protocol_shapes(api: FakeBotAPI) -> None:
    async with httpx.AsyncClient(base_url=api.base_url + api.token) as client:
        unknown = await client.post("/sendTelepathy", data={"chat_id": "1"})
        assert (unknown.status_code, unknown.json()) == (
            404,
            {"ok": False, "error_code": 404, "description": "Not Found"},
        )
        as_json = await client.post("/sendMessage", json={"chat_id": 5, "text": "json body"})
        assert as_json.json()["result"]["text"] == "json body"
        as_get = await client.get("/getMe")
        assert as_get.json()["ok"] is True
        markup = json.dumps({"inline_keyboard": [[{"text": "n", "callback_data": "p:2"}]]})
        form = await client.post(
            "/sendMessage", data={"chat_id": "5", "text": "f", "reply_markup": markup}
        )
        assert form.json()["result"]["reply_markup"]["inline_keyboard"][0][0]["text"] == "n"
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{api.base_url}1:wrong/getMe") as wrong_token,
    ):
        assert wrong_token.status == 401
    assert [m.text for m in api.messages(5)] == ["json body", "f"]


# -- an Application on long polling -------------------------------------------------------------


async def test_application_commands_buttons_and_documents(api: FakeBotAPI) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        more = InlineKeyboardMarkup([[InlineKeyboardButton("Next", callback_data="page:2")]])
        await update.effective_message.reply_text(
            "<b>Welcome</b> to sitrep", parse_mode=ParseMode.HTML, reply_markup=more
        )

    async def page(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("page 2")
        await query.edit_message_text(f"page {query.data}")

    async def opml(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message and update.effective_message.document
        file = await update.effective_message.document.get_file()
        data = await file.download_as_bytearray()
        await update.effective_message.reply_text(f"got {len(data)} bytes")

    app = api.application_builder().build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(page))
    app.add_handler(MessageHandler(filters.Document.ALL, opml))
    async with app:
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        await app.start()
        try:
            api.queue_message(PRIVATE, PRIVATE, "/start")
            api.add_chat(GROUP, "supergroup", is_forum=True, topics=[5])
            api.queue_message(GROUP, 77, "/start@sitrep_test_bot", thread_id=5)
            [welcome] = await api.wait_for_messages(PRIVATE, 1)
            [in_topic] = await api.wait_for_messages(GROUP, 1)

            api.queue_callback_query(PRIVATE, PRIVATE, "page:2", welcome.message_id)
            await api.wait_until(lambda: len(api.edits) == 1)
            api.queue_document(PRIVATE, PRIVATE, "feeds.opml", b"<opml>x</opml>")
            await api.wait_for_messages(PRIVATE, 2)
        finally:
            await app.updater.stop()
            await app.stop()

    assert welcome.plain_text == "Welcome to sitrep"
    assert welcome.callback_data == ["page:2"]
    assert in_topic.message_thread_id == 5
    assert api.callback_answers[0].text == "page 2"
    assert api.edits[0].plain_text == "page page:2"
    assert api.messages(PRIVATE)[-1].plain_text == "got 14 bytes"
    assert api.pending_updates == []  # every update confirmed on shutdown
