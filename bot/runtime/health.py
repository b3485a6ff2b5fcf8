"""``/healthz`` and ``/metrics`` on a small HTTP server (asyncio streams, no framework)."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.runtime.service import Service

log = logging.getLogger(__name__)


class HealthServer:
    def __init__(self, service: Service, host: str, port: int) -> None:
        self._service = service
        self._host = host
        self._port = port
        self._server: asyncio.Server | None = None

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.sockets[0].getsockname()[1])

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, self._host, self._port)
        log.info("health endpoint on http://%s:%d/healthz", self._host, self.port)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def health(self) -> tuple[int, dict[str, object]]:
        service = self._service
        checks: dict[str, object] = {
            "store": await service.app.store.ping(),
            "scheduler": service.scheduler_alive,
        }
        for adapter in service.adapters:
            checks[f"adapter:{adapter.platform}"] = adapter.connected
        ok = all(bool(v) for v in checks.values())
        return (200 if ok else 503), {"status": "ok" if ok else "degraded", "checks": checks}

    async def metrics(self) -> str:
        store = self._service.app.store
        feeds = await store.feeds.list()
        gauges: dict[str, dict[str, float]] = {
            "store": {k: float(v) for k, v in (await store.articles.counts()).items()},
            "deliveries": {k: float(v) for k, v in (await store.deliveries.counts()).items()},
            "feeds": {
                "active": float(sum(not f.paused and not f.error_count for f in feeds)),
                "failing": float(sum(not f.paused and bool(f.error_count) for f in feeds)),
                "paused": float(sum(f.paused for f in feeds)),
            },
            "subscriptions": {k: float(v) for k, v in (await store.subscriptions.counts()).items()},
        }
        return self._service.metrics.render(gauges)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request_line = await asyncio.wait_for(reader.readline(), timeout=5)
            while (await asyncio.wait_for(reader.readline(), timeout=5)) not in (
                b"\r\n",
                b"\n",
                b"",
            ):
                pass
            parts = request_line.decode("latin-1").split()
            path = parts[1].split("?")[0] if len(parts) >= 2 else "/"
            if path == "/healthz":
                status, body = await self.health()
                payload, ctype = json.dumps(body).encode(), "application/json"
            elif path == "/metrics":
                status, payload, ctype = (
                    200,
                    (await self.metrics()).encode(),
                    "text/plain; version=0.0.4",
                )
            else:
                status, payload, ctype = 404, b"not found\n", "text/plain"
            reason = {200: "OK", 404: "Not Found", 503: "Service Unavailable"}[status]
            writer.write(
                f"HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {len(payload)}\r\n"
                "Connection: close\r\n\r\n".encode()
                + payload
            )
            await writer.drain()
        except (TimeoutError, ConnectionError, UnicodeDecodeError):
            pass
        except Exception:
            log.exception("health endpoint error")
        finally:
            writer.close()
