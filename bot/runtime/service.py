"""``sitrep run``: the scheduler, the delivery workers and every adapter on one loop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from bot.adapters.base import Adapter
from bot.app import App
from bot.delivery import DeliveryWorker
from bot.planning.planner import Planner
from bot.runtime.metrics import Metrics
from bot.runtime.scheduler import build_scheduler
from bot.settings import Settings

log = logging.getLogger(__name__)


def build_adapters(app: App) -> list[Adapter]:
    adapters: list[Adapter] = []
    s = app.settings
    if s.telegram_bot_token:
        from bot.adapters.telegram.adapter import TelegramAdapter

        adapters.append(TelegramAdapter(app))
    if s.discord_bot_token:
        from bot.adapters.discord.adapter import DiscordAdapter

        adapters.append(DiscordAdapter(app))
    if not adapters:
        from bot.adapters.console import ConsoleAdapter

        adapters.append(ConsoleAdapter(app))
    return adapters


@dataclass
class Service:
    """The running parts; ``start`` and ``stop`` are the only entry points."""

    app: App
    adapters: list[Adapter] = field(default_factory=list)
    workers: list[DeliveryWorker] = field(default_factory=list)
    metrics: Metrics = field(default_factory=Metrics)
    _tasks: list[asyncio.Task[Any]] = field(default_factory=list)
    _inflight: dict[asyncio.Task[Any], str] = field(default_factory=dict)
    _scheduler: Any = None
    _health: Any = None

    def __post_init__(self) -> None:
        self.planner = Planner(self.app.store, self.app.settings, self.app.clock)
        self.app.metrics = self.metrics

    async def poll_tick(self) -> None:
        outcomes = await self.app.poller.poll_due()
        for outcome in outcomes:
            self.metrics.feed_polled(outcome.status, outcome.error_kind, outcome.new)
        await self.alert_tick()

    async def alert_tick(self) -> None:
        if await self.planner.plan_alerts():
            self.wake()

    async def digest_tick(self) -> None:
        if await self.planner.plan_digests():
            self.wake()

    def wake(self) -> None:
        for worker in self.workers:
            worker.wakeup.set()

    async def start(self) -> None:
        app, s = self.app, self.app.settings
        await app.initialize()
        self.adapters = self.adapters or build_adapters(app)
        for adapter in self.adapters:
            adapter.service = self  # type: ignore[attr-defined]
            await adapter.initialize()
        d = s.delivery
        self.workers = [
            DeliveryWorker(
                app.store,
                a.platform,
                a,
                a.pacer.limits,
                pacer=a.pacer,
                clock=app.clock,
                max_attempts=d.max_attempts,
                retry_base=d.retry_base_seconds,
                retry_max=d.retry_max_seconds,
                lease=timedelta(seconds=d.lease_seconds),
                idle_sleep=d.tick_seconds,
                on_event=self.metrics.delivery_event,
            )
            for a in self.adapters
        ]
        jobs: list[tuple[str, Callable[[], Coroutine[Any, Any, Any]], float]] = [
            ("poll", self.poll_tick, s.poll.tick_seconds),
            ("digests", self.digest_tick, 20),
            ("alerts", self.alert_tick, 30),
            ("housekeeping", self.planner.housekeeping, 3600),
        ]
        self._scheduler = build_scheduler(
            [(name, self._tracked(name, func), every) for name, func, every in jobs]
        )
        self._scheduler.start()
        self._tasks = [
            asyncio.create_task(w.run(), name=f"delivery-{w.platform}") for w in self.workers
        ]
        for adapter in self.adapters:
            await adapter.start()
        if s.health.port:
            from bot.runtime.health import HealthServer

            self._health = HealthServer(self, s.health.host, s.health.port)
            await self._health.start()
        log.info("sitrep running: %s", ", ".join(a.platform for a in self.adapters))

    def _tracked(
        self, name: str, func: Callable[[], Coroutine[Any, Any, Any]]
    ) -> Callable[[], Awaitable[None]]:
        """A job whose work runs in a task of ours, so ``stop`` can wait for it or end it
        (and a poll ended at shutdown is not an APScheduler error with a traceback)."""

        async def job() -> None:
            task = asyncio.create_task(func(), name=f"tick-{name}")
            self._inflight[task] = name
            try:
                await asyncio.wait({task})
            except asyncio.CancelledError:
                task.cancel()
                raise
            finally:
                self._inflight.pop(task, None)
            if not task.cancelled():
                task.result()  # an error is APScheduler's to log

        job.__name__ = name
        return job

    @property
    def scheduler_alive(self) -> bool:
        return bool(self._scheduler is not None and self._scheduler.running)

    async def stop(self) -> None:
        """Stop taking work; let sends and store writes under way finish (bounded by
        ``shutdown_timeout``); abandon fetches (those feeds stay due); close everything."""
        timeout = self.app.settings.shutdown_timeout
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.pause()
        for worker in self.workers:
            worker.stop()
        abandoned = sorted(self.app.poller.running)
        for task, name in list(self._inflight.items()):
            if name == "poll":  # fetching is abandoned at once; its writes still finish
                task.cancel()
        if self._inflight:
            await asyncio.wait(set(self._inflight), timeout=timeout)
        cut = await self.app.poller.finish_writes(timeout)
        if self._tasks:
            _, late = await asyncio.wait(self._tasks, timeout=timeout)
            for task in late | set(self._inflight):
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.gather(*self._tasks, *self._inflight, return_exceptions=True)
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        self._report_abandoned(abandoned, cut)
        if self._health is not None:
            await self._health.stop()
        for adapter in reversed(self.adapters):
            try:
                await adapter.shutdown()
            except Exception:
                log.exception("platform=%s adapter shutdown failed", adapter.platform)
        await self.app.shutdown()

    def _report_abandoned(self, feeds: list[int], writes_cut: int) -> None:
        released = sum(w.released_at_stop for w in self.workers)
        if feeds:
            log.info(
                "stopped polling %d feed(s) mid-fetch (ids %s); they stay due and are polled "
                "at the next start",
                len(feeds),
                ", ".join(map(str, feeds[:20])),
            )
        if released:
            log.info(
                "%d claimed deliveries were not sent yet; they go out at the next start", released
            )
        if writes_cut:
            log.warning("%d store writes did not finish within the shutdown timeout", writes_cut)


async def serve(settings: Settings, *, stop: asyncio.Event | None = None) -> None:
    """Run until SIGINT/SIGTERM (or ``stop`` is set); shut down cleanly."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    service = Service(App(settings))
    try:
        await service.start()
        await stop.wait()
        log.info("shutting down")
    finally:
        await service.stop()
