"""Incoming Telegram updates: commands, button presses and OPML uploads become
``Commands`` calls whose replies are rendered with
:func:`bot.render.telegram_html.render_telegram` and sent paced with the outbox
(:class:`UpdateHandlers`, mixed into the adapter); updates of one chat are handled in
order, different chats concurrently (:class:`PerChatUpdates`)."""

from __future__ import annotations

import asyncio
import functools
import logging
import time
import weakref
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from telegram import ChatMember, InputFile, Message, Update, User
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    BaseUpdateProcessor,
    CallbackContext,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.adapters.base import AdapterMetrics
from bot.adapters.telegram.errors import is_rate_limit, reply_retry_in
from bot.adapters.telegram.messages import keyboard, link_previews
from bot.commands import Caller, Commands
from bot.delivery import GROUP_CHAT_TYPES, Pacer, chat_key
from bot.render.plain import render_plain
from bot.render.telegram_html import render_telegram
from bot.replies import Reply, text_reply

log = logging.getLogger(__name__)

T = TypeVar("T")
PLATFORM = "telegram"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
ADMIN_STATUSES = frozenset({ChatMember.ADMINISTRATOR, ChatMember.OWNER})
SORRY = "Sorry, something went wrong on our side. Please try again in a minute."
INCOMING = filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST
IMPORT_CAPTION = filters.CaptionRegex(r"^/importfeeds(@\w+)?(\s|$)")


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


class UpdateHandlers:
    """The adapter's incoming side: PTB handlers for commands, uploads and buttons, and
    replies to them paced with the outbox."""

    commands: Commands
    pacer: Pacer
    metrics: AdapterMetrics
    application: Application[Any, Any, Any, Any, Any, Any]

    @property
    def bot(self) -> Any:
        return self.application.bot

    def _add_handlers(self) -> None:
        app = self.application
        for name in self.commands.table.specs:
            app.add_handler(CommandHandler(name, self._on_command, filters=INCOMING))
        app.add_handler(MessageHandler(filters.Document.ALL & IMPORT_CAPTION, self._on_import))
        app.add_handler(MessageHandler(filters.COMMAND & INCOMING, self._on_command))
        app.add_handler(CallbackQueryHandler(self._on_button))
        app.add_error_handler(self._on_error)

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
        return await self.pacer.reply(key, is_group, send, reply_retry_in, is_rate_limit)

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
