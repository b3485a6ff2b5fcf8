"""Telegram's platform profile: HTML messages split by visible length, Telegram's limits,
``telegram.admins``. No python-telegram-bot import: planning and the CLI use it too."""

from __future__ import annotations

from typing import Any

from bot.delivery.pacing import Limits
from bot.platform import PlatformProfile
from bot.render.telegram_html import render_telegram
from bot.replies import Reply
from bot.settings import DeliverySettings, Settings


def render_parts(reply: Reply) -> list[dict[str, Any]]:
    return [
        {"text": m.text, "buttons": [list(b) for b in m.buttons]} for m in render_telegram(reply)
    ]


def preview(reply: Reply) -> str:
    return "\n\n----- next message -----\n\n".join(m.text for m in render_telegram(reply))


def limits(d: DeliverySettings) -> Limits:
    return Limits(
        d.telegram_global_per_second, d.telegram_chat_per_second, d.telegram_group_per_minute
    )


def admin_ids(settings: Settings) -> list[int]:
    return settings.telegram.admins


PROFILE = PlatformProfile("telegram", render_parts, preview, limits, admin_ids)
