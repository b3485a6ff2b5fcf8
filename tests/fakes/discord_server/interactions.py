"""Gateway side of interactions: what a test sends as a user (slash commands, autocomplete,
button clicks, selects, modals) as INTERACTION_CREATE."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from tests.fakes.discord_server.constants import (
    DEFAULT_CHANNEL_ID,
    DEFAULT_MEMBER_ID,
    DM,
    JSON,
    MEMBER_DEFAULT,
)
from tests.fakes.discord_server.gateway import Gateway
from tests.fakes.discord_server.records import FakeInteraction, RecordedMessage
from tests.fakes.discord_server.world import FakeGuild, FakeMember, FakeUser


class Interactions(Gateway):
    """Part of FakeDiscord: act as a user (commands, buttons, selects, modals)."""

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


def _infer_option_type(value: Any) -> int:
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    if isinstance(value, float):
        return 10
    return 3
