"""The fake Bot API's world and its constructor: chats, users, admins, stored messages,
the update queue the test fills, and the recorders (read in ``assertions``)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.botapi.constants import _CHAT_NOT_FOUND, _DEFAULT_UPDATE_TYPES, JSONDict
from tests.fakes.botapi.ratelimits import RateLimits, _FloodControl
from tests.fakes.botapi.records import (
    CallbackAnswer,
    ErrorReply,
    RateLimitHit,
    RecordedRequest,
    ScriptedFailure,
    SentMessage,
    UploadedFile,
)
from tests.fakes.botapi.wire import ApiError, _as_int, _bad_request, _infer_chat_type, _update_kind


@dataclass
class FakeUser:
    id: int
    first_name: str
    username: str | None = None
    is_bot: bool = False
    language_code: str | None = "en"

    def as_json(self) -> JSONDict:
        user: JSONDict = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.username:
            user["username"] = self.username
        if self.language_code and not self.is_bot:
            user["language_code"] = self.language_code
        return user


@dataclass
class FakeChat:
    id: int
    type: str
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    is_forum: bool = False
    topics: set[int] | None = None
    admins: set[int] = field(default_factory=set)
    owner_id: int | None = None
    message_counter: int = 0

    @property
    def is_group(self) -> bool:
        return self.type in ("group", "supergroup", "channel")

    def as_json(self) -> JSONDict:
        chat: JSONDict = {"id": self.id, "type": self.type}
        if self.type == "private":
            chat["first_name"] = self.first_name or f"User{self.id}"
        else:
            chat["title"] = self.title or f"Chat {self.id}"
        if self.username:
            chat["username"] = self.username
        if self.is_forum:
            chat["is_forum"] = True
        return chat


class BotApiState:
    """State shared by the parts of :class:`~tests.fakes.botapi.FakeBotAPI` (one object)."""

    def __init__(
        self,
        token: str = "123456789:AAFakeTokenForSitrepTests_0123456789",
        *,
        bot_username: str = "sitrep_test_bot",
        bot_name: str = "sitrep",
        rate_limits: RateLimits | None = None,
        strict_html: bool = True,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.token = token
        self.bot_user = FakeUser(int(token.split(":")[0]), bot_name, bot_username, is_bot=True)
        self.strict_html = strict_html
        self.host = host
        self._requested_port = port
        self._flood = _FloodControl(rate_limits or RateLimits.off())
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._closing = False
        self._change = asyncio.Event()
        # state
        self.chats: dict[int, FakeChat] = {}
        self.users: dict[int, FakeUser] = {}
        self._messages: dict[tuple[int, int], JSONDict] = {}
        self._updates: list[JSONDict] = []
        self._next_update_id = 100_000
        self._allowed_updates: frozenset[str] = _DEFAULT_UPDATE_TYPES
        self._poll_generation = 0
        self._open_callbacks: set[str] = set()
        self._next_callback = 0
        self._failures: dict[int | None, list[ScriptedFailure]] = {}
        self.files: dict[str, UploadedFile] = {}
        self.commands: dict[tuple[str, str], list[JSONDict]] = {}
        self.webhook: JSONDict = {}
        self._webhook_task: asyncio.Task[None] | None = None
        # recorders
        self.sent: list[SentMessage] = []
        self.edits: list[SentMessage] = []
        self.requests: list[RecordedRequest] = []
        self.rate_limited: list[RateLimitHit] = []
        self.errors: list[ErrorReply] = []
        self.callback_answers: list[CallbackAnswer] = []
        self.chat_actions: list[tuple[int, str, int | None]] = []
        self.webhook_deliveries: list[tuple[int, int | None]] = []
        self.deleted: list[tuple[int, int]] = []
        self.profile: dict[tuple[str, str], str] = {}
        self._handlers: dict[str, Callable[[JSONDict], Any]] = self._method_table()

    def _method_table(self) -> dict[str, Callable[[JSONDict], Any]]:
        raise NotImplementedError  # FakeBotAPI: Bot API method name -> handler

    def _notify(self) -> None:
        changed, self._change = self._change, asyncio.Event()
        changed.set()

    # -- chats, users and admins -------------------------------------------------------------

    def add_chat(
        self,
        chat_id: int,
        chat_type: str | None = None,
        *,
        title: str | None = None,
        username: str | None = None,
        is_forum: bool = False,
        topics: Iterable[int] | None = None,
    ) -> FakeChat:
        """Register (or update) a chat; ``topics`` makes thread ids outside it "not found"."""
        chat = self.chats.get(chat_id)
        if chat is None:
            chat = FakeChat(chat_id, chat_type or _infer_chat_type(chat_id))
            self.chats[chat_id] = chat
        elif chat_type is not None:
            chat.type = chat_type
        chat.title = title or chat.title
        chat.username = username or chat.username
        chat.is_forum = chat.is_forum or is_forum or topics is not None
        if topics is not None:
            chat.topics = set(topics)
        if chat.type == "private" and chat_id in self.users:
            chat.first_name = self.users[chat_id].first_name
        return chat

    def add_user(
        self,
        user_id: int,
        first_name: str | None = None,
        *,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> FakeUser:
        user = FakeUser(user_id, first_name or f"User{user_id}", username, False, language_code)
        self.users[user_id] = user
        return user

    def set_admins(
        self, chat_id: int, admin_ids: Iterable[int], *, owner_id: int | None = None
    ) -> None:
        """Who ``getChatMember`` / ``getChatAdministrators`` report as admins of ``chat_id``."""
        chat = self.add_chat(chat_id)
        chat.admins = set(admin_ids)
        chat.owner_id = owner_id

    def _chat(self, chat_id: int, chat_type: str | None = None) -> FakeChat:
        if chat_id in self.chats and chat_type is None:
            return self.chats[chat_id]
        return self.add_chat(chat_id, chat_type)

    def _user(self, user_id: int) -> FakeUser:
        return self.users.get(user_id) or self.add_user(user_id)

    def _target_chat(self, p: JSONDict) -> FakeChat:
        chat_id = p.get("chat_id")
        if chat_id is None or chat_id == "":
            raise _bad_request("chat_id is empty")
        if isinstance(chat_id, str):
            for chat in self.chats.values():
                if chat.username and f"@{chat.username}".lower() == chat_id.lower():
                    return chat
            raise ApiError(400, _CHAT_NOT_FOUND)
        return self._chat(_as_int(chat_id, "chat_id"))

    def _thread_id(self, chat: FakeChat, p: JSONDict) -> int | None:
        thread = p.get("message_thread_id")
        if thread is None:
            return None
        thread = _as_int(thread, "message_thread_id")
        if chat.topics is not None and thread not in chat.topics:
            raise _bad_request("message thread not found")
        return thread

    @staticmethod
    def _commands_key(scope: JSONDict | None, language_code: str | None) -> tuple[str, str]:
        scope = scope or {"type": "default"}
        return json.dumps(scope, sort_keys=True), language_code or ""

    # -- updates the test queues -------------------------------------------------------------

    def queue_update(self, update: JSONDict) -> JSONDict:
        """Queue a raw update (``update_id`` is assigned); returns it."""
        update = {"update_id": self._next_update_id, **update}
        self._next_update_id += 1
        if _update_kind(update) in self._allowed_updates:
            self._updates.append(update)
            self._notify()
        return update

    def queue_message(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        chat_type: str | None = None,
        thread_id: int | None = None,
        *,
        reply_to_message_id: int | None = None,
        extra: JSONDict | None = None,
    ) -> JSONDict:
        """Queue a user's text message; ``/commands`` get a ``bot_command`` entity.

        ``chat_type`` defaults to the registered type, else private for positive ids.
        In a channel the update is a ``channel_post`` without ``from``.
        """
        chat = self._chat(chat_id, chat_type)
        message = self._incoming_message(chat, user_id, thread_id)
        message["text"] = text
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        if reply_to_message_id is not None:
            message["reply_to_message"] = self._messages[(chat_id, reply_to_message_id)]
        message.update(extra or {})
        kind = "channel_post" if chat.type == "channel" else "message"
        return self.queue_update({kind: message})

    def queue_document(
        self,
        chat_id: int,
        user_id: int,
        filename: str,
        content: bytes,
        mime_type: str | None = "application/octet-stream",
        *,
        caption: str | None = None,
        chat_type: str | None = None,
        thread_id: int | None = None,
    ) -> JSONDict:
        """Queue a user's document (e.g. an OPML file); ``getFile`` + download return it."""
        chat = self._chat(chat_id, chat_type)
        message = self._incoming_message(chat, user_id, thread_id)
        message["document"] = self._store_file(filename, content, mime_type).as_document()
        if caption is not None:
            message["caption"] = caption
            if caption.startswith("/"):
                command = caption.split(maxsplit=1)[0]
                message["caption_entities"] = [
                    {"type": "bot_command", "offset": 0, "length": len(command)}
                ]
        kind = "channel_post" if chat.type == "channel" else "message"
        return self.queue_update({kind: message})

    def queue_callback_query(
        self, chat_id: int, user_id: int, data: str, message_id: int
    ) -> JSONDict:
        """Queue a press on an inline button under the bot's message ``message_id``."""
        chat = self._chat(chat_id)
        message = self._messages.get((chat_id, message_id)) or {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat.as_json(),
            "from": self.bot_user.as_json(),
            "text": "",
        }
        self._next_callback += 1
        query_id = f"{self.bot_user.id}{self._next_callback:08d}"
        self._open_callbacks.add(query_id)
        query = {
            "id": query_id,
            "from": self._user(user_id).as_json(),
            "message": message,
            "chat_instance": str(abs(chat_id) * 7919 % 10**12),
            "data": data,
        }
        return self.queue_update({"callback_query": query})

    def _incoming_message(self, chat: FakeChat, user_id: int, thread_id: int | None) -> JSONDict:
        chat.message_counter += 1
        message: JSONDict = {
            "message_id": chat.message_counter,
            "date": int(time.time()),
            "chat": chat.as_json(),
        }
        if chat.type == "channel":
            message["sender_chat"] = chat.as_json()
        else:
            message["from"] = self._user(user_id).as_json()
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            message["is_topic_message"] = chat.is_forum
        self._messages[(chat.id, chat.message_counter)] = message
        return message

    def _store_file(self, filename: str | None, content: bytes, mime: str | None) -> UploadedFile:
        number = len(self.files) + 1
        suffix = filename.rsplit(".", 1)[-1] if filename and "." in filename else "bin"
        uploaded = UploadedFile(
            file_id=f"BQACAgQAAxkBAAI{number:06d}",
            file_unique_id=f"AgAD{number:06d}",
            filename=filename,
            content=content,
            mime_type=mime,
            file_path=f"documents/file_{number}.{suffix}",
        )
        self.files[uploaded.file_id] = uploaded
        return uploaded

    @property
    def pending_updates(self) -> list[JSONDict]:
        """Updates not yet confirmed by a ``getUpdates`` offset (or a webhook 2xx)."""
        return list(self._updates)
