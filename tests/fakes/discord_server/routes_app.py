"""REST handlers for the session and the application: gateway URL, users, DMs, commands."""

from __future__ import annotations

from typing import Any

from tests.fakes.discord_server.constants import DEFAULT_OWNER_ID, DM
from tests.fakes.discord_server.records import CommandSync
from tests.fakes.discord_server.state import DiscordState
from tests.fakes.discord_server.validation import DiscordError, validate_commands
from tests.fakes.discord_server.wire import _Call
from tests.fakes.discord_server.world import FakeUser


class AppRoutes(DiscordState):
    """Part of FakeDiscord: gateway URL, users, application, DMs, application commands."""

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

    # ------------------------------------------------------------------ commands

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
