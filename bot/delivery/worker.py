"""Delivery: the outbox worker that sends rows at the platform's pace.

A delivery row was written before anything is sent. A worker claims due rows, sends
each row's parts in order (recording progress after every part, so a restart resumes
at the next part), paces itself to the platform's limits with leaky-bucket limiters,
and maps platform errors to what must happen to the row and the subscription.
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import socket
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.delivery.errors import ChatGone, ChatMigrated, Rejected, RetryLater, Sender
from bot.delivery.pacing import GROUP_CHAT_TYPES, Limits, Pacer, chat_key
from bot.domain import Delivery
from bot.store import Store

log = logging.getLogger(__name__)
CLAIM_SECONDS = 3.0


class SentLog:
    """Group commit of "sent" marks: callers wait until their row is durably marked, and
    everything marked within a few milliseconds shares one transaction."""

    def __init__(
        self, store: Store, clock: Callable[[], datetime], *, delay: float = 0.005, batch: int = 200
    ) -> None:
        self._store = store
        self._clock = clock
        self._delay = delay
        self._batch = batch
        self._pending: list[tuple[int, int, asyncio.Future[None]]] = []
        self._flusher: asyncio.Task[None] | None = None

    async def sent(self, delivery_id: int, parts: int) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((delivery_id, parts, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        await asyncio.shield(future)

    async def _flush(self) -> None:
        await asyncio.sleep(self._delay)
        while self._pending:
            batch, self._pending = self._pending[: self._batch], self._pending[self._batch :]
            try:
                await self._store.deliveries.mark_sent_many(
                    [(i, p) for i, p, _ in batch], self._clock()
                )
            except Exception as exc:  # the callers see the failure; nothing is marked
                for *_ignored, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for *_ignored, future in batch:
                if not future.done():
                    future.set_result(None)


def worker_id() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class DeliveryWorker:
    """Sends one platform's outbox. ``run`` loops until cancelled; ``drain`` empties it once."""

    def __init__(
        self,
        store: Store,
        platform: str,
        sender: Sender,
        limits: Limits,
        *,
        clock: Callable[[], datetime],
        max_attempts: int = 8,
        retry_base: float = 5,
        retry_max: float = 3600,
        concurrency: int = 8,
        batch: int = 200,
        lease: timedelta = timedelta(minutes=2),
        idle_sleep: float = 1.0,
        on_event: Callable[[str, Delivery, str], None] | None = None,
        pacer: Pacer | None = None,
        worker: str | None = None,
    ) -> None:
        self.store = store
        self.platform = platform
        self.sender = sender
        self.pacer = pacer or Pacer(limits)
        self.clock = clock
        self.max_attempts = max_attempts
        self.retry_base = retry_base
        self.retry_max = retry_max
        self.concurrency = concurrency
        self.batch = batch
        self.lease = lease
        self.idle_sleep = idle_sleep
        self.id = worker or worker_id()
        self._on_event = on_event
        self.wakeup = asyncio.Event()
        self.sent_log = SentLog(store, clock)
        self.stopping = False
        self.released_at_stop = 0

    def _event(self, kind: str, delivery: Delivery, detail: str = "") -> None:
        if self._on_event is not None:
            self._on_event(kind, delivery, detail)

    def stop(self) -> None:
        """Claim nothing more; sends under way finish, claimed rows not yet sent go back."""
        self.stopping = True
        self.wakeup.set()

    async def _hand_back(self, delivery: Delivery) -> None:
        await self.store.deliveries.release(delivery.id, self.clock())
        self.released_at_stop += 1

    async def run(self) -> None:
        await self.store.deliveries.recover_stale(self.clock(), self.lease)
        while not self.stopping:
            try:
                sent = await self.drain_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("platform=%s delivery pass failed; retrying", self.platform)
                sent = 0
            if not sent and not self.stopping:
                self.wakeup.clear()
                try:
                    await asyncio.wait_for(self.wakeup.wait(), timeout=self.idle_sleep)
                except TimeoutError:
                    await self.store.deliveries.recover_stale(self.clock(), self.lease)

    @property
    def claim_size(self) -> int:
        """Rows to claim at once: about ``CLAIM_SECONDS`` of this worker's share of the
        overall pace (at most ``batch``), so several deliver processes split a fan-out
        evenly and a dead one leaves few rows for the others to take back."""
        pace = self.pacer.limits.global_per_second * self.pacer.share
        return max(self.concurrency, min(self.batch, math.ceil(pace * CLAIM_SECONDS)))

    async def drain_once(self) -> int:
        """Claim one batch and send it; returns how many rows were handled."""
        claimed = await self.store.deliveries.claim(
            self.id, self.clock(), platform=self.platform, limit=self.claim_size
        )
        if not claimed:
            return 0
        by_chat: defaultdict[str, list[Delivery]] = defaultdict(list)
        for delivery in claimed:
            by_chat[chat_key(delivery.chat_id, delivery.thread_id)].append(delivery)
        slots = asyncio.Semaphore(self.concurrency)

        async def chat_queue(items: list[Delivery]) -> None:
            async with slots:
                for index, delivery in enumerate(items):
                    if self.stopping:
                        for rest in items[index:]:
                            await self._hand_back(rest)
                        return
                    if not await self._deliver(delivery):
                        # The chat is paused or gone (or we are stopping): hand the rest
                        # back untouched.
                        for rest in items[index + 1 :]:
                            if self.stopping:
                                await self._hand_back(rest)
                            else:
                                await self.store.deliveries.release(
                                    rest.id, self.clock() + timedelta(seconds=1)
                                )
                        return

        await asyncio.gather(*(chat_queue(items) for items in by_chat.values()))
        return len(claimed)

    async def drain(self, *, timeout: float = 60) -> None:  # noqa: ASYNC109 - a test/CLI helper
        """Send until nothing is due (tests, the CLI and benchmarks)."""
        async with asyncio.timeout(timeout):
            while await self.drain_once():
                pass

    async def _deliver(self, delivery: Delivery) -> bool:
        """Send the remaining parts; False if this chat must not get more now."""
        key = chat_key(delivery.chat_id, delivery.thread_id)
        is_group = delivery.chat_type in GROUP_CHAT_TYPES
        parts = delivery.payload
        index = delivery.parts_sent
        while index < len(parts):
            if self.stopping:  # progress so far is recorded; the rest goes out after restart
                await self._hand_back(delivery)
                return False
            wait = self.pacer.paused_for(key)
            if wait > 0:
                await self.store.deliveries.release(
                    delivery.id, self.clock() + timedelta(seconds=wait)
                )
                return False
            await self.pacer.acquire(key, is_group)
            try:
                await self.sender.send(delivery, parts[index])
            except asyncio.CancelledError:
                raise
            except RetryLater as exc:
                await self.pacer.pause_and_record(key, exc.seconds, global_=exc.global_)
                await self.store.deliveries.release(
                    delivery.id,
                    self.clock() + timedelta(seconds=exc.seconds),
                    f"429: retry after {exc.seconds:g}s",
                )
                self._event("rate_limited", delivery, str(exc.seconds))
                return False
            except ChatMigrated as exc:
                await self._migrate(delivery, exc.new_chat_id)
                delivery = _retarget(delivery, exc.new_chat_id)
                continue
            except ChatGone as exc:
                await self._chat_gone(delivery, str(exc), thread_only=exc.thread_only)
                return False
            except Rejected as exc:
                await self.store.deliveries.mark_dead(delivery.id, f"rejected: {exc}")
                log.error(
                    "delivery_id=%s chat_id=%s rejected by platform: %s",
                    delivery.id,
                    delivery.chat_id,
                    exc,
                )
                self._event("dead", delivery, str(exc))
                return True
            except Exception as exc:  # Transient and anything unexpected from the platform
                await self._failed(delivery, exc)
                return True
            index += 1
            if index < len(parts):  # the last part's progress is recorded with "sent"
                await self.store.deliveries.part_sent(delivery.id, index, self.clock())
        await self.sent_log.sent(delivery.id, len(parts))
        self._event("sent", delivery, "")
        return True

    async def _failed(self, delivery: Delivery, exc: Exception) -> None:
        reason = f"{type(exc).__name__}: {exc}"
        if delivery.attempts >= self.max_attempts:
            await self.store.deliveries.mark_dead(
                delivery.id, f"gave up after {delivery.attempts} attempts; {reason}"
            )
            log.error(
                "delivery_id=%s chat_id=%s dead after %d attempts: %s",
                delivery.id,
                delivery.chat_id,
                delivery.attempts,
                reason,
            )
            self._event("dead", delivery, reason)
            return
        delay = min(self.retry_base * 2 ** max(delivery.attempts - 1, 0), self.retry_max)
        await self.store.deliveries.mark_failed(
            delivery.id, reason, self.clock() + timedelta(seconds=delay)
        )
        log.warning(
            "delivery_id=%s chat_id=%s failed (attempt %d), retry in %gs: %s",
            delivery.id,
            delivery.chat_id,
            delivery.attempts,
            delay,
            reason,
        )
        self._event("failed", delivery, reason)

    async def _chat_gone(
        self, delivery: Delivery, reason: str, *, thread_only: bool = False
    ) -> None:
        thread = delivery.thread_id if thread_only else None
        n = await self.store.subscriptions.deactivate_chat(
            delivery.platform, delivery.chat_id, reason, thread
        )
        await self.store.deliveries.kill_chat(
            delivery.platform, delivery.chat_id, f"chat unavailable: {reason}", thread
        )
        log.warning(
            "chat_id=%s thread=%s unavailable (%s): %d subscriptions deactivated",
            delivery.chat_id,
            thread or "*",
            reason,
            n,
        )
        self._event("chat_gone", delivery, reason)

    async def _migrate(self, delivery: Delivery, new_chat_id: str) -> None:
        await self.store.subscriptions.migrate_chat(
            delivery.platform, delivery.chat_id, new_chat_id
        )
        await self.store.deliveries.retarget(delivery.platform, delivery.chat_id, new_chat_id)
        log.info("chat_id=%s migrated to %s", delivery.chat_id, new_chat_id)
        self._event("migrated", delivery, new_chat_id)


def _retarget(delivery: Delivery, chat_id: str) -> Delivery:
    from dataclasses import replace

    return replace(delivery, chat_id=chat_id, chat_type="supergroup")
