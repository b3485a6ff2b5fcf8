"""Poll-cycle benchmark: 1,000 feeds on loopback, cold (20 new full-text entries each)
and warm (all 304). Prints wall time, entries/s and peak RSS, and, as a same-run
baseline, the time to merely download every feed once (no parsing or processing).

    python3 -m uv run python tests/benchmarks/bench_poll.py [FEEDS] [ENTRIES] [WORKERS]
"""

from __future__ import annotations

import asyncio
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bot.app import App
from bot.settings import load_settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return max(own, children)


async def baseline(port: int, feeds: int) -> float:
    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(limits=limits) as client:
        sem = asyncio.Semaphore(64)

        async def get(i: int) -> None:
            async with sem:
                await client.get(f"http://127.0.0.1:{port}/feed/{i}.xml")

        start = time.perf_counter()
        await asyncio.gather(*(get(i) for i in range(feeds)))
        return time.perf_counter() - start


async def run(feeds: int, entries: int, workers: int) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.benchmarks.feedfarm", str(port), str(feeds), str(entries)],
        stdout=subprocess.PIPE,
    )
    assert server.stdout is not None
    server.stdout.readline()
    await asyncio.sleep(0.5)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            settings = load_settings(
                env={
                    "SITREP_DATA_DIR": tmp,
                    "SITREP_ALLOWED_NETWORKS": "127.0.0.0/8",
                    "SITREP_POLL__BACKFILL": str(entries),
                    "SITREP_POLL__PROCESS_WORKERS": str(workers),
                    "SITREP_POLL__CONCURRENCY": "64",
                    "SITREP_POLL__PER_HOST": "64",
                    "SITREP_LOG_LEVEL": "WARNING",
                }
            ).model_copy(update={"feeds": []})
            base = await baseline(port, feeds)
            async with App(settings) as app:
                for i in range(feeds):
                    await app.store.feeds.add(
                        f"http://127.0.0.1:{port}/feed/{i}.xml", f"feed {i}", now=app.clock()
                    )
                start = time.perf_counter()
                cold = await app.poller.poll_many(await app.store.feeds.list())
                cold_s = time.perf_counter() - start
                stored = await app.store.articles.counts()
                errors = [o for o in cold if o.status == "error"]
                start = time.perf_counter()
                warm = await app.poller.poll_many(await app.store.feeds.list())
                warm_s = time.perf_counter() - start
                size = Path(tmp, "sitrep.db").stat().st_size / 1e6
            print(f"feeds={feeds} entries/feed={entries} process_workers={workers}")
            print(f"baseline (download every feed once, no processing): {base:.2f} s")
            print(
                f"cold cycle: {cold_s:.1f} s, {stored['articles']} articles, {stored['quotes']} quotes, "
                f"{stored['articles'] / cold_s:.0f} entries/s, errors={len(errors)}; ratio to baseline {cold_s / base:.0f}x"
            )
            print(
                f"warm cycle (all 304): {warm_s:.2f} s, unchanged={sum(o.status == 'unchanged' for o in warm)}; "
                f"ratio to baseline {warm_s / base:.1f}x"
            )
            print(
                f"peak RSS: {peak_rss_mb():.0f} MB (largest of this process and its children); db {size:.0f} MB"
            )
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    feeds, entries, workers = (args + [1000, 20, 2][len(args) :])[:3]
    os.environ.setdefault("PYTHONHASHSEED", "0")
    asyncio.run(run(feeds, entries, workers))
