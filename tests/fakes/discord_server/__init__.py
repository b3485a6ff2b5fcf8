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

Where things are (``FakeDiscord`` is one object put together from these parts)::

    server.py               FakeDiscord: lifecycle, the REST route table and dispatch
    state.py                DiscordState: the constructor, wait_for* helpers, world look-ups,
                            recorded messages and their payloads
    gateway.py              the gateway websocket, dispatch(), guild/channel changes
    interactions.py         acting as a user: send_slash_command, click_button, submit_modal, ...
    routes_app.py           gateway URL, users, application, DMs, application commands
    routes_channels.py      channels, channel messages, guilds, members (permission checks)
    routes_interactions.py  interaction callbacks, follow-ups, @original edits
    faults.py               scripting failures and 429s: fail_channel, rate_limit_route, ...
    ratelimits.py           per-route buckets and the global limit
    validation.py           Discord-shaped errors (ERRORS, DiscordError), body limits
    records.py              recorded dataclasses: RecordedMessage, FakeInteraction, ...
    world.py                guilds, channels, roles, members, permissions; default_guild()
    wire.py                 route and call types, the response shape (Via header, JSON)
    constants.py            paths, permission bits, channel types, default ids
"""

from __future__ import annotations

from tests.fakes.discord_server.constants import (
    ADMINISTRATOR,
    ALL_PERMISSIONS,
    API_PREFIX,
    ATTACH_FILES,
    CATEGORY,
    DEFAULT_ALERTS_CHANNEL_ID,
    DEFAULT_BOT_ID,
    DEFAULT_CHANNEL_ID,
    DEFAULT_GUILD_ID,
    DEFAULT_MEMBER_ID,
    DEFAULT_OWNER_ID,
    DEFAULT_THREAD_ID,
    DM,
    EMBED_LINKS,
    EPHEMERAL,
    GATEWAY_PATH,
    JSON,
    LOADING,
    MANAGE_GUILD,
    MEMBER_DEFAULT,
    NEWS,
    PRIVATE_THREAD,
    PRIVILEGED_INTENTS,
    PUBLIC_THREAD,
    READ_MESSAGE_HISTORY,
    SEND_MESSAGES,
    SEND_MESSAGES_IN_THREADS,
    TEXT,
    THREAD_TYPES,
    USE_APPLICATION_COMMANDS,
    VIEW_CHANNEL,
    VOICE,
    T,
)
from tests.fakes.discord_server.records import (
    CommandSync,
    FakeInteraction,
    InteractionCallback,
    RecordedFile,
    RecordedMessage,
    RecordedRequest,
)
from tests.fakes.discord_server.server import FakeDiscord, point_discord_py_at
from tests.fakes.discord_server.validation import (
    ERRORS,
    DiscordError,
    validate_commands,
    validate_message,
)
from tests.fakes.discord_server.wire import Handler
from tests.fakes.discord_server.world import (
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeOverwrite,
    FakeRole,
    FakeUser,
    default_guild,
)

__all__ = [
    "ADMINISTRATOR",
    "ALL_PERMISSIONS",
    "API_PREFIX",
    "ATTACH_FILES",
    "CATEGORY",
    "DEFAULT_ALERTS_CHANNEL_ID",
    "DEFAULT_BOT_ID",
    "DEFAULT_CHANNEL_ID",
    "DEFAULT_GUILD_ID",
    "DEFAULT_MEMBER_ID",
    "DEFAULT_OWNER_ID",
    "DEFAULT_THREAD_ID",
    "DM",
    "EMBED_LINKS",
    "EPHEMERAL",
    "ERRORS",
    "GATEWAY_PATH",
    "JSON",
    "LOADING",
    "MANAGE_GUILD",
    "MEMBER_DEFAULT",
    "NEWS",
    "PRIVATE_THREAD",
    "PRIVILEGED_INTENTS",
    "PUBLIC_THREAD",
    "READ_MESSAGE_HISTORY",
    "SEND_MESSAGES",
    "SEND_MESSAGES_IN_THREADS",
    "TEXT",
    "THREAD_TYPES",
    "USE_APPLICATION_COMMANDS",
    "VIEW_CHANNEL",
    "VOICE",
    "CommandSync",
    "DiscordError",
    "FakeChannel",
    "FakeDiscord",
    "FakeGuild",
    "FakeInteraction",
    "FakeMember",
    "FakeOverwrite",
    "FakeRole",
    "FakeUser",
    "Handler",
    "InteractionCallback",
    "RecordedFile",
    "RecordedMessage",
    "RecordedRequest",
    "T",
    "default_guild",
    "point_discord_py_at",
    "validate_commands",
    "validate_message",
]
