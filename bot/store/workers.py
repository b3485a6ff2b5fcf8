"""The processes sharing this store: who they are, what they do, and whether they live.

Every ``sitrep run`` process writes a row at start and renews its heartbeat every few
seconds. When a heartbeat stops, any live process reaps the dead worker: its claimed
feeds and ``sending`` deliveries go back to the queue at once (not after the lease).
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.store.tables import deliveries, feeds, workers

if TYPE_CHECKING:
    from bot.store import Store


@dataclass(frozen=True, slots=True)
class WorkerRecord:
    id: str
    role: str
    host: str
    pid: int
    started_at: datetime
    heartbeat_at: datetime


@dataclass(frozen=True, slots=True)
class Reaped:
    """What reaping dead workers gave back to the queue."""

    workers: int = 0
    feeds: int = 0
    deliveries: int = 0


class WorkerRepository:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def register(self, worker_id: str, role: str, host: str, pid: int, now: datetime) -> None:
        async with self._store.write() as conn:
            await conn.execute(workers.delete().where(workers.c.id == worker_id))
            await conn.execute(
                workers.insert().values(
                    id=worker_id,
                    role=role,
                    host=host[:64],
                    pid=pid,
                    started_at=now,
                    heartbeat_at=now,
                )
            )

    async def heartbeat(self, worker_id: str, now: datetime) -> bool:
        """Renew this worker's heartbeat; ``False`` when its row was reaped meanwhile."""
        async with self._store.write() as conn:
            result = await conn.execute(
                workers.update().where(workers.c.id == worker_id).values(heartbeat_at=now)
            )
        return bool(result.rowcount)

    async def live(self, now: datetime, stale: timedelta) -> builtins.list[WorkerRecord]:
        query = (
            sa.select(workers)
            .where(workers.c.heartbeat_at >= now - stale)
            .order_by(workers.c.role, workers.c.started_at)
        )
        async with self._store.read() as conn:
            rows = (await conn.execute(query)).all()
        return [WorkerRecord(**r._mapping) for r in rows]

    async def rows(self) -> builtins.list[WorkerRecord]:
        """Every worker row, live or not (yet) reaped."""
        async with self._store.read() as conn:
            rows = (await conn.execute(sa.select(workers))).all()
        return [WorkerRecord(**r._mapping) for r in rows]

    async def reap(self, now: datetime, stale: timedelta) -> Reaped:
        """Remove workers whose heartbeat stopped; give back what they had claimed."""
        async with self._store.write() as conn:
            query = sa.select(workers.c.id).where(workers.c.heartbeat_at < now - stale)
            if not self._store.is_sqlite:
                query = query.with_for_update(skip_locked=True)
            dead = [r[0] for r in (await conn.execute(query)).all()]
            if not dead:
                return Reaped()
            freed = await self._release_in(conn, dead, now)
            await conn.execute(workers.delete().where(workers.c.id.in_(dead)))
        return Reaped(len(dead), *freed)

    async def leave(self, worker_id: str, now: datetime) -> Reaped:
        """A clean stop: release this worker's claims and remove its row."""
        async with self._store.write() as conn:
            freed = await self._release_in(conn, [worker_id], now)
            result = await conn.execute(workers.delete().where(workers.c.id == worker_id))
        return Reaped(int(result.rowcount or 0), *freed)

    @staticmethod
    async def _release_in(
        conn: AsyncConnection, ids: builtins.list[str], now: datetime
    ) -> tuple[int, int]:
        feed_result = await conn.execute(
            feeds.update()
            .where(feeds.c.claimed_by.in_(ids))
            .values(claimed_by="", claimed_until=None)
        )
        delivery_result = await conn.execute(
            deliveries.update()
            .where(deliveries.c.state == "sending", deliveries.c.claimed_by.in_(ids))
            .values(state="pending", claimed_by="", next_attempt_at=now)
        )
        return int(feed_result.rowcount or 0), int(delivery_result.rowcount or 0)
