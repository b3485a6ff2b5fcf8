"""The overview's time series: counts from the store's timestamps and the per-minute samples
the running panel records, drawn as server-side SVG bars."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta

import httpx
import pytest

from bot.settings import Settings, SettingsError, load_settings
from bot.store import Store
from bot.store.web import Sample
from bot.web.charts import buckets, by_bucket, chart
from bot.web.panel import WebPanel, delta_sample
from tests.support.clock import Clock
from tests.web.support import add_quote, log_in, running_panel

BAR_TITLE = re.compile(r"<title>([^<]+)</title></rect>")


def test_buckets_end_with_the_one_holding_now_and_sum_hours() -> None:
    now = Clock()()
    starts = buckets(now, timedelta(days=7), timedelta(hours=6))
    assert len(starts) == 28 and starts[-1] <= now < starts[-1] + timedelta(hours=6)
    hour = int(starts[-1].timestamp()) // 3600
    assert by_bucket({hour: 2, hour + 5: 3, hour - 1: 7}, starts, timedelta(hours=6))[-2:] == [7, 5]
    drawn = chart("x", "n", starts[-2:], [1.0, 4.0])
    assert [b.height for b in drawn.bars] == [29.0, 116.0] and drawn.peak == 4.0


def test_a_sample_is_the_growth_of_each_counter_in_its_minute() -> None:
    now = Clock()()
    sample = delta_sample(
        now,
        {"failed": 2, "commands": 10, "command_seconds": 1.5},
        {"failed": 5, "commands": 14, "command_seconds": 2.5, "rate_limited": 1},
    )
    assert sample.minute == now.replace(second=0, microsecond=0)
    assert (sample.failed, sample.rate_limited, sample.commands) == (3, 1, 4)
    assert sample.command_seconds == pytest.approx(1.0)


async def test_the_sampler_records_minutes_while_the_panel_runs(store: Store) -> None:
    clock = Clock()
    totals = {"failed": 0.0, "commands": 0.0, "command_seconds": 0.0, "rate_limited": 0.0}
    panel = WebPanel(
        store=store,
        clock=clock,
        feed_admin=lambda a, p: None,  # type: ignore[arg-type,return-value]
        counters=lambda: dict(totals),
        secret=b"k" * 32,
        public_url="",
        is_admin=lambda platform, actor: True,
        sample_seconds=0.05,
    )
    await panel.start()
    totals.update(failed=2.0, commands=3.0, command_seconds=0.6)
    for _ in range(100):
        await asyncio.sleep(0.02)
        if await store.web.samples(clock() - timedelta(minutes=1)):
            break
    await panel.stop()
    [sample] = await store.web.samples(clock() - timedelta(minutes=1))
    assert (sample.failed, sample.commands) == (2, 3)


async def test_the_overview_charts_articles_failures_and_command_latency(
    settings: Settings, store: Store
) -> None:
    clock = Clock()
    for i in range(3):
        await add_quote(
            store,
            clock,
            feed_id=None,
            title=f"t{i}",
            url=f"http://127.0.0.1:9/{i}",
            speaker="Ada Stone",
            said=f"Line {i}",
        )
    minute = clock().replace(second=0, microsecond=0)
    await store.web.add_sample(
        Sample(minute, failed=4, rate_limited=0, commands=2, command_seconds=0.5)
    )
    async with (
        running_panel(settings, store, clock) as panel,
        httpx.AsyncClient(base_url=panel.base, follow_redirects=True) as client,
    ):
        page = await log_in(client, await panel.link())
    titles = BAR_TITLE.findall(page.text)
    assert len(titles) == 4 * 24 + 4 * 28
    day = titles[: 4 * 24]
    assert day[23].endswith(": 3 articles")  # articles, the bucket holding now
    assert day[24 * 2 + 23].endswith(": 4 failed")
    assert day[24 * 3 + 23].endswith(": 250 ms")  # 0.5 s over 2 commands


def test_web_settings_one_server_and_the_secret_from_the_environment(tmp_path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    s = load_settings(env={"SITREP_WEB__PORT": "8081", "SITREP_WEB_SECRET_FILE": str(secret)})
    assert s.web.port == 8081 and s.web.host == "127.0.0.1"
    assert s.web_secret is not None and s.web_secret.get_secret_value() == "s3cret"
    assert s.web_url == "http://127.0.0.1:8081"
    with pytest.raises(SettingsError, match="one HTTP server"):
        load_settings(env={"SITREP_WEB__PORT": "8081", "SITREP_HTTP__PORT": "8080"})
    proxied = load_settings(
        env={
            "SITREP_WEB__PORT": "8080",
            "SITREP_HTTP__PORT": "8080",
            "SITREP_WEB__PUBLIC_URL": "https://ops.example.org/",
        }
    )
    assert proxied.web_url == "https://ops.example.org"


async def test_the_overview_lists_the_workers_sharing_the_store(
    settings: Settings, store: Store
) -> None:
    clock = Clock()
    async with (
        running_panel(settings, store, clock) as panel,
        httpx.AsyncClient(base_url=panel.base, follow_redirects=True) as client,
    ):
        page = await log_in(client, await panel.link())
        assert "No worker has registered." in page.text
        await store.workers.register("host-1:42:<b>", "ingest", "host-1", 42, clock.now)
        page = await client.get("/admin/")
    assert 'id="workers"' in page.text and "host-1:42:&lt;b&gt;" in page.text
    assert "ingest" in page.text
