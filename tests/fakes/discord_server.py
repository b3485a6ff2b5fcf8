"""A Discord-compatible REST + gateway server on 127.0.0.1 for sitrep's tests.

The real discord.py client talks to it exactly as it talks to Discord: REST under
``{rest_base}`` (``/api/v10``) and the gateway websocket at ``{gateway_url}``.
discord.py has no base-URL option, so :func:`point_discord_py_at` rewrites the two
class attributes it reads (``discord.http.Route.BASE`` and
``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY``). ``GET /gateway``,
``GET /gateway/bot`` and READY's ``resume_gateway_url`` also name this server, so a
client that asks for the gateway URL (AutoShardedClient, resumes) stays here too.

What it models (from Discord's documentation):

* gateway: HELLO, IDENTIFY -> READY (guilds unavailable) + GUILD_CREATE per guild,
  heartbeat ACKs, RESUME with replay, REQUEST_GUILD_MEMBERS -> GUILD_MEMBERS_CHUNK,
  ``compress=zlib-stream`` honoured (other transport compressions get plain text frames,
  which discord.py accepts), privileged-intent refusal (close 4014) when configured;
* REST: every route discord.py touches for login, connect, ``tree.sync``, interaction
  callbacks (types 4-9), follow-ups, ``@original`` edits, channel messages (JSON or
  multipart with files), DMs; message/embed/component limits and command schemas
  validated with Discord-shaped 400 bodies (code 50035);
* permissions: the bot's permissions in a channel (roles + overwrites) decide 403
  Missing Access (50001) / Missing Permissions (50013), as Discord does;
* rate limits: per-route buckets with ``X-RateLimit-*`` headers, optional global
  limit, scripted 429s; every response carries ``Via`` and an exact
  ``application/json`` content type (discord.py needs both);
* interactions: acknowledgement deadline (404 Unknown interaction, 10062, after
  ``ack_deadline`` seconds), double acknowledgement (40060).

Everything is recorded in order; ``wait_for_*`` helpers await what a test expects.
Keep ``Client(guild_ready_timeout=0.05)`` in tests so ``on_ready`` fires quickly.

Typical use::

    async with FakeDiscord() as fake:
        # the product: DISCORD_API_BASE_URL=fake.rest_base (includes /api/v10),
        # DISCORD_GATEWAY_URL=fake.gateway_url, DISCORD_BOT_TOKEN=fake.token
        await fake.wait_for_sync(DEFAULT_GUILD_ID)
        it = await fake.send_slash_command("quotes", {"speaker": "Mark Rutte"})
        reply = await it.wait_for_response()          # callback type 4/5/...
        click = await fake.click_button(it.original, "quotes:more")
        fake.rate_limit_channel(DEFAULT_CHANNEL_ID, retry_after=0.2)
        fake.fail_channel(DEFAULT_ALERTS_CHANNEL_ID, "missing_permissions")
        msg = await fake.wait_for_message(DEFAULT_CHANNEL_ID)   # .embeds, .components

discord.py retries 500/502/504 by itself with 1 s, 3 s, 5 s ... sleeps: script 503 (or
``times=1``) to keep a test fast.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import math
import re
import secrets
import time
import zlib
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import yarl
from aiohttp import WSMsgType, web

log = logging.getLogger(__name__)

T = TypeVar("T")
JSON = dict[str, Any]

API_PREFIX = "/api/v10"
GATEWAY_PATH = "/gateway-ws/"

# Permission bits (https://discord.com/developers/docs/topics/permissions).
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
USE_APPLICATION_COMMANDS = 1 << 31
SEND_MESSAGES_IN_THREADS = 1 << 38
ALL_PERMISSIONS = (1 << 51) - 1
MEMBER_DEFAULT = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_APPLICATION_COMMANDS
    | SEND_MESSAGES_IN_THREADS
)

PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15)  # members, presences, message content
EPHEMERAL = 1 << 6
LOADING = 1 << 7

# Channel types.
TEXT, DM, VOICE, CATEGORY, NEWS = 0, 1, 2, 4, 5
PUBLIC_THREAD, PRIVATE_THREAD = 11, 12
THREAD_TYPES = (10, PUBLIC_THREAD, PRIVATE_THREAD)

# The default world: one guild with two text channels and a thread.
DEFAULT_BOT_ID = 1_200_000_000_000_000_001
DEFAULT_GUILD_ID = 1_200_000_000_000_001_000
DEFAULT_CHANNEL_ID = 1_200_000_000_000_001_001
DEFAULT_ALERTS_CHANNEL_ID = 1_200_000_000_000_001_002
DEFAULT_THREAD_ID = 1_200_000_000_000_001_003
DEFAULT_OWNER_ID = 1_200_000_000_000_002_001
DEFAULT_MEMBER_ID = 1_200_000_000_000_002_002

_DISCORD_EPOCH_MS = 1_420_070_400_000
_NAME_RE = re.compile(r"^[-_\w]{1,32}$")


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


def _now_iso() -> str:
    return datetime.now(UTC).isoformat()


# --------------------------------------------------------------------------- world


@dataclass
class FakeUser:
    id: int
    username: str
    bot: bool = False
    global_name: str | None = None

    def payload(self) -> JSON:
        return {
            "id": str(self.id),
            "username": self.username,
            "global_name": self.global_name,
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
            "flags": 0,
        }


@dataclass
class FakeRole:
    id: int
    name: str
    permissions: int = 0
    position: int = 0

    def payload(self) -> JSON:
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "colors": {"primary_color": 0},
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }


@dataclass
class FakeOverwrite:
    """A channel permission overwrite; ``type`` 0 = role, 1 = member."""

    id: int
    type: int = 0
    allow: int = 0
    deny: int = 0

    def payload(self) -> JSON:
        return {
            "id": str(self.id),
            "type": self.type,
            "allow": str(self.allow),
            "deny": str(self.deny),
        }


@dataclass
class FakeChannel:
    """A guild channel or thread (``type`` 11/12 with ``parent_id``)."""

    id: int
    name: str
    type: int = TEXT
    parent_id: int | None = None
    position: int = 0
    overwrites: list[FakeOverwrite] = field(default_factory=list)
    topic: str | None = None
    owner_id: int | None = None
    archived: bool = False

    @property
    def is_thread(self) -> bool:
        return self.type in THREAD_TYPES

    def payload(self, guild_id: int) -> JSON:
        data: JSON = {
            "id": str(self.id),
            "guild_id": str(guild_id),
            "type": self.type,
            "name": self.name,
            "parent_id": str(self.parent_id) if self.parent_id else None,
            "flags": 0,
            "last_message_id": None,
            "rate_limit_per_user": 0,
        }
        if self.is_thread:
            data |= {
                "owner_id": str(self.owner_id or DEFAULT_OWNER_ID),
                "message_count": 0,
                "member_count": 1,
                "thread_metadata": {
                    "archived": self.archived,
                    "auto_archive_duration": 1440,
                    "archive_timestamp": _now_iso(),
                    "locked": False,
                },
            }
        else:
            data |= {
                "position": self.position,
                "permission_overwrites": [o.payload() for o in self.overwrites],
                "topic": self.topic,
                "nsfw": False,
            }
        return data


@dataclass
class FakeMember:
    user: FakeUser
    roles: list[int] = field(default_factory=list)
    nick: str | None = None

    def payload(self) -> JSON:
        return {
            "user": self.user.payload(),
            "roles": [str(r) for r in self.roles],
            "nick": self.nick,
            "avatar": None,
            "joined_at": _now_iso(),
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
        }


@dataclass
class FakeGuild:
    """A guild; the ``@everyone`` role has the guild's id."""

    id: int
    name: str
    owner_id: int
    roles: list[FakeRole] = field(default_factory=list)
    channels: list[FakeChannel] = field(default_factory=list)
    members: list[FakeMember] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not any(r.id == self.id for r in self.roles):
            self.roles.insert(0, FakeRole(self.id, "@everyone", MEMBER_DEFAULT))

    def channel(self, channel_id: int) -> FakeChannel | None:
        return next((c for c in self.channels if c.id == channel_id), None)

    def member(self, user_id: int) -> FakeMember | None:
        return next((m for m in self.members if m.user.id == user_id), None)

    def role(self, role_id: int) -> FakeRole | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def permissions(self, user_id: int, channel_id: int | None = None) -> int:
        """Discord's permission computation: base (roles) then channel overwrites."""
        if user_id == self.owner_id:
            return ALL_PERMISSIONS
        member = self.member(user_id)
        role_ids = [self.id, *(member.roles if member else [])]
        base = 0
        for role_id in role_ids:
            role = self.role(role_id)
            base |= role.permissions if role else 0
        if base & ADMINISTRATOR:
            return ALL_PERMISSIONS
        channel = self.channel(channel_id) if channel_id is not None else None
        if channel is not None and channel.is_thread and channel.parent_id:
            channel = self.channel(channel.parent_id)
        if channel is None:
            return base
        return _apply_overwrites(base, channel.overwrites, self.id, role_ids, user_id)

    def payload(self, bot: FakeUser) -> JSON:
        members = list(self.members)
        if self.member(bot.id) is None:
            members.append(FakeMember(bot))
        return {
            "id": str(self.id),
            "name": self.name,
            "owner_id": str(self.owner_id),
            "unavailable": False,
            "large": False,
            "member_count": len(members),
            "joined_at": _now_iso(),
            "roles": [r.payload() for r in self.roles],
            "channels": [c.payload(self.id) for c in self.channels if not c.is_thread],
            "threads": [c.payload(self.id) for c in self.channels if c.is_thread],
            "members": [m.payload() for m in members],
            "emojis": [],
            "stickers": [],
            "features": [],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "preferred_locale": "en-US",
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "system_channel_flags": 0,
            "afk_timeout": 300,
            "icon": None,
            "banner": None,
            "splash": None,
            "description": None,
        }


