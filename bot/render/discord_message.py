"""What one Discord message is and what Discord accepts of it.

:class:`DiscordMessage` (markdown content, embed dicts, buttons) is what the Discord
renderer produces and the adapter sends. The documented limits on content, embeds, fields
and buttons live here, with :func:`embed_size` (what an embed counts against the 6000 per
message) and :func:`validate_discord_message`, which lists every limit a message breaks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.render.layout import safe_url

CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_COUNT_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
EMBEDS_TOTAL_LIMIT = 6000
EMBEDS_PER_MESSAGE = 10
BUTTONS_PER_MESSAGE = 25
BUTTON_LABEL_LIMIT = 80
CUSTOM_ID_LIMIT = 100

Embed = dict[str, Any]


@dataclass(slots=True)
class DiscordMessage:
    """One message: markdown content, embed dicts and, on the last message, buttons."""

    content: str = ""
    embeds: list[Embed] = field(default_factory=list)
    buttons: tuple[tuple[str, str], ...] = ()


def embed_size(embed: Mapping[str, Any]) -> int:
    """Characters an embed counts against the 6000 per message."""
    size = len(embed.get("title", "")) + len(embed.get("description", ""))
    size += len(embed.get("footer", {}).get("text", ""))
    size += len(embed.get("author", {}).get("name", ""))
    return size + sum(
        len(f.get("name", "")) + len(f.get("value", "")) for f in embed.get("fields", [])
    )


def validate_discord_message(message: DiscordMessage | Mapping[str, Any]) -> list[str]:
    """Problems Discord would reject (empty if none). Accepts a :class:`DiscordMessage`
    or a JSON payload with ``content``, ``embeds`` and ``components``."""
    if isinstance(message, DiscordMessage):
        content, embeds, buttons = message.content, message.embeds, list(message.buttons)
    else:
        content = message.get("content") or ""
        embeds = list(message.get("embeds") or [])
        buttons = [
            (c.get("label", ""), c.get("custom_id", ""))
            for row in message.get("components") or []
            for c in row.get("components", [])
        ]
    problems: list[str] = []
    if len(content) > CONTENT_LIMIT:
        problems.append(f"content has {len(content)} characters (limit {CONTENT_LIMIT})")
    if not content.strip() and not embeds:
        problems.append("message has neither content nor embeds")
    if len(embeds) > EMBEDS_PER_MESSAGE:
        problems.append(f"{len(embeds)} embeds (limit {EMBEDS_PER_MESSAGE})")
    total = sum(embed_size(e) for e in embeds)
    if total > EMBEDS_TOTAL_LIMIT:
        problems.append(f"embeds total {total} characters (limit {EMBEDS_TOTAL_LIMIT})")
    for index, embed in enumerate(embeds):
        problems += [f"embed {index}: {p}" for p in validate_embed(embed)]
    if len(buttons) > BUTTONS_PER_MESSAGE:
        problems.append(f"{len(buttons)} buttons (limit {BUTTONS_PER_MESSAGE})")
    for label, custom_id in buttons:
        if not 0 < len(label) <= BUTTON_LABEL_LIMIT:
            problems.append(f"button label {label!r} not 1..{BUTTON_LABEL_LIMIT} characters")
        if not 0 < len(custom_id) <= CUSTOM_ID_LIMIT:
            problems.append(f"custom_id {custom_id!r} not 1..{CUSTOM_ID_LIMIT} characters")
    return problems


def validate_embed(embed: Mapping[str, Any]) -> list[str]:
    """One embed's own limits."""
    problems = [
        f"{name} has {len(value)} characters (limit {limit})"
        for name, value, limit in (
            ("title", embed.get("title", ""), TITLE_LIMIT),
            ("description", embed.get("description", ""), DESCRIPTION_LIMIT),
            ("footer", embed.get("footer", {}).get("text", ""), FOOTER_LIMIT),
        )
        if len(value) > limit
    ]
    fields = embed.get("fields", [])
    if len(fields) > FIELD_COUNT_LIMIT:
        problems.append(f"{len(fields)} fields (limit {FIELD_COUNT_LIMIT})")
    for f in fields:
        if not 0 < len(f.get("name", "")) <= FIELD_NAME_LIMIT:
            problems.append(f"field name not 1..{FIELD_NAME_LIMIT} characters")
        if not 0 < len(f.get("value", "")) <= FIELD_VALUE_LIMIT:
            problems.append(f"field value not 1..{FIELD_VALUE_LIMIT} characters")
    if embed_size(embed) > EMBEDS_TOTAL_LIMIT:
        problems.append(f"embed has {embed_size(embed)} characters (limit {EMBEDS_TOTAL_LIMIT})")
    if not embed_size(embed):
        problems.append("embed is empty")
    if "url" in embed and not safe_url(str(embed["url"])):
        problems.append("url is not an absolute http(s) URL")
    return problems
