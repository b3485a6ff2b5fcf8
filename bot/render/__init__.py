"""Platform renderers for neutral replies: Telegram HTML, Discord embeds, plain text, JSON.

Each takes a :class:`bot.replies.Reply`; wording and order are shared in
:mod:`bot.render.layout` so every platform says the same things, and
:mod:`bot.render.split` cuts a long reply into messages within a platform's limit.
"""

from bot.render.discord_embeds import render_discord
from bot.render.discord_message import DiscordMessage, validate_discord_message
from bot.render.json_out import briefing_to_dict, digest_to_dict, render_json
from bot.render.plain import render_plain
from bot.render.telegram_html import (
    TelegramMessage,
    render_telegram,
    telegram_visible_length,
    validate_telegram_html,
)

__all__ = [
    "DiscordMessage",
    "TelegramMessage",
    "briefing_to_dict",
    "digest_to_dict",
    "render_discord",
    "render_json",
    "render_plain",
    "render_telegram",
    "telegram_visible_length",
    "validate_discord_message",
    "validate_telegram_html",
]