def _apply_overwrites(
    base: int,
    overwrites: Sequence[FakeOverwrite],
    guild_id: int,
    role_ids: Sequence[int],
    user_id: int,
) -> int:
    perms = base
    for o in overwrites:
        if o.type == 0 and o.id == guild_id:
            perms = (perms & ~o.deny) | o.allow
    allow = deny = 0
    for o in overwrites:
        if o.type == 0 and o.id != guild_id and o.id in role_ids:
            allow, deny = allow | o.allow, deny | o.deny
    perms = (perms & ~deny) | allow
    for o in overwrites:
        if o.type == 1 and o.id == user_id:
            perms = (perms & ~o.deny) | o.allow
    return perms


def default_guild() -> FakeGuild:
    """One guild: owner, an analyst, a moderator role with Manage Server, two channels, a thread."""
    owner = FakeUser(DEFAULT_OWNER_ID, "desk-editor")
    analyst = FakeUser(DEFAULT_MEMBER_ID, "analyst")
    moderators = FakeRole(DEFAULT_GUILD_ID + 50, "moderators", MANAGE_GUILD, position=1)
    return FakeGuild(
        id=DEFAULT_GUILD_ID,
        name="Defence Desk",
        owner_id=owner.id,
        roles=[moderators],
        channels=[
            FakeChannel(DEFAULT_CHANNEL_ID, "briefings", position=0),
            FakeChannel(DEFAULT_ALERTS_CHANNEL_ID, "alerts", position=1),
            FakeChannel(
                DEFAULT_THREAD_ID, "ukraine-watch", PUBLIC_THREAD, parent_id=DEFAULT_CHANNEL_ID
            ),
        ],
        members=[FakeMember(owner), FakeMember(analyst)],
    )


# --------------------------------------------------------------------------- records


@dataclass
class RecordedFile:
    field: str
    filename: str
    content_type: str
    data: bytes


@dataclass
class RecordedRequest:
    method: str
    path: str
    route: str  # "POST /channels/{channel_id}/messages"
    params: dict[str, str]
    query: dict[str, str]
    json: Any
    files: list[RecordedFile]
    status: int = 0
    response: Any = None
    at: float = 0.0


@dataclass
class RecordedMessage:
    id: int
    channel_id: int
    payload: JSON  # what the client sent (payload_json for multipart)
    source: str  # "channel" | "interaction" | "followup"
    files: list[RecordedFile] = field(default_factory=list)
    interaction_id: int | None = None
    edits: list[JSON] = field(default_factory=list)
    deleted: bool = False
    flags: int = 0

    @property
    def content(self) -> str:
        return str(self.payload.get("content") or "")

    @property
    def embeds(self) -> list[JSON]:
        return list(self.payload.get("embeds") or [])

    @property
    def components(self) -> list[JSON]:
        return list(self.payload.get("components") or [])

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def loading(self) -> bool:
        return bool(self.flags & LOADING)

    def custom_ids(self) -> list[str]:
        """Every component custom_id on the message, rows flattened."""
        found: list[str] = []
        for row in self.components:
            for item in row.get("components", []):
                if "custom_id" in item:
                    found.append(item["custom_id"])
        return found


@dataclass
class InteractionCallback:
    interaction_id: int
    type: int
    data: JSON
    latency: float  # seconds from INTERACTION_CREATE to the callback


@dataclass
class CommandSync:
    application_id: int
    guild_id: int | None
    commands: list[JSON]

    def names(self) -> list[str]:
        return [c["name"] for c in self.commands]

    def command(self, name: str) -> JSON:
        return next(c for c in self.commands if c["name"] == name)


