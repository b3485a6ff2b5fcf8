"""The command table: every chat command, platform-neutral.

``Commands.run(name, args, caller)`` answers any command; ``Commands.action`` answers
button presses ("next page", "more quotes"). Built by the composition root (``bot.app``)
with exactly what the commands use.

May import: ``bot.domain``, ``bot.settings``, ``bot.store``, ``bot.replies``,
``bot.platform``, ``bot.planning``, ``bot.ingest.feed_admin`` and ``summaries``; never a
chat library, the runtime or the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from bot.commands.admin import AdminCommands
from bot.commands.core import Caller, CommandError, CommandSpec, CommandTable, Invocation, is_number
from bot.commands.reader import ReaderCommands
from bot.commands.subscriber import SubscriberCommands
from bot.planning.planner import Planner
from bot.platform import Profiles
from bot.replies import Reply, text_reply
from bot.settings import Settings
from bot.store import Store
from summaries.topics import Lexicon

if TYPE_CHECKING:
    from bot.ingest.feed_admin import FeedAdmin

FeedAdminFactory = Callable[[str, str], "FeedAdmin"]

__all__ = ["Caller", "CommandError", "CommandSpec", "Commands", "Invocation"]


class Commands:
    def __init__(
        self,
        *,
        store: Store,
        settings: Settings,
        clock: Callable[[], datetime],
        planner: Planner,
        lexicon: Lexicon | None,
        profiles: Profiles,
        feed_admin: FeedAdminFactory,
    ) -> None:
        self.store = store
        self.settings = settings
        self.clock = clock
        self.planner = planner
        self.lexicon = lexicon
        self.profiles = profiles
        self.feed_admin = feed_admin  # (actor, platform) -> FeedAdmin
        self.table = CommandTable()
        s, r, a = SubscriberCommands(self), ReaderCommands(self), AdminCommands(self)
        for name, summary, usage, audience, handler, args in (
            ("start", "what sitrep does", "/start", "subscriber", s.start, ()),
            ("help", "every command", "/help", "subscriber", s.help, ()),
            (
                "subscribe",
                "daily digest or instant alerts here",
                "/subscribe [HH:MM ZONE | instant] [topics=…]",
                "subscriber",
                s.subscribe,
                (("options", "e.g. 07:00 Europe/London topics=nato,naval, or instant"),),
            ),
            ("unsubscribe", "stop sending here", "/unsubscribe", "subscriber", s.unsubscribe, ()),
            (
                "settings",
                "show or change this chat's subscription",
                "/settings [time 08:00 | zone Europe/Paris | topics nato]",
                "subscriber",
                s.settings,
                (("change", "e.g. time=08:00 or topics=nato,naval"),),
            ),
            ("digest", "the digest now", "/digest", "subscriber", s.digest, ()),
            (
                "latest",
                "the newest briefings",
                "/latest [n]",
                "reader",
                r.latest,
                (("count", "how many, 1–10"),),
            ),
            (
                "quotes",
                "recent quotes by a person or on a topic",
                "/quotes [NAME or TOPIC]",
                "reader",
                r.quotes,
                (("subject", "a speaker's name or a topic"),),
            ),
            (
                "who",
                "a person's role and latest quotes",
                "/who NAME",
                "reader",
                r.who,
                (("name", "the person's name"),),
            ),
            (
                "search",
                "search stories",
                "/search TERMS",
                "reader",
                r.search,
                (("terms", "words to look for"),),
            ),
            (
                "story",
                "one story in full",
                "/story ID",
                "reader",
                r.story,
                (("id", "the story number"),),
            ),
            ("sources", "the outlets sitrep reads", "/sources", "reader", r.sources, ()),
            ("feeds", "feed health", "/feeds", "admin", a.feeds, ()),
            (
                "addfeed",
                "add a feed",
                "/addfeed URL [name]",
                "admin",
                a.addfeed,
                (("url", "feed or site URL"), ("name", "display name")),
            ),
            (
                "removefeed",
                "remove a feed",
                "/removefeed FEED",
                "admin",
                a.removefeed,
                (("feed", "number, URL or name"),),
            ),
            (
                "pausefeed",
                "pause a feed",
                "/pausefeed FEED",
                "admin",
                a.pausefeed,
                (("feed", "number, URL or name"),),
            ),
            (
                "resumefeed",
                "resume a feed",
                "/resumefeed FEED",
                "admin",
                a.resumefeed,
                (("feed", "number, URL or name"),),
            ),
            (
                "feedfilter",
                "show or set a feed's filters",
                "/feedfilter FEED [include=a,b] [exclude=c,/regex/] [relevance=on|off]",
                "admin",
                a.feedfilter,
                (
                    ("feed", "number, URL or name"),
                    ("include", "words or /patterns/"),
                    ("exclude", "words or /patterns/"),
                    ("relevance", "on or off"),
                ),
            ),
            (
                "importfeeds",
                "import feeds from an attached OPML file",
                "/importfeeds (with an OPML file)",
                "admin",
                a.importfeeds,
                (),
            ),
            (
                "exportfeeds",
                "download the feeds as OPML",
                "/exportfeeds",
                "admin",
                a.exportfeeds,
                (),
            ),
            ("stats", "subscribers, deliveries, failing feeds", "/stats", "admin", a.stats, ()),
            ("weblogin", "a one-time link to the web panel", "/weblogin", "admin", a.weblogin, ()),
        ):
            changes = name in ("subscribe", "unsubscribe", "settings")
            self.table.add(CommandSpec(name, summary, usage, audience, handler, args, changes))  # type: ignore[arg-type]

    def is_admin(self, caller: Caller) -> bool:
        """A sitrep admin, by the caller's platform profile (configured ids, a platform
        permission the adapter read, or the local command line)."""
        profile = self.profiles.get(caller.platform)
        return profile is not None and profile.is_admin(
            self.settings, caller.user_id, platform_admin=caller.is_platform_admin
        )

    def topic_names(self) -> list[str]:
        lexicon = self.lexicon
        return list(lexicon.names) if lexicon is not None else []

    async def audit(self, caller: Caller, action: str, detail: str) -> None:
        await self.store.audit.record(
            caller.platform,
            f"{caller.platform}:{caller.user_id}",
            action,
            f"chat {caller.chat_id}{'/' + caller.thread_id if caller.thread_id else ''} {detail}",
            now=self.clock(),
        )

    async def run(self, name: str, args: str, caller: Caller) -> Reply:
        return await self.table.run(name, args, caller)

    async def action(self, data: str, caller: Caller) -> Reply:
        """A button press.

        Actions: ``latest:COUNT:OFFSET``, ``quotes:OFFSET:SUBJECT``, ``search:OFFSET:TERMS``.
        """
        kind, _, rest = data.partition(":")
        first, _, tail = rest.partition(":")
        if not is_number(first):
            return text_reply("That button has expired.", kind="error")
        if kind == "latest" and is_number(tail):
            return await self.table.run("latest", first, caller, offset=int(tail))
        if kind in ("quotes", "search"):
            import shlex

            return await self.table.run(
                kind, shlex.quote(tail) if tail else "", caller, offset=int(first)
            )
        return text_reply("That button has expired.", kind="error")
