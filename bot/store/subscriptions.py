"""Subscriptions: who gets what, when, and where."""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from bot.domain import Subscription
from bot.store.codec import join_list, split_list
from bot.store.tables import subscriptions

if TYPE_CHECKING:
    from bot.store import Store

_LIST_FIELDS = ("topics", "feeds", "speakers", "include_keywords", "exclude_keywords")


def _subscription(row: Any) -> Subscription:
    return Subscription(
        id=row.id,
        platform=row.platform,
        chat_id=row.chat_id,
        thread_id=row.thread_id,
        mode=row.mode,
        digest_time=row.digest_time,
        timezone=row.timezone,
        weekdays=tuple(int(d) for d in row.weekdays.split(",") if d),
        topics=split_list(row.topics),
        feeds=split_list(row.feeds),
        speakers=split_list(row.speakers),
        include_keywords=split_list(row.include_keywords),
        exclude_keywords=split_list(row.exclude_keywords),
        next_digest_at=row.next_digest_at,
        last_digest_at=row.last_digest_at,
        alert_watermark=row.alert_watermark,
        active=row.active,
        deactivated_reason=row.deactivated_reason,
        chat_type=row.chat_type,
        created_by=row.created_by,
    )


def _encode(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for key in _LIST_FIELDS:
        if key in out and not isinstance(out[key], str):
            out[key] = join_list(out[key])
    if "weekdays" in out and not isinstance(out["weekdays"], str):
        out["weekdays"] = ",".join(str(d) for d in out["weekdays"])
    return out


class SubscriptionRepository:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def upsert(
        self, platform: str, chat_id: str, thread_id: str = "", *, now: datetime, **values: Any
    ) -> Subscription:
        """Create or change the subscription of one chat (or thread/topic)."""
        values = _encode(values)
        target = (
            (subscriptions.c.platform == platform)
            & (subscriptions.c.chat_id == chat_id)
            & (subscriptions.c.thread_id == thread_id)
        )
        async with self._store.write() as conn:
            row = (await conn.execute(sa.select(subscriptions.c.id).where(target))).first()
            if row is None:
                await conn.execute(
                    subscriptions.insert().values(
                        platform=platform,
                        chat_id=chat_id,
                        thread_id=thread_id,
                        created_at=now,
                        **values,
                    )
                )
            else:
                await conn.execute(subscriptions.update().where(target).values(**values))
        found = await self.get_for(platform, chat_id, thread_id)
        assert found is not None
        return found

    async def get(self, sub_id: int) -> Subscription | None:
        async with self._store.read() as conn:
            row = (
                await conn.execute(sa.select(subscriptions).where(subscriptions.c.id == sub_id))
            ).first()
        return _subscription(row) if row else None

    async def get_for(
        self, platform: str, chat_id: str, thread_id: str = ""
    ) -> Subscription | None:
        query = sa.select(subscriptions).where(
            subscriptions.c.platform == platform,
            subscriptions.c.chat_id == chat_id,
            subscriptions.c.thread_id == thread_id,
        )
        async with self._store.read() as conn:
            row = (await conn.execute(query)).first()
        return _subscription(row) if row else None

    async def list(
        self, *, active_only: bool = False, platform: str | None = None
    ) -> list[Subscription]:
        query = sa.select(subscriptions).order_by(subscriptions.c.id)
        if active_only:
            query = query.where(subscriptions.c.active)
        if platform:
            query = query.where(subscriptions.c.platform == platform)
        async with self._store.read() as conn:
            return [_subscription(r) for r in (await conn.execute(query)).all()]

    async def due_digests(self, now: datetime, limit: int = 500) -> builtins.list[Subscription]:
        query = (
            sa.select(subscriptions)
            .where(
                subscriptions.c.active,
                subscriptions.c.mode == "digest",
                subscriptions.c.next_digest_at <= now,
            )
            .order_by(subscriptions.c.next_digest_at, subscriptions.c.id)
            .limit(limit)
        )
        async with self._store.read() as conn:
            return [_subscription(r) for r in (await conn.execute(query)).all()]

    async def instant(self) -> builtins.list[Subscription]:
        query = sa.select(subscriptions).where(
            subscriptions.c.active, subscriptions.c.mode == "instant"
        )
        async with self._store.read() as conn:
            return [_subscription(r) for r in (await conn.execute(query)).all()]

    async def update(self, sub_id: int, **values: Any) -> None:
        async with self._store.write() as conn:
            await conn.execute(
                subscriptions.update().where(subscriptions.c.id == sub_id).values(**_encode(values))
            )

    async def remove(self, platform: str, chat_id: str, thread_id: str = "") -> bool:
        async with self._store.write() as conn:
            result = await conn.execute(
                subscriptions.delete().where(
                    subscriptions.c.platform == platform,
                    subscriptions.c.chat_id == chat_id,
                    subscriptions.c.thread_id == thread_id,
                )
            )
        return bool(result.rowcount)

    async def deactivate_chat(
        self, platform: str, chat_id: str, reason: str, thread_id: str | None = None
    ) -> int:
        """Deactivate a chat's subscriptions (or only one thread's, when given)."""
        cond = [subscriptions.c.platform == platform, subscriptions.c.chat_id == chat_id]
        if thread_id is not None:
            cond.append(subscriptions.c.thread_id == thread_id)
        async with self._store.write() as conn:
            result = await conn.execute(
                subscriptions.update()
                .where(*cond)
                .values(active=False, deactivated_reason=reason[:500])
            )
        return int(result.rowcount or 0)

    async def migrate_chat(self, platform: str, old_chat_id: str, new_chat_id: str) -> None:
        async with self._store.write() as conn:
            await conn.execute(
                subscriptions.update()
                .where(subscriptions.c.platform == platform, subscriptions.c.chat_id == old_chat_id)
                .values(chat_id=new_chat_id, chat_type="supergroup")
            )

    async def counts(self) -> dict[str, int]:
        query = sa.select(subscriptions.c.mode, subscriptions.c.active, sa.func.count()).group_by(
            subscriptions.c.mode, subscriptions.c.active
        )
        out = {"digest": 0, "instant": 0, "inactive": 0}
        async with self._store.read() as conn:
            for mode, active, n in (await conn.execute(query)).all():
                out[mode if active else "inactive"] = out.get(mode if active else "inactive", 0) + n
        return out

    async def advance(
        self,
        sub_id: int,
        expected_due: datetime,
        next_at: datetime,
        last_digest_at: datetime | None,
        delivery: dict[str, Any],
        *,
        now: datetime,
    ) -> bool:
        """Move a due digest forward and write its outbox row, atomically.

        Returns False if another process advanced this subscription first.
        """
        async with self._store.write() as conn:
            result = await conn.execute(
                subscriptions.update()
                .where(subscriptions.c.id == sub_id, subscriptions.c.next_digest_at == expected_due)
                .values(next_digest_at=next_at, last_digest_at=last_digest_at)
            )
            if not result.rowcount:
                return False
            await self._store.deliveries.enqueue_in(conn, now=now, **delivery)
        return True

    async def advance_watermark(
        self,
        sub_id: int,
        expected: int,
        new: int,
        deliveries: builtins.list[dict[str, Any]],
        *,
        now: datetime,
    ) -> int:
        """Write alert rows and move the subscription's watermark, atomically."""
        written = 0
        async with self._store.write() as conn:
            result = await conn.execute(
                subscriptions.update()
                .where(subscriptions.c.id == sub_id, subscriptions.c.alert_watermark == expected)
                .values(alert_watermark=new)
            )
            if not result.rowcount:
                return 0
            for row in deliveries:
                if await self._store.deliveries.enqueue_in(conn, now=now, **row) is not None:
                    written += 1
        return written
