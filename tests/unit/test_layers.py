"""The layer rules in pyproject.toml ([tool.importlinter]) hold, and a break is caught."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT = str(Path(sys.executable).parent / "lint-imports")


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [LINT, "--no-cache"], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_layer_rules_hold() -> None:
    done = lint(ROOT)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "Contracts: 6 kept, 0 broken." in done.stdout


def test_a_chat_library_outside_its_adapter_and_an_upward_import_are_caught(
    tmp_path: Path,
) -> None:
    for part in ("bot", "summaries"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    core = tmp_path / "bot" / "commands" / "core.py"
    core.write_text(
        core.read_text() + "\nimport telegram  # noqa\nimport bot.runtime.service  # noqa\n"
    )
    done = lint(tmp_path)
    assert done.returncode != 0
    assert "python-telegram-bot only inside the Telegram adapter BROKEN" in done.stdout
    assert "Layers: each package imports only the ones below it BROKEN" in done.stdout
