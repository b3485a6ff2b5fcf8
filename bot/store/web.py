"""The web panel's queries: runtime samples and the read models its pages show (its login
links and sessions are ``web_auth``)."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from bot.store.quote_search import QuoteHit, QuoteQuery, search_quotes
from bot.store.tables import (
    articles,
    deliveries,
    feeds,
    speakers,
    subscriptions,
    web_samples,
    workers,
)
from bot.store.web_auth import WebAuth

if TYPE_CHECKING:
    from bot.store import Store

__all__ = ["FeedRow", "QuoteHit", "QuoteQuery", "Sample", "WebRepository"]

PAGE = 100


@dataclass(frozen=True, slots=True)
class FeedRow:
    id: int
    name: str
    url: str
    category: str
    paused: bool
    disabled_reason: str
    last_success_at: datetime | None
    last_error: str
    error_count: int
    next_poll_at: datetime | None
    items_per_day: float

    @property
    def status(self) -> str:
        if self.paused:
            return "paused"
        return "failing" if self.error_count else "ok"


@dataclass(frozen=True, slots=True)
class Sample:
    minute: datetime
    failed: int
    rate_limited: int
    commands: int
    command_seconds: float


def _hour(column: Any, dialect: str) -> Any:
    """The hour of a timestamp column, on either backend (read it with ``_hours``). SQLite
    keeps timestamps as UTC text: its first 13 characters ("YYYY-MM-DD HH") are the hour,
    cheaper to group by than a parsed date; PostgreSQL gives whole hours since the epoch."""
    if dialect == "sqlite":
        return sa.func.substr(column, 1, 13, type_=sa.String)
    return sa.cast(sa.func.floor(sa.extract("epoch", column) / 3600), sa.Integer)


def _hours(value: Any) -> int:
    """Whole hours since the epoch of what ``_hour`` gave."""
    if isinstance(value, str):
        at = datetime.strptime(value.replace("T", " "), "%Y-%m-%d %H").replace(tzinfo=UTC)
        return int(at.timestamp()) // 3600
    return int(value)


class WebRepository(WebAuth):
    """The panel's reads and actions (its login links and sessions in ``WebAuth``)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # -- samples -------------------------------------------------------------------------

    async def add_sample(self, sample: Sample, keep: timedelta = timedelta(days=8)) -> None:
        """Add the minute's counts (older samples than ``keep`` are dropped)."""
        values = {
            "failed": sample.failed,
            "rate_limited": sample.rate_limited,
            "commands": sample.commands,
            "command_seconds": sample.command_seconds,
        }
        async with self._store.write() as conn:
            await conn.execute(
                web_samples.delete().where(web_samples.c.minute < sample.minute - keep)
            )
            exists = await conn.execute(
                sa.select(web_samples.c.minute).where(web_samples.c.minute == sample.minute)
            )
            if exists.first() is None:
                await conn.execute(web_samples.insert().values(minute=sample.minute, **values))
            else:  # a second tick in the same minute adds to it
                c = web_samples.c
                await conn.execute(
                    web_samples.update()
                    .where(c.minute == sample.minute)
                    .values({getattr(c, k): getattr(c, k) + v for k, v in values.items()})
                )

    async def hourly_samples(self, since: datetime) -> dict[int, tuple[int, int, float]]:
        """(failed, commands, command seconds) per hour (hours since the epoch)."""
        c = web_samples.c
        hour = _hour(c.minute, self._store.dialect).label("h")
        query = (
            sa.select(
                hour, sa.func.sum(c.failed), sa.func.sum(c.commands), sa.func.sum(c.command_seconds)
            )
            .where(c.minute >= since)
            .group_by(hour)
        )
        async with self._store.read() as conn:
            rows = (await conn.execute(query)).all()
        return {_hours(h): (int(f or 0), int(n or 0), float(t or 0.0)) for h, f, n, t in rows}

    async def samples(self, since: datetime) -> builtins.list[Sample]:
        query = sa.select(web_samples).where(web_samples.c.minute >= since)
        async with self._store.read() as conn:
            rows = (await conn.execute(query.order_by(web_samples.c.minute))).all()
        return [
            Sample(r.minute, r.failed, r.rate_limited, r.commands, r.command_seconds) for r in rows
        ]

    async def hourly(self, what: str, since: datetime) -> dict[int, int]:
        """Counts per hour (hours since the epoch) of articles stored or deliveries sent."""
        column = articles.c.created_at if what == "articles" else deliveries.c.sent_at
        hour = _hour(column, self._store.dialect).label("h")
        query = sa.select(hour, sa.func.count()).where(column >= since).group_by(hour)
        async with self._store.read() as conn:
            return {_hours(h): int(n) for h, n in (await conn.execute(query)).all()}

    # -- feeds ---------------------------------------------------------------------------

    async def feed_rows(
        self,
        *,
        now: datetime,
        status: str = "",
        text: str = "",
        sort: str = "name",
        offset: int = 0,
        limit: int = 200,
    ) -> tuple[builtins.list[FeedRow], int]:
        """One page of the feed health table, and how many feeds match in all."""
        week = (
            sa.select(articles.c.feed_id, sa.func.count().label("n"))
            .where(articles.c.created_at >= now - timedelta(days=7))
            .group_by(articles.c.feed_id)
            .subquery()
        )
        query = sa.select(feeds, sa.func.coalesce(week.c.n, 0).label("week")).outerjoin(
            week, week.c.feed_id == feeds.c.id
        )
        conds = _feed_filter(status, text)
        query = query.where(*conds)
        counted = sa.select(sa.func.count()).select_from(feeds).where(*conds)
        order = {
            "failures": feeds.c.error_count.desc(),
            "last_success": feeds.c.last_success_at.desc(),
            "next_poll": feeds.c.next_poll_at,
            "items": sa.desc("week"),
        }.get(sort, sa.func.lower(feeds.c.name))
        query = query.order_by(order, feeds.c.id).offset(offset).limit(limit)
        async with self._store.read() as conn:
            rows = (await conn.execute(query)).all()
            total = int((await conn.execute(counted)).scalar_one())
        return [
            FeedRow(
                r.id,
                r.name,
                r.url,
                r.category,
                bool(r.paused),
                r.disabled_reason,
                r.last_success_at,
                r.last_error,
                r.error_count,
                r.next_poll_at,
                r.week / 7,
            )
            for r in rows
        ], total

    # -- deliveries ----------------------------------------------------------------------

    async def delivery_counts(self) -> dict[tuple[str, str], int]:
        c = deliveries.c
        query = sa.select(c.platform, c.state, sa.func.count()).group_by(c.platform, c.state)
        async with self._store.read() as conn:
            return {(p, s): int(n) for p, s, n in (await conn.execute(query)).all()}

    async def delivery_rows(self, state: str, limit: int = PAGE) -> builtins.list[Any]:
        c = deliveries.c
        query = (
            sa.select(
                c.id,
                c.platform,
                c.chat_id,
                c.kind,
                c.state,
                c.attempts,
                c.last_error,
                c.next_attempt_at,
                c.created_at,
            )
            .where(c.state == state)
            .order_by(c.id.desc())
            .limit(limit)
        )
        async with self._store.read() as conn:
            return list((await conn.execute(query)).all())

    async def retry_delivery(self, delivery_id: int, now: datetime) -> bool:
        c = deliveries.c
        query = (
            deliveries.update()
            .where(c.id == delivery_id, c.state.in_(("failed", "dead")))
            .values(state="pending", attempts=0, next_attempt_at=now, claimed_by="")
        )
        async with self._store.write() as conn:
            return (await conn.execute(query)).rowcount == 1

    async def drop_delivery(self, delivery_id: int) -> bool:
        c = deliveries.c
        query = deliveries.delete().where(
            c.id == delivery_id, c.state.in_(("failed", "dead", "pending"))
        )
        async with self._store.write() as conn:
            return (await conn.execute(query)).rowcount == 1

    # -- subscriptions -------------------------------------------------------------------

    async def subscription_rows(self, platform: str = "") -> builtins.list[Any]:
        query = sa.select(subscriptions)
        if platform:
            query = query.where(subscriptions.c.platform == platform)
        query = query.order_by(subscriptions.c.platform, subscriptions.c.chat_id).limit(1000)
        async with self._store.read() as conn:
            return list((await conn.execute(query)).all())

    async def set_subscription_active(self, sub_id: int, active: bool, reason: str) -> bool:
        query = (
            subscriptions.update()
            .where(subscriptions.c.id == sub_id)
            .values(active=active, deactivated_reason="" if active else reason)
        )
        async with self._store.write() as conn:
            return (await conn.execute(query)).rowcount == 1

    # -- quotes --------------------------------------------------------------------------

    async def search_quotes(self, q: QuoteQuery, limit: int = 50) -> builtins.list[QuoteHit]:
        return await search_quotes(self._store, q, limit)

    async def workers(
        self, limit: int = 100
    ) -> tuple[builtins.list[str], builtins.list[tuple[Any, ...]]]:
        """The processes sharing this store (the ``workers`` table), newest heartbeat first."""
        w = workers.c
        cols = (w.id, w.role, w.host, w.pid, w.started_at, w.heartbeat_at)
        query = sa.select(*cols).order_by(w.heartbeat_at.desc()).limit(limit)
        async with self._store.read() as conn:
            rows = (await conn.execute(query)).all()
        names = ["worker", "role", "host", "pid", "started", "last heartbeat"]
        return names, [tuple(r) for r in rows]

    async def top_speakers(self, limit: int = 30) -> builtins.list[tuple[str, str, int]]:
        query = (
            sa.select(speakers.c.name, speakers.c.role, speakers.c.quote_count)
            .order_by(speakers.c.quote_count.desc(), speakers.c.name)
            .limit(limit)
        )
        async with self._store.read() as conn:
            return [(n, r, int(c)) for n, r, c in (await conn.execute(query)).all()]


def _feed_filter(status: str, text: str) -> builtins.list[Any]:
    conds: builtins.list[Any] = []
    if status == "paused":
        conds.append(feeds.c.paused.is_(True))
    elif status == "failing":
        conds += [feeds.c.paused.is_(False), feeds.c.error_count > 0]
    elif status == "ok":
        conds += [feeds.c.paused.is_(False), feeds.c.error_count == 0]
    if text:
        like = f"%{text.lower()}%"
        columns = (feeds.c.name, feeds.c.url, feeds.c.category)
        conds.append(sa.or_(*(sa.func.lower(c).like(like) for c in columns)))
    return conds
