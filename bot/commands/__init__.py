"""The command table: every chat command, platform-neutral.

``Commands(app).table.run(name, args, caller)`` answers any command; ``Commands.action``
answers button presses ("next page", "more quotes").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.commands.admin import AdminCommands
from bot.commands.core import Caller, CommandError, CommandSpec, CommandTable, Invocation, is_number
from bot.commands.reader import ReaderCommands
from bot.commands.subscriber import SubscriberCommands
from bot.planning.planner import Planner
from bot.replies import Reply, text_reply

if TYPE_CHECKING:
    from bot.app import App

__all__ = ["Caller", "CommandError", "CommandSpec", "Commands", "Invocation"]


class Commands:
    def __init__(self, app: App) -> None:
        self.app = app
        self.planner = Planner(app.store, app.settings, app.clock)
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
        ):
            changes = name in ("subscribe", "unsubscribe", "settings")
            self.table.add(CommandSpec(name, summary, usage, audience, handler, args, changes))  # type: ignore[arg-type]

    def is_admin(self, caller: Caller) -> bool:
        """A sitrep admin: a configured user id, or (Discord) Manage Server / the admin role."""
        s = self.app.settings
        ids = {"telegram": s.telegram.admins, "discord": s.discord.admins}.get(caller.platform, [])
        if caller.platform == "cli":
            return True
        return caller.is_platform_admin or (
            is_number(caller.user_id) and int(caller.user_id) in ids
        )

    def topic_names(self) -> list[str]:
        lexicon = self.app.lexicon
        return list(lexicon.names) if lexicon is not None else []

    async def audit(self, caller: Caller, action: str, detail: str) -> None:
        await self.app.store.audit.record(
            caller.platform,
            f"{caller.platform}:{caller.user_id}",
            action,
            f"chat {caller.chat_id}{'/' + caller.thread_id if caller.thread_id else ''} {detail}",
            now=self.app.clock(),
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
