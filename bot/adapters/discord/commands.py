"""Slash commands for every command of the neutral layer, with typed options.

Each neutral command (``Commands.table.specs``) becomes one ``app_commands.Command``.
Typed options (times, zones, counts, choices, files) are turned back into the neutral
argument string the command parses, e.g. ``/subscribe time:07:00 zone:Europe/London
topics:nato,naval`` -> ``"07:00 zone=Europe/London topics=nato,naval"``. A command with
no entry in :data:`OPTIONS` gets one text option per ``CommandSpec.args`` item, so a
new neutral command is served without touching this module.

Autocomplete answers speaker names, feeds, topics and IANA time zones (at most 25).
"""

from __future__ import annotations

import inspect
import logging
import re
import shlex
import zoneinfo
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands

from bot.commands.core import CommandSpec

if TYPE_CHECKING:
    from bot.commands import Commands

log = logging.getLogger(__name__)

MAX_CHOICES = 25
CHOICE_LIMIT = 100
DESCRIPTION_LIMIT = 100
Form = Literal["word", "key", "raw"]
Source = Literal["", "speakers", "feed_names", "feed_ids", "zones", "topics", "subjects"]
Invoke = Callable[[discord.Interaction, CommandSpec, dict[str, Any]], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class SlashOption:
    """One slash option and how its value goes into the neutral argument string.

    ``form``: ``word`` -> the value as one (shell-quoted) word; ``key`` -> ``key=value``
    (``key`` defaults to the option name); ``raw`` -> verbatim (free text the command
    parses itself).
    """

    name: str
    description: str
    kind: Any = str
    required: bool = False
    form: Form = "word"
    key: str = ""
    source: Source = ""
    many: bool = False  # a comma-separated list: autocomplete completes the last item


def _when(prefix: str = "") -> tuple[SlashOption, ...]:
    """The subscription options shared by /subscribe and /settings."""
    time_form: Form = "key" if prefix == "settings" else "word"
    mode_form: Form = "key" if prefix == "settings" else "word"
    return (
        SlashOption("time", "local time of the daily digest, HH:MM", form=time_form),
        SlashOption("zone", "your time zone, e.g. Europe/London", form="key", source="zones"),
        SlashOption(
            "mode",
            "a daily digest, or instant alerts",
            kind=Literal["digest", "instant"],
            form=mode_form,
        ),
        SlashOption(
            "topics", "only these topics, comma-separated", form="key", source="topics", many=True
        ),
        SlashOption(
            "feeds",
            "only these outlets, comma-separated",
            form="key",
            source="feed_names",
            many=True,
        ),
        SlashOption(
            "speakers",
            "only these people, comma-separated",
            form="key",
            source="speakers",
            many=True,
        ),
        SlashOption("days", "weekdays, e.g. mon-fri (default: every day)", form="key"),
        SlashOption("keywords", "only stories with these words, comma-separated", form="key"),
        SlashOption("exclude", "leave out stories with these words, comma-separated", form="key"),
    )


FEED_REF = SlashOption("feed", "the feed's number, URL or name", required=True, source="feed_ids")

OPTIONS: dict[str, tuple[SlashOption, ...]] = {
    "subscribe": (
        *_when(),
        SlashOption("options", "anything else, e.g. keywords=drone exclude=rumour", form="raw"),
    ),
    "settings": (
        *_when("settings"),
        SlashOption("change", "or type it, e.g. time=08:00 topics=nato", form="raw"),
    ),
    "latest": (SlashOption("count", "how many, 1–10", kind=app_commands.Range[int, 1, 10]),),
    "quotes": (SlashOption("subject", "a speaker's name or a topic", source="subjects"),),
    "who": (SlashOption("name", "the person's name", required=True, source="speakers"),),
    "search": (SlashOption("terms", "words to look for", required=True),),
    "story": (
        SlashOption("id", "the story number", kind=app_commands.Range[int, 1], required=True),
    ),
    "addfeed": (
        SlashOption("url", "feed or site URL", required=True),
        SlashOption("name", "display name"),
    ),
    "removefeed": (FEED_REF,),
    "pausefeed": (FEED_REF,),
    "resumefeed": (FEED_REF,),
    "feedfilter": (
        FEED_REF,
        SlashOption("include", "only entries with these words or /patterns/", form="key"),
        SlashOption("exclude", "leave out these words or /patterns/", form="key"),
        SlashOption(
            "relevance", "keep only defence-relevant entries", kind=Literal["on", "off"], form="key"
        ),
    ),
    "importfeeds": (
        SlashOption("file", "an OPML file (at most 5 MB)", kind=discord.Attachment, required=True),
    ),
}


def option_name(text: str) -> str:
    """A valid slash option name (lower-case, 1–32 word characters)."""
    name = re.sub(r"[^\w-]+", "_", text.lower()).strip("_")[:32]
    return name or "text"


def options_for(spec: CommandSpec) -> tuple[SlashOption, ...]:
    """The typed options of a command; text options from ``spec.args`` for new commands
    (``key=value`` form when the usage line shows ``key=``)."""
    known = OPTIONS.get(spec.name)
    if known is not None:
        return known
    return tuple(
        SlashOption(
            option_name(name),
            description[:DESCRIPTION_LIMIT] or name,
            form="key" if f"{name}=" in spec.usage else "word",
            key=name,
        )
        for name, description in spec.args
    )


def neutral_args(options: tuple[SlashOption, ...], values: Mapping[str, Any]) -> str:
    """The argument string the neutral command parses, from typed option values."""
    words: list[str] = []
    for opt in options:
        value = values.get(opt.name)
        if value is None or value == "" or isinstance(value, discord.Attachment):
            continue
        text = " ".join(str(value).split())
        if opt.form == "raw":
            words.append(text)
        elif opt.form == "key":
            words.append(shlex.quote(f"{opt.key or opt.name}={text}"))
        else:
            words.append(shlex.quote(text))
    return " ".join(words)


def build_command(
    spec: CommandSpec, options: tuple[SlashOption, ...], invoke: Invoke
) -> app_commands.Command[Any, ..., None]:
    """An ``app_commands.Command`` whose callback hands its typed values to ``invoke``."""

    async def callback(interaction: discord.Interaction, **values: Any) -> None:
        await invoke(interaction, spec, values)

    ordered = sorted(options, key=lambda o: not o.required)  # Discord: required first
    params = [
        inspect.Parameter(
            "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
        )
    ]
    params += [
        inspect.Parameter(
            o.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=inspect.Parameter.empty if o.required else None,
            annotation=o.kind,
        )
        for o in ordered
    ]
    callback.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    callback.__discord_app_commands_param_description__ = {  # type: ignore[attr-defined]
        o.name: o.description[:DESCRIPTION_LIMIT] for o in options
    }
    return app_commands.Command(
        name=spec.name,
        description=(spec.summary or spec.name)[:DESCRIPTION_LIMIT],
        callback=callback,
    )


# ---------------------------------------------------------------- autocomplete


class Completer:
    """Autocomplete answers from the store, the topic lexicon and the zone database."""

    def __init__(self, commands: Commands) -> None:
        self.commands = commands
        self._zones: list[str] | None = None

    def zones(self) -> list[str]:
        if self._zones is None:
            self._zones = sorted(
                z for z in zoneinfo.available_timezones() if "/" in z or z == "UTC"
            )
        return self._zones

    async def values(self, source: Source, current: str) -> list[tuple[str, str]]:
        """(label, value) pairs for what the user is typing, best first."""
        store = self.commands.store
        needle = current.strip().lower()
        if source == "zones":
            key = needle.replace(" ", "_")
            found = [z for z in self.zones() if key in z.lower()]
            found.sort(key=lambda z: (not z.lower().startswith(key), "/" + key not in z.lower()))
            return [(z, z) for z in found]
        if source in ("speakers", "subjects"):
            pairs = [
                (f"{name} — {role}" if role else name, name)
                for name, role, _count in await store.articles.speakers(current.strip())
            ]
            if source == "subjects":
                pairs += [(f"topic: {t}", t) for t in self._topics(needle)]
            return pairs
        if source == "topics":
            return [(t, t) for t in self._topics(needle)]
        if source in ("feed_ids", "feed_names"):
            feeds = [
                f
                for f in await store.feeds.list()
                if needle in f.name.lower() or needle in f.url.lower() or needle == str(f.id)
            ]
            if source == "feed_ids":
                return [(f"#{f.id} {f.name or f.url}", str(f.id)) for f in feeds]
            return [(f.name, f.name) for f in feeds if f.name]
        return []

    def _topics(self, needle: str) -> list[str]:
        return [t for t in self.commands.topic_names() if needle in t.lower()]

    async def choices(self, option: SlashOption, current: str) -> list[app_commands.Choice[str]]:
        head, last = "", current
        if option.many and "," in current:
            cut = current.rindex(",") + 1
            head, last = current[:cut], current[cut:]
        try:
            pairs = await self.values(option.source, last)
        except Exception:
            log.exception("autocomplete failed for option %s", option.name)
            return []
        choices: list[app_commands.Choice[str]] = []
        for label, value in pairs:
            full = head + value
            if len(full) > CHOICE_LIMIT or not label.strip():
                continue
            choices.append(app_commands.Choice(name=label[:CHOICE_LIMIT], value=full))
            if len(choices) >= MAX_CHOICES:
                break
        return choices


def attach_autocomplete(
    command: app_commands.Command[Any, ..., None],
    options: tuple[SlashOption, ...],
    completer: Completer,
) -> None:
    for option in options:
        if option.source:
            command.autocomplete(option.name)(_completion(completer, option))


def _completion(
    completer: Completer, option: SlashOption
) -> Callable[[discord.Interaction, str], Coroutine[Any, Any, list[app_commands.Choice[str]]]]:
    async def complete(
        _interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await completer.choices(option, current)

    return complete


def build_tree_commands(
    commands: Commands, invoke: Invoke
) -> list[app_commands.Command[Any, ..., None]]:
    """One slash command per neutral command, with autocomplete wired in."""
    completer = Completer(commands)
    built = []
    for spec in commands.table.specs.values():
        options = options_for(spec)
        command = build_command(spec, options, invoke)
        attach_autocomplete(command, options, completer)
        built.append(command)
    return built
