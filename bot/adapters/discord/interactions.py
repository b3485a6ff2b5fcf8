"""Discord interactions, mixed into the adapter: who is asking and with which rights, read
from each interaction (:class:`Permissions`); acknowledging within Discord's 3 s and
answering, ephemeral for errors (:class:`Answers`); slash commands, attachments and button
presses run as neutral commands (:class:`InteractionHandlers`)."""

from __future__ import annotations

import asyncio
import functools
import io
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any, TypeVar

import aiohttp
import discord
from discord import app_commands

from bot.adapters.base import AdapterMetrics
from bot.adapters.discord.commands import neutral_args, options_for
from bot.adapters.discord.errors import followup_retry_in, is_rate_limit
from bot.adapters.discord.messages import message_kwargs
from bot.commands import Caller, Commands, CommandSpec
from bot.delivery import Pacer, chat_key
from bot.render.discord_embeds import render_discord
from bot.render.discord_message import DiscordMessage
from bot.replies import Reply, text_reply
from bot.settings import Settings

log = logging.getLogger(__name__)

PLATFORM = "discord"
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
T = TypeVar("T")


class Refused(Exception):
    """A request the adapter turns down before the command runs (shown to the user)."""


class Permissions:
    """Who is asking and where, and whether the bot may post there; read from each
    interaction, never cached."""

    settings: Settings

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
            channel_id,  # a thread's own id in a thread (see the adapter's module docstring)
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


class Answers:
    """Acknowledging an interaction within the budget and answering it, message by message."""

    pacer: Pacer
    ack_budget: float

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
                await self.pacer.reply(key, False, send, followup_retry_in, is_rate_limit)

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


class InteractionHandlers(Permissions, Answers):
    """Slash commands (with attachments) and button presses, run as neutral commands."""

    commands: Commands
    metrics: AdapterMetrics

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
