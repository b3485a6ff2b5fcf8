"""Subscriber commands: /start, /help, /subscribe, /unsubscribe, /settings, /digest."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from bot.commands.core import Caller, CommandError, Invocation, is_number, parse_options
from bot.domain import Subscription
from bot.local_time import WEEKDAYS, parse_hhmm, parse_weekdays, parse_zone
from bot.planning.filters import FilterError, validate_terms
from bot.planning.planner import next_digest_at
from bot.replies import Heading, ListBlock, Paragraph, Reply, text_reply

if TYPE_CHECKING:
    from bot.commands import Commands

LIST_OPTIONS = {
    "topics": "topics",
    "feeds": "feeds",
    "speakers": "speakers",
    "keywords": "include_keywords",
    "exclude": "exclude_keywords",
}


def _csv(value: str, limit: int = 20) -> tuple[str, ...]:
    items = tuple(dict.fromkeys(" ".join(v.split())[:100] for v in value.split(",") if v.strip()))
    if len(items) > limit:
        raise CommandError(f"At most {limit} items per list.")
    return items


def describe(sub: Subscription) -> list[str]:
    if sub.mode == "instant":
        when = "Instant alerts for every new briefing"
    else:
        days = ", ".join(WEEKDAYS[d] for d in sub.weekdays) if sub.weekdays else "every day"
        when = f"Daily digest at {sub.digest_time} {sub.timezone} ({days})"
    lines = [when]
    for label, values in (
        ("Topics", sub.topics),
        ("Feeds", sub.feeds),
        ("Speakers", sub.speakers),
        ("Keywords", sub.include_keywords),
        ("Excluded", sub.exclude_keywords),
    ):
        lines.append(f"{label}: {', '.join(values) if values else 'all'}")
    if sub.next_digest_at and sub.mode == "digest" and sub.active:
        lines.append(f"Next digest: {sub.next_digest_at:%Y-%m-%d %H:%M} UTC")
    if not sub.active:
        lines.append(f"Paused: {sub.deactivated_reason or 'deactivated'}")
    return lines


class SubscriberCommands:
    def __init__(self, commands: Commands) -> None:
        self.c = commands

    def _may_change(self, caller: Caller) -> None:
        if caller.is_group and not (caller.is_chat_admin or self.c.is_admin(caller)):
            raise CommandError("Only this chat's admins can change its subscription.")

    async def start(self, inv: Invocation) -> Reply:
        return Reply(
            blocks=(
                Heading("sitrep — defence and security news briefings"),
                Paragraph(
                    "I read defence outlets and turn each story into a short briefing: what happened "
                    "and who said what, quoted verbatim with a link to check it."
                ),
                ListBlock(
                    (
                        "/subscribe — a daily digest at your time (or /subscribe instant for alerts)",
                        "/latest — the newest briefings",
                        "/quotes NAME or TOPIC — recent quotes",
                        "/search TERMS — search stories and quotes",
                        "/help — every command",
                    )
                ),
            )
        )

    async def help(self, inv: Invocation) -> Reply:
        audience = {"subscriber", "reader"}
        if self.c.is_admin(inv.caller):
            audience.add("admin")
        groups = {"subscriber": "Subscriptions", "reader": "Ask", "admin": "Admin"}
        blocks: list[Any] = [Heading("Commands")]
        for key, title in groups.items():
            specs = [s for s in self.c.table.visible(audience) if s.audience == key]  # type: ignore[arg-type]
            if specs:
                blocks.append(
                    ListBlock(tuple(f"{s.usage} — {s.summary}" for s in specs), title=title)
                )
        blocks.append(
            Paragraph(
                "Subscribe options: HH:MM ZONE, instant, days=mon-fri, topics=nato,naval, "
                'feeds="Naval News", speakers="Mark Rutte", keywords=..., exclude=...'
            )
        )
        return Reply(blocks=tuple(blocks))

    def _values(self, words: tuple[str, ...], current: Subscription | None) -> dict[str, Any]:
        positional, options = parse_options(words)
        d = self.c.settings.digest
        values: dict[str, Any] = {}
        if current is None:
            values.update(mode="digest", digest_time=d.default_time, timezone=d.default_timezone)
        for word in positional:
            low = word.lower()
            if low in ("instant", "alerts", "alert"):
                values["mode"] = "instant"
            elif low in ("daily", "digest"):
                values["mode"] = "digest"
            elif ":" in word and is_number(word.replace(":", "")):
                values["digest_time"] = self._time(word)
                values.setdefault("mode", "digest")
            elif "/" in word or word.upper() == "UTC":
                values["timezone"] = self._zone(word)
            else:
                raise CommandError(f"I don't understand {word[:40]!r}.")
        for key, value in options.items():
            if key in LIST_OPTIONS:
                values[LIST_OPTIONS[key]] = _csv(value)
            elif key in ("time", "at"):
                values["digest_time"] = self._time(value)
            elif key in ("zone", "tz", "timezone"):
                values["timezone"] = self._zone(value)
            elif key in ("days", "weekdays"):
                try:
                    values["weekdays"] = (
                        parse_weekdays(value) if value not in ("", "all", "every") else ()
                    )
                except ValueError as exc:
                    raise CommandError(str(exc)) from None
            elif key == "mode":
                if value not in ("instant", "digest", "daily"):
                    raise CommandError("mode is instant or digest.")
                values["mode"] = "digest" if value == "daily" else value
            else:
                raise CommandError(f"Unknown option {key[:30]!r}.")
        for key in ("include_keywords", "exclude_keywords"):
            if key in values:
                try:
                    validate_terms(values[key])
                except FilterError as exc:
                    raise CommandError(str(exc)) from None
        if "topics" in values and self.c.lexicon is not None:
            values["topics"] = tuple(self._topic(t) for t in values["topics"])
        return values

    def _topic(self, name: str) -> str:
        lexicon = self.c.lexicon
        canonical = lexicon.canonical_name(name) if lexicon is not None else name
        if canonical is None:
            known = ", ".join(self.c.topic_names()[:20])
            raise CommandError(f"Unknown topic {name[:40]!r}. Topics: {known}")
        return canonical

    @staticmethod
    def _time(value: str) -> str:
        try:
            return parse_hhmm(value).strftime("%H:%M")
        except ValueError as exc:
            raise CommandError(str(exc)) from None

    @staticmethod
    def _zone(value: str) -> str:
        if value.upper() == "UTC":
            return "UTC"
        try:
            parse_zone(value)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        return value

    async def _save(self, caller: Caller, values: dict[str, Any]) -> Subscription:
        store, now = self.c.store, self.c.clock()
        values.update(active=True, deactivated_reason="", chat_type=caller.chat_type)
        existing = await store.subscriptions.get_for(
            caller.platform, caller.chat_id, caller.thread_id
        )
        if existing is None:
            values["created_by"] = caller.user_id
        if values.get("mode", existing.mode if existing else "digest") == "instant" and (
            existing is None or existing.mode != "instant"
        ):
            values["alert_watermark"] = await store.articles.max_id()
        sub = await store.subscriptions.upsert(
            caller.platform, caller.chat_id, caller.thread_id, now=now, **values
        )
        if sub.mode == "digest":
            await store.subscriptions.update(sub.id, next_digest_at=next_digest_at(sub, now))
        else:
            await store.subscriptions.update(sub.id, next_digest_at=None)
        fresh = await store.subscriptions.get(sub.id)
        assert fresh is not None
        return fresh

    async def subscribe(self, inv: Invocation) -> Reply:
        self._may_change(inv.caller)
        c = inv.caller
        current = await self.c.store.subscriptions.get_for(c.platform, c.chat_id, c.thread_id)
        sub = await self._save(c, self._values(inv.words, current))
        await self.c.audit(c, "subscribe", "; ".join(describe(sub)[:1]))
        return Reply(blocks=(Heading("Subscribed"), ListBlock(tuple(describe(sub)))), kind="notice")

    async def unsubscribe(self, inv: Invocation) -> Reply:
        self._may_change(inv.caller)
        c = inv.caller
        removed = await self.c.store.subscriptions.remove(c.platform, c.chat_id, c.thread_id)
        if not removed:
            return text_reply("This chat has no subscription.", kind="notice")
        await self.c.audit(c, "unsubscribe", "")
        return text_reply("Unsubscribed. Nothing more will be sent here.", kind="notice")

    async def settings(self, inv: Invocation) -> Reply:
        c = inv.caller
        current = await self.c.store.subscriptions.get_for(c.platform, c.chat_id, c.thread_id)
        if not inv.words:
            if current is None:
                return text_reply("No subscription here yet. Try /subscribe 07:00 Europe/London.")
            return Reply(
                blocks=(Heading("This chat's subscription"), ListBlock(tuple(describe(current))))
            )
        self._may_change(c)
        if current is None:
            raise CommandError("Subscribe first with /subscribe.")
        words = inv.words
        if len(words) >= 2 and "=" not in words[0]:  # "/settings time 08:00" form
            words = (f"{words[0]}={' '.join(words[1:])}",)
        sub = await self._save(c, self._values(words, current))
        await self.c.audit(c, "settings", " ".join(inv.words)[:200])
        return Reply(blocks=(Heading("Updated"), ListBlock(tuple(describe(sub)))), kind="notice")

    async def digest(self, inv: Invocation) -> Reply:
        c = inv.caller
        sub = await self.c.store.subscriptions.get_for(c.platform, c.chat_id, c.thread_id)
        probe = sub or Subscription(id=0, platform=c.platform, chat_id=c.chat_id)
        now = self.c.clock()
        window = self.c.settings.digest.window_hours
        return await self.c.planner.digest_for(probe, now, since=now - timedelta(hours=window))
