"""The newest webhook update handled per chat, shared by every chat process.

Used while the chat's cross-process lock is held (``bot.store.chat_locks``), so a chat's
mark only moves forward and two processes never race on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa

from bot.store.tables import chat_marks

if TYPE_CHECKING:
    from bot.store import Store


class ChatMarks:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def advance(self, chat: str, update_id: int) -> bool:
        """Move ``chat``'s mark to ``update_id``; False if it was already there or beyond
        (a copy of an update handled elsewhere, or one a later update superseded)."""
        async with self._store.write() as conn:
            moved = await conn.execute(
                chat_marks.update()
                .where(chat_marks.c.chat == chat, chat_marks.c.last_update_id < update_id)
                .values(last_update_id=update_id)
            )
            if moved.rowcount:
                return True
            known = await conn.execute(
                sa.select(chat_marks.c.last_update_id).where(chat_marks.c.chat == chat)
            )
            if known.first() is not None:
                return False
            await conn.execute(chat_marks.insert().values(chat=chat, last_update_id=update_id))
            return True
