"""REST plumbing types: a matched route, one call to a handler, and the response shape."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from tests.fakes.discord_server.records import RecordedFile
from tests.fakes.discord_server.validation import DiscordError

Handler = Callable[["_Call"], Awaitable[tuple[int, Any]]]


@dataclass
class _Call:
    request: web.Request
    params: dict[str, str]
    json: Any
    files: list[RecordedFile]

    def int_param(self, name: str) -> int:
        try:
            return int(self.params[name])
        except ValueError:
            raise DiscordError(404, 0, "404: Not Found") from None


@dataclass
class _Route:
    method: str
    template: str
    pattern: re.Pattern[str]
    handler: Handler
    auth: bool = True

    @property
    def key(self) -> str:
        return f"{self.method} {self.template}"


def _respond(status: int, body: Any, headers: Mapping[str, str]) -> web.Response:
    out = {"Via": "1.1 google", **headers}
    if status == 204 or body is None:
        return web.Response(status=status, headers=out)
    # Exactly "application/json": discord.py only parses JSON for that exact value.
    out["Content-Type"] = "application/json"
    return web.Response(status=status, body=json.dumps(body).encode(), headers=out)
