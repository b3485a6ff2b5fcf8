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
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import io
import logging
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from typing import Any, TypeVar

import aiohttp
import discord
import yarl
from discord import app_commands
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.adapters.base import AdapterMetrics, NoMetrics, WebhookRoute
from bot.adapters.discord.commands import build_tree_commands, neutral_args, options_for
from bot.adapters.discord.sharding import client_class, describe, shard_options
from bot.commands import Caller, Commands, CommandSpec
from bot.delivery import (
    ChatGone,
    Pacer,
    Rejected,
    RetryLater,
    SendError,
    Transient,
    chat_key,
)
from bot.domain import Delivery
from bot.render.discord_embeds import DiscordMessage, render_discord
from bot.replies import Reply, text_reply
from bot.settings import Settings

log = logging.getLogger(__name__)

PLATFORM = "discord"
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_RATELIMIT_WAIT = 30.0  # discord.py refuses less; longer 429s raise RateLimited
ACTION_TEMPLATE = r"(?P<action>[a-z_]+:.*)"
NO_MENTIONS = discord.AllowedMentions.none()
T = TypeVar("T")

GONE_REASONS = {
    50001: "missing access: the bot cannot see this channel",
    50013: "missing permissions: the bot needs View Channel, Send Messages and Embed Links",
    50007: "cannot send messages to this user",
    10003: "unknown channel: it was deleted or the bot was removed from the server",
}


class Refused(Exception):
    """A request the adapter turns down before the command runs (shown to the user)."""


