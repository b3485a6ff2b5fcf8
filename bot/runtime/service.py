"""``sitrep run``: the scheduler, the delivery workers and every adapter on one loop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from bot.adapters.base import Adapter
from bot.delivery import DeliveryWorker, Pacer
from bot.ingest.poller import Poller
from bot.local_time import utcnow
from bot.planning.planner import Planner
from bot.runtime.http import HttpMount, HttpServer
from bot.runtime.metrics import Metrics
from bot.runtime.scheduler import build_scheduler
from bot.settings import Settings
from bot.store import Store

log = logging.getLogger(__name__)
Role = Literal["all", "ingest", "deliver", "chat"]
ROLES: tuple[Role, ...] = ("all", "ingest", "deliver", "chat")
# Every role that sends for the bot: deliveries, and replies to commands (the platform's
# overall limit is per bot, so a chat process's replies count with the outbox's sends).
SENDING_ROLES = frozenset({"all", "deliver", "chat"})


@dataclass
class Service:
    """The running parts, built by the composition root (:meth:`bot.app.App.service`);
    ``start`` and ``stop`` are the only entry points."""

    settings: Settings
    store: Store
    poller: Poller | None
    planner: Planner
    metrics: Metrics
    adapters: list[Adapter]
    workers: list[DeliveryWorker]
    open_app: Callable[[], Awaitable[None]]
    close_app: Callable[[], Awaitable[None]]
    http_mounts: list[HttpMount] = field(default_factory=list)  # the web panel, if enabled
    pacers: list[Pacer] = field(default_factory=list)  # this process's sends, per platform
    role: Role = "all"
    worker_id: str = "sitrep"
    clock: Callable[[], datetime] = utcnow
    live_workers: Counter[str] = field(default_factory=Counter)
    _tasks: list[asyncio.Task[Any]] = field(default_factory=list)
    _inflight: dict[asyncio.Task[Any], str] = field(default_factory=dict)
    _scheduler: Any = None
    _http: HttpServer | None = None
    _beat: asyncio.Task[None] | None = None
    _joining: asyncio.Task[None] | None = None

    def does(self, part: Literal["ingest", "deliver", "chat"]) -> bool:
        return self.role in ("all", part)

    async def poll_tick(self) -> None:
        if self.poller is None:
            return
        outcomes = await self.poller.poll_due()
        for outcome in outcomes:
            self.metrics.feed_polled(outcome.status, outcome.error_kind, outcome.new)
        if self.does("deliver"):
            await self.alert_tick()

    async def alert_tick(self) -> None:
        async with self.store.exclusive("sitrep:planning") as mine:
            if mine and await self.planner.plan_alerts():
                self.wake()

    async def digest_tick(self) -> None:
        async with self.store.exclusive("sitrep:planning") as mine:
            if mine and await self.planner.plan_digests():
                self.wake()

    async def housekeeping_tick(self) -> None:
        """One process at a time: the others skip this round."""
        async with self.store.exclusive("sitrep:housekeeping") as mine:
            if mine:
                await self.planner.housekeeping()

    async def heartbeat(self) -> None:
        """Renew this worker's row, reap workers whose heartbeat stopped (their claims go
        back now) and share the platform's overall send budget among the live senders."""
        w, now = self.settings.workers, self.clock()
        stale = timedelta(seconds=w.stale_seconds)
        if not await self.store.workers.heartbeat(self.worker_id, now):
            log.warning("worker=%s was taken for dead; registering again", self.worker_id)
            await self._register()
        reaped = await self.store.workers.reap(now, stale)
        if reaped.workers:
            log.warning(
                "%d worker(s) stopped heartbeating: %d feeds and %d deliveries given back",
                reaped.workers,
                reaped.feeds,
                reaped.deliveries,
            )
            if reaped.deliveries:
                self.wake()
        self.live_workers = Counter(x.role for x in await self.store.workers.live(now, stale))
        for pacer in self._pacers():
            pacer.set_share(self.send_share())

    def send_share(self) -> float:
        """This process's part of the overall send budget among the live senders, each
        weighted by its role (``workers.chat_weight`` for a ``chat`` process, 1 for the
        others): equal parts by default; a lower chat weight leaves digests more room."""
        total = sum(
            self._weight(role) * n for role, n in self.live_workers.items() if role in SENDING_ROLES
        )
        return self._weight(self.role) / total if total else 1.0

    def _weight(self, role: str) -> float:
        return self.settings.workers.chat_weight if role == "chat" else 1.0

    def _pacers(self) -> list[Pacer]:
        """The pacers this process sends through (replies and deliveries), each once."""
        if self.role not in SENDING_ROLES:
            return []
        found = {id(p): p for p in [*self.pacers, *(w.pacer for w in self.workers)]}
        return list(found.values())

    async def _register(self) -> None:
        await self.store.workers.register(
            self.worker_id, self.role, socket.gethostname(), os.getpid(), self.clock()
        )
        await self._join()

    async def _join(self) -> None:
        """Hold this process's sends until every other live sender has taken it into
        account. Each renews its heartbeat, then reads who lives and sets its share: once
        its heartbeat has moved on twice since we registered, the read between the two
        saw us, so it already paces at the smaller share (or it left or died)."""
        pacers = self._pacers()
        if not pacers:
            return
        w = self.settings.workers
        stale = timedelta(seconds=w.stale_seconds)
        others = {
            x.id: x.heartbeat_at
            for x in await self.store.workers.live(self.clock(), stale)
            if x.role in SENDING_ROLES and x.id != self.worker_id
        }
        if not others:
            return
        if self._joining is not None:  # registering again: the earlier wait is void
            self._joining.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._joining
        for pacer in pacers:
            pacer.hold()
        self._joining = asyncio.create_task(self._await_others(pacers, others), name="joining")

    async def _await_others(self, pacers: list[Pacer], others: dict[str, datetime]) -> None:
        w = self.settings.workers
        seen = dict.fromkeys(others, 0)
        deadline = asyncio.get_running_loop().time() + w.stale_seconds + 2 * w.heartbeat_seconds
        try:
            while seen and asyncio.get_running_loop().time() < deadline:
                await asyncio.sleep(min(0.2, w.heartbeat_seconds / 4))
                try:
                    beats = {x.id: x.heartbeat_at for x in await self.store.workers.rows()}
                except Exception:
                    log.exception("worker=%s could not read the workers table", self.worker_id)
                    continue
                for worker_id in list(seen):
                    beat = beats.get(worker_id)
                    if beat is None:  # left, or reaped as dead
                        del seen[worker_id]
                    elif beat != others[worker_id]:
                        others[worker_id] = beat
                        seen[worker_id] += 1
                        if seen[worker_id] >= 2:
                            del seen[worker_id]
            if seen:
                log.warning(
                    "worker=%s: %d sender(s) did not heartbeat; sending anyway",
                    self.worker_id,
                    len(seen),
                )
            else:
                log.info("worker=%s joined the senders: all pace at their share", self.worker_id)
        finally:
            for pacer in pacers:
                pacer.resume()

    async def _heartbeats(self) -> None:
        while True:
            await asyncio.sleep(self.settings.workers.heartbeat_seconds)
            try:
                await self.heartbeat()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("worker=%s heartbeat failed", self.worker_id)

    def wake(self) -> None:
        for worker in self.workers:
            worker.wakeup.set()

    async def start(self) -> None:
        s = self.settings
        await self.open_app()
        await self._register()
        await self.heartbeat()
        for adapter in self.adapters:
            await adapter.initialize()
        self._scheduler = build_scheduler(
            [(name, self._tracked(name, func), every) for name, func, every in self._jobs()]
        )
        self._scheduler.start()
        self._beat = asyncio.create_task(self._heartbeats(), name="heartbeat")
        self._tasks = [
            asyncio.create_task(w.run(), name=f"delivery-{w.platform}") for w in self.workers
        ]
        if self.does("chat"):
            for adapter in self.adapters:
                await adapter.start()
        if s.http.port or s.web.port:  # the panel alone may open the one server
            host, port = (s.http.host, s.http.port) if s.http.port else (s.web.host, s.web.port)
            self._http = self.http_server(host, port)
            await self._http.start()
        elif any(a.webhook_routes() for a in self.adapters):
            raise ValueError("webhook mode needs the HTTP server: set http.port")
        log.info(
            "sitrep running (role %s, worker %s): %s",
            self.role,
            self.worker_id,
            ", ".join(a.platform for a in self.adapters) or "no chat platform",
        )

    def _jobs(self) -> list[tuple[str, Callable[[], Coroutine[Any, Any, Any]], float]]:
        jobs: list[tuple[str, Callable[[], Coroutine[Any, Any, Any]], float]] = []
        if self.does("ingest"):
            jobs.append(("poll", self.poll_tick, self.settings.poll.tick_seconds))
        if self.does("deliver"):
            jobs += [
                ("digests", self.digest_tick, 20),
                ("alerts", self.alert_tick, 30),
                ("housekeeping", self.housekeeping_tick, 3600),
            ]
        return jobs

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

    def http_server(self, host: str, port: int) -> HttpServer:
        """``/healthz``, ``/metrics`` and every adapter's webhook routes on one port."""
        routes = [r for a in self.adapters for r in a.webhook_routes()] if self.does("chat") else []
        return HttpServer(
            host,
            port,
            health=self.health,
            metrics=self.metrics_text,
            webhooks=routes,
            mounts=self.http_mounts,
        )

    async def health(self) -> tuple[int, dict[str, Any]]:
        checks: dict[str, object] = {
            "store": await self.store.ping(),
            "scheduler": self.scheduler_alive,
            "worker": {"id": self.worker_id, "role": self.role},
            "workers": dict(self.live_workers),
        }
        for adapter in self.adapters if self.does("chat") else []:  # others only send
            checks[f"adapter:{adapter.platform}"] = adapter.connected
        ok = all(bool(v) for k, v in checks.items() if k != "workers")
        return (200 if ok else 503), {"status": "ok" if ok else "degraded", "checks": checks}

    async def metrics_text(self) -> bytes:
        store = self.store
        feeds = await store.feeds.list()
        snapshot: dict[str, dict[str, float]] = {
            **{k: {"": float(v)} for k, v in (await store.articles.counts()).items()},
            "deliveries": {k: float(v) for k, v in (await store.deliveries.counts()).items()},
            "feeds": {
                "active": float(sum(not f.paused and not f.error_count for f in feeds)),
                "failing": float(sum(not f.paused and bool(f.error_count) for f in feeds)),
                "paused": float(sum(f.paused for f in feeds)),
            },
            "subscriptions": {k: float(v) for k, v in (await store.subscriptions.counts()).items()},
            "workers": {role: float(self.live_workers.get(role, 0)) for role in ROLES},
        }
        return self.metrics.exposition(snapshot)

    @property
    def scheduler_alive(self) -> bool:
        return bool(self._scheduler is not None and self._scheduler.running)

    async def stop(self) -> None:
        """Stop taking work; let sends and store writes under way finish (bounded by
        ``shutdown_timeout``); abandon fetches (those feeds stay due); close everything."""
        timeout = self.settings.shutdown_timeout
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.pause()
        for worker in self.workers:
            worker.stop()
        abandoned = sorted(self.poller.running) if self.poller else []
        for task, name in list(self._inflight.items()):
            if name == "poll":  # fetching is abandoned at once; its writes still finish
                task.cancel()
        if self._inflight:
            await asyncio.wait(set(self._inflight), timeout=timeout)
        cut = await self.poller.finish_writes(timeout) if self.poller else 0
        if self._tasks:
            _, late = await asyncio.wait(self._tasks, timeout=timeout)
            for task in late | set(self._inflight):
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.gather(*self._tasks, *self._inflight, return_exceptions=True)
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        self._report_abandoned(abandoned, cut)
        if self._joining is not None:
            self._joining.cancel()
        if self._beat is not None:
            self._beat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._beat
        try:
            await self.store.workers.leave(self.worker_id, self.clock())
        except Exception:
            log.exception("worker=%s could not leave the workers table", self.worker_id)
        if self._http is not None:
            await self._http.stop()
        for adapter in reversed(self.adapters):
            try:
                await adapter.shutdown()
            except Exception:
                log.exception("platform=%s adapter shutdown failed", adapter.platform)
        await self.close_app()

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


async def serve(service: Service, *, stop: asyncio.Event | None = None) -> None:
    """Run until SIGINT/SIGTERM (or ``stop`` is set); shut down cleanly."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await service.start()
        await stop.wait()
        log.info("shutting down")
    finally:
        await service.stop()
