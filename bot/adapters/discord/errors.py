"""Discord's error side: a failed Discord HTTP request mapped to the delivery worker's
outcome (a long 429 to ``RetryLater``, missing access or a deleted channel to ``ChatGone``,
5xx and 401 to ``Transient``, anything else to ``Rejected``), and how long a follow-up to a
person waits before it is sent again."""

from __future__ import annotations

import aiohttp
import discord

from bot.delivery import ChatGone, Rejected, RetryLater, SendError, Transient

GONE_REASONS = {
    50001: "missing access: the bot cannot see this channel",
    50013: "missing permissions: the bot needs View Channel, Send Messages and Embed Links",
    50007: "cannot send messages to this user",
    10003: "unknown channel: it was deleted or the bot was removed from the server",
}


def followup_retry_in(exc: Exception, attempt: int) -> float | None:
    """How long a follow-up waits before it is sent again: a 429 longer than discord.py
    waits out itself, or a short pause after a network error or 5xx (three tries)."""
    if isinstance(exc, discord.RateLimited):
        return exc.retry_after
    transient = isinstance(exc, aiohttp.ClientError | TimeoutError | discord.DiscordServerError)
    return float(attempt) if transient and attempt <= 3 else None


def is_rate_limit(exc: Exception) -> bool:
    """A 429 discord.py did not wait out itself (the pauses' record tells them apart)."""
    return isinstance(exc, discord.RateLimited)


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
