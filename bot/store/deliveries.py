"""The outbox: a delivery row exists before anything is sent.

States: ``pending -> sending -> sent | failed | dead`` (``failed`` is retried when its
``next_attempt_at`` comes; ``skipped`` records a digest missed beyond the grace window).
Claims use ``FOR UPDATE SKIP LOCKED`` on PostgreSQL and the store's single-writer lock
on SQLite, so several processes can share one PostgreSQL store.
"""

from __future__ import annotations

import builtins
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from bot.domain import Delivery
from bot.store.tables import deliveries

if TYPE_CHECKING:
    from bot.store import Store

CLAIMABLE = ("pending", "failed")


def _delivery(row: Any) -> Delivery:
    return Delivery(
        id=row.id,
        platform=row.platform,
        chat_id=row.chat_id,
        kind=row.kind,
        dedupe_key=row.dedupe_key,
        payload=list(row.payload or []),
        thread_id=row.thread_id,
        subscription_id=row.subscription_id,
        state=row.state,
        attempts=row.attempts,
        parts_sent=row.parts_sent,
        next_attempt_at=row.next_attempt_at,
        last_error=row.last_error,
        created_at=row.created_at,
        sent_at=row.sent_at,
        chat_type=row.chat_type,
    )


class DeliveryRepository:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def enqueue(
        self,
        *,
        platform: str,
        chat_id: str,
        kind: str,
        dedupe_key: str,
        payload: list[dict[str, Any]],
        now: datetime,
        thread_id: str = "",
        chat_type: str = "private",
        subscription_id: int | None = None,
        state: str = "pending",
        last_error: str = "",
    ) -> int | None:
        """Write a delivery; ``None`` when one with this dedupe key already exists."""
        async with self._store.write() as conn:
            return await self.enqueue_in(
                conn,
                platform=platform,
                chat_id=chat_id,
                kind=kind,
                dedupe_key=dedupe_key,
                payload=payload,
                now=now,
                thread_id=thread_id,
                chat_type=chat_type,
                subscription_id=subscription_id,
                state=state,
                last_error=last_error,
            )

    async def enqueue_in(
        self, conn: Any, *, now: datetime, dedupe_key: str, **values: Any
    ) -> int | None:
        exists = await conn.execute(
            sa.select(deliveries.c.id).where(deliveries.c.dedupe_key == dedupe_key)
        )
        if exists.first() is not None:
            return None
        result = await conn.execute(
            deliveries.insert().values(
                dedupe_key=dedupe_key, created_at=now, next_attempt_at=now, **values
            )
        )
        return int(result.inserted_primary_key[0])

    async def claim(
        self, worker: str, now: datetime, *, platform: str | None = None, limit: int = 50
    ) -> list[Delivery]:
        """Move up to ``limit`` due rows to ``sending`` for this worker and return them."""
        cond = [deliveries.c.state.in_(CLAIMABLE), deliveries.c.next_attempt_at <= now]
        if platform:
            cond.append(deliveries.c.platform == platform)
        query = sa.select(deliveries.c.id).where(*cond).order_by(deliveries.c.id).limit(limit)
        if not self._store.is_sqlite:
            query = query.with_for_update(skip_locked=True)
        async with self._store.write() as conn:
            ids = [r[0] for r in (await conn.execute(query)).all()]
            if not ids:
                return []
            await conn.execute(
                deliveries.update()
                .where(deliveries.c.id.in_(ids))
                .values(
                    state="sending",
                    claimed_by=worker,
                    claimed_at=now,
                    attempts=deliveries.c.attempts + 1,
                )
            )
            rows = (
                await conn.execute(
                    sa.select(deliveries).where(deliveries.c.id.in_(ids)).order_by(deliveries.c.id)
                )
            ).all()
        return [_delivery(r) for r in rows]

    async def part_sent(self, delivery_id: int, parts_sent: int, now: datetime) -> None:
        """Record progress and renew the claim's lease."""
        await self._set(delivery_id, parts_sent=parts_sent, claimed_at=now)

    async def mark_sent(
        self, delivery_id: int, now: datetime, parts_sent: int | None = None
    ) -> None:
        values: dict[str, Any] = {
            "state": "sent",
            "sent_at": now,
            "last_error": "",
            "claimed_by": "",
        }
        if parts_sent is not None:
            values["parts_sent"] = parts_sent
        await self._set(delivery_id, **values)

    async def mark_sent_many(self, items: builtins.list[tuple[int, int]], now: datetime) -> None:
        """Mark several deliveries sent in one transaction: (delivery id, parts sent)."""
        if not items:
            return
        statement = (
            deliveries.update()
            .where(deliveries.c.id == sa.bindparam("b_id"))
            .values(
                state="sent",
                sent_at=now,
                last_error="",
                claimed_by="",
                parts_sent=sa.bindparam("b_parts"),
            )
        )
        async with self._store.write() as conn:
            await conn.execute(statement, [{"b_id": i, "b_parts": p} for i, p in items])

    async def mark_failed(self, delivery_id: int, error: str, retry_at: datetime) -> None:
        await self._set(
            delivery_id,
            state="failed",
            last_error=error[:1000],
            next_attempt_at=retry_at,
            claimed_by="",
        )

    async def mark_dead(self, delivery_id: int, error: str) -> None:
        await self._set(delivery_id, state="dead", last_error=error[:1000], claimed_by="")

    async def release(self, delivery_id: int, retry_at: datetime, note: str = "") -> None:
        """Give a claimed row back without counting an attempt (e.g. a 429 pause)."""
        async with self._store.write() as conn:
            await conn.execute(
                deliveries.update()
                .where(deliveries.c.id == delivery_id, deliveries.c.state == "sending")
                .values(
                    state="pending",
                    next_attempt_at=retry_at,
                    claimed_by="",
                    attempts=sa.func.max(deliveries.c.attempts - 1, 0)
                    if self._store.is_sqlite
                    else sa.func.greatest(deliveries.c.attempts - 1, 0),
                    last_error=note[:1000],
                )
            )

    async def retarget(self, platform: str, old_chat_id: str, new_chat_id: str) -> None:
        async with self._store.write() as conn:
            await conn.execute(
                deliveries.update()
                .where(
                    deliveries.c.platform == platform,
                    deliveries.c.chat_id == old_chat_id,
                    deliveries.c.state.in_((*CLAIMABLE, "sending")),
                )
                .values(chat_id=new_chat_id, chat_type="supergroup")
            )

    async def kill_chat(
        self, platform: str, chat_id: str, reason: str, thread_id: str | None = None
    ) -> int:
        """Mark every unsent delivery to a chat (or one thread of it) dead."""
        cond = [
            deliveries.c.platform == platform,
            deliveries.c.chat_id == chat_id,
            deliveries.c.state.in_((*CLAIMABLE, "sending")),
        ]
        if thread_id is not None:
            cond.append(deliveries.c.thread_id == thread_id)
        async with self._store.write() as conn:
            result = await conn.execute(
                deliveries.update()
                .where(*cond)
                .values(state="dead", last_error=reason[:1000], claimed_by="")
            )
        return int(result.rowcount or 0)

    async def recover_stale(self, now: datetime, lease: timedelta) -> int:
        """Rows left in ``sending`` by a crashed worker go back to ``pending``."""
        async with self._store.write() as conn:
            result = await conn.execute(
                deliveries.update()
                .where(deliveries.c.state == "sending", deliveries.c.claimed_at < now - lease)
                .values(state="pending", claimed_by="", next_attempt_at=now)
            )
        return int(result.rowcount or 0)

    async def get(self, delivery_id: int) -> Delivery | None:
        async with self._store.read() as conn:
            row = (
                await conn.execute(sa.select(deliveries).where(deliveries.c.id == delivery_id))
            ).first()
        return _delivery(row) if row else None

    async def list(self, *, state: str | None = None, limit: int = 100) -> builtins.list[Delivery]:
        query = sa.select(deliveries).order_by(deliveries.c.id.desc()).limit(limit)
        if state:
            query = query.where(deliveries.c.state == state)
        async with self._store.read() as conn:
            return [_delivery(r) for r in (await conn.execute(query)).all()]

    async def counts(self) -> dict[str, int]:
        query = sa.select(deliveries.c.state, sa.func.count()).group_by(deliveries.c.state)
        async with self._store.read() as conn:
            return {state: int(n) for state, n in (await conn.execute(query)).all()}

    async def held_by(self, worker: str) -> int:
        """Rows this worker has claimed and not finished."""
        query = (
            sa.select(sa.func.count())
            .select_from(deliveries)
            .where(deliveries.c.state == "sending", deliveries.c.claimed_by == worker)
        )
        async with self._store.read() as conn:
            return int((await conn.execute(query)).scalar_one())

    async def pending_count(self) -> int:
        query = (
            sa.select(sa.func.count())
            .select_from(deliveries)
            .where(deliveries.c.state.in_((*CLAIMABLE, "sending")))
        )
        async with self._store.read() as conn:
            return int((await conn.execute(query)).scalar_one())

    async def delete_finished_before(self, cutoff: datetime) -> int:
        async with self._store.write() as conn:
            result = await conn.execute(
                deliveries.delete().where(
                    deliveries.c.state.in_(("sent", "dead", "skipped")),
                    deliveries.c.created_at < cutoff,
                )
            )
        return int(result.rowcount or 0)

    async def _set(self, delivery_id: int, **values: Any) -> None:
        async with self._store.write() as conn:
            await conn.execute(
                deliveries.update().where(deliveries.c.id == delivery_id).values(**values)
            )
