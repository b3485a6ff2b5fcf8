"""Benchmark: ``sitrep`` start-up time, as a ratio to a bare Python start in the same run.

Run: ``python3 -m uv run python tests/benchmarks/bench_cli_startup.py [--runs N]``

Targets: ``sitrep --version`` <= 5x and ``sitrep feeds list`` <= 25x the wall time of
``python -c pass`` (medians; bytecode cached by a warm-up run, even under
``PYTHONDONTWRITEBYTECODE``; a fresh SQLite store that
``feeds list`` has already migrated once, so the figure is a user's second command).
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
# What `feeds list` cannot do without: the libraries' own import time, for context.
FLOOR = "import sqlalchemy.ext.asyncio, aiosqlite, pydantic, rich.table"


def wall(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def median_of(argv: list[str], env: dict[str, str], runs: int) -> float:
    wall(argv, env)  # warm-up: bytecode and page cache
    return statistics.median(wall(argv, env) for _ in range(runs))


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
        base = median_of([sys.executable, "-c", "pass"], env, runs)
        print(f"python -c pass: median {base * 1000:.1f} ms over {runs} runs")
        floor = median_of([sys.executable, "-c", FLOOR], env, runs)
        print(
            f"floor, python -c {FLOOR!r}: median {floor * 1000:.1f} ms, "
            f"{floor / base:.1f}x python -c pass"
        )
        ok = True
        for command, target in TARGETS.items():
            seconds = median_of([SITREP, *command.split()], env, runs)
            ratio = seconds / base
            ok &= ratio <= target
            print(
                f"sitrep {command}: median {seconds * 1000:.1f} ms, "
                f"{ratio:.1f}x python -c pass (target <= {target:g}x)"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
