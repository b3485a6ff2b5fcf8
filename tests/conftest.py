"""Shared fixtures: real stores (SQLite file and PostgreSQL), the loopback feed server."""

from __future__ import annotations

import contextlib
import os
import socket
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.settings import Settings, load_settings
from bot.store import Store
from tests.support.feedserver import FeedServer

PG_URL = os.environ.get(
    "SITREP_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)


def postgres_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=0.5):
            return True
    except OSError:
        return False


def _need_postgres() -> None:
    if postgres_reachable():
        return
    if os.environ.get("SITREP_REQUIRE_POSTGRES") == "1":
        pytest.fail(
            "PostgreSQL is required (SITREP_REQUIRE_POSTGRES=1) but 127.0.0.1:5432 is not reachable"
        )
    pytest.skip("no PostgreSQL on 127.0.0.1:5432")


async def make_store(kind: str, tmp_path: Path) -> tuple[Store, str]:
    """A fresh, migrated store; for PostgreSQL in a schema of its own."""
    if kind == "sqlite":
        store = Store(f"sqlite+aiosqlite:///{tmp_path / 'sitrep.db'}")
        await store.initialize()
        return store, ""
    _need_postgres()
    import asyncpg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect("postgresql://postgres@127.0.0.1:5432/test")
    try:
        await conn.execute(f"CREATE SCHEMA {schema}")
    finally:
        await conn.close()
    store = Store(PG_URL, connect_args={"server_settings": {"search_path": schema}})
    await store.initialize()
    return store, schema


async def drop_schema(schema: str) -> None:
    if not schema:
        return
    import asyncpg

    conn = await asyncpg.connect("postgresql://postgres@127.0.0.1:5432/test")
    try:
        await conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    finally:
        await conn.close()


@contextlib.asynccontextmanager
async def open_store(kind: str, tmp_path: Path) -> AsyncIterator[Store]:
    """A fresh, migrated store of ``kind``, shut down (and its schema dropped) after."""
    store, schema = await make_store(kind, tmp_path)
    try:
        yield store
    finally:
        await store.shutdown()
        await drop_schema(schema)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    async with open_store(request.param, tmp_path) as opened:
        yield opened


@pytest.fixture
async def feed_server() -> AsyncIterator[FeedServer]:
    async with FeedServer() as server:
        yield server


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Embedded defaults, a temp data dir, no default feeds, loopback allowed."""
    return load_settings(
        env={
            "SITREP_DATA_DIR": str(tmp_path),
            "SITREP_ALLOWED_NETWORKS": "127.0.0.0/8",
            "SITREP_POLL__USER_AGENT": "sitrep-test",
        }
    ).model_copy(update={"feeds": []})
