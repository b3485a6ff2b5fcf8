"""Long polling stays single across processes.

Telegram serves ``getUpdates`` to one caller per bot: a second long poll ends the first
with ``409 Conflict`` and the two then take turns failing. So a chat process that
long-polls first takes a PostgreSQL session-level advisory lock named after the bot's
id and holds it for the poller's life; another process on the same store that tries
to poll the same bot is refused at start with one clear error instead of a 409 loop.
The lock dies with its database session, so a crashed poller frees it at once. On
SQLite (one process by design) the lock is always granted.
"""

from __future__ import annotations

from bot.adapters.base import StartRefused
from bot.store.chat_locks import ChatLocks, HeldLock

POLLING_TAKEN = (
    "another sitrep process is already long-polling Telegram for this bot "
    "(@{username}, id {bot_id}); run one chat process in polling mode or use webhook mode"
)


class PollingTaken(StartRefused):
    """Another process on this store long-polls the same bot."""


def lock_name(bot_id: int) -> str:
    return f"telegram-poll:{bot_id}"


async def claim_polling(locks: ChatLocks, bot_id: int, username: str) -> HeldLock:
    """The bot's polling lock, held until released; :class:`PollingTaken` if taken."""
    held = await locks.try_hold(lock_name(bot_id))
    if held is None:
        raise PollingTaken(POLLING_TAKEN.format(username=username, bot_id=bot_id))
    return held
