"""kill -9 during a digest fan-out, then a restart: every digest delivered, none twice
except at most those in flight at the kill. Real worker processes, real PTB, loopback
Bot API server enforcing Telegram-shaped limits (faster, to keep the run short)."""

from __future__ import annotations

import inspect
from pathlib import Path

from bot.delivery import DeliveryWorker
from tests.fakes.botapi import Bucket, FakeBotAPI, RateLimits
from tests.support.fanout import prepare, run_fanout

SUBSCRIBERS = 150


async def test_kill_during_fan_out_then_restart_loses_nothing(tmp_path: Path) -> None:
    planned = await prepare(tmp_path, SUBSCRIBERS)
    assert planned == SUBSCRIBERS
    limits = RateLimits(overall=Bucket(100.0, 10), per_chat=Bucket(1.0, 1))
    async with FakeBotAPI(rate_limits=limits) as api:
        result = await run_fanout(
            api, tmp_path, expected=SUBSCRIBERS, rate=90, kill_after=SUBSCRIBERS // 2
        )
    assert result.killed_at is not None and 0 < result.killed_at < SUBSCRIBERS
    assert result.lost == 0, result
    # At most the messages in flight at the kill may arrive twice: a worker has at most
    # `concurrency` sends under way, each perhaps sent but not yet recorded as sent.
    in_flight_bound = inspect.signature(DeliveryWorker).parameters["concurrency"].default
    assert result.duplicates <= in_flight_bound, result
    assert api.jitter_only(1.0), result  # no 429 after warm-up beyond a moment of jitter
