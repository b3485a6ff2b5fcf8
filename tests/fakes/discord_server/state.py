"""The fake Discord's state and constructor, with what every part reads: the world,
recorded messages, snowflakes, and the ``wait_for*`` helpers tests await."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import yarl
from aiohttp import web

from tests.fakes.discord_server.constants import (
    _DISCORD_EPOCH_MS,
    API_PREFIX,
    DEFAULT_BOT_ID,
    DM,
    GATEWAY_PATH,
    JSON,
    LOADING,
    T,
)
from tests.fakes.discord_server.records import (
    CommandSync,
    FakeInteraction,
    RecordedFile,
    RecordedMessage,
    RecordedRequest,
)
from tests.fakes.discord_server.validation import validate_message
from tests.fakes.discord_server.wire import _Route
from tests.fakes.discord_server.world import (
    FakeChannel,
    FakeGuild,
    FakeUser,
    _now_iso,
    default_guild,
)

if TYPE_CHECKING:
    from tests.fakes.discord_server.faults import _Fault
    from tests.fakes.discord_server.gateway import _GatewaySession
    from tests.fakes.discord_server.ratelimits import _Bucket


class DiscordState:
    """State shared by the parts of :class:`~tests.fakes.discord_server.FakeDiscord` (one object)."""

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

    def _route_table(self) -> Iterable[_Route]:
        raise NotImplementedError  # FakeDiscord: REST method and path -> handler

    @property
    def port(self) -> int:
        return self._port

    @property
    def rest_base(self) -> str:
        return f"http://{self.host}:{self._port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://{self.host}:{self._port}{GATEWAY_PATH}"

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

    # ------------------------------------------------------------------ world look-ups

    def open_dm(self, user_id: int) -> int:
        """The DM channel id between the bot and ``user_id`` (created on first use)."""
        existing = next((c for c, u in self.dm_channels.items() if u == user_id), None)
        if existing is not None:
            return existing
        channel_id = self._snowflake()
        self.dm_channels[channel_id] = user_id
        return channel_id

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

    def find_command(self, name: str, guild_id: int | None) -> JSON | None:
        """The synced command of that name: the guild's first, then global."""
        for scope in (guild_id, None):
            for cmd in self.commands.get(scope, []):
                if cmd["name"] == name:
                    return cmd
        return None

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
