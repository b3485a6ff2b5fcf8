"""APScheduler on the service's loop: stateless interval ticks that only pick due work."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler


def build_scheduler(jobs: list[tuple[str, Callable[[], object], float]]) -> AsyncIOScheduler:
    """An in-memory AsyncIOScheduler running each (name, coroutine function, seconds) as an
    interval job. Jobs hold no state: losing them on restart loses nothing."""
    scheduler = AsyncIOScheduler(
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None}
    )
    for name, func, seconds in jobs:
        scheduler.add_job(
            func,
            "interval",
            seconds=seconds,
            id=name,
            name=name,
            next_run_time=datetime.now().astimezone(),
        )
    return scheduler
