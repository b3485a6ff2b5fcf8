"""The Bot API's wire format: reading parameters, error replies, small coercions."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from tests.fakes.botapi.constants import _STRING_PARAMS, JSONDict
from tests.fakes.botapi.records import UploadedFile


class ApiError(Exception):
    """Raised by a method handler: becomes ``{"ok": false, ...}`` with this status."""

    def __init__(self, status: int, description: str, parameters: JSONDict | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def _bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


def _infer_chat_type(chat_id: int) -> str:
    if chat_id > 0:
        return "private"
    return "supergroup" if str(chat_id).startswith("-100") else "group"


def _update_kind(update: JSONDict) -> str:
    return next(k for k in update if k != "update_id")


def _decode_value(name: str, value: str) -> Any:
    if name in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _as_int(value: Any, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _bad_request(f"invalid {name} specified") from None


async def _read_params(request: web.Request) -> JSONDict:
    """Request parameters the way Telegram reads them: query, form, multipart or JSON."""
    params: JSONDict = {k: _decode_value(k, v) for k, v in request.query.items()}
    if request.method != "POST" or not request.body_exists:
        return params
    if request.content_type == "application/json":
        body = await request.json()
        if not isinstance(body, dict):
            raise ValueError("request body must be a JSON object")
        params.update(body)
        return params
    form = await request.post()
    for name, value in form.items():
        if isinstance(value, web.FileField):
            content = value.file.read()
            params[name] = UploadedFile("", "", value.filename, content, value.content_type, "")
        else:
            params[name] = _decode_value(name, str(value))
    return params


def _error_response(
    status: int, description: str, parameters: JSONDict | None = None
) -> web.Response:
    body: JSONDict = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=status)