@dataclass
class FakeInteraction:
    """An INTERACTION_CREATE the fake dispatched, and what the bot answered."""

    server: FakeDiscord
    id: int
    token: str
    type: int
    payload: JSON
    dispatched_at: float
    callbacks: list[InteractionCallback] = field(default_factory=list)
    original_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)

    @property
    def response(self) -> InteractionCallback | None:
        return self.callbacks[0] if self.callbacks else None

    @property
    def original(self) -> RecordedMessage | None:
        return self.server.messages_by_id.get(self.original_id) if self.original_id else None

    @property
    def followups(self) -> list[RecordedMessage]:
        return [self.server.messages_by_id[i] for i in self.followup_ids]

    async def wait_for_response(self, timeout: float = 5.0) -> InteractionCallback:
        return await self.server.wait_for(lambda: self.response, timeout)

    async def wait_for_followups(
        self, count: int = 1, timeout: float = 5.0
    ) -> list[RecordedMessage]:
        return await self.server.wait_for(
            lambda: self.followups if len(self.followup_ids) >= count else None, timeout
        )

    async def wait_for_original(
        self, predicate: Callable[[RecordedMessage], bool] | None = None, timeout: float = 5.0
    ) -> RecordedMessage:
        def ready() -> RecordedMessage | None:
            msg = self.original
            if msg is None or (predicate is not None and not predicate(msg)):
                return None
            return msg

        return await self.server.wait_for(ready, timeout)


@dataclass
class _Fault:
    matches: Callable[[str, Mapping[str, str]], bool]
    status: int
    body: JSON
    times: int | None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class _Bucket:
    limit: int
    window: float
    remaining: int
    reset_at: float


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


# --------------------------------------------------------------------------- validation


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


# --------------------------------------------------------------------------- server

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


@dataclass
class _GatewaySession:
    ws: web.WebSocketResponse
    session_id: str = ""
    seq: int = 0
    compressor: Any = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    identified: bool = False
    intents: int = 0
    sent: list[JSON] = field(default_factory=list)


