"""Running a fake's aiohttp app on a loopback port: shared by the Bot API and Discord fakes."""

from __future__ import annotations

from typing import Any

from aiohttp import web


async def serve_app(
    app: web.Application, host: str, port: int = 0, **runner_options: Any
) -> tuple[web.AppRunner, int]:
    """Start ``app`` on ``host:port`` (``0``: any free port), without an access log.

    Returns the runner (``await runner.cleanup()`` stops the server) and the bound port.
    ``runner_options`` go to :class:`aiohttp.web.AppRunner` (e.g. ``shutdown_timeout``).
    """
    runner = web.AppRunner(app, access_log=None, **runner_options)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
    except BaseException:
        await runner.cleanup()
        raise
    return runner, int(runner.addresses[0][1])
