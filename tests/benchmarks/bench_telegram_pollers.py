"""Measure: two chat processes long-polling one bot for 5 s, 409 Conflicts counted.

Run: ``python3 -m uv run python tests/benchmarks/bench_telegram_pollers.py sqlite|postgres``

On SQLite (one process by design, so no lock: what any store did before) both pollers
run and Telegram's fake answers 409 again and again; on PostgreSQL the second poller is
refused at start by the bot's advisory lock and no 409 happens.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

from bot.adapters.telegram.adapter import TelegramAdapter
from bot.app import App
from bot.settings import load_settings
from tests.conftest import drop_schema, make_store
from tests.fakes.botapi import FakeBotAPI
from tests.integration.test_telegram import command_settings


async def main(kind: str, seconds: float = 5.0) -> None:
    os.environ["PTB_TIMEDELTA"] = "true"
    tmp = Path(tempfile.mkdtemp())
    settings = load_settings(env={"SITREP_DATA_DIR": str(tmp)}).model_copy(update={"feeds": []})
    async with FakeBotAPI() as api:
        store, schema = await make_store(kind, tmp)
        apps = [App(command_settings(settings, api), store=store) for _ in range(2)]
        pollers: list[TelegramAdapter] = []
        refused = 0
        for app in apps:
            adapter = app.telegram_adapter(poll_timeout=1)
            await adapter.initialize()
            try:
                await adapter.start()
                pollers.append(adapter)
            except RuntimeError as exc:
                refused += 1
                print(f"refused: {exc}")
        await asyncio.sleep(seconds)
        conflicts = sum(e.status == 409 for e in api.errors)
        print(f"{kind}: pollers={len(pollers)} refused={refused} 409s_in_{seconds:g}s={conflicts}")
        for adapter in pollers:
            await adapter.shutdown()
        for app in apps:
            await app.shutdown()
        await store.shutdown()
        await drop_schema(schema)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "postgres"))
