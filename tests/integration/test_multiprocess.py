"""Several ``sitrep run --role ...`` processes on one PostgreSQL database (the real
processes, the real store, loopback feeds and Bot API). The full-size figures come from
``tests/benchmarks/bench_multiprocess.py``; these are the same scenarios, smaller."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from bot.delivery import DeliveryWorker
from tests.fakes.botapi import Bucket, FakeBotAPI, RateLimits
from tests.support.cluster import fresh_database
from tests.support.cluster_runs import deliver_fanout, ingest_cycle

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def _postgres() -> None:
    from tests.conftest import _need_postgres

    _need_postgres()


async def test_three_ingest_processes_fetch_each_feed_exactly_once(tmp_path: Path) -> None:
    async with fresh_database() as url:
        run = await ingest_cycle(tmp_path, url, feeds=300, entries=1, processes=3)
    assert run.never_fetched == 0, run
    assert run.errors == [], run.errors[:3]
    assert run.fetched_twice == 0, {p: n for p, n in run.hits.items() if n > 1}
    assert sum(run.hits.values()) == 300
    assert run.articles > 0  # entries were processed and stored, not just fetched
    # the work was split: every process fetched some of the feeds
    assert sorted(run.agents) == [f"sitrep-ingest-{i}" for i in range(3)], run.agents
    assert all(n > 0 for n in run.agents.values()), run.agents


async def test_two_deliver_processes_share_the_budget_and_survive_a_kill(tmp_path: Path) -> None:
    chats = 300
    limits = RateLimits(overall=Bucket(60.0, 6), per_chat=Bucket(1.0, 1))
    async with fresh_database() as url, FakeBotAPI(rate_limits=limits) as api:
        run = await deliver_fanout(tmp_path, url, api, chats=chats, rate=54, kill_after=60)
    assert run.killed_at is not None and run.killed_at < chats, run
    assert run.lost == 0, run
    in_flight_bound = inspect.signature(DeliveryWorker).parameters["concurrency"].default
    assert run.duplicates <= in_flight_bound, run
    # together within the overall limit: each paced at half of it (after warm-up, no 429
    # beyond one moment of jitter on a loaded machine)
    assert api.jitter_only(1.0), api.rate_limited_after(1.0)
    assert run.recovered_after is not None and run.recovered_after <= 15, run


async def test_a_deliver_process_joining_mid_fanout_keeps_the_pair_within_the_limit(
    tmp_path: Path,
) -> None:
    """The first process sends at the whole rate; the second starts part-way. It holds its
    sends until the first paces at half, so the pair never asks more of the platform than
    its limit. Heartbeats 5 s apart: without the hold, the two overlap at 1.5 times the
    rate for up to 5 s."""
    chats = 600
    limits = RateLimits(overall=Bucket(20.0, 2), per_chat=Bucket(1.0, 1))
    async with fresh_database() as url, FakeBotAPI(rate_limits=limits) as api:
        run = await deliver_fanout(
            tmp_path, url, api, chats=chats, rate=16, join_after=40, heartbeat=5
        )
    first, joiner = run.logs
    assert any("overall pace now 0.50 of" in line for line in first), first
    assert run.lost == 0 and run.duplicates == 0, run
    assert run.busiest_second <= 20 + 2, run
    # Event-loop jitter under load shows as a refusal or a few at one moment; overlap without
    # the hold shows as refusals spread over the seconds until the first process paces at half.
    assert api.jitter_only(moments=2), api.rate_limited
    assert any("joined the senders" in line for line in joiner), joiner
