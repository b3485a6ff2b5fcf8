"""Discord sharding: two chat processes (two Apps and adapters on one store) run shard 0
and shard 1 of 2 against the fake gateway; each receives and answers only the
interactions of its own guilds ((guild_id >> 22) % 2), so no interaction is answered twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from bot.adapters.discord.adapter import DiscordAdapter
from bot.app import App
from bot.settings import DiscordSettings, Settings
from bot.store import Store
from tests.fakes.discord_server import (
    DEFAULT_CHANNEL_ID,
    DEFAULT_GUILD_ID,
    DEFAULT_MEMBER_ID,
    FakeChannel,
    FakeDiscord,
    FakeGuild,
    FakeMember,
    FakeUser,
)
from tests.integration.test_discord_world import (  # noqa: F401 - fixtures
    clock_fixture,
    discord_settings,
)
from tests.support.clock import Clock

# A second guild whose id differs from the default guild's in bit 22: the other shard.
OTHER_GUILD_ID = DEFAULT_GUILD_ID + (1 << 22)
OTHER_CHANNEL_ID = OTHER_GUILD_ID + 1


def shard_of(guild_id: int, count: int = 2) -> int:
    return (guild_id >> 22) % count


@dataclass
class Answers:
    """An AdapterMetrics that records which commands this adapter answered."""

    commands: list[str] = field(default_factory=list)

    def command_answered(self, platform: str, command: str, seconds: float) -> None:
        self.commands.append(command)

    def observe_send(self, platform: str, seconds: float) -> None:
        pass


@pytest.fixture(name="fake")
async def fake_fixture() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        analyst = FakeUser(DEFAULT_MEMBER_ID, "analyst")
        other = FakeGuild(
            id=OTHER_GUILD_ID,
            name="Harbour Desk",
            owner_id=DEFAULT_MEMBER_ID + 1,
            channels=[FakeChannel(OTHER_CHANNEL_ID, "harbour")],
            members=[FakeMember(analyst)],
        )
        server.guilds.append(other)
        yield server
        assert server.unhandled == [], "discord.py hit routes the fake does not serve"


def sharded_settings(settings: Settings, fake: FakeDiscord, shard_ids: list[int]) -> Settings:
    s = discord_settings(settings, fake)
    d: DiscordSettings = s.discord.model_copy(
        update={
            "sync_guilds": [DEFAULT_GUILD_ID, OTHER_GUILD_ID],
            "shard_count": 2,
            "shard_ids": shard_ids,
        }
    )
    return s.model_copy(update={"discord": d})


async def started(app: App, answers: Answers) -> DiscordAdapter:
    adapter = DiscordAdapter(
        app.commands,
        app.settings,
        pacer=app.pacer("discord"),
        metrics=answers,
        guild_ready_timeout=0.05,
        ready_timeout=5,
    )
    await adapter.start()
    return adapter


async def test_each_shard_process_answers_only_its_guilds(
    store: Store, settings: Settings, fake: FakeDiscord, clock: Clock
) -> None:
    assert shard_of(DEFAULT_GUILD_ID) != shard_of(OTHER_GUILD_ID)
    apps = [
        App(sharded_settings(settings, fake, [shard]), clock=clock, store=store) for shard in (0, 1)
    ]
    answers = [Answers(), Answers()]
    adapters: list[DiscordAdapter] = []
    try:
        for app, seen in zip(apps, answers, strict=True):
            adapters.append(await started(app, seen))
        assert sorted(tuple(i["shard"]) for i in fake.identifies) == [(0, 2), (1, 2)]
        for shard, adapter in enumerate(adapters):
            assert adapter.client is not None and adapter.client.shard_ids == [shard]
            assert [g.id for g in adapter.client.guilds] == [
                g for g in (DEFAULT_GUILD_ID, OTHER_GUILD_ID) if shard_of(g) == shard
            ]
        runs: list[tuple[int, Any]] = []
        for channel_id, guild_id in [
            (DEFAULT_CHANNEL_ID, DEFAULT_GUILD_ID),
            (OTHER_CHANNEL_ID, OTHER_GUILD_ID),
            (DEFAULT_CHANNEL_ID, DEFAULT_GUILD_ID),
        ]:
            it = await fake.send_slash_command("help", channel_id=channel_id)
            await it.wait_for_response()
            runs.append((guild_id, it))
        await asyncio.sleep(0.3)  # time for a second (wrong) answer to show up
        for _guild_id, it in runs:
            assert len(it.callbacks) == 1, "an interaction was answered more than once"
        owner = {g: shard_of(g) for g, _ in runs}
        expected = [
            [name for g, _ in runs if owner[g] == shard for name in ["help"]] for shard in (0, 1)
        ]
        assert [a.commands for a in answers] == expected
        assert all(a.commands for a in answers), "both shards took part"
    finally:
        for adapter in adapters:
            await adapter.shutdown()
        for app in apps:
            await app.shutdown()


async def test_unsharded_is_one_plain_session(
    store: Store, settings: Settings, fake: FakeDiscord, clock: Clock
) -> None:
    """The default (shard_count 0): today's single discord.Client, every guild, no shard field."""
    app = App(discord_settings(settings, fake), clock=clock, store=store)
    adapter = await started(app, Answers())
    try:
        assert adapter.client is not None and adapter.client.shard_count is None
        assert "shard" not in fake.identifies[0]
        assert {g.id for g in adapter.client.guilds} == {DEFAULT_GUILD_ID, OTHER_GUILD_ID}
    finally:
        await adapter.shutdown()
        await app.shutdown()
