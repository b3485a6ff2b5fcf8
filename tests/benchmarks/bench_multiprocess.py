"""Several sitrep processes on one PostgreSQL (127.0.0.1:5432, db ``test`` reachable):

1. ingest: F loopback feeds (E full-text entries each) polled by 1 and then by 3
   ``sitrep run --role ingest`` processes; each feed fetched exactly once per cycle;
   wall-time throughput ratio and CPU-normalised figures (the machine has 2 cores).
2. deliver: 2 ``sitrep run --role deliver`` processes send one digest to C chats through
   the loopback Bot API server (overall limit 30/s, 1/s per chat); then again with the
   second process joining part-way; then again with ``kill -9`` of one of them part-way.
   Each run reports the busiest second: the most send attempts (accepted or refused with
   a 429) the pair made in any 1-s window.

    python3 -m uv run python tests/benchmarks/bench_multiprocess.py [FEEDS] [ENTRIES] [CHATS]
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

from tests.fakes.botapi import FakeBotAPI, RateLimits
from tests.support.cluster import fresh_database
from tests.support.cluster_runs import FanoutRun, IngestRun, deliver_fanout, ingest_cycle


def show_ingest(run: IngestRun) -> None:
    print(
        f"ingest x{run.processes}: {run.feeds} feeds in {run.seconds:.1f} s = "
        f"{run.feeds / run.seconds:.0f} feeds/s, {run.articles} articles; CPU {run.cpu:.1f} s "
        f"({run.feeds / max(run.cpu, 0.01):.0f} feeds per CPU-second); fetched twice "
        f"{run.fetched_twice}, never {run.never_fetched}; per process {sorted(run.agents.values())}; "
        f"feed errors {len(run.errors)} {run.errors[:1]}"
    )


def show_fanout(label: str, run: FanoutRun) -> None:
    kill = ""
    if run.joined_at is not None:
        kill = f"; the second process joined after {run.joined_at} sent"
    if run.killed_at is not None:
        kill = (
            f"; killed one after {run.killed_at} sent: its rows taken back "
            f"{run.recovered_after:.1f} s after the kill, all sent {run.finished_after:.1f} s after it"
        )
    print(
        f"deliver x2 {label}: {run.chats} chats in {run.seconds:.1f} s, {run.rate:.1f} msg/s together "
        f"(limit 30/s), busiest second {run.busiest_second} attempts, "
        f"lost {run.lost}, duplicates {run.duplicates}, "
        f"429 after the first second {run.rate_limited_after_first_second}{kill}"
    )


async def main(feeds: int, entries: int, chats: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        runs = []
        for processes in (1, 3):
            async with fresh_database() as url:
                runs.append(
                    await ingest_cycle(
                        Path(tmp), url, feeds=feeds, entries=entries, processes=processes
                    )
                )
            show_ingest(runs[-1])
        one, three = runs
        print(
            f"ingest ratio 3 vs 1 process: wall {one.seconds / three.seconds:.2f}x; "
            f"CPU per feed {three.cpu / three.feeds * 1000:.0f} ms vs {one.cpu / one.feeds * 1000:.0f} ms "
            f"(2 cores: the ceiling is about 2x)"
        )
        for label, kill_after, join_after in (
            ("", None, None),
            ("with a joiner", None, chats // 3),
            ("with kill -9", chats // 3, None),
        ):
            async with (
                fresh_database() as url,
                FakeBotAPI(rate_limits=RateLimits.telegram()) as api,
            ):
                run = await deliver_fanout(
                    Path(tmp),
                    url,
                    api,
                    chats=chats,
                    rate=30,
                    kill_after=kill_after,
                    join_after=join_after,
                )
            show_fanout(label, run)


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    feeds, entries, chats = (args + [2000, 5, 3000][len(args) :])[:3]
    os.environ.setdefault("PYTHONHASHSEED", "0")
    asyncio.run(main(feeds, entries, chats))
