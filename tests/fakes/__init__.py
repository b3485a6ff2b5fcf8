"""Loopback fakes of the platforms sitrep talks to (real HTTP, real JSON) for tests."""

from tests.fakes.botapi import (
    Bucket,
    FakeBotAPI,
    HtmlParseError,
    RateLimitHit,
    RateLimits,
    ScriptedFailure,
    SentMessage,
    UploadedFile,
    parse_telegram_html,
)

__all__ = [
    "Bucket",
    "FakeBotAPI",
    "HtmlParseError",
    "RateLimitHit",
    "RateLimits",
    "ScriptedFailure",
    "SentMessage",
    "UploadedFile",
    "parse_telegram_html",
]
