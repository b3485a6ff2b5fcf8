"""Feeds and their polling state."""

from __future__ import annotations

import builtins
import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from bot.domain import Feed
from bot.store.codec import join_list, split_list
from bot.store.tables import feeds, seen_entries

if TYPE_CHECKING:
    from bot.store import Store


def entry_key(kind: str, value: str) -> str:
    """A fixed-length de-duplication key for a GUID (``g``) or canonical URL (``u``)."""
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()[:40]


def feed_record(row: Any) -> Feed:
    return Feed(
        id=row.id,
        url=row.url,
        name=row.name,
        category=row.category,
        site_url=row.site_url,
        etag=row.etag,
        last_modified=row.last_modified,
        next_poll_at=row.next_poll_at,
        last_polled_at=row.last_polled_at,
        last_success_at=row.last_success_at,
        error_count=row.error_count,
        last_error=row.last_error,
        paused=row.paused,
        disabled_reason=row.disabled_reason,
        first_polled=row.first_polled,
        item_count=row.item_count,
        relevance_filter=row.relevance_filter,
        include_keywords=split_list(row.include_keywords),
        exclude_keywords=split_list(row.exclude_keywords),
    )


class FeedExists(Exception):
    """A feed with this URL is already in the store."""


class FeedRepository:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def add(self, url: str, name: str = "", category: str = "", *, now: datetime) -> Feed:
        async with self._store.write() as conn:
            existing = (await conn.execute(sa.select(feeds.c.id).where(feeds.c.url == url))).first()
            if existing is not None:
                raise FeedExists(url)
            result = await conn.execute(
                feeds.insert().values(
                    url=url, name=name or url, category=category, created_at=now, next_poll_at=now
                )
            )
            feed_id = _pk(result)
        feed = await self.get(feed_id)
        assert feed is not None
        return feed

    async def seed(self, items: builtins.list[tuple[str, str, str]], *, now: datetime) -> int:
        """Add the configured default feeds when the store has none. Returns how many."""
        async with self._store.read() as conn:
            count = (await conn.execute(sa.select(sa.func.count()).select_from(feeds))).scalar_one()
        if count:
            return 0
        for url, name, category in items:
            try:
                await self.add(url, name, category, now=now)
            except FeedExists:
                continue
        return len(items)

    async def get(self, feed_id: int) -> Feed | None:
        async with self._store.read() as conn:
            row = (await conn.execute(sa.select(feeds).where(feeds.c.id == feed_id))).first()
        return feed_record(row) if row else None

    async def matching(self, ref: str) -> builtins.list[Feed]:
        """The feed with this id or exact URL; otherwise every feed with this name
        (case-insensitive), so a caller can refuse an ambiguous name."""
        exact = feeds.c.url == ref
        if ref.isascii() and ref.isdigit() and len(ref) < 10:
            exact = sa.or_(exact, feeds.c.id == int(ref))
        by_name = sa.func.lower(feeds.c.name) == ref.lower()
        async with self._store.read() as conn:
            for cond in (exact, by_name):
                rows = (await conn.execute(sa.select(feeds).where(cond).order_by(feeds.c.id))).all()
                if rows:
                    return [feed_record(r) for r in rows]
        return []

    async def list(self) -> builtins.list[Feed]:
        async with self._store.read() as conn:
            rows = (await conn.execute(sa.select(feeds).order_by(feeds.c.id))).all()
        return [feed_record(r) for r in rows]

    async def due(self, now: datetime, limit: int = 1000) -> builtins.list[Feed]:
        query = (
            sa.select(feeds)
            .where(~feeds.c.paused, feeds.c.next_poll_at <= now)
            .order_by(feeds.c.next_poll_at)
            .limit(limit)
        )
        async with self._store.read() as conn:
            rows = (await conn.execute(query)).all()
        return [feed_record(r) for r in rows]

    async def update(self, feed_id: int, **values: Any) -> None:
        for key in ("include_keywords", "exclude_keywords"):
            if key in values and not isinstance(values[key], str):
                values[key] = join_list(values[key])
        async with self._store.write() as conn:
            await conn.execute(feeds.update().where(feeds.c.id == feed_id).values(**values))

    async def remove(self, feed_id: int) -> bool:
        async with self._store.write() as conn:
            result = await conn.execute(feeds.delete().where(feeds.c.id == feed_id))
        return bool(result.rowcount)

    async def set_paused(self, feed_id: int, paused: bool, reason: str = "") -> None:
        values: dict[str, Any] = {"paused": paused, "disabled_reason": reason if paused else ""}
        if not paused:
            values.update(error_count=0, next_poll_at=datetime.now(UTC))
        await self.update(feed_id, **values)

    async def seen_keys(self, feed_id: int, keys: builtins.list[str]) -> set[str]:
        if not keys:
            return set()
        query = sa.select(seen_entries.c.key).where(
            seen_entries.c.feed_id == feed_id, seen_entries.c.key.in_(keys)
        )
        async with self._store.read() as conn:
            return set((await conn.execute(query)).scalars())

    async def mark_seen(self, feed_id: int, keys: builtins.list[str], *, now: datetime) -> None:
        if not keys:
            return
        async with self._store.write() as conn:
            await self.mark_seen_in(conn, feed_id, keys, now=now)

    async def skipped(self, feed_id: int, limit: int = 20) -> builtins.list[tuple[datetime, str]]:
        """The feed's entries that were never briefed, newest first: (when, why)."""
        when = sa.func.max(seen_entries.c.seen_at, type_=seen_entries.c.seen_at.type).label("at")
        query = (
            sa.select(when, seen_entries.c.note)  # an entry's keys (link, GUID) share a note
            .where(seen_entries.c.feed_id == feed_id, seen_entries.c.note != "")
            .group_by(seen_entries.c.note)
            .order_by(when.desc())
            .limit(limit)
        )
        async with self._store.read() as conn:
            return [(when, note) for when, note in (await conn.execute(query)).all()]

    @staticmethod
    async def mark_seen_in(
        conn: Any,
        feed_id: int,
        keys: builtins.list[str],
        *,
        now: datetime,
        notes: Mapping[str, str] | None = None,
    ) -> None:
        """Mark keys seen inside an open write transaction; ``notes`` says, by key, why an
        entry was never briefed."""
        keys = list(dict.fromkeys(keys))
        if not keys:
            return
        notes = notes or {}
        existing = set(
            (
                await conn.execute(
                    sa.select(seen_entries.c.key).where(
                        seen_entries.c.feed_id == feed_id, seen_entries.c.key.in_(keys)
                    )
                )
            ).scalars()
        )
        fresh = [k for k in keys if k not in existing]
        if fresh:
            await conn.execute(
                seen_entries.insert(),
                [
                    {"feed_id": feed_id, "key": k, "seen_at": now, "note": notes.get(k, "")[:1000]}
                    for k in fresh
                ],
            )


def _pk(result: Any) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])
