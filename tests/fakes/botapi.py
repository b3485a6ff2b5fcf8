"""A Telegram Bot API-compatible server on 127.0.0.1 for tests.

The real python-telegram-bot talks HTTP to it::

    async with FakeBotAPI() as api:
        app = api.application_builder().build()      # or Bot(api.token, base_url=api.base_url, ...)
        api.queue_message(chat_id=42, user_id=42, text="/start")
        ...
        await api.wait_for_messages(42, 1)

It speaks the real JSON: form-encoded bodies whose non-string values are JSON-encoded
(what PTB sends), JSON bodies, multipart uploads, GET query strings; answers
``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": N, "description": ...,
"parameters": {...}}`` with the HTTP status equal to ``error_code``, like Telegram.

Behaviour that differs from Telegram on purpose:
- HTML is checked strictly by default (``strict_html=True``): a bare ``&`` that is not a
  supported entity and a bare ``>`` are rejected. Telegram lets both through, but a bot that
  relies on that breaks on the first ``&lt`` in a headline.
- Webhook URLs may be plain http on any port (the real API wants https on 443/80/88/8443).
- Rate limits are token buckets (GCRA), off by default; see :class:`RateLimits`.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import logging
import math
import re
import time
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any

import aiohttp
from aiohttp import web

if TYPE_CHECKING:
    from telegram import Bot
    from telegram.ext import ApplicationBuilder

logger = logging.getLogger(__name__)

JSONDict = dict[str, Any]

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64

# Methods that put a message into a chat: rate-limited, and the default target of
# ``fail_chat`` / ``flood_chat`` / ``delay_chat``.
MESSAGE_METHODS = frozenset(
    {
        "sendmessage",
        "senddocument",
        "sendphoto",
        "copymessage",
        "forwardmessage",
        "editmessagetext",
    }
)
_RATE_LIMITED_METHODS = MESSAGE_METHODS - {"editmessagetext"}

# Parameters Telegram treats as strings even when they look like JSON ("123", "true").
_STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "url",
        "secret_token",
        "language_code",
        "action",
        "file_id",
        "inline_message_id",
        "description",
        "short_description",
        "name",
        "document",
        "photo",
        "ip_address",
    }
)

_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)

_DEFAULT_UPDATE_TYPES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "callback_query",
        "inline_query",
        "chosen_inline_result",
        "my_chat_member",
        "poll",
        "poll_answer",
        "shipping_query",
        "pre_checkout_query",
        "chat_join_request",
    }
)

_ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_pin_messages",
    "can_post_messages",
)
_INLINE_BUTTON_ACTIONS = frozenset(
    {
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "web_app",
        "login_url",
        "copy_text",
        "pay",
        "callback_game",
    }
)

_BLOCKED = "Forbidden: bot was blocked by the user"
_CHAT_NOT_FOUND = "Bad Request: chat not found"
_MIGRATED = "Bad Request: group chat was upgraded to a supergroup chat"


# --------------------------------------------------------------------------------------------
# HTML parse mode


class HtmlParseError(ValueError):
    """Text that Telegram would refuse with "can't parse entities"."""


@dataclass(frozen=True)
class ParsedText:
    """Text after entity parsing, with Telegram MessageEntity dicts (UTF-16 offsets)."""

    text: str
    entities: list[JSONDict]


_TAG_ENTITY = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)?((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTR_RE = re.compile(r"""([A-Za-z][A-Za-z0-9_-]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_CHAR_REF_RE = re.compile(r"&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]*);")


@dataclass
class _OpenTag:
    name: str
    start: int  # UTF-16 offset in the output
    entity: JSONDict


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram counts in."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _decode_char_ref(source: str, index: int, strict: bool) -> tuple[str, int]:
    match = _CHAR_REF_RE.match(source, index)
    if match is not None:
        name = match.group(1)
        if name.startswith("#"):
            code = int(name[2:], 16) if name[1:2] in "xX" else int(name[1:])
            if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                return chr(code), match.end()
        elif name in _NAMED_ENTITIES:
            return _NAMED_ENTITIES[name], match.end()
    if strict:
        raise HtmlParseError(
            f'Character "&" at byte offset {_byte_offset(source, index)} is not part of a '
            "supported entity (&lt; &gt; &amp; &quot; or numeric); escape it as &amp;"
        )
    return "&", index + 1


def _unescape_attr(value: str | None) -> str:
    if value is None:
        return ""
    if value[:1] in "\"'":
        value = value[1:-1]
    return html.unescape(value)


def _tag_attrs(rest: str) -> dict[str, str]:
    return {m.group(1).lower(): _unescape_attr(m.group(2)) for m in _ATTR_RE.finditer(rest)}


def _open_entity(name: str, attrs: dict[str, str], offset: int) -> JSONDict:
    entity: JSONDict = {"type": _TAG_ENTITY[name]}
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise HtmlParseError('Tag "span" must have class "tg-spoiler"')
    if name == "a":
        if not attrs.get("href"):
            raise HtmlParseError(f'Tag "a" at byte offset {offset} must have attribute "href"')
        entity["url"] = attrs["href"]
    if name == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    if name == "tg-emoji":
        if not attrs.get("emoji-id"):
            raise HtmlParseError('Tag "tg-emoji" must have attribute "emoji-id"')
        entity["custom_emoji_id"] = attrs["emoji-id"]
    if name == "code" and attrs.get("class", "").startswith("language-"):
        entity["language"] = attrs["class"].removeprefix("language-")
    return entity


def _close_tag(name: str, offset: int, stack: list[_OpenTag], pos: int) -> JSONDict | None:
    if not stack:
        raise HtmlParseError(f"Unexpected end tag at byte offset {offset}")
    top = stack[-1]
    if top.name != name:
        raise HtmlParseError(
            f'Unmatched end tag at byte offset {offset}, expected "</{top.name}>", '
            f'found "</{name}>"'
        )
    stack.pop()
    entity = top.entity
    language = entity.pop("language", None)
    if language and stack and stack[-1].name == "pre":
        stack[-1].entity["language"] = language
        return None  # <pre><code class="language-x"> is one pre entity
    if pos == top.start:
        return None  # Telegram drops empty entities
    entity.update(offset=top.start, length=pos - top.start)
    return entity


def _consume_tag(
    source: str, index: int, stack: list[_OpenTag], entities: list[JSONDict], pos: int
) -> int:
    offset = _byte_offset(source, index)
    match = _TAG_RE.match(source, index)
    if match is None:
        raise HtmlParseError(f"Unclosed start tag at byte offset {offset}")
    closing, name, rest = match.group(1) == "/", (match.group(2) or "").lower(), match.group(3)
    if closing:
        entity = _close_tag(name, offset, stack, pos)
        if entity is not None:
            entities.append(entity)
        return match.end()
    if name not in _TAG_ENTITY or rest.rstrip().endswith("/"):
        raise HtmlParseError(f'Unsupported start tag "{name}" at byte offset {offset}')
    stack.append(_OpenTag(name, pos, _open_entity(name, _tag_attrs(rest), offset)))
    return match.end()


def _strip_whitespace(text: str, entities: list[JSONDict]) -> ParsedText:
    stripped = text.strip()
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    total = utf16_len(stripped)
    kept: list[JSONDict] = []
    for entity in entities:
        start = min(max(entity["offset"] - lead, 0), total)
        end = min(max(entity["offset"] + entity["length"] - lead, 0), total)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    kept.sort(key=lambda e: (e["offset"], -e["length"]))
    return ParsedText(stripped, kept)


def parse_telegram_html(source: str, *, strict: bool = True) -> ParsedText:
    """Parse ``source`` the way Telegram's HTML parse mode does; raise HtmlParseError if refused.

    With ``strict`` a bare ``&`` (not ``&lt; &gt; &amp; &quot;`` or numeric) and a bare ``>``
    are errors too; Telegram itself passes them through as text.
    """
    out: list[str] = []
    entities: list[JSONDict] = []
    stack: list[_OpenTag] = []
    pos = 0
    index = 0
    while index < len(source):
        char = source[index]
        if char == "<":
            index = _consume_tag(source, index, stack, entities, pos)
            continue
        if char == "&":
            char, index = _decode_char_ref(source, index, strict)
        elif char == ">" and strict:
            raise HtmlParseError(
                f'Character ">" at byte offset {_byte_offset(source, index)} must be escaped '
                "as &gt;"
            )
        else:
            index += 1
        out.append(char)
        pos += utf16_len(char)
    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    return _strip_whitespace("".join(out), entities)


# --------------------------------------------------------------------------------------------
# Rate limits


@dataclass(frozen=True)
class Bucket:
    """A token bucket: ``per_second`` sustained, up to ``burst`` at once."""

    per_second: float
    burst: int = 1

    @classmethod
    def per_minute(cls, count: float, burst: int = 1) -> Bucket:
        return cls(count / 60.0, burst)


@dataclass(frozen=True)
class RateLimits:
    """Which flood limits the fake enforces; ``None`` turns a limit off.

    ``per_chat`` applies to every chat, ``per_group`` in addition to groups, supergroups
    and channels. ``tolerance`` forgives that many seconds of early arrival (timer jitter).
    """

    overall: Bucket | None = None
    per_chat: Bucket | None = None
    per_group: Bucket | None = None
    tolerance: float = 0.002

    @classmethod
    def off(cls) -> RateLimits:
        return cls()

    @classmethod
    def telegram(cls, speedup: float = 1.0) -> RateLimits:
        """Telegram's published limits (30/s overall, 1/s per chat, 20/min per group)."""
        return cls(
            overall=Bucket(30.0 * speedup, max(1, round(30 * speedup))),
            per_chat=Bucket(1.0 * speedup, 1),
            per_group=Bucket(20.0 / 60.0 * speedup, 20),
        )

    @classmethod
    def fast(cls, speedup: float = 10.0) -> RateLimits:
        """Telegram's limits ``speedup`` times faster: 300/s overall by default (benchmarks)."""
        return cls.telegram(speedup)


class _Gcra:
    """Generic cell rate algorithm: a token bucket kept as one timestamp per key."""

    def __init__(self, bucket: Bucket, tolerance: float) -> None:
        self._interval = 1.0 / bucket.per_second
        self._tau = (bucket.burst - 1) * self._interval + tolerance
        self._tat: dict[Hashable, float] = {}

    def wait(self, key: Hashable, now: float) -> float:
        tat = max(self._tat.get(key, now), now)
        return max(0.0, tat - now - self._tau)

    def take(self, key: Hashable, now: float) -> None:
        self._tat[key] = max(self._tat.get(key, now), now) + self._interval


class _FloodControl:
    def __init__(self, limits: RateLimits) -> None:
        def gcra(bucket: Bucket | None) -> _Gcra | None:
            return _Gcra(bucket, limits.tolerance) if bucket else None

        self._overall = gcra(limits.overall)
        self._chat = gcra(limits.per_chat)
        self._group = gcra(limits.per_group)

    def admit(self, chat_id: int, is_group: bool, now: float) -> tuple[float, str] | None:
        """Take a token from every bucket that applies, or say how long to wait and why."""
        buckets = [(self._overall, "overall", None), (self._chat, "chat", chat_id)]
        if is_group:
            buckets.append((self._group, "group", chat_id))
        active = [(g, scope, key) for g, scope, key in buckets if g is not None]
        waits = [(g.wait(key, now), scope) for g, scope, key in active]
        worst = max(waits, default=(0.0, ""))
        if worst[0] > 0.0:
            return worst
        for g, _scope, key in active:
            g.take(key, now)
        return None


# --------------------------------------------------------------------------------------------
# What the fake records


@dataclass
class UploadedFile:
    file_id: str
    file_unique_id: str
    filename: str | None
    content: bytes
    mime_type: str | None
    file_path: str

    def as_document(self) -> JSONDict:
        doc: JSONDict = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
        }
        if self.filename:
            doc["file_name"] = self.filename
        if self.mime_type:
            doc["mime_type"] = self.mime_type
        return doc


