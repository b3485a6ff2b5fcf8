"""The ``discord.Client`` subclass (:class:`SitrepClient`) with its command tree, the
dynamic button item that hands every click on a neutral action to the adapter
(:class:`ActionButton`), and :func:`point_endpoints`, which points discord.py's REST root
and gateway at another server."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord
import yarl
from discord import app_commands
from discord.gateway import DiscordWebSocket
from discord.http import Route

if TYPE_CHECKING:
    from bot.adapters.discord.adapter import DiscordAdapter

ACTION_TEMPLATE = r"(?P<action>[a-z_]+:.*)"


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
