"""The store: the only package that imports SQLAlchemy.

``Store`` owns the engine, applies migrations at start and exposes one repository per
aggregate. Repositories return plain dataclasses (``summaries.models``, ``bot.domain``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from bot.store.articles import ArticleRepository
from bot.store.audit import AuditRepository
from bot.store.chat_locks import ChatLocks
from bot.store.chat_marks import ChatMarks
from bot.store.deliveries import DeliveryRepository
from bot.store.feed_claims import FeedClaims
from bot.store.feeds import FeedRepository
from bot.store.pauses import PauseLog
from bot.store.subscriptions import SubscriptionRepository
from bot.store.web import WebRepository
from bot.store.workers import WorkerRepository

log = logging.getLogger(__name__)
T = TypeVar("T")
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


class StoreError(Exception):
    """The store cannot be opened or migrated."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def head_revision() -> str:
    """The newest migration's revision: files are named ``NNNN_what.py`` with revision NNNN."""
    return max(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


def _at_head(connection: sa.Connection) -> bool:
    if not sa.inspect(connection).has_table("alembic_version"):
        return False
    current = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalars()
    return list(current) == [head_revision()]


def _upgrade(connection: sa.Connection) -> None:
    """Apply pending migrations; Alembic (slow to import) is loaded only when some are."""
    if _at_head(connection):
        return
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, "head")


class Store:
    def __init__(
        self, url: str, *, echo: bool = False, connect_args: dict[str, Any] | None = None
    ) -> None:
        self.url = url
        self._echo = echo
        self._connect_args = connect_args or {}
        self._engine: AsyncEngine | None = None
        # SQLite has one writer at a time: serialise our own write transactions so
        # concurrent tasks queue here instead of failing with "database is locked".
        self._write_lock = asyncio.Lock()
        self.feeds = FeedRepository(self)
        self.articles = ArticleRepository(self)
        self.subscriptions = SubscriptionRepository(self)
        self.deliveries = DeliveryRepository(self)
        self.audit = AuditRepository(self)
        self.chat_locks = ChatLocks(self)
        self.chat_marks = ChatMarks(self)
        self.web = WebRepository(self)
        self.pauses = PauseLog(self)
        self.feed_claims = FeedClaims(self)
        self.workers = WorkerRepository(self)

    @property
    def engine(self) -> AsyncEngine:
        if self._engine is None:
            raise StoreError("store is not initialised")
        return self._engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    async def initialize(self) -> None:
        url = sa.make_url(self.url)
        kwargs: dict[str, Any] = {"echo": self._echo, "connect_args": self._connect_args}
        if url.get_backend_name() == "sqlite":
            if url.database and url.database != ":memory:":
                Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        else:
            kwargs.update(pool_size=10, max_overflow=10, pool_pre_ping=True)
        try:
            self._engine = create_async_engine(url, **kwargs)
            if self._engine.dialect.name == "sqlite":
                sa.event.listen(self._engine.sync_engine, "connect", _sqlite_pragmas)
            async with self._engine.begin() as conn:
                await conn.run_sync(_upgrade)
        except Exception as exc:  # driver errors come in many types; all mean "cannot open"
            if self._engine is not None:
                await self._engine.dispose()
            self._engine = None
            reason = " ".join(str(getattr(exc, "orig", None) or exc).split("\n")[0].split())
            raise StoreError(
                f"cannot open the store at {url.render_as_string(hide_password=True)}: "
                f"{reason or type(exc).__name__}"
            ) from exc
        log.info("store ready (%s)", url.render_as_string(hide_password=True))

    async def shutdown(self) -> None:
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = None

    @contextlib.asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        async with self.engine.connect() as conn:
            yield conn

    @contextlib.asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncConnection]:
        """A write transaction (committed on exit, rolled back on error)."""
        if self.is_sqlite:
            async with self._write_lock, self.engine.begin() as conn:
                yield conn
        else:
            async with self.engine.begin() as conn:
                yield conn

    async def transaction(
        self, work: Callable[[AsyncConnection], Awaitable[T]], *, attempts: int = 5
    ) -> T:
        """``work(conn)`` in one write transaction. On PostgreSQL, a transaction chosen as
        a deadlock's victim or failing serialization is rolled back and run again from
        the start (a short random pause between tries), up to ``attempts`` times."""
        for attempt in range(1, attempts + 1):
            try:
                async with self.write() as conn:
                    return await work(conn)
            except sa.exc.DBAPIError as exc:
                if attempt == attempts or not _retryable(exc):
                    raise
                log.info("transaction retried after %s (attempt %d)", _sqlstate(exc), attempt)
                await asyncio.sleep(random.uniform(0.005, 0.02) * 2**attempt)
        raise AssertionError("unreachable")

    @contextlib.asynccontextmanager
    async def exclusive(self, name: str) -> AsyncIterator[bool]:
        """Hold a cluster-wide lock named ``name`` while the block runs; yields ``False``
        (at once, without waiting) when another process holds it. A PostgreSQL session
        advisory lock; on SQLite (one process) always ``True``."""
        if self.is_sqlite:
            yield True
            return
        key = sa.func.hashtext(name)
        async with self.engine.connect() as conn:
            got = (await conn.execute(sa.select(sa.func.pg_try_advisory_lock(key)))).scalar()
            await conn.commit()
            try:
                yield bool(got)
            finally:
                if got:
                    await conn.execute(sa.select(sa.func.pg_advisory_unlock(key)))
                    await conn.commit()

    async def ping(self) -> bool:
        try:
            async with self.read() as conn:
                await conn.execute(sa.text("SELECT 1"))
        except (OSError, sa.exc.SQLAlchemyError):
            return False
        return True


RETRYABLE = frozenset({"40P01", "40001"})  # deadlock detected, serialization failure


def _sqlstate(exc: sa.exc.DBAPIError) -> str:
    return str(getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None) or "")


def _retryable(exc: sa.exc.DBAPIError) -> bool:
    return _sqlstate(exc) in RETRYABLE