def point_endpoints(api_base_url: str, gateway_url: str) -> tuple[str, yarl.URL]:
    """Point discord.py's REST root and gateway elsewhere; returns the previous values.

    ``api_base_url`` is the API root; ``/v10`` is added unless it names a version.
    """
    previous = (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
    if api_base_url:
        base = api_base_url.rstrip("/")
        Route.BASE = base if re.search(r"/v\d+$", base) else f"{base}/v10"
    if gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
    return previous


def button_view(buttons: Any) -> discord.ui.View | None:
    """A view with one button per (label, action); clicks reach :class:`ActionButton`.

    The view is stopped at once so discord.py never keeps it in memory: the dynamic
    item answers every click, also after a restart.
    """
    if not buttons:
        return None
    view = discord.ui.View(timeout=None)
    for label, action in buttons:
        view.add_item(
            discord.ui.Button(
                label=str(label)[:80],
                custom_id=str(action)[:100],
                style=discord.ButtonStyle.secondary,
            )
        )
    view.stop()
    return view


def message_kwargs(message: DiscordMessage | Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments for discord.py's send/edit calls from a rendered message."""
    if isinstance(message, DiscordMessage):
        content, embeds, buttons = message.content, message.embeds, message.buttons
    else:
        content = str(message.get("content") or "")
        embeds, buttons = list(message.get("embeds") or []), message.get("buttons") or ()
    kwargs: dict[str, Any] = {
        "content": content or None,
        "embeds": [discord.Embed.from_dict(e) for e in embeds],
        "allowed_mentions": NO_MENTIONS,
    }
    view = button_view(buttons)
    if view is not None:
        kwargs["view"] = view
    return kwargs


def followup_retry_in(exc: Exception, attempt: int) -> float | None:
    """How long a follow-up waits before it is sent again: a 429 longer than discord.py
    waits out itself, or a short pause after a network error or 5xx (three tries)."""
    if isinstance(exc, discord.RateLimited):
        return exc.retry_after
    transient = isinstance(exc, aiohttp.ClientError | TimeoutError | discord.DiscordServerError)
    return float(attempt) if transient and attempt <= 3 else None


def send_failure(exc: discord.HTTPException) -> SendError:
    """The delivery outcome of a failed Discord request."""
    status, code = exc.status, exc.code
    detail = f"Discord {status}/{code}: {exc.text[:200]}"
    if status == 429:
        headers = exc.response.headers
        try:
            seconds = float(headers.get("Retry-After", "5"))
        except ValueError:
            seconds = 5.0
        return RetryLater(seconds, global_=headers.get("X-RateLimit-Global") == "true")
    if status == 403:
        return ChatGone(f"{GONE_REASONS.get(code, 'forbidden')} ({detail})")
    if status == 404 and code == 10003:
        return ChatGone(f"{GONE_REASONS[10003]} ({detail})")
    if status >= 500 or status == 401:
        return Transient(detail)
    return Rejected(detail)


class ActionButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=ACTION_TEMPLATE
):
    """Any button whose custom_id is a neutral action ("quotes:5:Mark Rutte")."""

    def __init__(self, action: str, label: str = "…") -> None:
        super().__init__(discord.ui.Button(label=label, custom_id=action))
        self.action = action

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ActionButton:
        return cls(match["action"], getattr(item, "label", None) or "…")

    async def callback(self, interaction: discord.Interaction) -> None:
        client = interaction.client
        if isinstance(client, SitrepClient):
            await client.adapter.on_action(interaction, self.action)


class SitrepClient(discord.Client):
    def __init__(self, adapter: DiscordAdapter, **options: Any) -> None:
        super().__init__(**options)
        self.adapter = adapter
        self.tree = app_commands.CommandTree(self)
        self.tree.error(adapter.on_tree_error)

    async def setup_hook(self) -> None:
        self.add_dynamic_items(ActionButton)
        await self.adapter.sync_commands()


class DiscordAdapter:
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

    # ------------------------------------------------------------------ callers

    def caller_for(self, interaction: discord.Interaction) -> Caller:
        """Who is asking and from where, with permissions read from this interaction."""
        user = interaction.user
        channel_id = str(interaction.channel_id or "")
        if interaction.guild_id is None:
            return Caller(
                PLATFORM,
                str(user.id),
                channel_id,
                chat_type="private",
                is_chat_admin=True,
                name=user.display_name,
            )
        perms = interaction.permissions
        role = self.settings.discord.admin_role
        has_role = (
            bool(role)
            and isinstance(user, discord.Member)
            and any(r.name == role for r in user.roles)
        )
        platform_admin = perms.administrator or perms.manage_guild or has_role
        return Caller(
            PLATFORM,
            str(user.id),
            channel_id,  # a thread's own id in a thread (see the module docstring)
            chat_type="guild",
            is_chat_admin=platform_admin or perms.manage_channels,
            is_platform_admin=platform_admin,
            name=user.display_name,
        )

    @staticmethod
    def missing_bot_permissions(interaction: discord.Interaction) -> str:
        """Why the bot could not post here, or "" if it can."""
        if interaction.guild_id is None:
            return ""
        perms = interaction.app_permissions
        send = ("Send Messages in Threads", perms.send_messages_in_threads)
        if not isinstance(interaction.channel, discord.Thread):
            send = ("Send Messages", perms.send_messages)
        needed = [("View Channel", perms.view_channel), send, ("Embed Links", perms.embed_links)]
        missing = [name for name, granted in needed if not granted]
        if not missing:
            return ""
        return (
            f"I can't post briefings here: I'm missing the {' and '.join(missing)} "
            f"permission{'s' if len(missing) > 1 else ''} in this channel. Ask a server admin "
            "to grant it to sitrep's role (or use another channel), then run /subscribe again."
        )

    # ------------------------------------------------------------------ slash commands

    async def invoke(
        self, interaction: discord.Interaction, spec: CommandSpec, values: dict[str, Any]
    ) -> None:
        """A slash command: run the neutral command and answer, within 3 seconds."""
        started = time.monotonic()
        try:
            caller = self.caller_for(interaction)
            if spec.name == "subscribe" and caller.is_chat_admin:
                missing = self.missing_bot_permissions(interaction)
                if missing:
                    await self._answer(interaction, text_reply(missing, kind="error"))
                    return
            args = neutral_args(options_for(spec), values)
            attachment = next(
                (v for v in values.values() if isinstance(v, discord.Attachment)), None
            )
            ephemeral_defer = spec.audience == "admin"
            reply, deferred = await self._within_budget(
                self._run(spec, args, caller, attachment),
                lambda: interaction.response.defer(thinking=True, ephemeral=ephemeral_defer),
            )
            await self._answer(interaction, reply, deferred=deferred, ephemeral=ephemeral_defer)
            self.metrics.command_answered(PLATFORM, spec.name, time.monotonic() - started)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception(
                "discord /%s failed channel_id=%s user_id=%s",
                spec.name,
                interaction.channel_id,
                interaction.user.id,
            )
            await self._apologise(interaction)

    async def _within_budget(
        self, work: Awaitable[T], defer: Callable[[], Awaitable[Any]]
    ) -> tuple[T, bool]:
        """Run ``work``; if it takes longer than the budget, acknowledge first."""
        task = asyncio.ensure_future(work)
        try:
            done, _ = await asyncio.wait({task}, timeout=self.ack_budget)
            deferred = not done
            if deferred:
                await defer()
            return await task, deferred
        finally:
            if not task.done():
                task.cancel()

    async def _run(
        self,
        spec: CommandSpec,
        args: str,
        caller: Caller,
        attachment: discord.Attachment | None,
    ) -> Reply:
        try:
            if attachment is not None:
                caller = replace(caller, attachment=await self._download(attachment))
            return await self.commands.run(spec.name, args, caller)
        except Refused as exc:
            return text_reply(str(exc), kind="error")
        except (discord.HTTPException, aiohttp.ClientError, TimeoutError) as exc:
            log.warning("discord /%s: attachment download failed: %s", spec.name, exc)
            return text_reply(
                "I could not download that file from Discord; try again.", kind="error"
            )

    @staticmethod
    async def _download(attachment: discord.Attachment) -> bytes:
        limit_mb = MAX_ATTACHMENT_BYTES // (1024 * 1024)
        if attachment.size > MAX_ATTACHMENT_BYTES:
            raise Refused(
                f"{attachment.filename} is {attachment.size / 1_048_576:.1f} MB; "
                f"the limit is {limit_mb} MB."
            )
        async with asyncio.timeout(30):
            data = await attachment.read()
        if len(data) > MAX_ATTACHMENT_BYTES:
            raise Refused(f"{attachment.filename} is larger than {limit_mb} MB.")
        return data

    async def _answer(
        self,
        interaction: discord.Interaction,
        reply: Reply,
        *,
        deferred: bool = False,
        ephemeral: bool = False,
    ) -> None:
        """Send a reply as the interaction's response (or follow-ups), message by message.

        Errors and ``Reply.ephemeral`` replies are shown only to the caller. After a
        public deferral the first message fills the visible "thinking…" placeholder,
        which Discord cannot turn ephemeral afterwards.
        """
        ephemeral = ephemeral or reply.ephemeral or reply.kind == "error"
        messages = render_discord(reply) or [DiscordMessage(content="Done.")]
        for index, message in enumerate(messages):
            kwargs = message_kwargs(message)
            if index == 0 and reply.attachment is not None:
                data = io.BytesIO(reply.attachment.data)
                kwargs["file"] = discord.File(data, filename=reply.attachment.filename)
            if index == 0 and not deferred and not interaction.response.is_done():
                # The initial response must arrive within 3 s and is outside the
                # global budget: it is never held back.
                await interaction.response.send_message(ephemeral=ephemeral, **kwargs)
            else:
                send = functools.partial(interaction.followup.send, ephemeral=ephemeral, **kwargs)
                key = chat_key(str(interaction.channel_id or interaction.user.id))
                await self.pacer.reply(key, False, send, followup_retry_in)

    async def _apologise(self, interaction: discord.Interaction) -> None:
        sorry = text_reply(
            "Sorry, that failed on sitrep's side. The error was logged; please try again later.",
            kind="error",
        )
        try:
            await self._answer(interaction, sorry)
        except discord.HTTPException as exc:
            log.warning("discord: could not report an error to the user: %s", exc)

    async def on_tree_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, app_commands.CommandSignatureMismatch | app_commands.CommandNotFound):
            text = "sitrep's commands were just updated; Discord will refresh them shortly. Try again in a minute."
            log.warning("discord: stale command %s", error)
        else:
            text = "Sorry, that command failed on sitrep's side. The error was logged."
            log.error("discord: command error", exc_info=error)
        try:
            await self._answer(interaction, text_reply(text, kind="error"))
        except discord.HTTPException as exc:
            log.warning("discord: could not report an error to the user: %s", exc)

    # ------------------------------------------------------------------ buttons

    async def on_action(self, interaction: discord.Interaction, action: str) -> None:
        """A button press: the next page replaces the message it was pressed on."""
        try:
            caller = self.caller_for(interaction)
            reply, deferred = await self._within_budget(
                self.commands.action(action, caller), lambda: interaction.response.defer()
            )
            messages = render_discord(reply)
            if not _replaces_page(reply, messages):
                await self._answer(interaction, reply, deferred=deferred, ephemeral=True)
                return
            kwargs = message_kwargs(messages[0])
            kwargs.setdefault("view", None)
            if deferred:
                await interaction.edit_original_response(**kwargs)
            else:
                await interaction.response.edit_message(**kwargs)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception(
                "discord button %r failed channel_id=%s", action[:40], interaction.channel_id
            )
            await self._apologise(interaction)


def _replaces_page(reply: Reply, messages: list[DiscordMessage]) -> bool:
    """A page of results (not an error or a one-line notice) that fits one message."""
    if reply.kind != "normal" or reply.ephemeral or reply.attachment or len(messages) != 1:
        return False
    return bool(messages[0].embeds or messages[0].buttons or len(reply.blocks) > 1)


def _gateway_ended(task: asyncio.Task[None]) -> None:
    if task.cancelled():
        return
    error = task.exception()
    if error is not None:
        log.error("discord gateway stopped: %s", error, exc_info=error)
