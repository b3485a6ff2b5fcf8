"""The one HTTP server of a sitrep process (tornado, on the service's event loop):
``/healthz``, ``/metrics`` and the adapters' webhook routes, so a deployment opens one port."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

from prometheus_client import CONTENT_TYPE_LATEST
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

from bot.adapters.base import WebhookRoute

log = logging.getLogger(__name__)

HealthCheck = Callable[[], Awaitable[tuple[int, dict[str, Any]]]]
MetricsText = Callable[[], Awaitable[bytes]]
MAX_BODY_BYTES = 1024 * 1024  # a Telegram update is a few kB


class HttpMount(Protocol):
    """More routes on the one server (the admin panel): tornado handlers, the application
    settings they need, and work that lives as long as the server."""

    def routes(self) -> list[tuple[str, Any, dict[str, Any]]]: ...
    def app_settings(self) -> dict[str, Any]: ...
    async def start(self) -> None: ...
    async def stop(self) -> None: ...


class _Health(RequestHandler):
    def initialize(self, check: HealthCheck) -> None:
        self._check = check

    async def get(self) -> None:
        status, body = await self._check()
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))


class _Metrics(RequestHandler):
    def initialize(self, render: MetricsText) -> None:
        self._render = render

    async def get(self) -> None:
        payload = await self._render()
        self.set_header("Content-Type", CONTENT_TYPE_LATEST)
        self.finish(payload)


class _Webhook(RequestHandler):
    def initialize(self, route: WebhookRoute) -> None:
        self._route = route

    async def post(self) -> None:
        status = await self._route.handle(dict(self.request.headers), self.request.body)
        self.set_status(status)
        self.finish()


def _quiet(handler: RequestHandler) -> None:
    """No access log: webhooks arrive many times a second and carry nothing worth logging."""
    if handler.get_status() >= 500:
        log.warning(
            "http %s %s -> %d", handler.request.method, handler.request.path, handler.get_status()
        )


class HttpServer:
    def __init__(
        self,
        host: str,
        port: int,
        *,
        health: HealthCheck,
        metrics: MetricsText,
        webhooks: Sequence[WebhookRoute] = (),
        mounts: Sequence[HttpMount] = (),
    ) -> None:
        routes: list[Any] = [
            (r"/healthz", _Health, {"check": health}),
            (r"/metrics", _Metrics, {"render": metrics}),
        ]
        routes += [(route.path, _Webhook, {"route": route}) for route in webhooks]
        settings: dict[str, Any] = {}
        for mount in mounts:
            routes += mount.routes()
            settings.update(mount.app_settings())
        self._mounts = list(mounts)
        self._app = Application(routes, log_function=_quiet, **settings)
        self._host = host
        self._requested_port = port
        self._server: HTTPServer | None = None
        self.port = 0

    async def start(self) -> None:
        sockets = bind_sockets(self._requested_port, self._host)
        self.port = int(sockets[0].getsockname()[1])
        self._server = HTTPServer(self._app, max_body_size=MAX_BODY_BYTES)
        self._server.add_sockets(sockets)
        for mount in self._mounts:
            await mount.start()
        log.info("http server on http://%s:%d (/healthz, /metrics)", self._host, self.port)

    async def stop(self) -> None:
        for mount in self._mounts:
            await mount.stop()
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None
