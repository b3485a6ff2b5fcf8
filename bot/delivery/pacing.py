"""The platform's pace: leaky buckets overall, per chat and per group, 429 pauses, and
urgent replies ahead of queued deliveries. One pacer per platform, shared by the outbox
worker and the adapter's replies."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from aiolimiter import AsyncLimiter

log = logging.getLogger(__name__)

T = TypeVar("T")
GROUP_CHAT_TYPES = frozenset({"group", "supergroup", "channel"})


@dataclass(frozen=True, slots=True)
class PauseNote:
    """A pause the pacer took, for the record (the panel shows them from the store)."""

    chat_key: str
    seconds: float
    global_: bool
    rate_limited: bool  # a 429; else a pause after a network error
    source: str  # "outbox" or "reply"


PauseRecorder = Callable[[PauseNote], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Limits:
    global_per_second: float
    chat_per_second: float
    group_per_minute: float | None = None  # Telegram groups and channels

    @classmethod
    def telegram(cls, s: Any) -> Limits:
        return cls(
            s.telegram_global_per_second, s.telegram_chat_per_second, s.telegram_group_per_minute
        )

    @classmethod
    def discord(cls, s: Any) -> Limits:
        return cls(s.discord_global_per_second, s.discord_channel_per_second)


def chat_key(chat_id: str, thread_id: str = "") -> str:
    """The key of a chat's (or forum topic's) own rate limit."""
    return f"{chat_id}/{thread_id}"


class _Overall:
    """The overall bucket, whose rate may change while senders wait (GCRA, one sender
    at a time in arrival order): a send goes at least ``1/rate`` after the one before,
    with 1/20 s worth of slack to catch up after a busy moment of the event loop (too
    little to draw a 429 from a platform that allows short bursts). A new rate applies
    from the next send on; changing it never adds a burst, and slots missed while the
    loop was busy are not made up."""

    def __init__(self, rate: float) -> None:
        self._tat = 0.0  # the theoretical arrival time of the next send (loop time)
        self._turn = asyncio.Lock()
        self.set_rate(rate)

    def set_rate(self, rate: float) -> None:
        self._interval = 1.0 / rate
        self._slack = (max(1.0, rate / 20) - 1) * self._interval

    async def acquire(self) -> None:
        loop = asyncio.get_running_loop()
        async with self._turn:
            wait = self._tat - self._slack - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            self._tat = max(self._tat, loop.time()) + self._interval


class Pacer:
    """Leaky buckets: one overall, one per chat, one more per group; plus 429 pauses.

    One pacer per platform serves both the outbox worker and the adapter's replies to
    commands: the platform's budget is per bot, not per kind of message. Replies are
    *urgent*: while one waits for the overall bucket, queued deliveries hold back.
    """

    MAX_CHATS = 20_000
    REPLY_GIVE_UP_SECONDS = 900.0

    def __init__(
        self,
        limits: Limits,
        clock: Callable[[], float] | None = None,
        *,
        record: PauseRecorder | None = None,
    ) -> None:
        self._limits = limits
        self._record = record
        self._share = 1.0
        self._global = _Overall(limits.global_per_second)
        self._chats: OrderedDict[str, tuple[AsyncLimiter, AsyncLimiter | None]] = OrderedDict()
        self._paused_until: dict[str, float] = {}
        self._global_paused_until = 0.0
        self._clock = clock or (lambda: asyncio.get_running_loop().time())
        self._urgent_waiting = 0
        self._no_urgent = asyncio.Event()
        self._no_urgent.set()
        self._open = asyncio.Event()  # cleared while this sender waits for its share
        self._open.set()

    @property
    def limits(self) -> Limits:
        return self._limits

    @property
    def share(self) -> float:
        """This process's part of the platform's overall budget, in (0, 1]."""
        return self._share

    def set_share(self, part: float) -> None:
        """The platform's overall budget is per bot: with other processes sending for it,
        this one paces at ``part`` of the overall rate (``part`` outside (0, 1] means it
        sends alone), from its next send on (sends already spaced keep their slots)."""
        part = part if 0 < part <= 1 else 1.0
        if part != self._share:
            self._share = part
            self._global.set_rate(self._limits.global_per_second * part)
            log.info("overall pace now %.2f of %.1f/s", part, self._limits.global_per_second)

    @property
    def held(self) -> bool:
        return not self._open.is_set()

    def hold(self) -> None:
        """Send nothing until :meth:`resume`: a sender joining others waits until they
        all pace at their smaller share, so the overall budget holds while it joins."""
        self._open.clear()

    def resume(self) -> None:
        self._open.set()

    def _chat(self, chat_key: str, is_group: bool) -> tuple[AsyncLimiter, AsyncLimiter | None]:
        limiter = self._chats.get(chat_key)
        if limiter is None:
            per_chat = AsyncLimiter(1, 1 / self._limits.chat_per_second)
            group = None
            if is_group and self._limits.group_per_minute:
                group = AsyncLimiter(1, 60 / self._limits.group_per_minute)
            limiter = (per_chat, group)
            self._chats[chat_key] = limiter
            if len(self._chats) > self.MAX_CHATS:
                self._chats.popitem(last=False)
        else:
            self._chats.move_to_end(chat_key)
        return limiter

    def paused_for(self, chat_key: str) -> float:
        now = self._clock()
        return max(self._paused_until.get(chat_key, 0.0), self._global_paused_until) - now

    def pause(self, chat_key: str, seconds: float, *, global_: bool = False) -> None:
        until = self._clock() + seconds
        if global_:
            self._global_paused_until = max(self._global_paused_until, until)
        else:
            self._paused_until[chat_key] = max(self._paused_until.get(chat_key, 0.0), until)

    async def pause_and_record(
        self,
        chat_key: str,
        seconds: float,
        *,
        global_: bool = False,
        rate_limited: bool = True,
        source: str = "outbox",
    ) -> None:
        """Pause (see :meth:`pause`) and record the pause; a failed record costs only it."""
        self.pause(chat_key, seconds, global_=global_)
        if self._record is None:
            return
        try:
            await self._record(PauseNote(chat_key, seconds, global_, rate_limited, source))
        except asyncio.CancelledError:
            raise
        except Exception:
            log.warning("chat=%s pause of %.1fs not recorded", chat_key, seconds, exc_info=True)

    async def acquire(self, chat_key: str, is_group: bool, *, urgent: bool = False) -> None:
        per_chat, group = self._chat(chat_key, is_group)
        await per_chat.acquire()
        if group is not None:
            await group.acquire()
        await self._open.wait()
        if not urgent:
            await self._no_urgent.wait()
            await self._global.acquire()
            return
        self._urgent_waiting += 1
        self._no_urgent.clear()
        try:
            await self._global.acquire()
        finally:
            self._urgent_waiting -= 1
            if not self._urgent_waiting:
                self._no_urgent.set()

    async def reply(
        self,
        chat_key: str,
        is_group: bool,
        send: Callable[[], Awaitable[T]],
        retry_in: Callable[[Exception, int], float | None],
        rate_limited: Callable[[Exception], bool] = lambda exc: False,
    ) -> T:
        """Send a reply to a person ahead of queued deliveries, within the same limits.

        ``retry_in(error, attempt)`` says how many seconds to wait before trying again
        (a 429's ``retry_after``; a short pause after a network error) or ``None`` to
        give up. A rate-limited reply waits and is sent again, never dropped; only a
        platform that keeps refusing for ``REPLY_GIVE_UP_SECONDS`` makes it fail.
        ``rate_limited(error)`` tells a 429 from other errors in the pauses' record.
        """
        deadline = self._clock() + self.REPLY_GIVE_UP_SECONDS
        attempt = 0
        while True:
            wait = self.paused_for(chat_key)
            if wait > 0:
                await asyncio.sleep(wait)
            await self.acquire(chat_key, is_group, urgent=True)
            try:
                return await send()
            except Exception as exc:
                attempt += 1
                seconds = retry_in(exc, attempt)
                if seconds is None or self._clock() + seconds > deadline:
                    raise
                log.info("chat=%s reply held back %.1fs: %s", chat_key, seconds, exc)
                await self.pause_and_record(
                    chat_key, seconds, rate_limited=rate_limited(exc), source="reply"
                )
