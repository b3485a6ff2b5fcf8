"""Discord's platform profile: embeds within Discord's limits, its rate limits,
``discord.admins`` (Manage Server and the admin role are read per interaction by the
adapter). No discord.py import: planning and the CLI use it too."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from bot.delivery.pacing import Limits
from bot.platform import PlatformProfile
from bot.render.discord_embeds import render_discord
from bot.replies import Reply
from bot.settings import DeliverySettings, Settings


def render_parts(reply: Reply) -> list[dict[str, Any]]:
    return [dataclasses.asdict(m) for m in render_discord(reply)]


def preview(reply: Reply) -> str:
    return json.dumps(render_parts(reply), ensure_ascii=False, indent=2)


def limits(d: DeliverySettings) -> Limits:
    return Limits(d.discord_global_per_second, d.discord_channel_per_second)


def admin_ids(settings: Settings) -> list[int]:
    return settings.discord.admins


PROFILE = PlatformProfile("discord", render_parts, preview, limits, admin_ids)
