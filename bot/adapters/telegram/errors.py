"""Telegram's error side: Bot API errors mapped to :mod:`bot.delivery` errors for the
outbox worker, how long a reply to a person waits before it is sent again (``retry_after``
of a 429, a short pause after a network error), and the log filter that keeps the bot
token out of the loggers that print Bot API URLs."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

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

from bot.delivery import ChatGone, ChatMigrated, Rejected, RetryLater, Transient

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


def retry_seconds(exc: RetryAfter) -> float:
    """``retry_after`` as seconds: a timedelta with PTB_TIMEDELTA set, else an int."""
    value: Any = exc._retry_after  # always a timedelta; the public property warns when int
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def reply_retry_in(exc: Exception, attempt: int) -> float | None:
    """How long a reply waits before it is sent again: a 429's ``retry_after``; a short,
    growing pause after a timeout or network error (three tries); otherwise give up."""
    if isinstance(exc, RetryAfter):
        return retry_seconds(exc)
    if isinstance(exc, TimedOut | NetworkError) and not isinstance(exc, BadRequest):
        return float(attempt) if attempt <= 3 else None
    return None


def is_rate_limit(exc: Exception) -> bool:
    """A 429 (flood control), as the record of the pacer's pauses tells them apart."""
    return isinstance(exc, RetryAfter)


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
