"""Delivery: outbox rows sent to chats at the platform's pace, with retries and the
platform errors mapped to what happens to the row and the chat.

May import: ``bot.domain``, ``bot.store``; never a chat library (adapters raise the
neutral errors in :mod:`bot.delivery.errors`).
"""

from bot.delivery.errors import (
    ChatGone,
    ChatMigrated,
    Rejected,
    RetryLater,
    Sender,
    SendError,
    Transient,
)
from bot.delivery.pacing import GROUP_CHAT_TYPES, Limits, Pacer, chat_key
from bot.delivery.worker import DeliveryWorker, SentLog

__all__ = [
    "GROUP_CHAT_TYPES",
    "ChatGone",
    "ChatMigrated",
    "DeliveryWorker",
    "Limits",
    "Pacer",
    "Rejected",
    "RetryLater",
    "SendError",
    "Sender",
    "SentLog",
    "Transient",
    "chat_key",
]