@dataclass
class SentMessage:
    """One message the bot put into a chat (or one edit, in ``FakeBotAPI.edits``)."""

    method: str
    chat_id: int
    message_id: int
    text: str  # as the bot sent it (HTML source); the caption for documents
    plain_text: str  # after entity parsing, what users see
    parse_mode: str | None
    message_thread_id: int | None
    reply_markup: JSONDict | None
    entities: list[JSONDict]
    params: JSONDict
    date: int
    sent_at: float  # time.monotonic()
    document: UploadedFile | None = None

    @property
    def callback_data(self) -> list[str]:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [b["callback_data"] for row in rows for b in row if "callback_data" in b]


@dataclass(frozen=True)
class RateLimitHit:
    at: float  # time.monotonic()
    method: str
    chat_id: int
    scope: str  # "overall", "chat", "group" or "scripted"
    retry_after: int


@dataclass(frozen=True)
class ErrorReply:
    at: float
    method: str
    chat_id: int | None
    status: int
    description: str


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    params: JSONDict
    at: float


@dataclass(frozen=True)
class CallbackAnswer:
    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None


@dataclass
class ScriptedFailure:
    """An answer the fake gives instead of the real one.

    ``status=None`` with a ``delay`` answers normally after the delay (the message is still
    sent, as when Telegram is slow and the client has already timed out). ``times=None``
    means forever; ``methods=None`` means every method addressing the chat.
    """

    status: int | None = 500
    description: str = "Internal Server Error"
    parameters: JSONDict | None = None
    delay: float = 0.0
    times: int | None = 1
    methods: frozenset[str] | None = MESSAGE_METHODS
    reset_connection: bool = False
    raw_body: str | None = None

    def applies_to(self, method: str) -> bool:
        return self.methods is None or method in self.methods


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


