"""``sitrep`` imports only what a command needs (start-up time: see
tests/benchmarks/bench_cli_startup.py for the wall-time ratios)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import env_for

PROBE = """
import sys
from bot.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
print("MODULES", " ".join(sorted(sys.modules)))
sys.exit(code)
"""
HEAVY_FOR_EVERYONE = ("trafilatura", "lxml", "telegram", "discord", "apscheduler", "feedparser")


def imported(tmp_path: Path, *args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        env=env_for(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("MODULES "))
    return {name.split(".")[0] for name in line.split()[1:]}


def test_version_imports_no_library(tmp_path: Path) -> None:
    modules = imported(tmp_path, "--version")
    for heavy in (*HEAVY_FOR_EVERYONE, "pydantic", "rich", "sqlalchemy", "httpx", "asyncio"):
        assert heavy not in modules, heavy


@pytest.mark.parametrize("command", [("feeds", "list"), ("audit",), ("feeds", "export")])
def test_store_commands_import_no_fetching_extraction_or_chat_code(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    assert "alembic" in imported(tmp_path, *command)  # a new store is migrated ...
    modules = imported(tmp_path, *command)  # ... and then opened without Alembic
    assert "sqlalchemy" in modules  # it did reach the store
    for heavy in (*HEAVY_FOR_EVERYONE, "httpx", "httpcore", "alembic"):
        assert heavy not in modules, heavy
