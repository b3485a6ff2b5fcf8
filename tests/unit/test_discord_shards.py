"""Discord shard settings and what they make of the client (no gateway needed)."""

from __future__ import annotations

import discord
import pytest

from bot.adapters.discord.sharding import client_class, describe, shard_options
from bot.settings import SettingsError, load_settings


class Client(discord.Client):
    """Stands for the adapter's own client class."""


def test_default_is_one_unsharded_client() -> None:
    d = load_settings(env={}).discord
    assert (d.shard_count, d.shard_ids) == (0, [])
    assert client_class(Client, d) is Client
    assert shard_options(d) == {} and describe(d) == "unsharded"


def test_shards_from_the_environment() -> None:
    d = load_settings(
        env={"SITREP_DISCORD__SHARD_COUNT": "4", "SITREP_DISCORD__SHARD_IDS": "1,3"}
    ).discord
    cls = client_class(Client, d)
    assert issubclass(cls, discord.AutoShardedClient) and issubclass(cls, Client)
    assert shard_options(d) == {"shard_count": 4, "shard_ids": [1, 3]}
    assert describe(d) == "shards 1,3 of 4"


def test_a_count_without_ids_runs_every_shard() -> None:
    d = load_settings(env={"SITREP_DISCORD__SHARD_COUNT": "3"}).discord
    assert shard_options(d) == {"shard_count": 3, "shard_ids": [0, 1, 2]}


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"SITREP_DISCORD__SHARD_IDS": "0"}, "discord.shard_ids needs discord.shard_count"),
        (
            {"SITREP_DISCORD__SHARD_COUNT": "2", "SITREP_DISCORD__SHARD_IDS": "2"},
            "discord.shard_ids must lie in 0..1",
        ),
        (
            {"SITREP_DISCORD__SHARD_COUNT": "2", "SITREP_DISCORD__SHARD_IDS": "1,1"},
            "discord.shard_ids repeats a shard",
        ),
    ],
)
def test_bad_shard_settings_are_refused(env: dict[str, str], says: str) -> None:
    with pytest.raises(SettingsError, match=says):
        load_settings(env=env)
