"""Webhook updates from several chat processes, each chat's updates in order.

Behind a load balancer, any ``chat`` process may receive any update, and two updates
of one chat may reach two processes at nearly the same time. Telegram's ``update_id``
grows by one per update *of the bot*, not per chat, so a process cannot tell from the
numbers whether an earlier update of a chat is still on its way (gaps are normal).

The order is therefore fixed where it is observable: at receipt. A process answers
Telegram's POST (200) only after it holds the chat's lock, and handles the update
while still holding it:

1. In-process, updates of a chat queue on an ``asyncio.Lock`` (FIFO) so a waiting
   update costs no database connection.
2. Across processes, the chat's PostgreSQL advisory lock (``telegram-chat:<bot>:<chat>``,
   session-level, FIFO in PostgreSQL's lock queue) is taken before the 200 goes out.
3. The 200 is sent; the update is handled (PTB handlers: command, reply) in a task
   that releases both locks when done.

So when Telegram sends a chat's next update after the previous one was acknowledged,
the next one cannot start before the previous one has been handled completely, in
whichever process it landed. If the lock is not granted within ``lock_wait`` seconds
the POST gets 503 and Telegram sends the update again later (nothing was handled).

Connections: a chat's turn holds one database session (its lock) while the handler
needs others for its queries, so at most ``max_chats`` chats are handled at once per
process (default 6, well under the store's pool of 10 + 10 overflow); further updates
wait, unanswered, for a free turn.

Duplicates: a process remembers the ``update_id``\\ s it accepted (bounded) and answers a
repeated one with 200 without handling it again. Across processes, the store keeps each
chat's newest handled ``update_id`` (``chat_marks``), checked and moved while the chat's
lock is held: a copy that reaches another process (Telegram retrying after a lost 200),
or a chat's update arriving after a later one of the same chat was handled, is answered
200 and not handled again.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections import OrderedDict
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.store.chat_locks import ChatLocks, HeldLock
from bot.store.chat_marks import ChatMarks

log = logging.getLogger(__name__)
BUSY = 503
MAX_CHATS = 6  # chats handled at once per process; each holds a pooled connection


class OrderedWebhook:
    """Accepts webhook updates in per-chat order across processes (see the module doc)."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        locks: ChatLocks,
        marks: ChatMarks,
        *,
        lock_wait: float = 20.0,
        remember: int = 10_000,
        max_chats: int = MAX_CHATS,
    ) -> None:
        self._app = application
        self._locks = locks
        self._marks = marks
        self._wait = lock_wait
        self._remember = remember
        self._seen: OrderedDict[int, None] = OrderedDict()
        self._local: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()
        self._tasks: set[asyncio.Task[None]] = set()
        self._turns = asyncio.Semaphore(max_chats)

    def _chat_lock(self, chat_id: int) -> asyncio.Lock:
        lock = self._local.get(chat_id)
        if lock is None:
            lock = self._local[chat_id] = asyncio.Lock()
        return lock

    async def accept(self, update: Update) -> int:
        """Take the update's turn in its chat; returns the HTTP status for Telegram."""
        chat = update.effective_chat
        if update.update_id in self._seen:
            return 200
        if chat is None:  # nothing sitrep handles; no order to keep
            self._spawn(update, None, None)
            return 200
        local = self._chat_lock(chat.id)
        await local.acquire()
        if update.update_id in self._seen:  # a copy accepted while this one queued
            local.release()
            return 200
        try:
            held = await self._take_turn(chat.id)
        except TimeoutError:
            local.release()
            log.warning("platform=telegram chat_id=%s busy; update left for a retry", chat.id)
            return BUSY
        except BaseException:
            local.release()
            raise
        self._mark(update.update_id)
        try:
            fresh = await self._marks.advance(f"{self._app.bot.id}:{chat.id}", update.update_id)
        except BaseException:
            await self._give_back(held, local)
            raise
        if not fresh:  # handled elsewhere already, or superseded by a later update
            log.info(
                "platform=telegram chat_id=%s update %s already handled", chat.id, update.update_id
            )
            await self._give_back(held, local)
            return 200
        self._spawn(update, held, local)
        return 200

    async def _give_back(self, held: HeldLock, local: asyncio.Lock) -> None:
        await held.release()
        self._turns.release()
        local.release()

    async def _take_turn(self, chat_id: int) -> HeldLock:
        """A free turn in this process, then the chat's lock across processes."""
        async with asyncio.timeout(self._wait):
            await self._turns.acquire()
        try:
            name = f"telegram-chat:{self._app.bot.id}:{chat_id}"
            return await self._locks.hold(name, self._wait)
        except BaseException:
            self._turns.release()
            raise

    def _mark(self, update_id: int) -> None:
        self._seen[update_id] = None
        while len(self._seen) > self._remember:
            self._seen.popitem(last=False)

    def _spawn(self, update: Update, held: HeldLock | None, local: asyncio.Lock | None) -> None:
        task = asyncio.create_task(self._handle(update, held, local), name="telegram-update")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handle(
        self, update: Update, held: HeldLock | None, local: asyncio.Lock | None
    ) -> None:
        try:
            await self._app.process_update(update)  # PTB reports handler errors itself
        except Exception:
            log.exception("platform=telegram update %s failed", update.update_id)
        finally:
            if held is not None:
                await held.release()
                self._turns.release()
            if local is not None:
                local.release()

    async def drain(self, grace: float) -> None:
        """Let updates under way finish (bounded), then cancel the rest."""
        if not self._tasks:
            return
        _done, pending = await asyncio.wait(set(self._tasks), timeout=grace)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
