"""What goes into a delivery row: a reply rendered for its platform, part by part."""

from __future__ import annotations

import dataclasses
from typing import Any

from bot.render.discord_embeds import render_discord
from bot.render.plain import render_plain
from bot.render.telegram_html import render_telegram
from bot.replies import Reply


def render_parts(platform: str, reply: Reply) -> list[dict[str, Any]]:
    """The messages a reply becomes on ``platform``, in sending order."""
    if platform == "telegram":
        return [
            {"text": m.text, "buttons": [list(b) for b in m.buttons]}
            for m in render_telegram(reply)
        ]
    if platform == "discord":
        return [dataclasses.asdict(m) for m in render_discord(reply)]
    return [{"text": render_plain(reply)}]
