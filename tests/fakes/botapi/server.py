"""The fake Bot API server: HTTP lifecycle, request dispatch, failures and flood control."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.fakes.botapi.assertions import Assertions
from tests.fakes.botapi.constants import _RATE_LIMITED_METHODS, JSONDict
from tests.fakes.botapi.failures import Failures
from tests.fakes.botapi.records import ErrorReply, RateLimitHit, RecordedRequest, ScriptedFailure
from tests.fakes.botapi.routes_chats import ChatRoutes
from tests.fakes.botapi.routes_messages import MessageRoutes
from tests.fakes.botapi.routes_updates import UpdateRoutes
from tests.fakes.botapi.wire import ApiError, _error_response, _read_params
from tests.fakes.loopback import serve_app

if TYPE_CHECKING:
    from telegram import Bot
    from telegram.ext import ApplicationBuilder

logger = logging.getLogger(__name__)


class FakeBotAPI(UpdateRoutes, MessageRoutes, ChatRoutes, Failures, Assertions):
    """A Bot API-compatible HTTP server on 127.0.0.1 with recorders and failure scripts.

    Its constructor and state are in ``state.BotApiState``; the Bot API methods in ``routes_*``.
    """

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> FakeBotAPI:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown)
        self._runner, self._port = await serve_app(
            app, self.host, self._requested_port, shutdown_timeout=0.5
        )
        logger.debug("fake Bot API listening on %s", self.url)
        return self

    async def stop(self) -> None:
        self._closing = True
        self._notify()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotAPI:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeBotAPI is not started")
        return self._port

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """For ``Bot(base_url=...)`` / ``ApplicationBuilder.base_url``: PTB appends the token."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    def make_bot(self, **kwargs: Any) -> Bot:
        """A PTB ``Bot`` pointed at this server (call ``initialize()`` or use ``async with``)."""
        from telegram import Bot

        return Bot(self.token, base_url=self.base_url, base_file_url=self.base_file_url, **kwargs)

    def application_builder(self) -> ApplicationBuilder[Any, Any, Any, Any, Any, Any]:
        """``Application.builder()`` with token and both URLs set to this server."""
        from telegram.ext import Application

        return (
            Application.builder()
            .token(self.token)
            .base_url(self.base_url)
            .base_file_url(self.base_file_url)
        )

    # -- HTTP --------------------------------------------------------------------------------

    async def _handle_unknown(self, request: web.Request) -> web.Response:
        return _error_response(404, "Not Found")

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _error_response(404, "Not Found")
        path = request.match_info["path"]
        for uploaded in self.files.values():
            if uploaded.file_path == path:
                return web.Response(body=uploaded.content, content_type="application/octet-stream")
        return _error_response(404, "Not Found")

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            status = 401 if ":" in request.match_info["token"] else 404
            return _error_response(status, "Unauthorized" if status == 401 else "Not Found")
        method = request.match_info["method"].lower()
        handler = self._handlers.get(method)
        if handler is None:
            return _error_response(404, "Not Found")
        try:
            params = await _read_params(request)
        except ValueError as exc:
            return _error_response(400, f"Bad Request: {exc}")
        self.requests.append(RecordedRequest(method, params, time.monotonic()))
        try:
            return await self._answer(request, method, handler, params)
        finally:
            self._notify()

    async def _answer(
        self, request: web.Request, method: str, handler: Callable[[JSONDict], Any], p: JSONDict
    ) -> web.StreamResponse:
        chat_id = p.get("chat_id") if isinstance(p.get("chat_id"), int) else None
        failure = self._take_failure(method, chat_id)
        try:
            if failure is not None:
                reply = await self._apply_failure(request, method, chat_id, failure)
                if reply is not None:
                    return reply
            if method in _RATE_LIMITED_METHODS and chat_id is not None:
                self._check_flood(method, chat_id)
            result = await handler(p)
        except ApiError as exc:
            self.errors.append(
                ErrorReply(time.monotonic(), method, chat_id, exc.status, exc.description)
            )
            return _error_response(exc.status, exc.description, exc.parameters)
        return web.json_response({"ok": True, "result": result})

    async def _apply_failure(
        self, request: web.Request, method: str, chat_id: int | None, failure: ScriptedFailure
    ) -> web.StreamResponse | None:
        if failure.delay:
            await asyncio.sleep(failure.delay)
        if failure.reset_connection:
            if request.transport is not None:
                request.transport.abort()
            self.errors.append(ErrorReply(time.monotonic(), method, chat_id, 0, "reset"))
            return web.Response(status=500)
        if failure.status is None:
            return None
        if failure.status == 429 and chat_id is not None:
            retry_after = int((failure.parameters or {}).get("retry_after", 1))
            self.rate_limited.append(
                RateLimitHit(time.monotonic(), method, chat_id, "scripted", retry_after)
            )
        if failure.raw_body is not None:
            self.errors.append(
                ErrorReply(time.monotonic(), method, chat_id, failure.status, failure.raw_body)
            )
            return web.Response(
                status=failure.status, text=failure.raw_body, content_type="text/html"
            )
        raise ApiError(failure.status, failure.description, failure.parameters)

    def _check_flood(self, method: str, chat_id: int) -> None:
        chat = self.chats.get(chat_id)
        is_group = chat.is_group if chat else chat_id < 0
        now = time.monotonic()
        refused = self._flood.admit(chat_id, is_group, now)
        if refused is None:
            return
        wait, scope = refused
        retry_after = max(1, math.ceil(wait))
        self.rate_limited.append(RateLimitHit(now, method, chat_id, scope, retry_after))
        raise ApiError(
            429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
        )

    # -- Bot API methods ---------------------------------------------------------------------

    def _method_table(self) -> dict[str, Callable[[JSONDict], Any]]:
        table = {
            "getMe": self._get_me,
            "logOut": self._true,
            "close": self._true,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "sendDocument": self._send_document,
            "answerCallbackQuery": self._answer_callback_query,
            "getFile": self._get_file,
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
            "getChatAdministrators": self._get_chat_administrators,
            "sendChatAction": self._send_chat_action,
            "deleteMessage": self._delete_message,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "setMyDescription": self._set_profile,
            "setMyShortDescription": self._set_profile,
            "setMyName": self._set_profile,
        }
        return {name.lower(): handler for name, handler in table.items()}
