"""``sitrep run --role``: each role starts only its parts, and registers in the workers
table while it runs (gone from it after a clean stop)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest

from bot.app import App
from bot.runtime.service import Service
from bot.settings import Settings
from tests.support.cli import sitrep


def _jobs(service: Service) -> list[str]:
    return sorted(job.id for job in service._scheduler.get_jobs())


@pytest.mark.parametrize(
    ("role", "jobs", "senders", "polls"),
    [
        ("all", ["alerts", "digests", "housekeeping", "poll"], 1, True),
        ("ingest", ["poll"], 0, True),
        ("deliver", ["alerts", "digests", "housekeeping"], 1, False),
        ("chat", [], 0, False),
    ],
)
async def test_each_role_starts_only_its_parts(
    settings: Settings, role: str, jobs: list[str], senders: int, polls: bool
) -> None:
    app = App(settings)
    adapters = None if role == "ingest" else [app.console_adapter(io.StringIO())]
    service = app.service(adapters, role=role)  # type: ignore[arg-type]
    await service.start()
    try:
        assert _jobs(service) == jobs
        assert len(service.workers) == senders
        assert (service.poller is not None) is polls
        assert ("poller" in app.__dict__) is polls  # the root built no poller for others
        live = await app.store.workers.live(app.clock(), timedelta(seconds=10))
        assert [(w.id, w.role) for w in live] == [(app.worker_id, role)]
        status, health = await service.health()
        assert status == 200 and health["checks"]["workers"] == {role: 1}
    finally:
        await service.stop()
    async with App(settings) as again:
        assert await again.store.workers.live(again.clock(), timedelta(seconds=10)) == []


async def test_run_refuses_an_unknown_role(tmp_path: object) -> None:
    code, _, err = await sitrep(tmp_path, "run", "--role", "everything")  # type: ignore[arg-type]
    assert code == 2 and "invalid choice" in err
