"""REST handlers for channels, messages and guilds, with permission checks."""

from __future__ import annotations

from typing import Any

from tests.fakes.discord_server.constants import (
    ATTACH_FILES,
    DM,
    SEND_MESSAGES,
    SEND_MESSAGES_IN_THREADS,
    VIEW_CHANNEL,
)
from tests.fakes.discord_server.records import RecordedMessage
from tests.fakes.discord_server.state import DiscordState
from tests.fakes.discord_server.validation import DiscordError, _error_args, validate_message
from tests.fakes.discord_server.wire import _Call
from tests.fakes.discord_server.world import FakeChannel, FakeGuild, FakeUser


class ChannelRoutes(DiscordState):
    """Part of FakeDiscord: channels, channel messages, typing, guilds, members."""

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
