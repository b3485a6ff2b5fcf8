"""Benchmark: ``sitrep`` start-up time, as a ratio to a bare Python start in the same run.

Run: ``python3 -m uv run python tests/benchmarks/bench_cli_startup.py [--runs N]``

Targets: ``sitrep --version`` <= 5x and ``sitrep feeds list`` <= 25x the wall time of
``python -c pass`` (medians; bytecode cached by a warm-up run, even under
``PYTHONDONTWRITEBYTECODE``; a SQLite store that the warm-up run has already migrated, so
the figure is a user's second command). The commands are timed round-robin, so a busy
machine slows them all alike. For context it also times importing the libraries
``feeds list`` cannot do without.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SITREP = str(Path(sys.executable).with_name("sitrep"))  # the console script users run
TARGETS = {"--version": 5.0, "feeds list": 25.0}
FLOOR = "import sqlalchemy.ext.asyncio, aiosqlite, pydantic, rich.table"


def wall(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "sitrep.toml"
        config.write_text("feeds = []\n")
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("SITREP_") and k != "PYTHONDONTWRITEBYTECODE"
        }
        env.update(SITREP_DATA_DIR=tmp, SITREP_CONFIG=str(config))
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "libraries": [sys.executable, "-c", FLOOR],
            **{f"sitrep {c}": [SITREP, *c.split()] for c in TARGETS},
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for argv in commands.values():
            wall(argv, env)  # warm-up: bytecode, page cache, the store's migrations
        for _ in range(runs):
            for name, argv in commands.items():
                times[name].append(wall(argv, env))
    base = statistics.median(times["python -c pass"])
    print(f"python -c pass: median {base * 1000:.1f} ms over {runs} rounds")
    print(
        f"floor, python -c {FLOOR!r}: median {statistics.median(times['libraries']) * 1000:.1f}"
        f" ms, {statistics.median(times['libraries']) / base:.1f}x python -c pass"
    )
    ok = True
    for command, target in TARGETS.items():
        seconds = statistics.median(times[f"sitrep {command}"])
        ok &= seconds / base <= target
        print(
            f"sitrep {command}: median {seconds * 1000:.1f} ms, "
            f"{seconds / base:.1f}x python -c pass (target <= {target:g}x)"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
