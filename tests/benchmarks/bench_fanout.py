"""Fan out one digest to 3,000 subscribers through a loopback Telegram-compatible server
that enforces the limits (300 messages/s overall, 1/s per chat), with real worker
processes and the real python-telegram-bot. Second run: SIGKILL half-way, then restart.

    python3 -m uv run python tests/benchmarks/bench_fanout.py [SUBSCRIBERS] [PACE] [LIMIT]

PACE is sitrep's configured overall rate (default 285/s, just under the server's LIMIT,
default 300/s).
The same-run baseline is the server's own enforced limit.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from tests.fakes.botapi import Bucket, FakeBotAPI, RateLimits
from tests.support.fanout import FanoutResult, prepare, run_fanout

LIMIT = float(sys.argv[3]) if len(sys.argv) > 3 else 300.0


def report(label: str, r: FanoutResult) -> None:
    print(
        f"{label}: {r.sent} messages to {r.chats_reached}/{r.expected_chats} chats in {r.seconds:.1f} s (incl. process start); "
        f"steady rate {r.rate:.0f}/s = {r.rate / LIMIT:.2f} of the enforced {LIMIT:.0f}/s; "
        f"429s {r.rate_limited} (after the first second: {r.rate_limited_after_first_second}); "
        f"lost {r.lost}; duplicates {r.duplicates}"
        + (
            f"; killed after {r.killed_at} sent, {r.in_flight_at_kill} completed after the kill"
            if r.killed_at is not None
            else ""
        )
    )


async def one(subscribers: int, pace: float, kill: bool) -> FanoutResult:
    with tempfile.TemporaryDirectory() as tmp:
        await prepare(Path(tmp), subscribers)
        limits = RateLimits(overall=Bucket(LIMIT, 30), per_chat=Bucket(1.0, 1))
        async with FakeBotAPI(rate_limits=limits) as api:
            return await run_fanout(
                api,
                Path(tmp),
                expected=subscribers,
                rate=pace,
                kill_after=subscribers // 2 if kill else None,
            )


async def main(subscribers: int, pace: float) -> None:
    print(f"subscribers={subscribers} sitrep pace={pace:g}/s server limit={LIMIT:g}/s")
    report("straight run", await one(subscribers, pace, kill=False))
    report("kill -9 + restart", await one(subscribers, pace, kill=True))


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    pace = float(sys.argv[2]) if len(sys.argv) > 2 else 285.0
    asyncio.run(main(n, pace))