class ApiError(Exception):
    """Raised by a method handler: becomes ``{"ok": false, ...}`` with this status."""

    def __init__(self, status: int, description: str, parameters: JSONDict | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def _bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


def _infer_chat_type(chat_id: int) -> str:
    if chat_id > 0:
        return "private"
    return "supergroup" if str(chat_id).startswith("-100") else "group"


def _update_kind(update: JSONDict) -> str:
    return next(k for k in update if k != "update_id")


def _decode_value(name: str, value: str) -> Any:
    if name in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _as_int(value: Any, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _bad_request(f"invalid {name} specified") from None


# --------------------------------------------------------------------------------------------
# The server


class FakeBotAPI:
    """A Bot API-compatible HTTP server on 127.0.0.1 with recorders and failure scripts."""

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

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> FakeBotAPI:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self._requested_port)
        await site.start()
        self._port = int(self._runner.addresses[0][1])
        logger.debug("fake Bot API listening on %s", self.url)
        return self

    async def stop(self) -> None:
        self._closing = True
        self._notify()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotAPI:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeBotAPI is not started")
        return self._port

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """For ``Bot(base_url=...)`` / ``ApplicationBuilder.base_url``: PTB appends the token."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    def make_bot(self, **kwargs: Any) -> Bot:
        """A PTB ``Bot`` pointed at this server (call ``initialize()`` or use ``async with``)."""
        from telegram import Bot

        return Bot(self.token, base_url=self.base_url, base_file_url=self.base_file_url, **kwargs)

    def application_builder(self) -> ApplicationBuilder[Any, Any, Any, Any, Any, Any]:
        """``Application.builder()`` with token and both URLs set to this server."""
        from telegram.ext import Application

        return (
            Application.builder()
            .token(self.token)
            .base_url(self.base_url)
            .base_file_url(self.base_file_url)
        )

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

    # -- assertions --------------------------------------------------------------------------

    def messages(self, chat_id: int | None = None) -> list[SentMessage]:
        """Messages the bot sent, in order; only to ``chat_id`` if given."""
        return [m for m in self.sent if chat_id is None or m.chat_id == chat_id]

    @property
    def sent_count(self) -> int:
        return len(self.sent)

    def duplicates(
        self, key: Callable[[SentMessage], Hashable] = lambda m: (m.chat_id, m.text)
    ) -> dict[Hashable, int]:
        """Keys (default: chat and text) sent more than once, with their counts."""
        counts = Counter(key(m) for m in self.sent)
        return {k: n for k, n in counts.items() if n > 1}

    def send_rate(self, skip_seconds: float = 0.0) -> float:
        """Accepted messages per second, from ``skip_seconds`` after the first one to the last."""
        if not self.sent:
            return 0.0
        start = self.sent[0].sent_at + skip_seconds
        times = [m.sent_at for m in self.sent if m.sent_at >= start]
        if len(times) < 2 or times[-1] == times[0]:
            return 0.0
        return (len(times) - 1) / (times[-1] - times[0])

    def rate_limited_after(self, seconds: float) -> list[RateLimitHit]:
        """429s answered more than ``seconds`` after the first send attempt."""
        starts = [m.sent_at for m in self.sent[:1]] + [h.at for h in self.rate_limited[:1]]
        if not starts:
            return []
        return [h for h in self.rate_limited if h.at - min(starts) > seconds]

    def bot_commands(
        self, scope: JSONDict | None = None, language_code: str = ""
    ) -> list[JSONDict] | None:
        """What ``setMyCommands`` recorded for ``scope`` (default scope if ``None``)."""
        return self.commands.get(self._commands_key(scope, language_code))

    async def wait_until(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until ``predicate()`` holds; re-checked after every request and queued update."""
        async with asyncio.timeout(timeout):
            while True:
                changed = self._change
                if predicate():
                    return
                await changed.wait()

    async def wait_for_messages(
        self, chat_id: int, n: int = 1, timeout: float = 5.0
    ) -> list[SentMessage]:
        """All messages in ``chat_id`` once there are at least ``n``; AssertionError if not."""
        try:
            await self.wait_until(lambda: len(self.messages(chat_id)) >= n, timeout)
        except TimeoutError:
            got = [m.plain_text[:80] for m in self.messages(chat_id)]
            raise AssertionError(
                f"expected {n} message(s) in chat {chat_id} within {timeout}s, got {got}; "
                f"errors sent: {self.errors[-5:]}"
            ) from None
        return self.messages(chat_id)

    def _notify(self) -> None:
        changed, self._change = self._change, asyncio.Event()
        changed.set()

    # -- scripted failures -------------------------------------------------------------------

    def script_failure(self, chat_id: int | None, failure: ScriptedFailure) -> ScriptedFailure:
        """Answer requests for ``chat_id`` (``None``: any request) with ``failure``."""
        self._failures.setdefault(chat_id, []).append(failure)
        return failure

    def block_chat(self, chat_id: int, description: str = _BLOCKED) -> ScriptedFailure:
        """403 from now on, e.g. "bot was blocked by the user" / "bot was kicked"."""
        return self.script_failure(chat_id, ScriptedFailure(403, description, times=None))

    def remove_chat(self, chat_id: int) -> ScriptedFailure:
        """400 "chat not found" from now on."""
        return self.script_failure(
            chat_id, ScriptedFailure(400, _CHAT_NOT_FOUND, times=None, methods=None)
        )

    def migrate_chat(self, chat_id: int, new_chat_id: int) -> ScriptedFailure:
        """The group became supergroup ``new_chat_id``: 400 with ``migrate_to_chat_id``."""
        old = self._chat(chat_id)
        new = self.add_chat(new_chat_id, "supergroup", title=old.title)
        new.admins, new.owner_id = set(old.admins), old.owner_id
        params = {"migrate_to_chat_id": new_chat_id}
        return self.script_failure(
            chat_id, ScriptedFailure(400, _MIGRATED, params, times=None, methods=None)
        )

    def flood_chat(self, chat_id: int | None, retry_after: int = 1, times: int = 1) -> None:
        """429 "Too Many Requests" with ``parameters.retry_after`` for the next sends."""
        description = f"Too Many Requests: retry after {retry_after}"
        params = {"retry_after": retry_after}
        self.script_failure(chat_id, ScriptedFailure(429, description, params, times=times))

    def fail_chat(
        self,
        chat_id: int | None,
        status: int = 500,
        description: str = "Internal Server Error",
        *,
        times: int | None = 1,
        raw_body: str | None = None,
        reset_connection: bool = False,
    ) -> ScriptedFailure:
        """Transient failures: 5xx (JSON, or ``raw_body`` as an nginx page) or a reset."""
        failure = ScriptedFailure(
            status, description, times=times, raw_body=raw_body, reset_connection=reset_connection
        )
        return self.script_failure(chat_id, failure)

    def delay_chat(self, chat_id: int | None, seconds: float, times: int = 1) -> None:
        """Answer the next sends after ``seconds`` (the message is still sent)."""
        self.script_failure(chat_id, ScriptedFailure(None, "", delay=seconds, times=times))

    def fail_method(self, method: str, status: int, description: str, times: int = 1) -> None:
        """Fail any call of ``method`` (e.g. ``getUpdates``) regardless of chat."""
        methods = frozenset({method.lower()})
        self.script_failure(
            None, ScriptedFailure(status, description, times=times, methods=methods)
        )

    def clear_failures(self, chat_id: int | None = None) -> None:
        if chat_id is None:
            self._failures.clear()
        else:
            self._failures.pop(chat_id, None)

    def _take_failure(self, method: str, chat_id: int | None) -> ScriptedFailure | None:
        for key in (chat_id, None) if chat_id is not None else (None,):
            for failure in self._failures.get(key, []):
                if failure.applies_to(method) and (failure.times is None or failure.times > 0):
                    if failure.times is not None:
                        failure.times -= 1
                    return failure
        return None

    # -- HTTP --------------------------------------------------------------------------------

    async def _handle_unknown(self, request: web.Request) -> web.Response:
        return _error_response(404, "Not Found")

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _error_response(404, "Not Found")
        path = request.match_info["path"]
        for uploaded in self.files.values():
            if uploaded.file_path == path:
                return web.Response(body=uploaded.content, content_type="application/octet-stream")
        return _error_response(404, "Not Found")

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            status = 401 if ":" in request.match_info["token"] else 404
            return _error_response(status, "Unauthorized" if status == 401 else "Not Found")
        method = request.match_info["method"].lower()
        handler = self._handlers.get(method)
        if handler is None:
            return _error_response(404, "Not Found")
        try:
            params = await _read_params(request)
        except ValueError as exc:
            return _error_response(400, f"Bad Request: {exc}")
        self.requests.append(RecordedRequest(method, params, time.monotonic()))
        try:
            return await self._answer(request, method, handler, params)
        finally:
            self._notify()

    async def _answer(
        self, request: web.Request, method: str, handler: Callable[[JSONDict], Any], p: JSONDict
    ) -> web.StreamResponse:
        chat_id = p.get("chat_id") if isinstance(p.get("chat_id"), int) else None
        failure = self._take_failure(method, chat_id)
        try:
            if failure is not None:
                reply = await self._apply_failure(request, method, chat_id, failure)
                if reply is not None:
                    return reply
            if method in _RATE_LIMITED_METHODS and chat_id is not None:
                self._check_flood(method, chat_id)
            result = await handler(p)
        except ApiError as exc:
            self.errors.append(
                ErrorReply(time.monotonic(), method, chat_id, exc.status, exc.description)
            )
            return _error_response(exc.status, exc.description, exc.parameters)
        return web.json_response({"ok": True, "result": result})

    async def _apply_failure(
        self, request: web.Request, method: str, chat_id: int | None, failure: ScriptedFailure
    ) -> web.StreamResponse | None:
        if failure.delay:
            await asyncio.sleep(failure.delay)
        if failure.reset_connection:
            if request.transport is not None:
                request.transport.abort()
            self.errors.append(ErrorReply(time.monotonic(), method, chat_id, 0, "reset"))
            return web.Response(status=500)
        if failure.status is None:
            return None
        if failure.status == 429 and chat_id is not None:
            retry_after = int((failure.parameters or {}).get("retry_after", 1))
            self.rate_limited.append(
                RateLimitHit(time.monotonic(), method, chat_id, "scripted", retry_after)
            )
        if failure.raw_body is not None:
            self.errors.append(
                ErrorReply(time.monotonic(), method, chat_id, failure.status, failure.raw_body)
            )
            return web.Response(
                status=failure.status, text=failure.raw_body, content_type="text/html"
            )
        raise ApiError(failure.status, failure.description, failure.parameters)

    def _check_flood(self, method: str, chat_id: int) -> None:
        chat = self.chats.get(chat_id)
        is_group = chat.is_group if chat else chat_id < 0
        now = time.monotonic()
        refused = self._flood.admit(chat_id, is_group, now)
        if refused is None:
            return
        wait, scope = refused
        retry_after = max(1, math.ceil(wait))
        self.rate_limited.append(RateLimitHit(now, method, chat_id, scope, retry_after))
        raise ApiError(
            429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
        )

    # -- Bot API methods ---------------------------------------------------------------------

    def _method_table(self) -> dict[str, Callable[[JSONDict], Any]]:
        table = {
            "getMe": self._get_me,
            "logOut": self._true,
            "close": self._true,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "sendDocument": self._send_document,
            "answerCallbackQuery": self._answer_callback_query,
            "getFile": self._get_file,
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
            "getChatAdministrators": self._get_chat_administrators,
            "sendChatAction": self._send_chat_action,
            "deleteMessage": self._delete_message,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "setMyDescription": self._set_profile,
            "setMyShortDescription": self._set_profile,
            "setMyName": self._set_profile,
        }
        return {name.lower(): handler for name, handler in table.items()}

    async def _true(self, p: JSONDict) -> bool:
        return True

    async def _get_me(self, p: JSONDict) -> JSONDict:
        return {
            **self.bot_user.as_json(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    # getUpdates / webhook

    async def _get_updates(self, p: JSONDict) -> list[JSONDict]:
        if self.webhook.get("url"):
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        if p.get("allowed_updates") is not None:
            self._set_allowed_updates(p["allowed_updates"])
        self._confirm(_as_int(p.get("offset", 0), "offset"))
        limit = min(max(_as_int(p.get("limit", 100), "limit"), 1), 100)
        timeout = max(_as_int(p.get("timeout", 0), "timeout"), 0)
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()  # wakes an older long poll, which then answers 409
        deadline = time.monotonic() + timeout
        while not self._updates and not self._closing:
            changed = self._change
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only "
                    "one bot instance is running",
                )
        return self._updates[:limit]

    def _confirm(self, offset: int) -> None:
        if offset < 0:
            self._updates = self._updates[offset:]
        elif offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]

    def _set_allowed_updates(self, allowed: list[str]) -> None:
        """Remembered until changed, like Telegram; other update types are dropped."""
        self._allowed_updates = frozenset(allowed) if allowed else _DEFAULT_UPDATE_TYPES
        self._updates = [u for u in self._updates if _update_kind(u) in self._allowed_updates]

    async def _set_webhook(self, p: JSONDict) -> bool:
        url = p.get("url", "")
        if not url:
            return await self._delete_webhook(p)
        if not re.fullmatch(r"https?://\S+", url):
            raise _bad_request("bad webhook: invalid webhook URL specified")
        secret = p.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise _bad_request("secret token contains unallowed characters")
        if p.get("drop_pending_updates"):
            self._updates.clear()
        if p.get("allowed_updates") is not None:
            self._set_allowed_updates(p["allowed_updates"])
        self.webhook = {"url": url, "secret_token": secret}
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.create_task(self._deliver_webhook())
        return True

    async def _delete_webhook(self, p: JSONDict) -> bool:
        self.webhook = {}
        if p.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _get_webhook_info(self, p: JSONDict) -> JSONDict:
        return {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    async def _deliver_webhook(self) -> None:
        async with aiohttp.ClientSession() as session:
            while not self._closing and self.webhook.get("url"):
                changed = self._change
                if not self._updates:
                    await changed.wait()
                    continue
                if not await self._post_update(session, self._updates[0]):
                    await asyncio.sleep(0.2)

    async def _post_update(self, session: aiohttp.ClientSession, update: JSONDict) -> bool:
        headers = {}
        if self.webhook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook["secret_token"]
        status: int | None = None
        try:
            timeout = aiohttp.ClientTimeout(total=10)
            async with session.post(
                self.webhook["url"], json=update, headers=headers, timeout=timeout
            ) as response:
                status = response.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            logger.debug("webhook delivery of update %s failed: %r", update["update_id"], exc)
        self.webhook_deliveries.append((update["update_id"], status))
        delivered = status is not None and 200 <= status < 300
        if delivered and self._updates and self._updates[0] is update:
            self._updates.pop(0)
            self._notify()
        return delivered

    # commands

    @staticmethod
    def _commands_key(scope: JSONDict | None, language_code: str | None) -> tuple[str, str]:
        scope = scope or {"type": "default"}
        return json.dumps(scope, sort_keys=True), language_code or ""

    async def _set_my_commands(self, p: JSONDict) -> bool:
        commands = p.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _bad_request("can't parse commands JSON object")
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command", ""))):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        key = self._commands_key(p.get("scope"), p.get("language_code"))
        self.commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    async def _get_my_commands(self, p: JSONDict) -> list[JSONDict]:
        return self.commands.get(self._commands_key(p.get("scope"), p.get("language_code")), [])

    async def _delete_my_commands(self, p: JSONDict) -> bool:
        self.commands.pop(self._commands_key(p.get("scope"), p.get("language_code")), None)
        return True

    # sending

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

    def _parse(self, text: Any, parse_mode: str | None, limit: int, what: str) -> ParsedText:
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        if parse_mode is None or parse_mode == "":
            parsed = ParsedText(text.strip(), [])
        elif parse_mode.lower() == "html":
            try:
                parsed = parse_telegram_html(text, strict=self.strict_html)
            except HtmlParseError as exc:
                raise _bad_request(f"can't parse entities: {exc}") from None
        elif parse_mode.lower() in ("markdown", "markdownv2"):
            parsed = ParsedText(text.strip(), [])  # not validated
        else:
            raise _bad_request("unsupported parse_mode")
        size = utf16_len(parsed.text)
        if what == "text" and size == 0:
            raise _bad_request("message text is empty")
        if size > limit:
            raise _bad_request(
                "message is too long" if what == "text" else "message caption is too long"
            )
        return parsed

    @staticmethod
    def _check_markup(markup: Any) -> JSONDict | None:
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad_request("can't parse reply keyboard markup JSON object")
        rows = markup.get("inline_keyboard")
        if rows is None:
            return markup
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise _bad_request(
                'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
            )
        if sum(len(row) for row in rows) > 100:
            raise _bad_request("reply markup is too long")
        for row in rows:
            for button in row:
                _check_button(button)
        return markup

    def _check_reply(self, chat: FakeChat, p: JSONDict) -> None:
        reply = p.get("reply_parameters") or {}
        message_id = reply.get("message_id", p.get("reply_to_message_id"))
        if message_id is None or (chat.id, message_id) in self._messages:
            return
        if not (reply.get("allow_sending_without_reply") or p.get("allow_sending_without_reply")):
            raise _bad_request("message to be replied not found")

    def _record_message(
        self, method: str, chat: FakeChat, p: JSONDict, parsed: ParsedText, **extra: Any
    ) -> JSONDict:
        thread = self._thread_id(chat, p)
        markup = self._check_markup(p.get("reply_markup"))
        self._check_reply(chat, p)
        chat.message_counter += 1
        now = int(time.time())
        message: JSONDict = {
            "message_id": chat.message_counter,
            "date": now,
            "chat": chat.as_json(),
        }
        if chat.type == "channel":
            message["sender_chat"] = chat.as_json()
        else:
            message["from"] = self.bot_user.as_json()
        if thread is not None:
            message["message_thread_id"] = thread
            message["is_topic_message"] = chat.is_forum
        if markup is not None and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        message.update(extra)
        self._messages[(chat.id, chat.message_counter)] = message
        document = extra.get("document")
        self.sent.append(
            SentMessage(
                method=method,
                chat_id=chat.id,
                message_id=chat.message_counter,
                text=str(p.get("text", p.get("caption", ""))),
                plain_text=parsed.text,
                parse_mode=p.get("parse_mode"),
                message_thread_id=thread,
                reply_markup=markup,
                entities=parsed.entities,
                params={k: v for k, v in p.items() if not isinstance(v, UploadedFile)},
                date=now,
                sent_at=time.monotonic(),
                document=self.files.get(document["file_id"]) if document else None,
            )
        )
        return message

    async def _send_message(self, p: JSONDict) -> JSONDict:
        chat = self._target_chat(p)
        parsed = self._parse(p.get("text"), p.get("parse_mode"), TEXT_LIMIT, "text")
        extra: JSONDict = {"text": parsed.text}
        if parsed.entities:
            extra["entities"] = parsed.entities
        return self._record_message("sendMessage", chat, p, parsed, **extra)

    async def _send_document(self, p: JSONDict) -> JSONDict:
        chat = self._target_chat(p)
        parsed = self._parse(p.get("caption"), p.get("parse_mode"), CAPTION_LIMIT, "caption")
        document = p.get("document")
        if isinstance(document, UploadedFile):
            uploaded = self._store_file(document.filename, document.content, document.mime_type)
        elif isinstance(document, str) and document in self.files:
            uploaded = self.files[document]
        elif isinstance(document, str) and document.startswith(("http://", "https://")):
            uploaded = self._store_file(document.rsplit("/", 1)[-1], b"", None)
        else:
            raise _bad_request("there is no document in the request")
        extra: JSONDict = {"document": uploaded.as_document()}
        if parsed.text:
            extra["caption"] = parsed.text
        if parsed.entities:
            extra["caption_entities"] = parsed.entities
        return self._record_message("sendDocument", chat, p, parsed, **extra)

    async def _edit_message_text(self, p: JSONDict) -> JSONDict:
        if p.get("inline_message_id"):
            raise _bad_request("inline messages are not supported by the fake")
        chat = self._target_chat(p)
        message_id = _as_int(p.get("message_id"), "message_id")
        old = self._messages.get((chat.id, message_id))
        if old is None:
            raise _bad_request("message to edit not found")
        if old.get("from", {}).get("id") != self.bot_user.id and "sender_chat" not in old:
            raise _bad_request("message can't be edited")
        parsed = self._parse(p.get("text"), p.get("parse_mode"), TEXT_LIMIT, "text")
        markup = self._check_markup(p.get("reply_markup"))
        new = {**old, "text": parsed.text, "edit_date": int(time.time())}
        new.pop("entities", None)
        new.pop("reply_markup", None)
        if parsed.entities:
            new["entities"] = parsed.entities
        if markup is not None and "inline_keyboard" in markup:
            new["reply_markup"] = markup
        if all(new.get(k) == old.get(k) for k in ("text", "entities", "reply_markup")):
            raise _bad_request(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        self._messages[(chat.id, message_id)] = new
        self.edits.append(
            SentMessage(
                method="editMessageText",
                chat_id=chat.id,
                message_id=message_id,
                text=str(p.get("text", "")),
                plain_text=parsed.text,
                parse_mode=p.get("parse_mode"),
                message_thread_id=old.get("message_thread_id"),
                reply_markup=markup,
                entities=parsed.entities,
                params=dict(p),
                date=new["edit_date"],
                sent_at=time.monotonic(),
            )
        )
        return new

    async def _answer_callback_query(self, p: JSONDict) -> bool:
        query_id = str(p.get("callback_query_id", ""))
        if query_id not in self._open_callbacks:
            raise _bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        self._open_callbacks.discard(query_id)
        self.callback_answers.append(
            CallbackAnswer(query_id, p.get("text"), bool(p.get("show_alert")), p.get("url"))
        )
        return True

    async def _delete_message(self, p: JSONDict) -> bool:
        chat = self._target_chat(p)
        key = (chat.id, _as_int(p.get("message_id"), "message_id"))
        if self._messages.pop(key, None) is None:
            raise _bad_request("message to delete not found")
        self.deleted.append(key)
        return True

    async def _edit_message_reply_markup(self, p: JSONDict) -> JSONDict:
        chat = self._target_chat(p)
        message_id = _as_int(p.get("message_id"), "message_id")
        old = self._messages.get((chat.id, message_id))
        if old is None:
            raise _bad_request("message to edit not found")
        markup = self._check_markup(p.get("reply_markup"))
        new = {k: v for k, v in old.items() if k != "reply_markup"}
        if markup is not None and "inline_keyboard" in markup:
            new["reply_markup"] = markup
        if new.get("reply_markup") == old.get("reply_markup"):
            raise _bad_request(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        new["edit_date"] = int(time.time())
        self._messages[(chat.id, message_id)] = new
        return new

    async def _set_profile(self, p: JSONDict) -> bool:
        """setMyDescription / setMyShortDescription / setMyName: recorded in ``profile``."""
        for name in ("description", "short_description", "name"):
            if name in p:
                self.profile[(name, p.get("language_code") or "")] = str(p[name])
        return True

    async def _send_chat_action(self, p: JSONDict) -> bool:
        chat = self._target_chat(p)
        action = p.get("action")
        if action not in _CHAT_ACTIONS:
            raise _bad_request("wrong parameter action in request")
        self.chat_actions.append((chat.id, str(action), self._thread_id(chat, p)))
        return True

    # files and chats

    async def _get_file(self, p: JSONDict) -> JSONDict:
        uploaded = self.files.get(str(p.get("file_id", "")))
        if uploaded is None:
            raise _bad_request("invalid file_id")
        return {
            "file_id": uploaded.file_id,
            "file_unique_id": uploaded.file_unique_id,
            "file_size": len(uploaded.content),
            "file_path": uploaded.file_path,
        }

    async def _get_chat(self, p: JSONDict) -> JSONDict:
        chat = self._target_chat(p)
        return {
            **chat.as_json(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def _member(self, chat: FakeChat, user_id: int) -> JSONDict:
        user = self.bot_user if user_id == self.bot_user.id else self._user(user_id)
        if user_id == chat.owner_id:
            return {"status": "creator", "user": user.as_json(), "is_anonymous": False}
        if user_id in chat.admins:
            member = {"status": "administrator", "user": user.as_json(), "is_anonymous": False}
            return {**member, "can_be_edited": False, **dict.fromkeys(_ADMIN_RIGHTS, True)}
        return {"status": "member", "user": user.as_json()}

    async def _get_chat_member(self, p: JSONDict) -> JSONDict:
        chat = self._target_chat(p)
        return self._member(chat, _as_int(p.get("user_id"), "user_id"))

    async def _get_chat_administrators(self, p: JSONDict) -> list[JSONDict]:
        chat = self._target_chat(p)
        if chat.type == "private":
            raise _bad_request("there are no administrators in the private chat")
        ids = ([chat.owner_id] if chat.owner_id is not None else []) + sorted(chat.admins)
        return [self._member(chat, user_id) for user_id in dict.fromkeys(ids)]


def _check_button(button: Any) -> None:
    if not isinstance(button, dict) or not str(button.get("text", "")).strip():
        raise _bad_request("text buttons are unallowed in the inline keyboard")
    if "callback_data" in button:
        size = len(str(button["callback_data"]).encode("utf-8"))
        if not 1 <= size <= CALLBACK_DATA_LIMIT:
            raise _bad_request("BUTTON_DATA_INVALID")
    elif "url" in button:
        if not re.match(r"(https?|tg)://\S+", str(button["url"])):
            raise _bad_request("BUTTON_URL_INVALID")
    elif not set(button) & _INLINE_BUTTON_ACTIONS:
        raise _bad_request("text buttons are unallowed in the inline keyboard")


async def _read_params(request: web.Request) -> JSONDict:
    """Request parameters the way Telegram reads them: query, form, multipart or JSON."""
    params: JSONDict = {k: _decode_value(k, v) for k, v in request.query.items()}
    if request.method != "POST" or not request.body_exists:
        return params
    if request.content_type == "application/json":
        body = await request.json()
        if not isinstance(body, dict):
            raise ValueError("request body must be a JSON object")
        params.update(body)
        return params
    form = await request.post()
    for name, value in form.items():
        if isinstance(value, web.FileField):
            content = value.file.read()
            params[name] = UploadedFile("", "", value.filename, content, value.content_type, "")
        else:
            params[name] = _decode_value(name, str(value))
    return params


def _error_response(
    status: int, description: str, parameters: JSONDict | None = None
) -> web.Response:
    body: JSONDict = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=status)
