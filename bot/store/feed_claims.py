"""Due feeds are claimed, not read: each claim is a lease held by one worker, so any
number of ingest processes split the due feeds and none fetches a feed another holds.

On PostgreSQL the claim runs under a transaction-level advisory lock (claims are short
and serialised, so the per-host count below is exact across processes) and locks its
rows with ``FOR UPDATE SKIP LOCKED``; on SQLite the store's single writer does the same.
"""

from __future__ import annotations

import builtins
from collections import Counter
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import sqlalchemy as sa

from bot.domain import Feed
from bot.store.feeds import feed_record
from bot.store.tables import feeds

if TYPE_CHECKING:
    from bot.store import Store

CLAIM_LOCK = 0x5172_0001  # pg_advisory_xact_lock key of the feed claim


def feed_host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _claimed(now: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(feeds.c.claimed_until.is_not(None), feeds.c.claimed_until > now)


class FeedClaims:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def claim(
        self,
        worker: str,
        now: datetime,
        *,
        lease: timedelta,
        limit: int,
        per_host: int,
        polled_before: datetime | None = None,
    ) -> builtins.list[Feed]:
        """Claim up to ``limit`` due feeds, at most ``per_host`` held per host across all
        workers (counting feeds others hold now). With ``polled_before`` (a one-shot poll
        of every feed), a feed is due when it was not polled since then, whatever its
        next poll time; a feed another worker holds is never claimed either way."""
        if limit <= 0:
            return []
        if polled_before is None:
            wanted = feeds.c.next_poll_at <= now
        else:
            wanted = sa.or_(
                feeds.c.last_polled_at.is_(None), feeds.c.last_polled_at < polled_before
            )
        due = (
            sa.select(feeds)
            .where(~feeds.c.paused, wanted, ~_claimed(now))
            .order_by(feeds.c.next_poll_at, feeds.c.id)
            .limit(max(limit * 4, 100))
        )
        if not self._store.is_sqlite:
            due = due.with_for_update(skip_locked=True)
        async with self._store.write() as conn:
            if not self._store.is_sqlite:
                await conn.execute(sa.select(sa.func.pg_advisory_xact_lock(CLAIM_LOCK)))
            held = await conn.execute(sa.select(feeds.c.url).where(_claimed(now)))
            per = Counter(feed_host(url) for url in held.scalars())
            picked = []
            for row in (await conn.execute(due)).all():
                host = feed_host(row.url)
                if per[host] >= per_host:
                    continue
                per[host] += 1
                picked.append(row)
                if len(picked) >= limit:
                    break
            if picked:
                await conn.execute(
                    feeds.update()
                    .where(feeds.c.id.in_([r.id for r in picked]))
                    .values(claimed_by=worker, claimed_until=now + lease)
                )
        return [feed_record(r) for r in picked]

    async def release(self, worker: str) -> int:
        """Give back every feed this worker holds (a clean stop)."""
        async with self._store.write() as conn:
            result = await conn.execute(
                feeds.update()
                .where(feeds.c.claimed_by == worker)
                .values(claimed_by="", claimed_until=None)
            )
        return int(result.rowcount or 0)

    async def held(self, now: datetime) -> dict[str, int]:
        """How many feeds each worker holds now."""
        query = (
            sa.select(feeds.c.claimed_by, sa.func.count())
            .where(_claimed(now))
            .group_by(feeds.c.claimed_by)
        )
        async with self._store.read() as conn:
            return {w: int(n) for w, n in (await conn.execute(query)).all()}
