"""A sitrep delivery worker as its own process, for crash-restart tests and benchmarks.

    python -m tests.support.outbox_worker

Reads its settings from the environment (DATABASE_URL, TELEGRAM_API_BASE_URL,
TELEGRAM_BOT_TOKEN, SITREP_DELIVERY__*), sends every due Telegram delivery through the
real adapter and exits when the outbox is empty. Prints "sending" once it has started.
"""

from __future__ import annotations

import asyncio

from bot.app import App
from bot.settings import load_settings


async def main() -> None:
    settings = load_settings()
    app = App(settings)
    await app.store.initialize()
    adapter = app.telegram_adapter()
    await adapter.application.initialize()
    worker = app.delivery_worker(adapter)
    await app.store.deliveries.recover_stale(app.clock(), worker.lease)
    print("sending", flush=True)
    try:
        while await app.store.deliveries.pending_count():
            if not await worker.drain_once():
                await asyncio.sleep(0.05)
                await app.store.deliveries.recover_stale(app.clock(), worker.lease)
    finally:
        await adapter.application.shutdown()
        await app.shutdown()


if __name__ == "__main__":
    asyncio.run(main())
