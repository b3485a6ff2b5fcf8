"""The whole service on its embedded defaults: console adapter, scheduler, outbox."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.adapters.console import ConsoleAdapter
from bot.app import App
from bot.runtime.service import Service
from bot.settings import Settings
from tests.support.feedserver import FeedServer
from tests.support.wire import load_articles, rss

ARTICLES = load_articles()


async def wait_until(predicate: object, timeout: float = 10) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():  # type: ignore[operator]
            await asyncio.sleep(0.05)


async def test_console_service_prints_new_briefings_and_the_digest(
    settings: Settings, feed_server: FeedServer
) -> None:
    url = feed_server.add("/feed/", rss(ARTICLES, feed_server.base))
    settings = settings.model_copy(
        update={
            "poll": settings.poll.model_copy(update={"tick_seconds": 0.2}),
            "delivery": settings.delivery.model_copy(update={"tick_seconds": 0.1}),
        }
    )
    app = App(settings)
    out = io.StringIO()
    service = Service(app, adapters=[ConsoleAdapter(app, out)])
    await app.store.initialize()
    await app.store.feeds.add(url, "Wire", now=app.clock())
    await service.start()
    try:
        await wait_until(lambda: out.getvalue().count("-" * 72) >= 4)
        text = out.getvalue()
        for article in ARTICLES:
            assert article.title in text
        assert "Every square metre of allied airspace" in text
        # The digest subscription exists; make it due now and let the tick deliver it.
        sub = await app.store.subscriptions.get_for("console", "stdout", "digest")
        assert sub is not None and sub.next_digest_at is not None
        await app.store.subscriptions.update(
            sub.id, next_digest_at=app.clock() - timedelta(seconds=1)
        )
        await service.digest_tick()
        await wait_until(lambda: "=" * 72 in out.getvalue())
        digest = out.getvalue().split("=" * 72, 1)[1]
        assert "NATO extends Baltic air policing" in digest
        assert service.scheduler_alive
    finally:
        await service.stop()
    assert not service.scheduler_alive


async def test_health_and_metrics_endpoints(settings: Settings) -> None:
    settings = settings.model_copy(
        update={"health": settings.health.model_copy(update={"port": 0})}
    )
    app = App(settings)
    service = Service(app, adapters=[ConsoleAdapter(app, io.StringIO())])
    await service.start()
    try:
        from bot.runtime.health import HealthServer

        health = HealthServer(service, "127.0.0.1", 0)
        await health.start()
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", health.port)
            writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            body = (await reader.read()).decode()
            assert (
                body.startswith("HTTP/1.1 200")
                and '"store": true' in body
                and '"adapter:console": true' in body
            )
            reader, writer = await asyncio.open_connection("127.0.0.1", health.port)
            writer.write(b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
            body = (await reader.read()).decode()
            assert "# TYPE sitrep_feed_polls_total counter" in body and "sitrep_deliveries" in body
        finally:
            await health.stop()
    finally:
        await service.stop()


async def test_sitrep_run_starts_and_stops_cleanly_on_sigint(tmp_path: Path) -> None:
    """`sitrep run` with no token: console output, clean shutdown on Ctrl-C."""
    cfg = tmp_path / "c.toml"
    cfg.write_text("feeds = []\n[health]\nport = 0\n")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SITREP_", "TELEGRAM_", "DISCORD_"))
    }
    env.update(SITREP_DATA_DIR=str(tmp_path), SITREP_CONFIG=str(cfg))
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
    )
    assert proc.stderr is not None
    async with asyncio.timeout(30):
        while b"sitrep running: console" not in (line := await proc.stderr.readline()):
            assert line, "sitrep run exited early"
    proc.send_signal(signal.SIGINT)
    _, err = await asyncio.wait_for(proc.communicate(), timeout=30)
    assert proc.returncode == 0, err.decode()
    assert b"Traceback" not in err


_ = (UTC, datetime)
