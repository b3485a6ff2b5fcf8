"""Poll-cycle benchmark: 1,000 feeds on loopback, cold (20 new full-text entries each)
and warm (all 304). Prints wall time, entries/s and peak RSS, and, as a same-run
baseline, the time to merely download every feed once (no parsing or processing).

    python3 -m uv run python tests/benchmarks/bench_poll.py [FEEDS] [ENTRIES] [WORKERS]
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psutil

from bot.app import App
from bot.settings import load_settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RssSampler:
    """Peak memory of sitrep's process and its worker processes together (the feed server
    subprocess excluded), sampled every 250 ms: the sum of RSS (which counts pages the
    forked workers share with the parent once per process) and the sum of PSS (shared
    pages divided among the processes sharing them: the real total)."""

    def __init__(self, exclude: int) -> None:
        self.peak = 0.0
        self.peak_pss = 0.0
        self._exclude = exclude
        self._task: asyncio.Task[None] | None = None

    def sample(self) -> None:
        me = psutil.Process()
        procs = [me] + [c for c in me.children(recursive=True) if c.pid != self._exclude]
        rss = pss = 0
        for proc in procs:
            try:
                info = proc.memory_full_info()
            except psutil.Error:
                continue
            rss += info.rss
            pss += info.pss
        self.peak = max(self.peak, rss / 1e6)
        self.peak_pss = max(self.peak_pss, pss / 1e6)

    async def _run(self) -> None:
        while True:
            self.sample()
            await asyncio.sleep(0.25)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()


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
                    # default overall concurrency (32); all feeds share one host here, so
                    # the per-host cap is lifted to the same value to stand for many hosts
                    "SITREP_POLL__PER_HOST": "32",
                    "SITREP_LOG_LEVEL": "WARNING",
                }
            ).model_copy(update={"feeds": []})
            base = await baseline(port, feeds)
            rss = RssSampler(exclude=server.pid)
            rss.start()
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
            rss.stop()
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
                f"peak memory, sitrep and its workers together: PSS {rss.peak_pss:.0f} MB (RSS summed {rss.peak:.0f} MB); db {size:.0f} MB"
            )
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    feeds, entries, workers = (args + [1000, 20, 2][len(args) :])[:3]
    os.environ.setdefault("PYTHONHASHSEED", "0")
    asyncio.run(run(feeds, entries, workers))
