"""Discord sharding: each ``chat`` process runs its own gateway shards.

Discord sends a guild's events (interactions included) only to the shard
``(guild_id >> 22) % shard_count``, so processes that run disjoint ``shard_ids`` of
one ``shard_count`` split the guilds between them and never both answer an
interaction. DMs always arrive on shard 0. With ``discord.shard_count = 0`` (the
default) the adapter keeps one unsharded ``discord.Client`` session, as before.
"""

from __future__ import annotations

from typing import Any, TypeVar

import discord

from bot.settings import DiscordSettings

C = TypeVar("C", bound=discord.Client)


def sharded(settings: DiscordSettings) -> bool:
    return settings.shard_count > 0


def client_class(base: type[C], settings: DiscordSettings) -> type[C]:
    """``base`` itself, or ``base`` on top of :class:`discord.AutoShardedClient`."""
    if not sharded(settings):
        return base
    return type(f"Sharded{base.__name__}", (base, discord.AutoShardedClient), {})


def shard_options(settings: DiscordSettings) -> dict[str, Any]:
    """Keyword arguments for :class:`discord.AutoShardedClient` (none when unsharded)."""
    if not sharded(settings):
        return {}
    ids = list(settings.shard_ids) or list(range(settings.shard_count))
    return {"shard_count": settings.shard_count, "shard_ids": ids}


def describe(settings: DiscordSettings) -> str:
    """For the start-up log line."""
    if not sharded(settings):
        return "unsharded"
    ids = settings.shard_ids or list(range(settings.shard_count))
    return f"shards {','.join(map(str, ids))} of {settings.shard_count}"
