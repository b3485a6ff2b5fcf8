"""Discord-shaped errors, and the limits Discord checks on messages, embeds, components,
command schemas and interaction callbacks (400 Invalid Form Body, code 50035)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tests.fakes.discord_server.constants import _NAME_RE, JSON

ERRORS: dict[str, tuple[int, JSON]] = {
    "missing_permissions": (403, {"message": "Missing Permissions", "code": 50013}),
    "missing_access": (403, {"message": "Missing Access", "code": 50001}),
    "unknown_channel": (404, {"message": "Unknown Channel", "code": 10003}),
    "unknown_message": (404, {"message": "Unknown Message", "code": 10008}),
    "cannot_dm": (403, {"message": "Cannot send messages to this user", "code": 50007}),
    "server_error": (500, {"message": "500: Internal Server Error", "code": 0}),
    "unavailable": (503, {"message": "503: Service Unavailable", "code": 0}),
}


class DiscordError(Exception):
    """Raised inside handlers; becomes a Discord-shaped error response."""

    def __init__(self, status: int, code: int, message: str, errors: JSON | None = None):
        super().__init__(message)
        self.status, self.body = status, {"code": code, "message": message}
        if errors:
            self.body["errors"] = errors


def _invalid(errors: JSON) -> DiscordError:
    return DiscordError(400, 50035, "Invalid Form Body", errors)


def _error_args(name: str) -> tuple[int, int, str]:
    status, body = ERRORS[name]
    return status, int(body["code"]), str(body["message"])


def _err(code: str, message: str) -> JSON:
    return {"_errors": [{"code": code, "message": message}]}


def _too_long(limit: int) -> JSON:
    return _err("BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def _embed_errors(embed: Mapping[str, Any]) -> tuple[JSON, int]:
    """Per-embed length errors and the embed's character count."""
    errors: JSON = {}
    size = 0
    for key, limit in (("title", 256), ("description", 4096)):
        text = str(embed.get(key) or "")
        size += len(text)
        if len(text) > limit:
            errors[key] = _too_long(limit)
    for key, sub, limit in (("footer", "text", 2048), ("author", "name", 256)):
        text = str((embed.get(key) or {}).get(sub) or "")
        size += len(text)
        if len(text) > limit:
            errors[key] = {sub: _too_long(limit)}
    fields = list(embed.get("fields") or [])
    if len(fields) > 25:
        errors["fields"] = _err("BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    field_errors: JSON = {}
    for i, f in enumerate(fields):
        name, value = str(f.get("name") or ""), str(f.get("value") or "")
        size += len(name) + len(value)
        one: JSON = {}
        if not name or len(name) > 256:
            one["name"] = (
                _too_long(256) if name else _err("BASE_TYPE_REQUIRED", "This field is required")
            )
        if not value or len(value) > 1024:
            one["value"] = (
                _too_long(1024) if value else _err("BASE_TYPE_REQUIRED", "This field is required")
            )
        if one:
            field_errors[str(i)] = one
    if field_errors and "fields" not in errors:
        errors["fields"] = field_errors
    return errors, size


def _component_errors(rows: Sequence[Mapping[str, Any]]) -> JSON:
    errors: JSON = {}
    if len(rows) > 5:
        return _err("BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.")
    for r, row in enumerate(rows):
        items = list(row.get("components") or [])
        if row.get("type") == 1 and not 1 <= len(items) <= 5:
            errors[str(r)] = {
                "components": _err("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.")
            }
            continue
        for i, item in enumerate(items):
            custom_id = item.get("custom_id")
            if custom_id is not None and not 1 <= len(custom_id) <= 100:
                errors.setdefault(str(r), {"components": {}})["components"][str(i)] = {
                    "custom_id": _too_long(100)
                }
            if len(str(item.get("label") or "")) > 80:
                errors.setdefault(str(r), {"components": {}})["components"][str(i)] = {
                    "label": _too_long(80)
                }
    return errors


def validate_message(
    payload: Mapping[str, Any], file_count: int = 0, *, partial: bool = False
) -> None:
    """Raise a 400 like Discord does for a message create/edit body that breaks the limits."""
    errors: JSON = {}
    content = payload.get("content")
    if content is not None and len(str(content)) > 2000:
        errors["content"] = _too_long(2000)
    embeds = list(payload.get("embeds") or [])
    if len(embeds) > 10:
        errors["embeds"] = _err("BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
    total = 0
    embed_errors: JSON = {}
    for i, embed in enumerate(embeds):
        one, size = _embed_errors(embed)
        total += size
        if one:
            embed_errors[str(i)] = one
    if embed_errors:
        errors.setdefault("embeds", embed_errors)
    elif total > 6000:
        errors["embeds"] = _err(
            "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000"
        )
    component_errors = _component_errors(list(payload.get("components") or []))
    if component_errors:
        errors["components"] = component_errors
    if errors:
        raise _invalid(errors)
    empty = not content and not embeds and not file_count and not payload.get("components")
    if empty and not partial and not payload.get("poll") and not payload.get("sticker_ids"):
        raise DiscordError(400, 50006, "Cannot send an empty message")


def _option_errors(options: Sequence[Mapping[str, Any]]) -> JSON:
    errors: JSON = {}
    if len(options) > 25:
        return _err("BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    seen_optional = False
    for i, opt in enumerate(options):
        one: JSON = {}
        if not _NAME_RE.match(str(opt.get("name", ""))) or opt["name"] != opt["name"].lower():
            one["name"] = _err("APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
        if not 1 <= len(str(opt.get("description") or "")) <= 100:
            one["description"] = _err(
                "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."
            )
        choices = list(opt.get("choices") or [])
        if len(choices) > 25:
            one["choices"] = _err("BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
        if choices and opt.get("autocomplete"):
            one["autocomplete"] = _err(
                "AUTOCOMPLETE_AND_CHOICES_ERROR", "Autocomplete cannot be set with choices"
            )
        if opt.get("type") in (1, 2):
            nested = _option_errors(list(opt.get("options") or []))
            if nested:
                one["options"] = nested
        elif opt.get("required"):
            if seen_optional:
                one["required"] = _err(
                    "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    "Required options must be placed before non-required options",
                )
        else:
            seen_optional = True
        if one:
            errors[str(i)] = one
    return errors


def validate_commands(commands: Sequence[Mapping[str, Any]]) -> None:
    """Raise a 400 for a bulk overwrite that Discord would refuse."""
    if len(commands) > 100:
        raise _invalid(_err("BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length."))
    errors: JSON = {}
    for i, cmd in enumerate(commands):
        one: JSON = {}
        chat_input = cmd.get("type", 1) == 1
        name = str(cmd.get("name", ""))
        if not _NAME_RE.match(name) or (chat_input and name != name.lower()):
            one["name"] = _err("APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
        if chat_input and not 1 <= len(str(cmd.get("description") or "")) <= 100:
            one["description"] = _err(
                "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."
            )
        opt_errors = _option_errors(list(cmd.get("options") or []))
        if opt_errors:
            one["options"] = opt_errors
        if one:
            errors[str(i)] = one
    if errors:
        raise _invalid(errors)


def _choice_errors(choices: Sequence[Mapping[str, Any]]) -> JSON:
    if len(choices) > 25:
        return {"choices": _err("BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")}
    errors: JSON = {}
    for i, choice in enumerate(choices):
        if not 1 <= len(str(choice.get("name") or "")) <= 100:
            errors[str(i)] = {
                "name": _err("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
            }
        elif isinstance(choice.get("value"), str) and len(choice["value"]) > 100:
            errors[str(i)] = {"value": _too_long(100)}
    return {"choices": errors} if errors else {}


def _validate_callback_data(cb_type: int, data: JSON, file_count: int) -> None:
    if cb_type in (4, 7):
        validate_message(data, file_count, partial=cb_type == 7)
    elif cb_type == 8:
        choice_errors = _choice_errors(list(data.get("choices") or []))
        if choice_errors:
            raise _invalid({"data": choice_errors})
    elif cb_type == 9:
        errors: JSON = {}
        if not 1 <= len(str(data.get("title") or "")) <= 45:
            errors["title"] = _err("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 45 in length.")
        if not 1 <= len(str(data.get("custom_id") or "")) <= 100:
            errors["custom_id"] = _err(
                "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."
            )
        if not 1 <= len(list(data.get("components") or [])) <= 5:
            errors["components"] = _err(
                "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length."
            )
        if errors:
            raise _invalid({"data": errors})
