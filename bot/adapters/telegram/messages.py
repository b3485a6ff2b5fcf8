"""Bot API message options shared by replies to people and outbox sends: an inline
keyboard with one button per row, and link previews only for a single-link message."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions


def keyboard(buttons: list[list[str]] | tuple[tuple[str, str], ...]) -> InlineKeyboardMarkup | None:
    """One button per row; ``None`` without buttons."""
    rows = [[InlineKeyboardButton(label, callback_data=data)] for label, data in buttons]
    return InlineKeyboardMarkup(rows) if rows else None


def link_previews(text: str) -> LinkPreviewOptions:
    """Show a preview only when the message has a single link (one story, not a list)."""
    return LinkPreviewOptions(is_disabled=text.count("<a href=") != 1)