class FakeDiscord:
    """A Discord REST + gateway server on an ephemeral 127.0.0.1 port.

    Use as ``async with FakeDiscord() as fake:``; ``fake.rest_base`` and
    ``fake.gateway_url`` are what the product reads from ``DISCORD_API_BASE_URL`` /
    ``DISCORD_GATEWAY_URL``; ``fake.point_discord_py()`` does the pointing for tests
    that drive discord.py directly (restored on exit).
    """

    def __init__(
        self,
        *,
        token: str = "fake-bot-token",
        bot: FakeUser | None = None,
        application_id: int | None = None,
        guilds: Sequence[FakeGuild] | None = None,
        heartbeat_interval_ms: int = 41_250,
        ack_deadline: float = 3.0,
        route_limits: Mapping[str, tuple[int, float]] | None = None,
        default_limit: tuple[int, float] = (1000, 1.0),
        global_limit: tuple[int, float] | None = None,
        privileged_intents_allowed: bool = True,
        honour_compression: bool = True,
        host: str = "127.0.0.1",
    ) -> None:
        self.token = token
        self.bot = bot or FakeUser(DEFAULT_BOT_ID, "sitrep", bot=True)
        self.application_id = application_id or self.bot.id
        self.guilds: list[FakeGuild] = list(guilds) if guilds is not None else [default_guild()]
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.ack_deadline = ack_deadline
        self.route_limits: dict[str, tuple[int, float]] = {
            "POST /channels/{channel_id}/messages": (50, 1.0),
            **(route_limits or {}),
        }
        self.default_limit = default_limit
        self.global_limit = global_limit  # (requests, window seconds), e.g. (50, 1.0)
        self.privileged_intents_allowed = privileged_intents_allowed
        self.honour_compression = honour_compression
        self.host = host

        # records, in arrival order
        self.requests: list[RecordedRequest] = []
        self.messages: list[RecordedMessage] = []
        self.messages_by_id: dict[int, RecordedMessage] = {}
        self.interactions: list[FakeInteraction] = []
        self.command_syncs: list[CommandSync] = []
        self.gateway_received: list[JSON] = []
        self.identifies: list[JSON] = []
        self.gateway_connections: list[dict[str, str]] = []  # query of each websocket
        self.unhandled: list[RecordedRequest] = []
        self.commands: dict[int | None, list[JSON]] = {}  # guild id (None = global) -> commands
        self.dm_channels: dict[int, int] = {}  # channel id -> user id

        self._faults: list[_Fault] = []
        self._buckets: dict[str, _Bucket] = {}
        self._global_window: tuple[float, int] = (0.0, 0)
        self._sessions: dict[str, _GatewaySession] = {}
        self._live: list[_GatewaySession] = []
        self._interactions_by_token: dict[str, FakeInteraction] = {}
        self._ids = itertools.count(1)
        self._tick = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._port = 0
        self._previous_pointing: tuple[str, yarl.URL] | None = None
        self._routes = list(self._route_table())

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
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        server = site._server
        assert server is not None
        self._port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
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

    @property
    def port(self) -> int:
        return self._port

    @property
    def rest_base(self) -> str:
        return f"http://{self.host}:{self._port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://{self.host}:{self._port}{GATEWAY_PATH}"

    def point_discord_py(self) -> None:
        """Point discord.py at this server until :meth:`close`."""
        previous = point_discord_py_at(self.rest_base, self.gateway_url)
        if self._previous_pointing is None:
            self._previous_pointing = previous

    # ------------------------------------------------------------------ waiting

    def _notify(self) -> None:
        tick, self._tick = self._tick, asyncio.Event()
        tick.set()

    async def wait_for(self, check: Callable[[], T | None], timeout: float = 5.0) -> T:
        """Wait until ``check()`` returns something truthy; return it."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            found = check()
            if found:
                return found
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise TimeoutError(f"fake discord: condition not met within {timeout}s")
            with contextlib.suppress(TimeoutError):
                # Short waits also let conditions on client-side state be seen promptly.
                await asyncio.wait_for(self._tick.wait(), min(remaining, 0.02))

    async def wait_for_identify(self, timeout: float = 5.0) -> JSON:
        return await self.wait_for(
            lambda: self.identifies[-1] if self.identifies else None, timeout
        )

    async def wait_for_sync(self, guild_id: int | None = None, timeout: float = 5.0) -> CommandSync:
        """The latest bulk overwrite for that scope (``None`` = global commands)."""
        return await self.wait_for(
            lambda: next((s for s in reversed(self.command_syncs) if s.guild_id == guild_id), None),
            timeout,
        )

    async def wait_for_message(
        self,
        channel_id: int | None = None,
        predicate: Callable[[RecordedMessage], bool] | None = None,
        timeout: float = 5.0,
    ) -> RecordedMessage:
        """The first recorded channel message matching channel and predicate."""
        return await self.wait_for(
            lambda: next(iter(self.channel_messages(channel_id, predicate)), None), timeout
        )

    async def wait_for_messages(
        self, channel_id: int | None = None, count: int = 1, timeout: float = 5.0
    ) -> list[RecordedMessage]:
        def ready() -> list[RecordedMessage] | None:
            found = self.channel_messages(channel_id)
            return found if len(found) >= count else None

        return await self.wait_for(ready, timeout)

    async def wait_for_request(self, route: str, timeout: float = 5.0) -> RecordedRequest:
        """The first finished request whose route key (``"PUT /applications/..."``) matches."""
        return await self.wait_for(
            lambda: next((r for r in self.requests if r.route == route and r.status), None), timeout
        )

    def channel_messages(
        self,
        channel_id: int | None = None,
        predicate: Callable[[RecordedMessage], bool] | None = None,
    ) -> list[RecordedMessage]:
        """Messages the bot posted with POST /channels/{id}/messages, in order."""
        return [
            m
            for m in self.messages
            if m.source == "channel"
            and (channel_id is None or m.channel_id == channel_id)
            and (predicate is None or predicate(m))
        ]

    # ------------------------------------------------------------------ scripting

    def fail_channel(
        self, channel_id: int, error: str | int = "missing_permissions", *, times: int | None = 1
    ) -> None:
        """The next ``times`` requests on routes with this channel id fail (None = always).

        ``error`` is a key of :data:`ERRORS` or an HTTP status.
        """
        self.fail_route(
            lambda _route, params: params.get("channel_id") == str(channel_id), error, times=times
        )

    def fail_route(
        self,
        matches: str | Callable[[str, Mapping[str, str]], bool],
        error: str | int = "server_error",
        *,
        times: int | None = 1,
    ) -> None:
        """Fail requests whose route key starts with ``matches`` (or satisfies it)."""
        if isinstance(error, int):
            status, body = error, {"message": f"{error}: fake failure", "code": 0}
        else:
            status, body = ERRORS[error]
        self._faults.append(_Fault(_matcher(matches), status, dict(body), times))

    def rate_limit_channel(
        self, channel_id: int, retry_after: float = 0.25, *, times: int = 1, is_global: bool = False
    ) -> None:
        """The next ``times`` requests on this channel's routes get 429 with ``retry_after``."""
        self.rate_limit_route(
            lambda _route, params: params.get("channel_id") == str(channel_id),
            retry_after,
            times=times,
            is_global=is_global,
        )

    def rate_limit_route(
        self,
        matches: str | Callable[[str, Mapping[str, str]], bool],
        retry_after: float = 0.25,
        *,
        times: int = 1,
        is_global: bool = False,
    ) -> None:
        body = {
            "message": "You are being rate limited.",
            "retry_after": retry_after,
            "global": is_global,
        }
        headers = {
            "Retry-After": str(math.ceil(retry_after)),
            "X-RateLimit-Scope": "global" if is_global else "user",
        }
        if is_global:
            headers["X-RateLimit-Global"] = "true"
        self._faults.append(_Fault(_matcher(matches), 429, body, times, headers))

    def clear_faults(self) -> None:
        self._faults.clear()

    # ------------------------------------------------------------------ world changes

    def open_dm(self, user_id: int) -> int:
        """The DM channel id between the bot and ``user_id`` (created on first use)."""
        existing = next((c for c, u in self.dm_channels.items() if u == user_id), None)
        if existing is not None:
            return existing
        channel_id = self._snowflake()
        self.dm_channels[channel_id] = user_id
        return channel_id

    async def add_guild(self, guild: FakeGuild) -> None:
        """The bot joins ``guild``: GUILD_CREATE."""
        self.guilds.append(guild)
        await self.dispatch("GUILD_CREATE", guild.payload(self.bot))

    async def remove_guild(self, guild_id: int) -> None:
        """The bot is removed from the guild: GUILD_DELETE without ``unavailable``."""
        self.guilds = [g for g in self.guilds if g.id != guild_id]
        await self.dispatch("GUILD_DELETE", {"id": str(guild_id)})

    async def update_channel(self, guild_id: int, channel: FakeChannel) -> None:
        """Tell clients a channel (or thread) changed, e.g. after editing its overwrites."""
        event = "THREAD_UPDATE" if channel.is_thread else "CHANNEL_UPDATE"
        await self.dispatch(event, channel.payload(guild_id))

    # ------------------------------------------------------------------ world look-ups

    def guild(self, guild_id: int) -> FakeGuild:
        return next(g for g in self.guilds if g.id == guild_id)

    def find_channel(self, channel_id: int) -> tuple[FakeGuild | None, FakeChannel] | None:
        for guild in self.guilds:
            channel = guild.channel(channel_id)
            if channel is not None:
                return guild, channel
        if channel_id in self.dm_channels:
            return None, FakeChannel(channel_id, "", DM)
        return None

    def _snowflake(self) -> int:
        ms = int(time.time() * 1000) - _DISCORD_EPOCH_MS
        return (ms << 22) | (next(self._ids) & 0x3FFFFF)

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

    def _scripted_fault(
        self, route_key: str, params: Mapping[str, str], headers: dict[str, str]
    ) -> tuple[int, Any] | None:
        for fault in self._faults:
            if fault.times == 0 or not fault.matches(route_key, params):
                continue
            if fault.times is not None:
                fault.times -= 1
            headers |= fault.headers
            if fault.status == 429:
                headers |= {
                    "X-RateLimit-Limit": "5",
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset-After": str(fault.body["retry_after"]),
                    "X-RateLimit-Reset": f"{time.time() + fault.body['retry_after']:.3f}",
                    "X-RateLimit-Bucket": _bucket_hash(route_key),
                }
            return fault.status, dict(fault.body)
        return None

    def _rate_limit(
        self, route: _Route, params: Mapping[str, str], headers: dict[str, str]
    ) -> tuple[int, Any] | None:
        now = time.monotonic()
        if self.global_limit is not None and route.auth:
            allowed, span = self.global_limit
            start, count = self._global_window
            start, count = (start, count + 1) if now - start < span else (now, 1)
            self._global_window = (start, count)
            if count > allowed:
                retry = round(span - (now - start), 3)
                headers |= {
                    "X-RateLimit-Global": "true",
                    "X-RateLimit-Scope": "global",
                    "Retry-After": str(math.ceil(retry)),
                }
                return 429, {
                    "message": "You are being rate limited.",
                    "retry_after": retry,
                    "global": True,
                }
        limit, window = self.route_limits.get(route.key, self.default_limit)
        major = "+".join(v for k, v in sorted(params.items()) if k not in ("message_id", "user_id"))
        key = f"{route.key}:{major}"
        bucket = self._buckets.get(key)
        if bucket is None or now >= bucket.reset_at:
            bucket = self._buckets[key] = _Bucket(limit, window, limit, now + window)
        reset_after = max(bucket.reset_at - now, 0.0)
        headers |= {
            "X-RateLimit-Limit": str(bucket.limit),
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Bucket": _bucket_hash(route.key),
        }
        if bucket.remaining <= 0:
            headers |= {
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Scope": "user",
                "Retry-After": str(math.ceil(reset_after)),
            }
            return 429, {
                "message": "You are being rate limited.",
                "retry_after": round(reset_after, 3),
                "global": False,
            }
        bucket.remaining -= 1
        headers["X-RateLimit-Remaining"] = str(bucket.remaining)
        return None

    # ------------------------------------------------------------------ REST handlers: session

    async def _get_gateway(self, call: _Call) -> tuple[int, Any]:
        return 200, {"url": self.gateway_url}

    async def _get_gateway_bot(self, call: _Call) -> tuple[int, Any]:
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return 200, {"url": self.gateway_url, "shards": 1, "session_start_limit": limit}

    async def _get_me(self, call: _Call) -> tuple[int, Any]:
        return 200, self.bot.payload() | {"verified": True, "mfa_enabled": False, "locale": "en-US"}

    async def _get_user(self, call: _Call) -> tuple[int, Any]:
        user_id = call.int_param("user_id")
        for guild in self.guilds:
            member = guild.member(user_id)
            if member is not None:
                return 200, member.user.payload()
        raise DiscordError(404, 10013, "Unknown User")

    async def _get_application(self, call: _Call) -> tuple[int, Any]:
        owner = FakeUser(DEFAULT_OWNER_ID, "desk-editor")
        return 200, {
            "id": str(self.application_id),
            "name": self.bot.username,
            "description": "Defence news briefings",
            "icon": None,
            "bot_public": False,
            "bot_require_code_grant": False,
            "owner": owner.payload(),
            "verify_key": "0" * 64,
            "flags": 0,
            "bot": self.bot.payload(),
            "interactions_endpoint_url": None,
            "team": None,
        }

    async def _create_dm(self, call: _Call) -> tuple[int, Any]:
        user_id = int((call.json or {}).get("recipient_id", 0))
        channel_id = self.open_dm(user_id)
        user = FakeUser(user_id, f"user{user_id}")
        return 200, {
            "id": str(channel_id),
            "type": DM,
            "recipients": [user.payload()],
            "last_message_id": None,
        }

    # ------------------------------------------------------------------ REST handlers: commands

    async def _get_commands(self, call: _Call) -> tuple[int, Any]:
        self._check_application(call)
        guild_id = int(call.params["guild_id"]) if "guild_id" in call.params else None
        return 200, self.commands.get(guild_id, [])

    async def _put_commands(self, call: _Call) -> tuple[int, Any]:
        self._check_application(call)
        guild_id = int(call.params["guild_id"]) if "guild_id" in call.params else None
        if guild_id is not None and not any(g.id == guild_id for g in self.guilds):
            raise DiscordError(403, 50001, "Missing Access")
        commands = list(call.json or [])
        validate_commands(commands)
        previous = {c["name"]: c["id"] for c in self.commands.get(guild_id, [])}
        stored = [
            {
                "options": [],
                "default_member_permissions": None,
                "dm_permission": True,
                "nsfw": False,
                "type": 1,
                **cmd,
                "id": previous.get(cmd["name"], str(self._snowflake())),
                "application_id": str(self.application_id),
                "version": str(self._snowflake()),
                **({"guild_id": str(guild_id)} if guild_id is not None else {}),
            }
            for cmd in commands
        ]
        self.commands[guild_id] = stored
        self.command_syncs.append(CommandSync(self.application_id, guild_id, stored))
        return 200, stored

    def _check_application(self, call: _Call) -> None:
        if call.params.get("application_id") != str(self.application_id):
            raise DiscordError(403, 50001, "Missing Access")

    def find_command(self, name: str, guild_id: int | None) -> JSON | None:
        """The synced command of that name: the guild's first, then global."""
        for scope in (guild_id, None):
            for cmd in self.commands.get(scope, []):
                if cmd["name"] == name:
                    return cmd
        return None

    # ------------------------------------------------------------------ REST handlers: channels

    def _require_channel(self, channel_id: int) -> tuple[FakeGuild | None, FakeChannel]:
        found = self.find_channel(channel_id)
        if found is None:
            raise DiscordError(*_error_args("unknown_channel"))
        guild, channel = found
        if guild is not None and not guild.permissions(self.bot.id, channel_id) & VIEW_CHANNEL:
            raise DiscordError(*_error_args("missing_access"))
        return guild, channel

    async def _get_channel(self, call: _Call) -> tuple[int, Any]:
        channel_id = call.int_param("channel_id")
        guild, channel = self._require_channel(channel_id)
        if guild is None:
            user = FakeUser(self.dm_channels[channel_id], f"user{self.dm_channels[channel_id]}")
            return 200, {"id": str(channel_id), "type": DM, "recipients": [user.payload()]}
        return 200, channel.payload(guild.id)

    async def _create_message(self, call: _Call) -> tuple[int, Any]:
        channel_id = call.int_param("channel_id")
        guild, channel = self._require_channel(channel_id)
        payload = dict(call.json or {})
        if guild is not None:
            perms = guild.permissions(self.bot.id, channel_id)
            needed = SEND_MESSAGES_IN_THREADS if channel.is_thread else SEND_MESSAGES
            if not perms & needed or (call.files and not perms & ATTACH_FILES):
                raise DiscordError(*_error_args("missing_permissions"))
        validate_message(payload, len(call.files))
        msg = self._record_message(
            channel_id, payload, "channel", call.files, flags=int(payload.get("flags") or 0)
        )
        return 200, self.message_payload(msg)

    async def _typing(self, call: _Call) -> tuple[int, Any]:
        self._require_channel(call.int_param("channel_id"))
        return 204, None

    def _channel_message(self, call: _Call) -> RecordedMessage:
        channel_id = call.int_param("channel_id")
        self._require_channel(channel_id)
        msg = self.messages_by_id.get(call.int_param("message_id"))
        if msg is None or msg.deleted or msg.channel_id != channel_id:
            raise DiscordError(*_error_args("unknown_message"))
        return msg

    async def _get_message(self, call: _Call) -> tuple[int, Any]:
        return 200, self.message_payload(self._channel_message(call))

    async def _edit_message(self, call: _Call) -> tuple[int, Any]:
        msg = self._channel_message(call)
        self._apply_edit(msg, dict(call.json or {}), call.files)
        return 200, self.message_payload(msg)

    async def _delete_message(self, call: _Call) -> tuple[int, Any]:
        self._channel_message(call).deleted = True
        return 204, None

    async def _get_guild(self, call: _Call) -> tuple[int, Any]:
        return 200, self._require_guild(call).payload(self.bot)

    async def _get_guild_channels(self, call: _Call) -> tuple[int, Any]:
        guild = self._require_guild(call)
        return 200, [c.payload(guild.id) for c in guild.channels if not c.is_thread]

    async def _get_member(self, call: _Call) -> tuple[int, Any]:
        member = self._require_guild(call).member(call.int_param("user_id"))
        if member is None:
            raise DiscordError(404, 10007, "Unknown Member")
        return 200, member.payload()

    def _require_guild(self, call: _Call) -> FakeGuild:
        guild_id = call.int_param("guild_id")
        guild = next((g for g in self.guilds if g.id == guild_id), None)
        if guild is None:
            raise DiscordError(404, 10004, "Unknown Guild")
        return guild

    # ------------------------------------------------------------------ messages

    def _record_message(
        self,
        channel_id: int,
        payload: JSON,
        source: str,
        files: Sequence[RecordedFile] = (),
        *,
        flags: int = 0,
        interaction_id: int | None = None,
    ) -> RecordedMessage:
        msg = RecordedMessage(
            self._snowflake(), channel_id, payload, source, list(files), interaction_id, flags=flags
        )
        self.messages.append(msg)
        self.messages_by_id[msg.id] = msg
        self._notify()
        return msg

    def _apply_edit(
        self, msg: RecordedMessage, patch: JSON, files: Sequence[RecordedFile] = ()
    ) -> None:
        validate_message(patch, len(files), partial=True)
        msg.edits.append(patch)
        msg.payload = {**msg.payload, **{k: v for k, v in patch.items() if k != "flags"}}
        msg.files.extend(files)
        msg.flags &= ~LOADING
        self._notify()

    def message_payload(self, msg: RecordedMessage) -> JSON:
        """The message object Discord would return for a recorded message."""
        found = self.find_channel(msg.channel_id)
        guild = found[0] if found else None
        data: JSON = {
            "id": str(msg.id),
            "channel_id": str(msg.channel_id),
            "type": 20 if msg.source == "interaction" else 0,
            "content": msg.content,
            "embeds": [{"type": "rich", **e} for e in msg.embeds],
            "components": msg.components,
            "attachments": [
                {
                    "id": str(self._snowflake()),
                    "filename": f.filename,
                    "size": len(f.data),
                    "url": f"{self.rest_base}/attachments/{msg.id}/{f.filename}",
                    "proxy_url": f"{self.rest_base}/attachments/{msg.id}/{f.filename}",
                    "content_type": f.content_type,
                }
                for f in msg.files
            ],
            "author": self.bot.payload(),
            "timestamp": _now_iso(),
            "edited_timestamp": _now_iso() if msg.edits else None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "pinned": False,
            "flags": msg.flags,
        }
        if guild is not None:
            data["guild_id"] = str(guild.id)
        if msg.interaction_id is not None:
            data["webhook_id"] = str(self.application_id)
            data["application_id"] = str(self.application_id)
        return data

    # ------------------------------------------------------------------ interactions: REST side

    def _interaction_for(self, call: _Call) -> FakeInteraction:
        it = self._interactions_by_token.get(call.params["token"])
        if "application_id" in call.params:
            if (
                it is None
                or call.params["application_id"] != str(self.application_id)
                or not it.callbacks
            ):
                raise DiscordError(404, 10015, "Unknown Webhook")
        elif it is None or call.params.get("interaction_id") != str(it.id):
            raise DiscordError(404, 10062, "Unknown interaction")
        return it

    async def _interaction_callback(self, call: _Call) -> tuple[int, Any]:
        it = self._interaction_for(call)
        latency = asyncio.get_running_loop().time() - it.dispatched_at
        if latency > self.ack_deadline:
            raise DiscordError(404, 10062, "Unknown interaction")
        if it.callbacks:
            raise DiscordError(400, 40060, "Interaction has already been acknowledged.")
        body = dict(call.json or {})
        cb_type = int(body.get("type", 0))
        data = dict(body.get("data") or {})
        allowed = {2: {4, 5, 9}, 3: {4, 5, 6, 7, 9}, 4: {8}, 5: {4, 5, 6, 7}}.get(it.type, set())
        if cb_type not in allowed:
            raise _invalid(
                {
                    "type": _err(
                        "INTERACTION_RESPONSE_TYPE_INVALID", "Invalid interaction response type"
                    )
                }
            )
        _validate_callback_data(cb_type, data, len(call.files))
        message = self._apply_callback(it, cb_type, data, call.files)
        it.callbacks.append(InteractionCallback(it.id, cb_type, data, latency))
        self._notify()
        answer: JSON = {
            "interaction": {
                "id": str(it.id),
                "type": it.type,
                "response_message_loading": cb_type == 5,
                "response_message_ephemeral": bool(message and message.ephemeral),
            }
        }
        if message is not None:
            answer["interaction"]["response_message_id"] = str(message.id)
            answer["resource"] = {"type": cb_type, "message": self.message_payload(message)}
        return 200, answer

    def _apply_callback(
        self, it: FakeInteraction, cb_type: int, data: JSON, files: Sequence[RecordedFile]
    ) -> RecordedMessage | None:
        channel_id = int(it.payload["channel_id"])
        flags = int(data.get("flags") or 0) & EPHEMERAL
        if cb_type == 4:
            msg = self._record_message(
                channel_id, data, "interaction", files, flags=flags, interaction_id=it.id
            )
            it.original_id = msg.id
            return msg
        if cb_type == 5:
            msg = self._record_message(
                channel_id,
                {"content": ""},
                "interaction",
                flags=flags | LOADING,
                interaction_id=it.id,
            )
            it.original_id = msg.id
            return msg
        if cb_type in (6, 7) and "message" in it.payload:
            target = self.messages_by_id.get(int(it.payload["message"]["id"]))
            it.original_id = target.id if target else None
            if target is not None and cb_type == 7:
                self._apply_edit(target, data, files)
            return target if cb_type == 7 else None
        return None

    async def _create_followup(self, call: _Call) -> tuple[int, Any]:
        it = self._interaction_for(call)
        payload = dict(call.json or {})
        validate_message(payload, len(call.files))
        original = it.original
        if original is not None and original.loading and original.id not in it.followup_ids:
            # The first follow-up after a deferral replaces the "thinking" message.
            self._apply_edit(original, payload, call.files)
            msg = original
        else:
            flags = int(payload.get("flags") or 0) & EPHEMERAL
            msg = self._record_message(
                int(it.payload["channel_id"]),
                payload,
                "followup",
                call.files,
                flags=flags,
                interaction_id=it.id,
            )
        it.followup_ids.append(msg.id)
        self._notify()
        if call.request.query.get("wait") in ("1", "true", "True"):
            return 200, self.message_payload(msg)
        return 204, None

    def _webhook_message(self, call: _Call) -> tuple[FakeInteraction, RecordedMessage]:
        it = self._interaction_for(call)
        raw = call.params["message_id"]
        msg_id = it.original_id if raw == "@original" else int(raw) if raw.isdigit() else None
        msg = self.messages_by_id.get(msg_id) if msg_id else None
        if (
            msg is None
            or msg.deleted
            or (msg.id != it.original_id and msg.id not in it.followup_ids)
        ):
            raise DiscordError(*_error_args("unknown_message"))
        return it, msg

    async def _get_webhook_message(self, call: _Call) -> tuple[int, Any]:
        return 200, self.message_payload(self._webhook_message(call)[1])

    async def _edit_webhook_message(self, call: _Call) -> tuple[int, Any]:
        _, msg = self._webhook_message(call)
        self._apply_edit(msg, dict(call.json or {}), call.files)
        return 200, self.message_payload(msg)

    async def _delete_webhook_message(self, call: _Call) -> tuple[int, Any]:
        self._webhook_message(call)[1].deleted = True
        self._notify()
        return 204, None

    # ------------------------------------------------------------------ interactions: gateway side

    async def send_slash_command(
        self,
        name: str,
        options: Mapping[str, Any] | Sequence[JSON] | None = None,
        *,
        channel_id: int = DEFAULT_CHANNEL_ID,
        user_id: int = DEFAULT_MEMBER_ID,
        permissions: int | None = None,
        resolved: JSON | None = None,
    ) -> FakeInteraction:
        """Dispatch INTERACTION_CREATE (type 2) as if a user ran ``/name``.

        ``name`` may name a subcommand (``"feeds add"``). ``options`` is either raw
        option dicts or ``{name: value}``; types come from the synced schema.
        """
        data = self._command_data(name, options, channel_id, resolved=resolved)
        return await self._dispatch_interaction(2, data, channel_id, user_id, permissions)

    async def send_autocomplete(
        self,
        name: str,
        options: Mapping[str, Any] | Sequence[JSON] | None,
        focused: str,
        *,
        channel_id: int = DEFAULT_CHANNEL_ID,
        user_id: int = DEFAULT_MEMBER_ID,
        permissions: int | None = None,
    ) -> FakeInteraction:
        """Dispatch an autocomplete interaction (type 4) with ``focused`` being typed."""
        data = self._command_data(name, options, channel_id, focused=focused)
        return await self._dispatch_interaction(4, data, channel_id, user_id, permissions)

    async def click_button(
        self,
        message: RecordedMessage | int,
        custom_id: str,
        *,
        user_id: int = DEFAULT_MEMBER_ID,
        component_type: int = 2,
        values: Sequence[str] | None = None,
        permissions: int | None = None,
    ) -> FakeInteraction:
        """Dispatch a component interaction (type 3) on a message the bot posted."""
        msg = message if isinstance(message, RecordedMessage) else self.messages_by_id[message]
        data: JSON = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = list(values)
        return await self._dispatch_interaction(
            3, data, msg.channel_id, user_id, permissions, message=self.message_payload(msg)
        )

    async def select_option(
        self, message: RecordedMessage | int, custom_id: str, values: Sequence[str], **kwargs: Any
    ) -> FakeInteraction:
        return await self.click_button(
            message, custom_id, component_type=3, values=values, **kwargs
        )

    async def submit_modal(
        self,
        custom_id: str,
        values: Mapping[str, str],
        *,
        channel_id: int = DEFAULT_CHANNEL_ID,
        user_id: int = DEFAULT_MEMBER_ID,
        permissions: int | None = None,
    ) -> FakeInteraction:
        """Dispatch a modal submission (type 5): one text input per row."""
        rows = [
            {"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
            for key, value in values.items()
        ]
        data = {"custom_id": custom_id, "components": rows}
        return await self._dispatch_interaction(5, data, channel_id, user_id, permissions)

    def _command_data(
        self,
        name: str,
        options: Mapping[str, Any] | Sequence[JSON] | None,
        channel_id: int,
        *,
        focused: str | None = None,
        resolved: JSON | None = None,
    ) -> JSON:
        found = self.find_channel(channel_id)
        guild = found[0] if found else None
        root, *path = name.split()
        command = self.find_command(root, guild.id if guild else None)
        data: JSON = {
            "id": command["id"] if command else str(self._snowflake()),
            "name": root,
            "type": 1,
        }
        if command is not None and "guild_id" in command:
            data["guild_id"] = command["guild_id"]
        schema = list(command.get("options", [])) if command else []
        wrappers: list[tuple[str, int]] = []
        for i, part in enumerate(path):
            sub = next((o for o in schema if o["name"] == part), None)
            wrappers.append((part, sub["type"] if sub else (1 if i == len(path) - 1 else 2)))
            schema = list(sub.get("options", [])) if sub else []
        built, auto_resolved = self._build_options(options, schema, focused, guild)
        for part, kind in reversed(wrappers):
            built = [{"name": part, "type": kind, "options": built}]
        if built:
            data["options"] = built
        if resolved or auto_resolved:
            data["resolved"] = resolved or auto_resolved
        return data

    def _build_options(
        self,
        options: Mapping[str, Any] | Sequence[JSON] | None,
        schema: Sequence[JSON],
        focused: str | None,
        guild: FakeGuild | None,
    ) -> tuple[list[JSON], JSON]:
        if options is None:
            options = {}
        if not isinstance(options, Mapping):
            raw = [dict(o) for o in options]
            for o in raw:
                if o["name"] == focused:
                    o["focused"] = True
            return raw, {}
        built: list[JSON] = []
        resolved: JSON = {}
        for key, value in options.items():
            spec = next((o for o in schema if o["name"] == key), None)
            kind = spec["type"] if spec else _infer_option_type(value)
            option: JSON = {"name": key, "type": kind, "value": value}
            if key == focused:
                option |= {"focused": True, "value": str(value)}
            elif kind == 6 and guild is not None:
                self._resolve_user(guild, int(value), resolved)
                option["value"] = str(value)
            elif kind == 7 and guild is not None:
                channel = guild.channel(int(value))
                if channel is not None:
                    resolved.setdefault("channels", {})[str(channel.id)] = channel.payload(
                        guild.id
                    ) | {"permissions": str(guild.permissions(self.bot.id, channel.id))}
                option["value"] = str(value)
            built.append(option)
        return built, resolved

    def _resolve_user(self, guild: FakeGuild, user_id: int, resolved: JSON) -> None:
        member = guild.member(user_id)
        user = member.user if member else FakeUser(user_id, f"user{user_id}")
        resolved.setdefault("users", {})[str(user_id)] = user.payload()
        if member is not None:
            one = member.payload()
            one.pop("user")
            resolved.setdefault("members", {})[str(user_id)] = one | {
                "permissions": str(guild.permissions(user_id))
            }

    async def _dispatch_interaction(
        self,
        kind: int,
        data: JSON,
        channel_id: int,
        user_id: int,
        permissions: int | None,
        *,
        message: JSON | None = None,
    ) -> FakeInteraction:
        found = self.find_channel(channel_id)
        if found is None:
            raise ValueError(f"unknown channel {channel_id}")
        guild, channel = found
        interaction_id = self._snowflake()
        token = "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(48)
        payload: JSON = {
            "id": str(interaction_id),
            "application_id": str(self.application_id),
            "type": kind,
            "data": data,
            "token": token,
            "version": 1,
            "channel_id": str(channel_id),
            "locale": "en-US",
            "entitlements": [],
            "attachment_size_limit": 26_214_400,
        }
        if guild is not None:
            member = guild.member(user_id) or FakeMember(FakeUser(user_id, f"user{user_id}"))
            perms = guild.permissions(user_id, channel_id) if permissions is None else permissions
            payload |= {
                "guild_id": str(guild.id),
                "guild": {"id": str(guild.id), "locale": "en-US", "features": []},
                "guild_locale": "en-US",
                "member": member.payload() | {"permissions": str(perms)},
                "app_permissions": str(guild.permissions(self.bot.id, channel_id)),
                "channel": channel.payload(guild.id),
                "context": 0,
                "authorizing_integration_owners": {"0": str(guild.id)},
            }
        else:
            user = FakeUser(user_id, f"user{user_id}")
            payload |= {
                "user": user.payload(),
                "app_permissions": str(MEMBER_DEFAULT),
                "channel": {"id": str(channel_id), "type": DM, "recipients": [user.payload()]},
                "context": 1,
                "authorizing_integration_owners": {"1": str(user_id)},
            }
        if message is not None:
            payload["message"] = message
        it = FakeInteraction(
            self, interaction_id, token, kind, payload, asyncio.get_running_loop().time()
        )
        self.interactions.append(it)
        self._interactions_by_token[token] = it
        await self.dispatch("INTERACTION_CREATE", payload)
        return it

    # ------------------------------------------------------------------ gateway

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        session = _GatewaySession(ws)
        self.gateway_connections.append(dict(request.query))
        if self.honour_compression and request.query.get("compress") == "zlib-stream":
            session.compressor = zlib.compressobj()
        self._live.append(session)
        try:
            if request.query.get("encoding", "json") != "json":
                await ws.close(code=4002, message=b"Error while decoding payload.")
                return ws
            hello = {"heartbeat_interval": self.heartbeat_interval_ms, "_trace": ["fake-discord"]}
            await self._send(session, {"op": 10, "d": hello, "s": None, "t": None})
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    await self._on_gateway_payload(session, json.loads(msg.data))
                elif msg.type is WSMsgType.ERROR:
                    break
        finally:
            self._live.remove(session)
            self._notify()
        return ws

    async def _on_gateway_payload(self, session: _GatewaySession, payload: JSON) -> None:
        self.gateway_received.append(payload)
        op, data = payload.get("op"), payload.get("d")
        if op == 1:
            await self._send(session, {"op": 11, "d": None, "s": None, "t": None})
        elif op == 2:
            await self._identify(session, data or {})
        elif op == 6:
            await self._resume(session, data or {})
        elif op == 8:
            await self._members_chunk(session, data or {})
        self._notify()

    async def _identify(self, session: _GatewaySession, data: JSON) -> None:
        if data.get("token") != self.token:
            await session.ws.close(code=4004, message=b"Authentication failed.")
            return
        if session.identified:
            await session.ws.close(code=4005, message=b"Already authenticated.")
            return
        intents = int(data.get("intents") or 0)
        if intents & PRIVILEGED_INTENTS and not self.privileged_intents_allowed:
            await session.ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        session.session_id = secrets.token_hex(16)
        session.identified, session.intents = True, intents
        self._sessions[session.session_id] = session
        self.identifies.append(data)
        ready: JSON = {
            "v": 10,
            "user": self.bot.payload() | {"verified": True, "mfa_enabled": False},
            "guilds": [{"id": str(g.id), "unavailable": True} for g in self.guilds],
            "session_id": session.session_id,
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "user_settings": {},
            "_trace": ["fake-discord"],
        }
        if "shard" in data:
            ready["shard"] = data["shard"]
        await self._dispatch_to(session, "READY", ready)
        for guild in self.guilds:
            await self._dispatch_to(session, "GUILD_CREATE", guild.payload(self.bot))

    async def _resume(self, session: _GatewaySession, data: JSON) -> None:
        old = self._sessions.get(str(data.get("session_id")))
        if old is None or data.get("token") != self.token:
            await self._send(session, {"op": 9, "d": False, "s": None, "t": None})
            return
        session.session_id, session.seq, session.sent = old.session_id, old.seq, old.sent
        session.identified, session.intents = True, old.intents
        self._sessions[session.session_id] = session
        since = int(data.get("seq") or 0)
        for missed in [p for p in session.sent if p["s"] > since]:
            await self._send(session, missed)
        await self._dispatch_to(session, "RESUMED", {"_trace": ["fake-discord"]})

    async def _members_chunk(self, session: _GatewaySession, data: JSON) -> None:
        ids = data.get("guild_id")
        for guild_id in ids if isinstance(ids, list) else [ids]:
            guild = next((g for g in self.guilds if str(g.id) == str(guild_id)), None)
            if guild is None:
                continue
            members = guild.payload(self.bot)["members"]
            chunk: JSON = {
                "guild_id": str(guild.id),
                "members": members,
                "chunk_index": 0,
                "chunk_count": 1,
            }
            if data.get("nonce"):
                chunk["nonce"] = data["nonce"]
            await self._dispatch_to(session, "GUILD_MEMBERS_CHUNK", chunk)

    async def _send(self, session: _GatewaySession, payload: JSON) -> None:
        text = json.dumps(payload)
        async with session.lock:
            if session.ws.closed:
                return
            if session.compressor is not None:
                chunk = session.compressor.compress(text.encode()) + session.compressor.flush(
                    zlib.Z_SYNC_FLUSH
                )
                await session.ws.send_bytes(chunk)
            else:
                await session.ws.send_str(text)

    async def _dispatch_to(self, session: _GatewaySession, event: str, data: JSON) -> None:
        session.seq += 1
        payload = {"op": 0, "t": event, "s": session.seq, "d": data}
        session.sent.append(payload)
        await self._send(session, payload)

    def _identified(self) -> list[_GatewaySession]:
        return [s for s in self._live if s.identified and not s.ws.closed]

    async def wait_until_connected(self, timeout: float = 5.0) -> None:
        """Wait until a client has identified (or resumed) on the gateway."""
        await self.wait_for(lambda: bool(self._identified()), timeout)

    async def dispatch(self, event: str, data: JSON) -> None:
        """Send a DISPATCH event to every identified gateway session."""
        sessions = self._identified()
        if not sessions:
            raise RuntimeError("fake discord: no identified gateway session to dispatch to")
        for session in sessions:
            await self._dispatch_to(session, event, data)

    async def send_reconnect(self) -> None:
        """Ask clients to reconnect (op 7); discord.py resumes on the resume URL."""
        for session in self._identified():
            await self._send(session, {"op": 7, "d": None, "s": None, "t": None})

    async def drop_gateway(self, code: int = 4000) -> None:
        """Close every gateway connection with ``code`` (4000 lets the client resume)."""
        for session in list(self._live):
            await session.ws.close(code=code)


# --------------------------------------------------------------------------- module helpers


def _respond(status: int, body: Any, headers: Mapping[str, str]) -> web.Response:
    out = {"Via": "1.1 google", **headers}
    if status == 204 or body is None:
        return web.Response(status=status, headers=out)
    # Exactly "application/json": discord.py only parses JSON for that exact value.
    out["Content-Type"] = "application/json"
    return web.Response(status=status, body=json.dumps(body).encode(), headers=out)


def _error_args(name: str) -> tuple[int, int, str]:
    status, body = ERRORS[name]
    return status, int(body["code"]), str(body["message"])


def _bucket_hash(route_key: str) -> str:
    return f"{zlib.crc32(route_key.encode()):08x}"


def _matcher(
    matches: str | Callable[[str, Mapping[str, str]], bool],
) -> Callable[[str, Mapping[str, str]], bool]:
    if isinstance(matches, str):
        prefix = matches
        return lambda route, _params: route.startswith(prefix)
    return matches


def _infer_option_type(value: Any) -> int:
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    if isinstance(value, float):
        return 10
    return 3


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
