"""The platform-neutral command layer: parsed arguments and a caller in, a Reply out.

Adapters turn platform updates into ``Command.run(name, args, caller)`` calls and render
the returned :class:`bot.replies.Reply`. Nothing here knows Telegram or Discord.
"""

from __future__ import annotations

import logging
import shlex
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal

from bot.replies import Reply, text_reply
from bot.store.codec import CONTROL_CHARACTERS

log = logging.getLogger(__name__)
Audience = Literal["subscriber", "reader", "admin"]


class CommandError(Exception):
    """Bad arguments or a refused action: the message is shown to the user."""


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is asking, and from where. Adapters fill the permission flags on every call."""

    platform: str
    user_id: str
    chat_id: str
    thread_id: str = ""
    chat_type: str = "private"  # private | group | supergroup | channel | guild
    is_chat_admin: bool = (
        False  # may change this chat's subscription (group admin, Manage Channels…)
    )
    is_platform_admin: bool = False  # Discord: Manage Server or the configured role
    name: str = ""
    attachment: bytes | None = None  # an uploaded file (OPML import)

    @property
    def is_group(self) -> bool:
        return self.chat_type != "private"


Handler = Callable[["Invocation"], Awaitable[Reply]]


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str
    summary: str
    usage: str
    audience: Audience
    handler: Handler
    args: tuple[tuple[str, str], ...] = ()  # (option name, description) for slash commands
    changes_chat: bool = False  # adapters must fill Caller.is_chat_admin for these


@dataclass(frozen=True, slots=True)
class Invocation:
    spec: CommandSpec
    args: str
    caller: Caller
    offset: int = 0
    words: tuple[str, ...] = field(default=())

    @property
    def text(self) -> str:
        return " ".join(self.words)


def split_args(args: str) -> tuple[str, ...]:
    """Shell-like words (quotes group words); a clear error for unbalanced quotes."""
    if len(args) > 2000:
        raise CommandError("That is too long; keep arguments under 2,000 characters.")
    lexer = shlex.shlex(args.replace("“", '"').replace("”", '"'), posix=True)
    lexer.whitespace_split = True
    lexer.escape = ""  # keep backslashes: /patterns/ need them
    lexer.commenters = ""
    try:
        return tuple(lexer)
    except ValueError:
        raise CommandError("Unbalanced quotes in the arguments.") from None


def parse_options(words: tuple[str, ...]) -> tuple[list[str], dict[str, str]]:
    """Positional words and ``key=value`` options (keys lower-cased)."""
    positional: list[str] = []
    options: dict[str, str] = {}
    for word in words:
        key, sep, value = word.partition("=")
        if sep and key.isidentifier():
            options[key.lower()] = value
        else:
            positional.append(word)
    return positional, options


def parse_count(word: str, *, default: int, low: int = 1, high: int = 10) -> int:
    if not word:
        return default
    if not is_number(word):
        raise CommandError(f"{word[:20]!r} is not a number; give a count from {low} to {high}.")
    return max(low, min(high, int(word)))


class CommandTable:
    """The registry every adapter reads (names, help, slash options) and dispatches to."""

    def __init__(self) -> None:
        self.specs: dict[str, CommandSpec] = {}

    def add(self, spec: CommandSpec) -> None:
        self.specs[spec.name] = spec

    def visible(self, audience: set[Audience]) -> list[CommandSpec]:
        return [s for s in self.specs.values() if s.audience in audience]

    async def run(self, name: str, args: str, caller: Caller, *, offset: int = 0) -> Reply:
        name = name.lower().lstrip("/").split("@", 1)[0]
        spec = self.specs.get(name)
        if spec is None:
            return text_reply(
                f"Unknown command /{name[:32]}. Send /help for the list.", kind="error"
            )
        args = CONTROL_CHARACTERS.sub(" ", args)  # NUL and other controls never reach a query
        try:
            words = split_args(args)
            return await spec.handler(Invocation(spec, args, caller, offset, words))
        except CommandError as exc:
            return text_reply(f"{exc}\nUsage: {spec.usage}", kind="error")


def is_number(text: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also accepts "²", which ``int`` refuses."""
    return text.isascii() and text.isdigit()
