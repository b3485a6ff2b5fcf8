"""What a send can go wrong with, in platform-neutral terms: adapters raise these, the
outbox worker decides what happens to the row and the chat."""

from __future__ import annotations

from typing import Any, Protocol

from bot.domain import Delivery


class SendError(Exception):
    """Base of the platform-neutral send failures adapters raise."""


class RetryLater(SendError):
    """Rate limited: try again after ``seconds`` (only this chat, unless ``global_``)."""

    def __init__(self, seconds: float, *, global_: bool = False) -> None:
        super().__init__(f"rate limited for {seconds:g}s")
        self.seconds = seconds
        self.global_ = global_


class ChatGone(SendError):
    """The chat blocked the bot, was deleted, or the bot lost access: stop sending there.

    ``thread_only``: only the thread or forum topic is gone; the rest of the chat is fine.
    """

    def __init__(self, reason: str, *, thread_only: bool = False) -> None:
        super().__init__(reason)
        self.thread_only = thread_only


class ChatMigrated(SendError):
    """The group became a supergroup with a new id; resend there."""

    def __init__(self, new_chat_id: str) -> None:
        super().__init__(f"chat migrated to {new_chat_id}")
        self.new_chat_id = new_chat_id


class Transient(SendError):
    """Timeouts, resets, 5xx: retry with backoff."""


class Rejected(SendError):
    """The platform refused this message for good (e.g. malformed): the row is dead."""


class Sender(Protocol):
    async def send(self, delivery: Delivery, part: dict[str, Any]) -> None: ...
