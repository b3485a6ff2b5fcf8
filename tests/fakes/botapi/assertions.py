"""What tests read off the fake Bot API: sent messages, rates, 429s, and waiting for them."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Hashable

from tests.fakes.botapi.constants import JSONDict
from tests.fakes.botapi.records import RateLimitHit, SentMessage
from tests.fakes.botapi.state import BotApiState


class Assertions(BotApiState):
    """Part of FakeBotAPI: read what the bot did, and wait for it."""

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

    def jitter_only(self, after: float = 0.0, *, most: int = 6, moments: int = 1) -> bool:
        """Whether the 429s answered more than ``after`` seconds after the first send are at
        most ``most``, bunched in at most ``moments`` one-second windows: what a busy event
        loop or a loaded machine bunches together. A sender pacing above the limit draws
        429s second after second instead."""
        hits = sorted(h.at for h in self.rate_limited_after(after))
        windows, end = 0, float("-inf")
        for at in hits:
            if at >= end:
                windows, end = windows + 1, at + 1.0
        return len(hits) <= most and windows <= moments

    def busiest_second(self, *, refused: bool = True) -> int:
        """The most send attempts in any 1-second window: messages accepted, and (with
        ``refused``) those refused by a rate limit, i.e. what the bot asked of the platform."""
        times = sorted(
            [m.sent_at for m in self.sent] + ([h.at for h in self.rate_limited] if refused else [])
        )
        best, first = 0, 0
        for last, t in enumerate(times):
            while t - times[first] >= 1.0:
                first += 1
            best = max(best, last - first + 1)
        return best

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
