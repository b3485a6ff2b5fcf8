"""The fake Discord's world: users, roles, overwrites, channels, members, guilds and
Discord's permission computation; ``default_guild()`` is the world tests start from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tests.fakes.discord_server.constants import (
    ADMINISTRATOR,
    ALL_PERMISSIONS,
    DEFAULT_ALERTS_CHANNEL_ID,
    DEFAULT_CHANNEL_ID,
    DEFAULT_GUILD_ID,
    DEFAULT_MEMBER_ID,
    DEFAULT_OWNER_ID,
    DEFAULT_THREAD_ID,
    JSON,
    MANAGE_GUILD,
    MEMBER_DEFAULT,
    PUBLIC_THREAD,
    TEXT,
    THREAD_TYPES,
)


def _now_iso() -> str:
    return datetime.now(UTC).isoformat()


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
