"""discord.py send and edit arguments from a rendered message, shared by interaction
answers and outbox sends: content, embeds, a button view whose clicks reach the client's
dynamic button item, and no mentions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import discord

from bot.render.discord_message import DiscordMessage

NO_MENTIONS = discord.AllowedMentions.none()


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
