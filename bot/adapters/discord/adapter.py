"""The Discord adapter: slash commands, buttons and outbox sends with discord.py 2.x.

One ``discord.Client`` with an ``app_commands.CommandTree`` runs on sitrep's event loop.
``initialize`` builds the client (intents: guilds only, nothing privileged) and one slash
command per neutral command; ``start`` logs in (syncing the commands to
``discord.sync_guilds`` if set, else globally), runs the gateway as a background task
and waits, bounded, for READY; ``shutdown`` closes the client.

Where sitrep subscribes: a subscription belongs to a channel, a thread or a DM. A thread
is a channel of its own to Discord (own id, own rate-limit bucket, own permissions and
lifetime), so a subscription made in a thread has ``chat_id`` = the thread's id and
``thread_id`` = "". This keeps failures apart: when a thread is deleted (404 Unknown
Channel), the delivery worker deactivates that thread's subscription only, not the
parent channel's (its ``deactivate_chat`` matches on ``chat_id``). Outbox sends go to
``thread_id or chat_id``, so rows that name a thread explicitly work too. DMs are
``chat_type="private"``, guild channels and threads ``"guild"``.

Permissions, read from the interaction on every call (never cached): a sitrep admin
(``is_platform_admin``) has Manage Server (or Administrator) or the role named
``discord.admin_role``; a chat admin (``is_chat_admin``) may also just have Manage
Channels. In DMs the user is their own chat's admin. The command layer checks both.

Interactions are acknowledged within Discord's 3 s: a command runs for at most
``ack_budget`` seconds before the adapter defers ("thinking…") and follows up. Errors and
``Reply.ephemeral`` replies are ephemeral; so are replies to admin commands.

Rate limits: discord.py waits out short 429s itself (and pre-empts exhausted buckets);
the client is built with ``max_ratelimit_timeout=30`` (discord.py's minimum), so any
longer 429 surfaces as ``discord.RateLimited`` and becomes ``RetryLater`` for the
delivery worker instead of blocking a send.

Modules: ``client`` (the ``discord.Client``, its button item, endpoints), ``interactions``
(callers and permissions, slash commands, buttons, answers), ``errors`` (HTTP errors as
delivery outcomes), ``messages`` (send and edit arguments); this one holds the lifecycle
and the outbox send.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

import aiohttp
import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.adapters.base import AdapterMetrics, NoMetrics, WebhookRoute
from bot.adapters.discord.client import SitrepClient, point_endpoints
from bot.adapters.discord.commands import build_tree_commands
from bot.adapters.discord.errors import send_failure
from bot.adapters.discord.interactions import MAX_ATTACHMENT_BYTES, PLATFORM, InteractionHandlers
from bot.adapters.discord.messages import NO_MENTIONS, message_kwargs
from bot.adapters.discord.sharding import client_class, describe, shard_options
from bot.commands import Commands
from bot.delivery import Pacer, Rejected, RetryLater, Transient
from bot.domain import Delivery
from bot.settings import Settings

__all__ = ["MAX_ATTACHMENT_BYTES", "PLATFORM", "DiscordAdapter"]

log = logging.getLogger(__name__)

MAX_RATELIMIT_WAIT = 30.0  # discord.py refuses less; longer 429s raise RateLimited


class DiscordAdapter(InteractionHandlers):
    platform = PLATFORM

    def __init__(
        self,
        commands: Commands,
        settings: Settings,
        *,
        pacer: Pacer,
        metrics: AdapterMetrics | None = None,
        ack_budget: float = 1.5,
        ready_timeout: float = 30.0,
        guild_ready_timeout: float = 2.0,
        send_timeout: float = 90.0,
    ) -> None:
        self.settings = settings
        self.commands = commands
        self.pacer = pacer  # shared with the outbox worker: follow-ups and deliveries, one budget
        self.metrics = metrics or NoMetrics()
        self.ack_budget = ack_budget
        self.ready_timeout = ready_timeout
        self.guild_ready_timeout = guild_ready_timeout
        self.send_timeout = send_timeout
        self.client: SitrepClient | None = None
        self._gateway: asyncio.Task[None] | None = None
        self._previous_endpoints: tuple[str, yarl.URL] | None = None
        self._logged_in = False

    # ------------------------------------------------------------------ lifecycle

    @property
    def connected(self) -> bool:
        client = self.client
        return client is not None and client.is_ready() and not client.is_closed()

    async def initialize(self) -> None:
        if self.client is not None:
            return
        d = self.settings.discord
        if d.api_base_url or d.gateway_url:
            self._previous_endpoints = point_endpoints(d.api_base_url, d.gateway_url)
            log.info("discord endpoints: api=%s gateway=%s", Route.BASE, d.gateway_url or "default")
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False  # no voice here
        intents = discord.Intents.none()
        intents.guilds = True
        self.client = client_class(SitrepClient, d)(
            self,
            intents=intents,
            guild_ready_timeout=self.guild_ready_timeout,
            max_ratelimit_timeout=MAX_RATELIMIT_WAIT,
            allowed_mentions=NO_MENTIONS,
            **shard_options(d),
        )
        for command in build_tree_commands(self.commands, self.invoke):
            self.client.tree.add_command(command)

    async def start(self) -> None:
        await self.initialize()
        client = self.client
        assert client is not None
        token = self.settings.discord_bot_token
        if token is None:
            raise RuntimeError("DISCORD_BOT_TOKEN is not set")
        try:
            await client.login(token.get_secret_value())
        except discord.LoginFailure:
            raise RuntimeError("Discord refused the bot token; check DISCORD_BOT_TOKEN") from None
        self._logged_in = True
        self._gateway = asyncio.create_task(client.connect(reconnect=True), name="discord-gateway")
        self._gateway.add_done_callback(_gateway_ended)
        ready = asyncio.create_task(client.wait_until_ready())
        done, _ = await asyncio.wait(
            {self._gateway, ready}, timeout=self.ready_timeout, return_when=asyncio.FIRST_COMPLETED
        )
        if self._gateway in done:
            ready.cancel()
            self._gateway.result()  # the gateway failed to start: raise its error
            raise RuntimeError("the Discord gateway closed during start-up")
        if not ready.done():
            ready.cancel()
            log.warning("discord gateway not ready after %gs; still trying", self.ready_timeout)
            return
        user = client.user
        log.info(
            "discord ready as %s (id %s) in %d guilds (%s)",
            user,
            user.id if user else "?",
            len(client.guilds),
            describe(self.settings.discord),
        )

    async def shutdown(self) -> None:
        client, self.client = self.client, None
        self._logged_in = False
        if client is not None:
            await client.close()
        if self._gateway is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.wait_for(self._gateway, 5)
            self._gateway = None
        if self._previous_endpoints is not None:
            Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = self._previous_endpoints
            self._previous_endpoints = None

    async def sync_commands(self) -> None:
        """Publish the slash commands: to the configured guilds (instant), else globally."""
        client = self.client
        assert client is not None
        try:
            if self.settings.discord.sync_guilds:
                for guild_id in self.settings.discord.sync_guilds:
                    guild = discord.Object(guild_id)
                    client.tree.copy_global_to(guild=guild)
                    synced = await client.tree.sync(guild=guild)
                    log.info("discord: %d commands synced to guild %s", len(synced), guild_id)
            else:
                synced = await client.tree.sync()
                log.info("discord: %d commands synced globally", len(synced))
        except discord.HTTPException as exc:
            log.error(
                "discord: command sync failed (%s %s); old commands stay", exc.status, exc.text
            )

    def webhook_routes(self) -> list[WebhookRoute]:
        return []

    # ------------------------------------------------------------------ outbox

    async def send(self, delivery: Delivery, part: dict[str, Any]) -> None:
        client = self.client
        if client is None or client.is_closed() or not self._logged_in:
            # Not logged in yet (the workers start before the adapter) or shutting down:
            # hold the outbox briefly without spending an attempt.
            raise RetryLater(5.0, global_=True)
        try:
            target = int(delivery.thread_id or delivery.chat_id)
        except ValueError:
            raise Rejected(f"not a Discord channel id: {delivery.chat_id!r}") from None
        started = time.monotonic()
        try:
            async with asyncio.timeout(self.send_timeout):
                await client.get_partial_messageable(target).send(**message_kwargs(part))
        except discord.RateLimited as exc:
            log.warning(
                "delivery_id=%s channel_id=%s rate limited for %.1fs",
                delivery.id,
                target,
                exc.retry_after,
            )
            raise RetryLater(exc.retry_after) from exc
        except discord.HTTPException as exc:
            raise send_failure(exc) from exc
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            raise Transient(f"{type(exc).__name__}: {exc}") from exc
        finally:
            self.metrics.observe_send(PLATFORM, time.monotonic() - started)


def _gateway_ended(task: asyncio.Task[None]) -> None:
    if task.cancelled():
        return
    error = task.exception()
    if error is not None:
        log.error("discord gateway stopped: %s", error, exc_info=error)
