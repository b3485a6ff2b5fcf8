"""Run ``sitrep`` as a user does: a real subprocess with its own data dir and config."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    cfg = tmp_path / "test.toml"
    if not cfg.exists():
        cfg.write_text("feeds = []\n")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SITREP_", "TELEGRAM_", "DISCORD_")) and k != "DATABASE_URL"
    }
    env.update(
        {
            "SITREP_DATA_DIR": str(tmp_path / "data"),
            "SITREP_CONFIG": str(cfg),
            "SITREP_ALLOWED_NETWORKS": "127.0.0.0/8",
            **extra,
        }
    )
    return env


async def sitrep(
    tmp_path: Path, *args: str, stdin: bytes | None = None, **extra: str
) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        *args,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env_for(tmp_path, **extra),
    )
    out, err = await asyncio.wait_for(proc.communicate(stdin), timeout=60)
    return proc.returncode or 0, out.decode(), err.decode()


async def start_run(tmp_path: Path, **extra: str) -> asyncio.subprocess.Process:
    """``sitrep run`` as a subprocess, returned once it says it is running."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env_for(tmp_path, **extra),
    )
    assert proc.stderr is not None
    async with asyncio.timeout(30):
        while b"sitrep running" not in (line := await proc.stderr.readline()):
            assert line, "sitrep run exited early"
    return proc
