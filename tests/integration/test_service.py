"""The whole service on its embedded defaults: console adapter, scheduler, outbox."""

from __future__ import annotations

import asyncio
import io
import signal
from datetime import timedelta
from pathlib import Path

import httpx

from bot.app import App
from bot.settings import Settings
from tests.support.cli import start_run
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
    service = app.service([app.console_adapter(out)])
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


async def test_health_and_metrics_on_the_one_http_server(settings: Settings) -> None:
    settings = settings.model_copy(update={"http": settings.http.model_copy(update={"port": 0})})
    app = App(settings)
    service = app.service([app.console_adapter(io.StringIO())])
    await service.start()
    http = service.http_server("127.0.0.1", 0)  # port 0: any free port (tests)
    await http.start()
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{http.port}") as client:
            health = await client.get("/healthz")
            assert health.status_code == 200
            assert health.json()["checks"] == {
                "store": True,
                "scheduler": True,
                "adapter:console": True,
                "worker": {"id": app.worker_id, "role": "all"},
                "workers": {"all": 1},
            }
            app.metrics.command_answered("console", "latest", 0.012)
            metrics = await client.get("/metrics")
            assert metrics.status_code == 200
            assert metrics.headers["content-type"].startswith("text/plain")
            text = metrics.text
            assert "# TYPE sitrep_feed_polls_total counter" in text
            assert "# TYPE sitrep_command_seconds histogram" in text
            assert (
                'sitrep_command_seconds_bucket{command="latest",le="0.025",platform="console"} 1.0'
                in text
            )
            assert "# TYPE sitrep_deliveries gauge" in text
            assert 'sitrep_workers{role="all"} 1.0' in text
            assert 'sitrep_workers{role="ingest"} 0.0' in text
            assert (await client.get("/nowhere")).status_code == 404
    finally:
        await http.stop()
        await service.stop()


async def test_sitrep_run_starts_and_stops_cleanly_on_sigint(tmp_path: Path) -> None:
    """`sitrep run` with no token: console output, clean shutdown on Ctrl-C."""
    proc = await start_run(tmp_path)
    proc.send_signal(signal.SIGINT)
    _, err = await asyncio.wait_for(proc.communicate(), timeout=30)
    assert proc.returncode == 0, err.decode()
    assert b"Traceback" not in err
