"""Several ``sitrep run --role ...`` processes on one PostgreSQL database.

Shared by the multi-process tests and ``tests/benchmarks/bench_multiprocess.py``: a
fresh database per run (subprocesses cannot be pointed at a schema), role processes
started as a user would start them, their logs drained so a full pipe never stalls them.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.cli import env_for

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"


@contextlib.asynccontextmanager
async def fresh_database() -> AsyncIterator[str]:
    """A new empty PostgreSQL database; yields its SQLAlchemy URL, drops it afterwards."""
    import asyncpg

    name = f"sitrep_{uuid.uuid4().hex[:10]}"
    conn = await asyncpg.connect(PG_ADMIN)
    try:
        await conn.execute(f"CREATE DATABASE {name}")
    finally:
        await conn.close()
    try:
        yield f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    finally:
        conn = await asyncpg.connect(PG_ADMIN)
        try:
            await conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        finally:
            await conn.close()


@dataclass
class RoleProcess:
    role: str
    proc: asyncio.subprocess.Process
    log: list[str] = field(default_factory=list)
    _drain: asyncio.Task[None] | None = None

    @property
    def pid(self) -> int:
        return self.proc.pid

    async def _read(self) -> None:
        assert self.proc.stderr is not None
        while line := await self.proc.stderr.readline():
            self.log.append(line.decode(errors="replace").rstrip())

    def kill(self) -> None:
        """SIGKILL: no clean-up, its claims stay until the others reap it."""
        self.proc.send_signal(signal.SIGKILL)

    async def stop(self, timeout: float = 30) -> int:
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            code = await asyncio.wait_for(self.proc.wait(), timeout)
        except TimeoutError:
            self.proc.kill()
            code = await self.proc.wait()
        if self._drain is not None:
            await self._drain
        return code


async def start_role(tmp_path: Path, role: str, database_url: str, **extra: str) -> RoleProcess:
    """``sitrep run --role ROLE`` on ``database_url``, returned once it says it runs."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        "--role",
        role,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
        env=env_for(tmp_path, DATABASE_URL=database_url, SITREP_LOG_LEVEL="INFO", **extra),
    )
    process = RoleProcess(role, proc)
    assert proc.stderr is not None
    async with asyncio.timeout(60):
        while True:
            line = await proc.stderr.readline()
            if not line:
                raise RuntimeError(f"sitrep run --role {role} exited: {process.log[-20:]}")
            process.log.append(line.decode(errors="replace").rstrip())
            if "sitrep running" in process.log[-1]:
                break
    process._drain = asyncio.create_task(process._read())
    return process
