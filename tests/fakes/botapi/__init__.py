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

Where things are (``FakeBotAPI`` is one object put together from these parts)::

    server.py           FakeBotAPI: lifecycle, request dispatch, scripted failures, flood control
    state.py            BotApiState: the constructor, chats/users/admins, the update queue
    routes_updates.py   getUpdates long polling and webhooks
    routes_messages.py  sending, editing, deleting messages; inline keyboards; callback answers
    routes_chats.py     getMe, bot commands and profile, getFile, getChat and chat members
    failures.py         scripting failures: block_chat, flood_chat, fail_chat, fail_method, ...
    assertions.py       what tests read and await: messages, send_rate, wait_for_messages, ...
    records.py          recorded dataclasses (SentMessage, RateLimitHit, ...), ScriptedFailure
    html_entities.py    Telegram's HTML parse mode: parse_telegram_html
    ratelimits.py       Bucket, RateLimits and the GCRA flood control
    wire.py             reading request parameters, error replies, ApiError
    constants.py        limits, method sets, error texts
"""

from __future__ import annotations

from tests.fakes.botapi.constants import (
    CALLBACK_DATA_LIMIT,
    CAPTION_LIMIT,
    MESSAGE_METHODS,
    TEXT_LIMIT,
    JSONDict,
)
from tests.fakes.botapi.html_entities import (
    HtmlParseError,
    ParsedText,
    parse_telegram_html,
    utf16_len,
)
from tests.fakes.botapi.ratelimits import Bucket, RateLimits
from tests.fakes.botapi.records import (
    CallbackAnswer,
    ErrorReply,
    RateLimitHit,
    RecordedRequest,
    ScriptedFailure,
    SentMessage,
    UploadedFile,
)
from tests.fakes.botapi.server import FakeBotAPI
from tests.fakes.botapi.state import FakeChat, FakeUser
from tests.fakes.botapi.wire import ApiError

__all__ = [
    "CALLBACK_DATA_LIMIT",
    "CAPTION_LIMIT",
    "MESSAGE_METHODS",
    "TEXT_LIMIT",
    "ApiError",
    "Bucket",
    "CallbackAnswer",
    "ErrorReply",
    "FakeBotAPI",
    "FakeChat",
    "FakeUser",
    "HtmlParseError",
    "JSONDict",
    "ParsedText",
    "RateLimitHit",
    "RateLimits",
    "RecordedRequest",
    "ScriptedFailure",
    "SentMessage",
    "UploadedFile",
    "parse_telegram_html",
    "utf16_len",
]
