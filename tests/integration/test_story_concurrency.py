"""Stories written and merged by several ingest processes at once (two stores on one
database, as two processes have): each process's story matcher lives in its memory, so one
may store articles into a story while another merges it away, in any order. Nothing may
deadlock, fail or lose count. Both backends; the concurrent case matters on PostgreSQL."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from datetime import datetime

import pytest
import sqlalchemy as sa

from bot.store import Store
from bot.store.articles import NewArticle
from bot.store.tables import articles, stories
from summaries.models import Article, Briefing
from tests.support.clock import Clock

STORIES = 12
ROUNDS = 30


def _item(tag: str) -> NewArticle:
    url = f"https://outlet.example/{tag}"
    article = Article(text=f"Our own text for {tag}.", title=f"Story {tag}", url=url)
    briefing = Briefing(headline=f"Story {tag}", url=url, source="outlet", summary="")
    return NewArticle(f"u:{url}", url, article, [], briefing)


@pytest.fixture
async def second(store: Store) -> AsyncIterator[Store]:
    """Another process's store on the same database (its own connections)."""
    if store.is_sqlite:
        yield store  # one process per SQLite file: its single writer serialises all
        return
    other = Store(store.url, connect_args=store._connect_args)
    await other.initialize()
    try:
        yield other
    finally:
        await other.shutdown()


async def _story_ids(store: Store, now: datetime) -> list[int]:
    ids = []
    for n in range(STORIES):
        stored, _ = await store.articles.add_batch(None, [_item(f"seed-{n}")], [-1], now=now)
        ids.append(stored[0][1])
    return ids


async def _ingest(
    store: Store, ids: list[int], rng: random.Random, tag: str, now: datetime
) -> None:
    """One feed's batch: a few new articles, some joining existing stories, some new."""
    picks = [rng.choice(ids) if rng.random() < 0.8 else -1 - i for i in range(6)]
    items = [_item(f"{tag}-{i}") for i in range(len(picks))]
    await store.articles.add_batch(None, items, picks, now=now)


async def _merge(store: Store, ids: list[int], rng: random.Random, now: datetime) -> None:
    """A matcher's merges: stories it found to be one, each into the oldest of its group."""
    group = rng.sample(ids, 3)
    keep = rng.choice(group)
    await store.articles.merge_stories({s: keep for s in group if s != keep}, now=now)


async def test_concurrent_ingest_and_merges_neither_deadlock_nor_lose_count(
    store: Store, second: Store
) -> None:
    now = Clock().now
    rng = random.Random(16)
    ids = await _story_ids(store, now)
    for r in range(ROUNDS):
        if r % 2:  # now and then a matcher learns which stories are left (or never does)
            async with store.read() as conn:
                ids = list((await conn.execute(sa.select(stories.c.id))).scalars())
        work = []
        for p, s in enumerate((store, second, store, second)):
            work.append(_ingest(s, ids, rng, f"r{r}p{p}", now))
            work.append(_merge(s, ids, rng, now))
        rng.shuffle(work)
        await asyncio.gather(*work)
    async with store.read() as conn:
        rows = (await conn.execute(sa.select(articles.c.story_id))).scalars().all()
        counts = dict((await conn.execute(sa.select(stories.c.id, stories.c.article_count))).all())
    assert len(rows) == STORIES + ROUNDS * 4 * 6  # every article stored, none lost
    assert None not in rows  # each belongs to a story that exists
    per_story: dict[int, int] = {}
    for sid in rows:
        per_story[sid] = per_story.get(sid, 0) + 1
    assert per_story == {sid: n for sid, n in counts.items() if n}  # counts add up
    assert all(counts[sid] for sid in counts)  # no empty story rows left behind
