"""A real HTTP server on 127.0.0.1 that serves feeds and article pages for tests.

Routes are registered by the test; the server honours ETag/If-None-Match and
Last-Modified/If-Modified-Since, can gzip, redirect, fail, stall or send oversized
bodies, and counts requests per path.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
from collections import Counter
from dataclasses import dataclass, field

from aiohttp import web

LAST_MODIFIED = "Sat, 28 Nov 2026 08:00:00 GMT"


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "application/rss+xml; charset=utf-8"
    status: int = 200
    conditional: bool = True
    gzip: bool = False
    delay: float = 0.0
    location: str = ""
    headers: dict[str, str] = field(default_factory=dict)


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.not_modified: Counter[str] = Counter()
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: bytes | str = b"", **options: object) -> str:
        data = body.encode() if isinstance(body, str) else body
        self.routes[path] = Route(body=data, **options)  # type: ignore[arg-type]
        return self.url(path)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path_qs if request.path_qs in self.routes else request.path
        self.hits[path] += 1
        route = self.routes.get(path)
        if route is None:
            return web.Response(status=404, text="not found")
        if route.delay:
            await asyncio.sleep(route.delay)
        if route.location:
            return web.Response(status=route.status or 302, headers={"Location": route.location})
        if route.status >= 400:
            return web.Response(status=route.status, text="error")
        etag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
        if route.conditional and (
            request.headers.get("If-None-Match") == etag
            or request.headers.get("If-Modified-Since") == LAST_MODIFIED
        ):
            self.not_modified[path] += 1
            return web.Response(status=304, headers={"ETag": etag})
        headers = {"Content-Type": route.content_type, **route.headers}
        if route.conditional:
            headers.update({"ETag": etag, "Last-Modified": LAST_MODIFIED})
        body = route.body
        if route.gzip:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        return web.Response(body=body, headers=headers)

    async def __aenter__(self) -> FeedServer:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
