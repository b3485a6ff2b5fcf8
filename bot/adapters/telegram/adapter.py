"""The Telegram adapter: python-telegram-bot v22 on sitrep's one event loop.

Incoming commands, button presses and OPML uploads become ``Commands`` calls; their
replies are rendered with :func:`bot.render.telegram_html.render_telegram`. Outgoing
digests and alerts arrive through :meth:`TelegramAdapter.send` from the delivery worker,
which decides about retries: PTB's own retrying is not used, and Bot API errors are
mapped to :mod:`bot.delivery` errors. The incoming side lives in
:mod:`bot.adapters.telegram.updates`, the error mapping in :mod:`bot.adapters.telegram.errors`.

The application is driven by hand (``initialize``/``start``/``stop``/``shutdown``), never
``run_polling``, so it shares the service's loop.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import time
from collections.abc import Mapping
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application
from telegram.request import HTTPXRequest

from bot.adapters.base import AdapterMetrics, NoMetrics, WebhookRoute
from bot.adapters.telegram.errors import TokenRedactor, map_send_error
from bot.adapters.telegram.messages import keyboard, link_previews
from bot.adapters.telegram.polling_lock import claim_polling
from bot.adapters.telegram.updates import PLATFORM, SORRY, PerChatUpdates, UpdateHandlers
from bot.adapters.telegram.webhook_order import OrderedWebhook
from bot.commands import Commands
from bot.delivery import Pacer
from bot.domain import Delivery
from bot.settings import Settings
from bot.store.chat_locks import ChatLocks, HeldLock
from bot.store.chat_marks import ChatMarks

__all__ = ["PLATFORM", "SORRY", "TelegramAdapter", "api_urls", "chat_ref"]

log = logging.getLogger(__name__)

DEFAULT_API = "https://api.telegram.org"
ALLOWED_UPDATES = ("message", "channel_post", "callback_query")


def api_urls(base: str) -> tuple[str, str]:
    """``(base_url, base_file_url)`` for PTB from ``TELEGRAM_API_BASE_URL``.

    Accepts the Bot API root (``http://host:8081``) or the ``…/bot`` form PTB uses.
    """
    root = (base or DEFAULT_API).rstrip("/").removesuffix("/bot")
    return f"{root}/bot", f"{root}/file/bot"


def chat_ref(chat_id: str) -> int | str:
    digits = chat_id.lstrip("-")
    return int(chat_id) if digits.isascii() and digits.isdigit() else chat_id


class TelegramAdapter(UpdateHandlers):
    """Serves every command on Telegram and sends the outbox's Telegram rows."""

    platform = PLATFORM

    def __init__(
        self,
        commands: Commands,
        settings: Settings,
        *,
        pacer: Pacer,
        metrics: AdapterMetrics | None = None,
        locks: ChatLocks,
        marks: ChatMarks,
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
        self._locks = locks
        self._webhook = OrderedWebhook(self.application, locks, marks)

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
            self._poll_lock = await claim_polling(self._locks, self.bot.id, self.bot.username)
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
