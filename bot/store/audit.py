"""The audit log of admin actions: who did what, when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa

from bot.store.tables import audit_log

if TYPE_CHECKING:
    from bot.store import Store


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    platform: str
    actor: str
    action: str
    detail: str


class AuditRepository:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def record(
        self, platform: str, actor: str, action: str, detail: str, *, now: datetime
    ) -> None:
        async with self._store.write() as conn:
            await conn.execute(
                audit_log.insert().values(
                    at=now,
                    platform=platform,
                    actor=actor[:128],
                    action=action[:64],
                    detail=detail[:2000],
                )
            )

    async def recent(self, limit: int = 20) -> list[AuditEntry]:
        query = sa.select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
        async with self._store.read() as conn:
            rows = (await conn.execute(query)).all()
        return [AuditEntry(r.at, r.platform, r.actor, r.action, r.detail) for r in rows]
