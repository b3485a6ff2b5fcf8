"""The Telegram adapter: python-telegram-bot v22 on sitrep's one event loop.

Incoming commands, button presses and OPML uploads become ``Commands`` calls; their
replies are rendered with :func:`bot.render.telegram_html.render_telegram`. Outgoing
digests and alerts arrive through :meth:`TelegramAdapter.send` from the delivery worker,
which decides about retries: PTB's own retrying is not used, and Bot API errors are
mapped to :mod:`bot.delivery` errors.

The application is driven by hand (``initialize``/``start``/``stop``/``shutdown``), never
``run_polling``, so it shares the service's loop.
"""

from __future__ import annotations

import asyncio
import functools
import hmac
import json
import logging
import time
import weakref
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    ChatMember,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
    Message,
    Update,
    User,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import (
    BadRequest,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.error import (
    ChatMigrated as TgChatMigrated,
)
from telegram.ext import (
    Application,
    BaseUpdateProcessor,
    CallbackContext,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.adapters.base import AdapterMetrics, NoMetrics, WebhookRoute
from bot.adapters.telegram.polling_lock import claim_polling
from bot.adapters.telegram.webhook_order import OrderedWebhook
from bot.commands import Caller, Commands
from bot.delivery import (
    GROUP_CHAT_TYPES,
    ChatGone,
    ChatMigrated,
    Pacer,
    Rejected,
    RetryLater,
    Transient,
    chat_key,
)
from bot.domain import Delivery
from bot.render.plain import render_plain
from bot.render.telegram_html import render_telegram
from bot.replies import Reply, text_reply
from bot.settings import Settings
from bot.store.chat_locks import HeldLock

log = logging.getLogger(__name__)

T = TypeVar("T")
PLATFORM = "telegram"
DEFAULT_API = "https://api.telegram.org"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
ALLOWED_UPDATES = ("message", "channel_post", "callback_query")
ADMIN_STATUSES = frozenset({ChatMember.ADMINISTRATOR, ChatMember.OWNER})
# Bot API 400 descriptions that mean the chat itself is unreachable for good.
GONE_MARKERS = (
    "chat not found",
    "user is deactivated",
    "bot was kicked",
    "bot is not a member",
    "group chat was deactivated",
    "have no rights to send",
    "not enough rights",
    "need administrator rights",
    "chat_write_forbidden",
    "peer_id_invalid",
    "bot can't initiate conversation",
)
SORRY = "Sorry, something went wrong on our side. Please try again in a minute."
INCOMING = filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST
IMPORT_CAPTION = filters.CaptionRegex(r"^/importfeeds(@\w+)?(\s|$)")


def api_urls(base: str) -> tuple[str, str]:
    """``(base_url, base_file_url)`` for PTB from ``TELEGRAM_API_BASE_URL``.

    Accepts the Bot API root (``http://host:8081``) or the ``…/bot`` form PTB uses.
    """
    root = (base or DEFAULT_API).rstrip("/").removesuffix("/bot")
    return f"{root}/bot", f"{root}/file/bot"


def retry_seconds(exc: RetryAfter) -> float:
    """``retry_after`` as seconds: a timedelta with PTB_TIMEDELTA set, else an int."""
    value: Any = exc._retry_after  # always a timedelta; the public property warns when int
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def chat_ref(chat_id: str) -> int | str:
    digits = chat_id.lstrip("-")
    return int(chat_id) if digits.isascii() and digits.isdigit() else chat_id


def keyboard(buttons: list[list[str]] | tuple[tuple[str, str], ...]) -> InlineKeyboardMarkup | None:
    """One button per row; ``None`` without buttons."""
    rows = [[InlineKeyboardButton(label, callback_data=data)] for label, data in buttons]
    return InlineKeyboardMarkup(rows) if rows else None


def link_previews(text: str) -> LinkPreviewOptions:
    """Show a preview only when the message has a single link (one story, not a list)."""
    return LinkPreviewOptions(is_disabled=text.count("<a href=") != 1)


def reply_retry_in(exc: Exception, attempt: int) -> float | None:
    """How long a reply waits before it is sent again: a 429's ``retry_after``; a short,
    growing pause after a timeout or network error (three tries); otherwise give up."""
    if isinstance(exc, RetryAfter):
        return retry_seconds(exc)
    if isinstance(exc, TimedOut | NetworkError) and not isinstance(exc, BadRequest):
        return float(attempt) if attempt <= 3 else None
    return None


def map_send_error(exc: TelegramError) -> Exception:
    """A Bot API error as the delivery worker's error."""
    if isinstance(exc, RetryAfter):
        return RetryLater(retry_seconds(exc))
    if isinstance(exc, TgChatMigrated):
        return ChatMigrated(str(exc.new_chat_id))
    if isinstance(exc, Forbidden):
        return ChatGone(exc.message)
    if isinstance(exc, BadRequest):
        text = exc.message.lower()
        if "thread not found" in text or "topic_deleted" in text or "topic closed" in text:
            return ChatGone(exc.message, thread_only=True)
        if any(marker in text for marker in GONE_MARKERS):
            return ChatGone(exc.message)
        return Rejected(exc.message)
    return Transient(f"{type(exc).__name__}: {exc.message}")


class TokenRedactor(logging.Filter):
    """Replaces the bot token in records of the loggers that print Bot API URLs."""

    LOGGERS = ("telegram.Bot", "telegram.ext.ExtBot", "httpx", "httpcore")

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._token in message:
            record.msg, record.args = message.replace(self._token, "<token>"), None
        return True

    def install(self) -> None:
        for name in self.LOGGERS:
            logging.getLogger(name).addFilter(self)

    def remove(self) -> None:
        for name in self.LOGGERS:
            logging.getLogger(name).removeFilter(self)


class PerChatUpdates(BaseUpdateProcessor):
    """Updates of one chat in order; different chats concurrently."""

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        key = chat.id if chat is not None else 0
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        async with lock:
            await coroutine

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


class TelegramAdapter:
    """Serves every command on Telegram and sends the outbox's Telegram rows."""

    platform = PLATFORM

    def __init__(
        self,
        commands: Commands,
        settings: Settings,
        *,
        pacer: Pacer,
        metrics: AdapterMetrics | None = None,
        poll_timeout: float = 10.0,
        request_timeout: float = 10.0,
    ) -> None:
        token = settings.telegram_bot_token
        if token is None:
            raise ValueError("TELEGRAM_BOT_TOKEN is not set")
        self.commands = commands
        self.settings = settings
        self.pacer = pacer  # shared with the outbox worker: replies and deliveries, one budget
        self.metrics = metrics or NoMetrics()
        self._poll_timeout = poll_timeout
        self._started = False
        base_url, file_url = api_urls(settings.telegram.api_base_url)
        self._redactor = TokenRedactor(token.get_secret_value())
        self._redactor.install()  # PTB logs the API URL, token included, at DEBUG
        t = request_timeout
        self.application = (
            Application.builder()
            .token(token.get_secret_value())
            .base_url(base_url)
            .base_file_url(file_url)
            .request(
                HTTPXRequest(
                    connection_pool_size=8,
                    connect_timeout=t,
                    read_timeout=t,
                    write_timeout=t,
                    pool_timeout=t,
                )
            )
            .get_updates_request(HTTPXRequest(connect_timeout=t, read_timeout=t))
            .concurrent_updates(PerChatUpdates(32))
            .job_queue(None)  # sitrep's scheduler does the timing
            .build()
        )
        self._add_handlers()
        # Several chat processes on one store: one long poller; webhook updates in chat order.
        self._poll_lock: HeldLock | None = None
        self._webhook = OrderedWebhook(self.application, commands.store.chat_locks)

    @property
    def bot(self) -> Any:
        return self.application.bot

    @property
    def connected(self) -> bool:
        if self._started and self.settings.telegram.mode == "webhook":
            return self.application.running
        updater = self.application.updater
        if not self._started or updater is None or not updater.running:
            return False
        polling: asyncio.Task[Any] | None = getattr(updater, "_Updater__polling_task", None)
        return polling is None or not polling.done()

    # -- lifecycle ---------------------------------------------------------------------------

    async def initialize(self) -> None:
        for noisy in ("httpx", "httpcore"):  # their DEBUG/INFO lines carry the token in URLs
            logger = logging.getLogger(noisy)
            if logger.getEffectiveLevel() < logging.WARNING:
                logger.setLevel(logging.WARNING)
        await self.application.initialize()
        await self.set_commands()

    async def start(self) -> None:
        tg = self.settings.telegram
        if tg.mode != "webhook":
            locks = self.commands.store.chat_locks
            self._poll_lock = await claim_polling(locks, self.bot.id, self.bot.username)
        await self.application.start()
        updater = self.application.updater
        assert updater is not None
        if tg.mode == "webhook":
            await self._start_webhook()
        else:
            await updater.start_polling(
                timeout=timedelta(seconds=self._poll_timeout),
                allowed_updates=list(ALLOWED_UPDATES),
                bootstrap_retries=3,
                error_callback=self._polling_error,
            )
        self._started = True
        log.info("platform=telegram started (%s) as @%s", tg.mode, self.bot.username)

    async def _start_webhook(self) -> None:
        """Register the webhook; updates arrive through :meth:`webhook_routes` on the
        runtime's one HTTP server (any ``chat`` process behind a load balancer)."""
        tg, secret = self.settings.telegram, self.settings.telegram_webhook_secret
        if not tg.webhook_url:
            raise ValueError("telegram.webhook_url is required in webhook mode")
        await self.bot.set_webhook(
            url=tg.webhook_url,
            allowed_updates=list(ALLOWED_UPDATES),
            secret_token=secret.get_secret_value() if secret else None,
        )

    def webhook_routes(self) -> list[WebhookRoute]:
        tg = self.settings.telegram
        if tg.mode != "webhook" or not tg.webhook_url:
            return []
        path = "/" + urlsplit(tg.webhook_url).path.lstrip("/")
        return [WebhookRoute(path, self._on_webhook)]

    async def _on_webhook(self, headers: Mapping[str, str], body: bytes) -> int:
        """One update POSTed by Telegram: the secret token checked, then handled in its
        chat's turn across processes (:mod:`bot.adapters.telegram.webhook_order`)."""
        secret = self.settings.telegram_webhook_secret
        if secret is not None:
            given = headers.get("X-Telegram-Bot-Api-Secret-Token", "")
            if not hmac.compare_digest(given.encode(), secret.get_secret_value().encode()):
                log.warning("platform=telegram webhook call with a wrong secret token refused")
                return 403
        try:
            data = json.loads(body)
            update = Update.de_json(data, self.bot)
        except (ValueError, TypeError, KeyError):
            return 400
        return await self._webhook.accept(update)

    async def shutdown(self) -> None:
        self._started = False
        app = self.application
        if app.updater is not None and app.updater.running:
            try:
                await app.updater.stop()  # polling mode
            except TelegramError as exc:  # polling had already died (e.g. token revoked)
                log.warning("platform=telegram polling had stopped: %s", exc.message)
        if self._poll_lock is not None:
            await self._poll_lock.release()
            self._poll_lock = None
        await self._webhook.drain(grace=5)
        if app.running:
            await app.stop()
        await app.shutdown()
        self._redactor.remove()

    def _polling_error(self, exc: TelegramError) -> None:
        log.warning("platform=telegram polling error: %s", type(exc).__name__)

    async def set_commands(self) -> None:
        """Subscriber and reader commands for everyone; every command for each admin."""
        table = self.commands.table
        public = [BotCommand(s.name, s.summary) for s in table.visible({"subscriber", "reader"})]
        everything = [BotCommand(s.name, s.summary) for s in table.specs.values()]
        try:
            await self.bot.set_my_commands(public, scope=BotCommandScopeDefault())
            for admin_id in self.settings.telegram.admins:
                await self.bot.set_my_commands(everything, scope=BotCommandScopeChat(admin_id))
        except TelegramError as exc:
            log.warning("platform=telegram setMyCommands failed: %s", exc.message)

    def _add_handlers(self) -> None:
        app = self.application
        for name in self.commands.table.specs:
            app.add_handler(CommandHandler(name, self._on_command, filters=INCOMING))
        app.add_handler(MessageHandler(filters.Document.ALL & IMPORT_CAPTION, self._on_import))
        app.add_handler(MessageHandler(filters.COMMAND & INCOMING, self._on_command))
        app.add_handler(CallbackQueryHandler(self._on_button))
        app.add_error_handler(self._on_error)

    # -- incoming ----------------------------------------------------------------------------

    async def _caller(
        self,
        message: Message,
        user: User | None,
        *,
        check_admin: bool = False,
        attachment: bytes | None = None,
    ) -> Caller:
        chat, user_id = message.chat, user.id if user else None
        thread = str(message.message_thread_id) if message.is_topic_message else ""
        sender = message.sender_chat
        is_admin = False
        if check_admin:
            is_admin = await self._is_chat_admin(chat.id, chat.type, user_id, sender)
        return Caller(
            platform=PLATFORM,
            user_id=str(user_id) if user_id is not None else str(sender.id if sender else ""),
            chat_id=str(chat.id),
            thread_id=thread,
            chat_type=chat.type,
            is_chat_admin=is_admin,
            name=user.full_name if user else (chat.title or ""),
            attachment=attachment,
        )

    async def _is_chat_admin(
        self, chat_id: int, chat_type: str, user_id: int | None, sender: Any
    ) -> bool:
        """Asked on every call, never cached: admin rights change at any time."""
        if chat_type in (ChatType.PRIVATE, ChatType.SENDER):
            return True
        if chat_type == ChatType.CHANNEL or (sender is not None and sender.id == chat_id):
            return True  # only admins post in channels or speak as the group itself
        if user_id is None:
            return False
        member = await self.bot.get_chat_member(chat_id, user_id)
        return member.status in ADMIN_STATUSES

    async def _on_command(
        self, update: Update, context: CallbackContext[Any, Any, Any, Any]
    ) -> None:
        started = time.perf_counter()
        message = update.effective_message
        if message is None or not message.text or not message.entities:
            return
        length = message.entities[0].length  # the bot_command entity at offset 0
        word, args = message.text[:length], message.text[length:]
        name, _, target = word[1:].partition("@")
        if target and target.lower() != (self.bot.username or "").lower():
            return  # a command for another bot in the same group
        name = name.lower()
        spec = self.commands.table.specs.get(name)
        caller = await self._caller(
            message, message.from_user, check_admin=bool(spec and spec.changes_chat)
        )
        log.debug("platform=telegram chat_id=%s command=%s", caller.chat_id, name)
        reply = await self.commands.run(name, args.strip(), caller)
        await self.reply(message, reply)
        self._answered(name if spec else "unknown", started)

    async def _on_import(
        self, update: Update, context: CallbackContext[Any, Any, Any, Any]
    ) -> None:
        started = time.perf_counter()
        message = update.effective_message
        if message is None or message.document is None:
            return
        caller = await self._caller(message, message.from_user)
        args = (message.caption or "").partition(" ")[2]
        if not self.commands.is_admin(caller):
            reply = await self.commands.run("importfeeds", args, caller)  # refused, no download
        elif (message.document.file_size or 0) > MAX_UPLOAD_BYTES:
            reply = text_reply(
                "That file is too large; OPML files up to 5 MB are accepted.", kind="error"
            )
        else:
            file = await message.document.get_file()
            data = bytes(await file.download_as_bytearray())
            caller = await self._caller(message, message.from_user, attachment=data)
            reply = await self.commands.run("importfeeds", args, caller)
        await self.reply(message, reply)
        self._answered("importfeeds", started)

    async def _on_button(
        self, update: Update, context: CallbackContext[Any, Any, Any, Any]
    ) -> None:
        started = time.perf_counter()
        query = update.callback_query
        if query is None:
            return
        message = query.message if isinstance(query.message, Message) else None
        if message is None or not query.data:
            await query.answer("That button has expired.")
            return
        caller = await self._caller(message, query.from_user)
        reply = await self.commands.action(query.data, caller)
        await self._answer_button(query, message, reply)
        self._answered(query.data.partition(":")[0] + ":button", started)

    async def _answer_button(self, query: Any, message: Message, reply: Reply) -> None:
        """A page replaces the message the button was on; anything else is a new reply."""
        if reply.kind == "error":
            await query.answer(render_plain(reply)[:200], show_alert=True)
            return
        await query.answer()
        rendered = render_telegram(reply)
        if len(rendered) == 1 and reply.attachment is None:
            try:
                await self._paced(
                    message,
                    lambda: query.edit_message_text(
                        rendered[0].text,
                        parse_mode=ParseMode.HTML,
                        reply_markup=keyboard(rendered[0].buttons),
                        link_preview_options=link_previews(rendered[0].text),
                    ),
                )
                return
            except BadRequest as exc:
                if "not modified" in exc.message:
                    return
                log.info("platform=telegram edit failed (%s); sending instead", exc.message)
        await self.reply(message, reply)

    async def _paced(self, message: Message, send: Callable[[], Awaitable[T]]) -> T:
        """A reply to a person, paced with the outbox, ahead of it, and retried on 429."""
        thread = message.message_thread_id if message.is_topic_message else None
        key = chat_key(str(message.chat_id), str(thread) if thread is not None else "")
        is_group = message.chat.type in GROUP_CHAT_TYPES
        return await self.pacer.reply(key, is_group, send, reply_retry_in)

    async def reply(self, message: Message, reply: Reply) -> None:
        """Send a rendered reply to the message's chat (and forum topic)."""
        thread = message.message_thread_id if message.is_topic_message else None
        rendered = render_telegram(reply)
        for part in rendered:
            send = functools.partial(
                self.bot.send_message,
                message.chat_id,
                part.text,
                parse_mode=ParseMode.HTML,
                message_thread_id=thread,
                reply_markup=keyboard(part.buttons),
                link_preview_options=link_previews(part.text),
            )
            await self._paced(message, send)
        if reply.attachment is not None:
            doc = reply.attachment
            await self._paced(
                message,
                lambda: self.bot.send_document(
                    message.chat_id,
                    InputFile(doc.data, filename=doc.filename),
                    message_thread_id=thread,
                ),
            )

    async def _on_error(self, update: object, context: CallbackContext[Any, Any, Any, Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        log.error(
            "platform=telegram chat_id=%s update handling failed",
            chat.id if chat else "-",
            exc_info=context.error,
        )
        if not isinstance(update, Update) or chat is None:
            return
        try:
            if update.callback_query is not None:
                await update.callback_query.answer(SORRY, show_alert=True)
            elif (message := update.effective_message) is not None:
                topic = message.message_thread_id if message.is_topic_message else None
                await self._paced(
                    message, lambda: self.bot.send_message(chat.id, SORRY, message_thread_id=topic)
                )
        except TelegramError as exc:
            log.warning("platform=telegram chat_id=%s could not report error: %s", chat.id, exc)

    def _answered(self, command: str, started: float) -> None:
        self.metrics.command_answered(PLATFORM, command, time.perf_counter() - started)

    # -- outbox ------------------------------------------------------------------------------

    async def send(self, delivery: Delivery, part: dict[str, Any]) -> None:
        """Send one rendered part; Bot API errors become :mod:`bot.delivery` errors."""
        text = str(part.get("text", ""))
        started = time.perf_counter()
        try:
            await self.bot.send_message(
                chat_ref(delivery.chat_id),
                text,
                parse_mode=ParseMode.HTML,
                message_thread_id=int(delivery.thread_id) if delivery.thread_id else None,
                reply_markup=keyboard(part.get("buttons") or []),
                link_preview_options=link_previews(text),
            )
        except TelegramError as exc:
            raise map_send_error(exc) from exc
        self.metrics.observe_send(PLATFORM, time.perf_counter() - started)
