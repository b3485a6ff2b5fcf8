"""The fake Discord server: lifecycle, pointing discord.py at it, and REST dispatch."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import time
from collections.abc import Iterable
from typing import Any

import yarl
from aiohttp import web

from tests.fakes.discord_server.constants import API_PREFIX, GATEWAY_PATH
from tests.fakes.discord_server.faults import Faults
from tests.fakes.discord_server.interactions import Interactions
from tests.fakes.discord_server.ratelimits import RouteRateLimits
from tests.fakes.discord_server.records import RecordedFile, RecordedRequest
from tests.fakes.discord_server.routes_app import AppRoutes
from tests.fakes.discord_server.routes_channels import ChannelRoutes
from tests.fakes.discord_server.routes_interactions import InteractionRoutes
from tests.fakes.discord_server.validation import DiscordError
from tests.fakes.discord_server.wire import Handler, _Call, _respond, _Route
from tests.fakes.loopback import serve_app

log = logging.getLogger(__name__)


def point_discord_py_at(rest_base: str, gateway_url: str) -> tuple[str, yarl.URL]:
    """Point discord.py's REST and gateway at another server; returns the old values.

    ``rest_base`` is the API root including the version (``http://host:port/api/v10``).
    """
    from discord.gateway import DiscordWebSocket
    from discord.http import Route

    previous = (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
    Route.BASE = rest_base.rstrip("/")
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
    return previous


class FakeDiscord(
    AppRoutes, ChannelRoutes, InteractionRoutes, Interactions, Faults, RouteRateLimits
):
    """A Discord REST + gateway server on an ephemeral 127.0.0.1 port.

    Use as ``async with FakeDiscord() as fake:``; ``fake.rest_base`` and
    ``fake.gateway_url`` are what the product reads from ``DISCORD_API_BASE_URL`` /
    ``DISCORD_GATEWAY_URL``; ``fake.point_discord_py()`` does the pointing for tests
    that drive discord.py directly (restored on exit).

    Its constructor and state are in ``state.DiscordState``; handlers in ``routes_*``.
    """

    # ------------------------------------------------------------------ lifecycle

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def start(self) -> None:
        app = web.Application(client_max_size=26 * 1024 * 1024)
        app.router.add_get(GATEWAY_PATH, self._gateway)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner, self._port = await serve_app(app, self.host)
        log.debug("fake discord listening on port %s", self._port)

    async def close(self) -> None:
        for session in list(self._live):
            with contextlib.suppress(Exception):
                await session.ws.close(code=1001)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._previous_pointing is not None:
            point_discord_py_at(self._previous_pointing[0], str(self._previous_pointing[1]))
            self._previous_pointing = None

    def point_discord_py(self) -> None:
        """Point discord.py at this server until :meth:`close`."""
        previous = point_discord_py_at(self.rest_base, self.gateway_url)
        if self._previous_pointing is None:
            self._previous_pointing = previous

    # ------------------------------------------------------------------ REST plumbing

    def _route_table(self) -> Iterable[_Route]:
        table: list[tuple[str, str, Handler, bool]] = [
            ("GET", "/gateway", self._get_gateway, False),
            ("GET", "/gateway/bot", self._get_gateway_bot, True),
            ("GET", "/users/@me", self._get_me, True),
            ("POST", "/users/@me/channels", self._create_dm, True),
            ("GET", "/users/{user_id}", self._get_user, True),
            ("GET", "/oauth2/applications/@me", self._get_application, True),
            ("GET", "/applications/@me", self._get_application, True),
            ("GET", "/applications/{application_id}/commands", self._get_commands, True),
            ("PUT", "/applications/{application_id}/commands", self._put_commands, True),
            (
                "GET",
                "/applications/{application_id}/guilds/{guild_id}/commands",
                self._get_commands,
                True,
            ),
            (
                "PUT",
                "/applications/{application_id}/guilds/{guild_id}/commands",
                self._put_commands,
                True,
            ),
            ("GET", "/channels/{channel_id}", self._get_channel, True),
            ("POST", "/channels/{channel_id}/messages", self._create_message, True),
            ("POST", "/channels/{channel_id}/typing", self._typing, True),
            ("GET", "/channels/{channel_id}/messages/{message_id}", self._get_message, True),
            ("PATCH", "/channels/{channel_id}/messages/{message_id}", self._edit_message, True),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}", self._delete_message, True),
            ("GET", "/guilds/{guild_id}", self._get_guild, True),
            ("GET", "/guilds/{guild_id}/channels", self._get_guild_channels, True),
            ("GET", "/guilds/{guild_id}/members/{user_id}", self._get_member, True),
            (
                "POST",
                "/interactions/{interaction_id}/{token}/callback",
                self._interaction_callback,
                False,
            ),
            ("POST", "/webhooks/{application_id}/{token}", self._create_followup, False),
            (
                "GET",
                "/webhooks/{application_id}/{token}/messages/{message_id}",
                self._get_webhook_message,
                False,
            ),
            (
                "PATCH",
                "/webhooks/{application_id}/{token}/messages/{message_id}",
                self._edit_webhook_message,
                False,
            ),
            (
                "DELETE",
                "/webhooks/{application_id}/{token}/messages/{message_id}",
                self._delete_webhook_message,
                False,
            ),
        ]
        for method, template, handler, auth in table:
            regex = re.sub(
                r"\{(\w+)\}",
                r"(?P<\1>[^/]+)",
                re.escape(template).replace(r"\{", "{").replace(r"\}", "}"),
            )
            yield _Route(method, template, re.compile(f"^{regex}$"), handler, auth)

    def _match(self, method: str, path: str) -> tuple[_Route, dict[str, str]] | None:
        for route in self._routes:
            if route.method != method:
                continue
            found = route.pattern.match(path)
            if found:
                return route, dict(found.groupdict())
        return None

    async def _read_body(self, request: web.Request) -> tuple[Any, list[RecordedFile]]:
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            files: list[RecordedFile] = []
            payload: Any = None
            for name, value in form.items():
                if name == "payload_json":
                    payload = json.loads(str(value))
                elif isinstance(value, web.FileField):
                    files.append(
                        RecordedFile(name, value.filename, value.content_type, value.file.read())
                    )
            return payload, files
        raw = await request.read()
        if raw and request.content_type == "application/json":
            return json.loads(raw), []
        return None, []

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        payload, files = await self._read_body(request)
        matched = self._match(request.method, path)
        route_key = matched[0].key if matched else f"{request.method} {path}"
        params = matched[1] if matched else {}
        record = RecordedRequest(
            request.method,
            path,
            route_key,
            params,
            dict(request.query),
            payload,
            files,
            at=time.time(),
        )
        self.requests.append(record)
        headers: dict[str, str] = {}
        try:
            if matched is None:
                self.unhandled.append(record)
                log.warning("fake discord: unhandled route %s %s", request.method, path)
                raise DiscordError(404, 0, "404: Not Found")
            route = matched[0]
            if route.auth and request.headers.get("Authorization") != f"Bot {self.token}":
                raise DiscordError(401, 0, "401: Unauthorized")
            limited = self._scripted_fault(route.key, params, headers) or self._rate_limit(
                route, params, headers
            )
            if limited is not None:
                status, body = limited
            else:
                status, body = await route.handler(_Call(request, params, payload, files))
        except DiscordError as exc:
            status, body = exc.status, exc.body
        record.status, record.response = status, body
        self._notify()
        return _respond(status, body, headers)
