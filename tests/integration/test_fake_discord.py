"""The real discord.py 2.x client against the loopback Discord fake.

These tests prove the fake speaks Discord well enough for sitrep's adapter tests:
login, gateway READY/GUILD_CREATE, command sync, slash commands with options and
autocomplete, defer + follow-up, buttons, channel messages with embeds and files,
and the error paths (400 limits, 429 retry_after, 403, 404, late acknowledgement).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import time
from collections.abc import AsyncIterator

import discord
import pytest
from discord import app_commands

from tests.fakes.discord_server import (
    DEFAULT_ALERTS_CHANNEL_ID,
    DEFAULT_CHANNEL_ID,
    DEFAULT_GUILD_ID,
    DEFAULT_MEMBER_ID,
    DEFAULT_OWNER_ID,
    DEFAULT_THREAD_ID,
    EPHEMERAL,
    SEND_MESSAGES,
    DiscordError,
    FakeDiscord,
    FakeOverwrite,
    validate_commands,
    validate_message,
)

SPEAKERS = ["Mark Rutte", "John Healey", "Rustem Umerov", "Boris Pistorius"]


class MoreQuotes(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=60)

    @discord.ui.button(label="More quotes", custom_id="quotes:more")
    async def more(
        self, interaction: discord.Interaction, _button: discord.ui.Button[MoreQuotes]
    ) -> None:
        await interaction.response.edit_message(content="page 2", view=None)


class BriefingBot(discord.Client):
    """A minimal bot shaped like sitrep's adapter: a tree, synced in setup_hook."""

    def __init__(self) -> None:
        super().__init__(intents=discord.Intents.default(), guild_ready_timeout=0.05)
        self.tree = app_commands.CommandTree(self)
        self.ready = asyncio.Event()
        self.resumed = asyncio.Event()
        self.errors: list[BaseException] = []
        self._add_commands()

    def _add_commands(self) -> None:
        @self.tree.command(name="quotes", description="Recent quotes by a speaker")
        @app_commands.describe(speaker="Who said it", hours="How far back")
        async def quotes(interaction: discord.Interaction, speaker: str, hours: int = 24) -> None:
            embed = discord.Embed(title=f"Quotes: {speaker}", description=f"Last {hours} hours")
            embed.add_field(name=speaker, value="“We will hold the line.”")
            await interaction.response.send_message(embed=embed, view=MoreQuotes())

        @quotes.autocomplete("speaker")
        async def speaker_names(
            _i: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            found = [s for s in SPEAKERS if current.lower() in s.lower()]
            return [app_commands.Choice(name=s, value=s) for s in found]

        @self.tree.command(name="digest", description="Build today's digest (slow)")
        async def digest(interaction: discord.Interaction) -> None:
            await interaction.response.defer(ephemeral=True, thinking=True)
            await asyncio.sleep(0.05)
            await interaction.followup.send("Digest ready: 3 stories", ephemeral=True)
            await interaction.followup.send("And one more thing")

        @self.tree.command(name="feeds-pause", description="Pause a feed (admins)")
        @app_commands.checks.has_permissions(manage_guild=True)
        async def feeds_pause(interaction: discord.Interaction, feed: str) -> None:
            await interaction.response.send_message(f"Paused {feed}", ephemeral=True)

        @feeds_pause.error
        async def feeds_pause_error(
            interaction: discord.Interaction, error: app_commands.AppCommandError
        ) -> None:
            await interaction.response.send_message(
                "You need Manage Server for that.", ephemeral=True
            )

        @self.tree.command(name="late", description="Answers too late")
        async def late(interaction: discord.Interaction) -> None:
            await asyncio.sleep(0.3)
            try:
                await interaction.response.send_message("too late")
            except discord.NotFound as exc:
                self.errors.append(exc)

    async def setup_hook(self) -> None:
        await self.tree.sync()
        guild = discord.Object(DEFAULT_GUILD_ID)
        self.tree.copy_global_to(guild=guild)
        await self.tree.sync(guild=guild)

    async def on_ready(self) -> None:
        self.ready.set()

    async def on_resumed(self) -> None:
        self.resumed.set()


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        server.point_discord_py()
        yield server
        assert server.unhandled == [], "discord.py hit routes the fake does not serve"


@pytest.fixture
async def bot(fake: FakeDiscord) -> AsyncIterator[BriefingBot]:
    client = BriefingBot()
    runner = asyncio.create_task(client.start(fake.token))
    done, _ = await asyncio.wait(
        {runner, asyncio.create_task(client.ready.wait())}, timeout=5, return_when="FIRST_COMPLETED"
    )
    if runner in done:
        runner.result()  # surface the start-up error
    assert client.ready.is_set(), "bot never reached on_ready"
    yield client
    await client.close()
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.wait_for(runner, 5)


def text_channel(bot: BriefingBot, channel_id: int = DEFAULT_CHANNEL_ID) -> discord.TextChannel:
    channel = bot.get_channel(channel_id)
    assert isinstance(channel, discord.TextChannel)
    return channel


async def test_client_logs_in_identifies_and_sees_the_guild(
    fake: FakeDiscord, bot: BriefingBot
) -> None:
    routes = [r.route for r in fake.requests]
    assert routes[:2] == ["GET /users/@me", "GET /oauth2/applications/@me"]
    assert fake.gateway_connections[0]["encoding"] == "json"
    assert fake.gateway_connections[0]["compress"] in ("zlib-stream", "zstd-stream")
    identify = await fake.wait_for_identify()
    assert identify["intents"] == discord.Intents.default().value
    assert bot.user is not None and bot.user.id == fake.bot.id
    assert bot.application_id == fake.application_id
    guild = bot.get_guild(DEFAULT_GUILD_ID)
    assert guild is not None and guild.owner_id == DEFAULT_OWNER_ID
    assert {c.name for c in guild.text_channels} == {"briefings", "alerts"}
    thread = guild.get_thread(DEFAULT_THREAD_ID)
    assert thread is not None and thread.parent_id == DEFAULT_CHANNEL_ID
    assert text_channel(bot).permissions_for(guild.me).send_messages
    assert bot.latency < 1.0  # the HELLO heartbeat was ACKed


async def test_tree_sync_is_recorded_globally_and_per_guild(
    fake: FakeDiscord, bot: BriefingBot
) -> None:
    global_sync = await fake.wait_for_sync(None)
    guild_sync = await fake.wait_for_sync(DEFAULT_GUILD_ID)
    assert set(global_sync.names()) == {"quotes", "digest", "feeds-pause", "late"}
    assert guild_sync.names() == global_sync.names()
    speaker = global_sync.command("quotes")["options"][0]
    assert speaker["name"] == "speaker" and speaker["autocomplete"] is True


async def test_slash_command_runs_and_its_embed_response_is_recorded(
    fake: FakeDiscord, bot: BriefingBot
) -> None:
    it = await fake.send_slash_command("quotes", {"speaker": "Mark Rutte", "hours": 6})
    response = await it.wait_for_response()
    assert response.type == 4
    assert response.latency < 3.0
    original = it.original
    assert original is not None and original.source == "interaction"
    assert original.embeds[0]["title"] == "Quotes: Mark Rutte"
    assert original.embeds[0]["description"] == "Last 6 hours"
    assert original.custom_ids() == ["quotes:more"]
    # discord.py took the guild-scoped command (data.guild_id) and the integer option type.
    assert it.payload["data"]["guild_id"] == str(DEFAULT_GUILD_ID)
    assert it.payload["data"]["options"][1] == {"name": "hours", "type": 4, "value": 6}


async def test_autocomplete_returns_choices(fake: FakeDiscord, bot: BriefingBot) -> None:
    it = await fake.send_autocomplete("quotes", {"speaker": "ru"}, focused="speaker")
    response = await it.wait_for_response()
    assert response.type == 8
    assert [c["value"] for c in response.data["choices"]] == ["Mark Rutte", "Rustem Umerov"]


async def test_defer_then_followups_replace_the_thinking_message(
    fake: FakeDiscord, bot: BriefingBot
) -> None:
    it = await fake.send_slash_command("digest")
    response = await it.wait_for_response()
    assert response.type == 5 and response.data["flags"] & EPHEMERAL
    first, second = await it.wait_for_followups(2)
    assert first.id == it.original_id  # the first follow-up fills the deferred message
    assert first.content == "Digest ready: 3 stories" and first.ephemeral and not first.loading
    assert second.source == "followup" and second.content == "And one more thing"
    assert not second.ephemeral


async def test_button_click_runs_the_view_and_edits_the_message(
    fake: FakeDiscord, bot: BriefingBot
) -> None:
    it = await fake.send_slash_command("quotes", {"speaker": "John Healey"})
    await it.wait_for_response()
    assert it.original is not None
    click = await fake.click_button(it.original, "quotes:more")
    response = await click.wait_for_response()
    assert response.type == 7
    edited = await click.wait_for_original(lambda m: m.content == "page 2")
    assert edited.id == it.original.id and edited.components == []


async def test_permission_check_uses_the_member_permissions(
    fake: FakeDiscord, bot: BriefingBot
) -> None:
    denied = await fake.send_slash_command(
        "feeds-pause", {"feed": "defense-news"}, user_id=DEFAULT_MEMBER_ID
    )
    assert (await denied.wait_for_response()).data["content"] == "You need Manage Server for that."
    allowed = await fake.send_slash_command(
        "feeds-pause", {"feed": "defense-news"}, user_id=DEFAULT_OWNER_ID
    )
    data = (await allowed.wait_for_response()).data
    assert data["content"] == "Paused defense-news" and data["flags"] & EPHEMERAL


async def test_late_acknowledgement_gets_unknown_interaction(
    fake: FakeDiscord, bot: BriefingBot
) -> None:
    fake.ack_deadline = 0.2
    it = await fake.send_slash_command("late")
    await fake.wait_for(lambda: bot.errors)
    assert isinstance(bot.errors[0], discord.NotFound) and bot.errors[0].code == 10062
    assert it.callbacks == []


async def test_channel_send_with_embed_and_file_is_recorded(
    fake: FakeDiscord, bot: BriefingBot
) -> None:
    embed = discord.Embed(title="Morning digest", description="Three stories").set_footer(
        text="sitrep"
    )
    sent = await text_channel(bot).send(embed=embed)
    recorded = await fake.wait_for_message(DEFAULT_CHANNEL_ID)
    assert sent.id == recorded.id and sent.embeds[0].title == "Morning digest"
    assert recorded.embeds[0]["footer"]["text"] == "sitrep"
    file = discord.File(io.BytesIO(b"<opml/>"), filename="feeds.opml")
    await text_channel(bot, DEFAULT_ALERTS_CHANNEL_ID).send("export", file=file)
    exported = await fake.wait_for_message(DEFAULT_ALERTS_CHANNEL_ID)
    assert exported.content == "export" and exported.files[0].data == b"<opml/>"


async def test_oversized_embeds_get_a_discord_shaped_400(
    fake: FakeDiscord, bot: BriefingBot
) -> None:
    with pytest.raises(discord.HTTPException) as too_long:
        await text_channel(bot).send(embed=discord.Embed(description="x" * 4097))
    assert too_long.value.status == 400 and too_long.value.code == 50035
    assert "embeds.0.description" in too_long.value.text
    big = [discord.Embed(title="t", description="d" * 4000) for _ in range(2)]
    with pytest.raises(discord.HTTPException) as too_big:
        await text_channel(bot).send(embeds=big)
    assert "6000" in too_big.value.text
    assert fake.channel_messages() == []


async def test_429_retry_after_is_honoured_and_the_send_succeeds(
    fake: FakeDiscord, bot: BriefingBot
) -> None:
    fake.rate_limit_channel(DEFAULT_CHANNEL_ID, retry_after=0.3)
    started = time.monotonic()
    await text_channel(bot).send("alert: new statement")
    assert time.monotonic() - started >= 0.3
    statuses = [
        r.status for r in fake.requests if r.route == "POST /channels/{channel_id}/messages"
    ]
    assert statuses == [429, 200]
    assert [m.content for m in fake.channel_messages()] == ["alert: new statement"]


async def test_exhausted_bucket_makes_discord_py_wait() -> None:
    limits = {"POST /channels/{channel_id}/messages": (2, 0.3)}
    async with FakeDiscord(route_limits=limits, honour_compression=False) as strict:
        strict.point_discord_py()
        client = BriefingBot()
        runner = asyncio.create_task(client.start(strict.token))
        await asyncio.wait_for(client.ready.wait(), 5)
        started = time.monotonic()
        for n in range(3):
            await text_channel(client).send(f"update {n}")
        assert time.monotonic() - started >= 0.25  # the third send waited for the reset
        sends = [r for r in strict.requests if r.route == "POST /channels/{channel_id}/messages"]
        assert [r.status for r in sends] == [200, 200, 200]  # discord.py waited, never hit 429
        await client.close()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(runner, 5)


async def test_scripted_403_and_404_raise_the_matching_errors(
    fake: FakeDiscord, bot: BriefingBot
) -> None:
    fake.fail_channel(DEFAULT_CHANNEL_ID, "missing_permissions")
    with pytest.raises(discord.Forbidden) as forbidden:
        await text_channel(bot).send("hello")
    assert forbidden.value.code == 50013
    fake.fail_channel(DEFAULT_CHANNEL_ID, "missing_access")
    with pytest.raises(discord.Forbidden) as no_access:
        await text_channel(bot).send("hello")
    assert no_access.value.code == 50001
    with pytest.raises(discord.NotFound) as unknown:
        await bot.get_partial_messageable(42).send("hello")
    assert unknown.value.code == 10003
    fake.fail_channel(DEFAULT_CHANNEL_ID, 503)
    with pytest.raises(discord.DiscordServerError):
        await text_channel(bot).send("hello")
    await text_channel(bot).send("recovered")  # faults are used up


async def test_channel_overwrite_denying_send_gives_403(fake: FakeDiscord) -> None:
    guild = fake.guild(DEFAULT_GUILD_ID)
    channel = guild.channel(DEFAULT_ALERTS_CHANNEL_ID)
    assert channel is not None
    channel.overwrites.append(FakeOverwrite(fake.bot.id, type=1, deny=SEND_MESSAGES))
    client = BriefingBot()
    runner = asyncio.create_task(client.start(fake.token))
    await asyncio.wait_for(client.ready.wait(), 5)
    alerts = text_channel(client, DEFAULT_ALERTS_CHANNEL_ID)
    assert not alerts.permissions_for(alerts.guild.me).send_messages  # client and server agree
    with pytest.raises(discord.Forbidden) as denied:
        await alerts.send("alert")
    assert denied.value.code == 50013
    await client.close()
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.wait_for(runner, 5)


async def test_dropped_gateway_resumes_and_interactions_still_arrive(
    fake: FakeDiscord, bot: BriefingBot
) -> None:
    await fake.drop_gateway(4000)
    await asyncio.wait_for(bot.resumed.wait(), 5)
    assert any(p.get("op") == 6 for p in fake.gateway_received)
    it = await fake.send_slash_command("quotes", {"speaker": "Boris Pistorius"})
    assert (await it.wait_for_response()).type == 4


@pytest.mark.parametrize(
    ("payload", "path"),
    [
        ({"content": "x" * 2001}, "content"),
        ({"embeds": [{"title": "t" * 257}]}, "title"),
        ({"embeds": [{"fields": [{"name": "n", "value": "v"}] * 26}]}, "fields"),
        ({"embeds": [{"fields": [{"name": "n", "value": "v" * 1025}]}]}, "value"),
        ({"embeds": [{"footer": {"text": "f" * 2049}}]}, "footer"),
        ({"embeds": [{"title": "t"}] * 11}, "embeds"),
    ],
)
def test_message_limits(payload: dict[str, object], path: str) -> None:
    with pytest.raises(DiscordError) as error:
        validate_message(payload)
    assert error.value.body["code"] == 50035 and path in str(error.value.body["errors"])


def test_message_limits_accept_the_maximum() -> None:
    fields = [{"name": "n" * 256, "value": "v" * 20}] * 5
    validate_message({"content": "x" * 2000, "embeds": [{"title": "t" * 256, "fields": fields}]})
    with pytest.raises(DiscordError) as empty:
        validate_message({"content": ""})
    assert empty.value.body["code"] == 50006


def test_command_schema_checks() -> None:
    validate_commands([{"name": "quotes", "description": "Recent quotes", "type": 1}])
    with pytest.raises(DiscordError):
        validate_commands([{"name": "Quotes", "description": "upper-case name", "type": 1}])
    with pytest.raises(DiscordError):
        validate_commands([{"name": "quotes", "description": "d" * 101, "type": 1}])
    bad_order = [
        {"name": "a", "description": "a", "type": 3},
        {"name": "b", "description": "b", "type": 3, "required": True},
    ]
    with pytest.raises(DiscordError):
        validate_commands([{"name": "x", "description": "x", "type": 1, "options": bad_order}])


async def test_global_429_blocks_then_succeeds(fake: FakeDiscord, bot: BriefingBot) -> None:
    fake.rate_limit_channel(DEFAULT_CHANNEL_ID, retry_after=0.2, is_global=True)
    started = time.monotonic()
    await text_channel(bot).send("after the global limit")
    assert time.monotonic() - started >= 0.2
    assert fake.requests[-2].status == 429 and fake.requests[-2].response["global"] is True


async def test_dm_slash_command_and_dm_send(fake: FakeDiscord, bot: BriefingBot) -> None:
    dm = fake.open_dm(DEFAULT_MEMBER_ID)
    it = await fake.send_slash_command("quotes", {"speaker": "Mark Rutte"}, channel_id=dm)
    assert (await it.wait_for_response()).type == 4
    assert "guild_id" not in it.payload and it.payload["user"]["id"] == str(DEFAULT_MEMBER_ID)
    user = await bot.fetch_user(DEFAULT_MEMBER_ID)
    await user.send("your digest")
    assert (await fake.wait_for_message(dm)).content == "your digest"


async def test_live_overwrite_change_reaches_client_and_server(
    fake: FakeDiscord, bot: BriefingBot
) -> None:
    channel = fake.guild(DEFAULT_GUILD_ID).channel(DEFAULT_CHANNEL_ID)
    assert channel is not None
    channel.overwrites.append(FakeOverwrite(DEFAULT_GUILD_ID, deny=SEND_MESSAGES))  # @everyone
    await fake.update_channel(DEFAULT_GUILD_ID, channel)
    briefings = text_channel(bot)
    await fake.wait_for(lambda: not briefings.permissions_for(briefings.guild.me).send_messages)
    with pytest.raises(discord.Forbidden):
        await briefings.send("blocked")
    thread = bot.get_channel(DEFAULT_THREAD_ID)
    assert isinstance(thread, discord.Thread)
    await thread.send("threads use Send Messages in Threads")
    assert (await fake.wait_for_message(DEFAULT_THREAD_ID)).content.startswith("threads")


async def test_global_limit_is_enforced_and_survived() -> None:
    async with FakeDiscord(global_limit=(4, 0.3)) as limited:
        limited.point_discord_py()
        client = BriefingBot()
        runner = asyncio.create_task(client.start(limited.token))
        await asyncio.wait_for(client.ready.wait(), 5)
        await asyncio.sleep(0.3)  # let the login requests' window pass
        channels = [text_channel(client), text_channel(client, DEFAULT_ALERTS_CHANNEL_ID)]
        await asyncio.gather(*(channels[n % 2].send(f"alert {n}") for n in range(6)))
        sends = [r for r in limited.requests if r.route == "POST /channels/{channel_id}/messages"]
        assert any(r.status == 429 and r.response["global"] for r in sends)
        assert len(limited.channel_messages()) == 6
        await client.close()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(runner, 5)
