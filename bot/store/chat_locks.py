"""Cross-process locks for the chat processes: PostgreSQL session-level advisory locks.

Several ``sitrep run`` processes on one PostgreSQL coordinate chat work through
advisory locks; no table holds them, so no migration is needed and a crashed
process's locks vanish with its database session. A lock is named by a string
("telegram-poll:123456", "telegram-chat:-1001…"); its 64-bit key is the first eight
bytes of the name's SHA-256, so any process derives the same key.

A held lock keeps its own pooled connection for its lifetime (the lock belongs to
that session) in autocommit, so nothing sits idle in a transaction. Releasing
unlocks and returns the connection; if the unlock fails the connection is
invalidated, which ends the session and with it the lock.

On SQLite there is one process by design (a single writer): every lock is granted
at once and costs nothing.
"""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

if TYPE_CHECKING:
    from bot.store import Store

log = logging.getLogger(__name__)


def lock_key(name: str) -> int:
    """The signed 64-bit advisory-lock key of a lock name (stable across processes)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


class HeldLock:
    """One advisory lock held by this process until :meth:`release`."""

    def __init__(self, name: str, conn: AsyncConnection | None) -> None:
        self.name = name
        self._conn = conn

    async def release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            await conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": lock_key(self.name)})
        except (OSError, sa.exc.SQLAlchemyError):
            log.warning("advisory lock %s: unlock failed; dropping its session", self.name)
            await conn.invalidate()
        finally:
            await conn.close()


class ChatLocks:
    """Advisory locks on PostgreSQL; granted at once on SQLite (one process)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def _connect(self) -> AsyncConnection:
        conn = await self._store.engine.connect()
        return await conn.execution_options(isolation_level="AUTOCOMMIT")

    async def try_hold(self, name: str) -> HeldLock | None:
        """The lock if no other session holds it, else ``None`` (never waits)."""
        if self._store.is_sqlite:
            return HeldLock(name, None)
        conn = await self._connect()
        try:
            got = await conn.scalar(
                sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": lock_key(name)}
            )
        except BaseException:
            await conn.close()
            raise
        if not got:
            await conn.close()
            return None
        return HeldLock(name, conn)

    async def hold(self, name: str, wait_seconds: float) -> HeldLock:
        """Wait (at most ``wait_seconds``, in PostgreSQL's FIFO lock queue) for the lock.

        Raises :class:`TimeoutError` when it is not granted in time.
        """
        if self._store.is_sqlite:
            return HeldLock(name, None)
        conn = await self._connect()
        try:
            await conn.execute(sa.text(f"SET lock_timeout = '{int(wait_seconds * 1000)}ms'"))
            await conn.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": lock_key(name)})
            await conn.execute(sa.text("SET lock_timeout = 0"))
        except sa.exc.DBAPIError as exc:
            await conn.close()
            if "lock timeout" in str(exc.orig).lower():
                raise TimeoutError(
                    f"advisory lock {name} not granted in {wait_seconds:g}s"
                ) from exc
            raise
        except BaseException:
            await conn.close()
            raise
        return HeldLock(name, conn)
