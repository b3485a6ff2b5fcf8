"""Admin commands: feed health and management, statistics. Checked on every call."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from bot.commands.core import CommandError, Invocation, parse_options
from bot.ingest.feed_admin import FeedAdmin, FeedAdminError, feed_reason
from bot.replies import Attachment, ListBlock, Paragraph, Reply, TableBlock, text_reply

if TYPE_CHECKING:
    from bot.commands import Commands


def split_terms(value: str) -> tuple[str, ...]:
    """Comma-separated terms; a /pattern/ may itself contain commas."""
    terms: list[str] = []
    buffer = ""
    for part in value.split(","):
        buffer = f"{buffer},{part}" if buffer else part
        stripped = buffer.strip()
        if stripped.startswith("/") and not (len(stripped) > 1 and stripped.endswith("/")):
            continue
        if stripped:
            terms.append(stripped)
        buffer = ""
    if buffer.strip():
        terms.append(buffer.strip())
    return tuple(terms)


def _ago(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "never"
    seconds = (now - moment).total_seconds()
    if seconds < 0:
        seconds = -seconds
        for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
            if seconds >= size:
                return f"in {seconds / size:.0f}{unit}"
        return "now"
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds / size:.0f}{unit} ago"
    return "just now"


def _clip(text: str, width: int) -> str:
    """At most ``width`` characters, cut at a word with an ellipsis (never mid-word)."""
    if len(text) <= width:
        return text
    return text[: width - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


WEB_LINK_MINUTES = 10


class AdminCommands:
    def __init__(self, commands: Commands) -> None:
        self.c = commands

    def _admin(self, inv: Invocation) -> FeedAdmin:
        if not self.c.is_admin(inv.caller):
            raise CommandError("This command is for sitrep admins only.")
        return self.c.feed_admin(f"{inv.caller.platform}:{inv.caller.user_id}", inv.caller.platform)

    async def weblogin(self, inv: Invocation) -> Reply:
        """A one-time login link to the web panel, only in a private chat with an admin
        named in the configuration (the panel checks that list on every request)."""
        caller = inv.caller
        if not self.c.is_admin(caller):
            raise CommandError("This command is for sitrep admins only.")
        profile = self.c.profiles.get(caller.platform)
        if profile is None or not profile.is_admin(
            self.c.settings, caller.user_id, platform_admin=False
        ):
            raise CommandError(
                "The web panel is for the admins named in the configuration "
                f"({caller.platform}.admins); ask one of them to add your id."
            )
        if caller.is_group:
            raise CommandError("Ask me for a login link in a private chat, not here.")
        settings = self.c.settings
        if not settings.web.port:
            raise CommandError("The web panel is off (web.port is not set).")
        now = self.c.clock()
        token = await self.c.store.web.issue_login(
            caller.platform, caller.user_id, now=now, ttl=timedelta(minutes=WEB_LINK_MINUTES)
        )
        await self.c.audit(caller, "web.link", "login link issued")
        url = f"{settings.web_url}/admin/login?token={token}"
        return text_reply(
            f"Your login link for the sitrep panel (one use, valid {WEB_LINK_MINUTES} minutes): {url}",
            kind="notice",
        )

    async def _run(self, inv: Invocation, action: str) -> Reply:
        admin = self._admin(inv)
        ref = inv.text.strip()
        if not ref:
            raise CommandError("Which feed? Give its number, URL or name (see /feeds).")
        try:
            message = await getattr(admin, action)(ref)
        except FeedAdminError as exc:
            return text_reply(str(exc), kind="error")
        return text_reply(message, kind="notice")

    async def feeds(self, inv: Invocation) -> Reply:
        self._admin(inv)
        now = self.c.clock()
        rows = []
        for f in await self.c.store.feeds.list():
            state = "paused" if f.paused else ("failing" if f.error_count else "ok")
            rows.append(
                (
                    str(f.id),
                    f.name[:40],
                    state,
                    _ago(f.last_success_at, now),
                    "—" if f.paused else _ago(f.next_poll_at, now),
                    str(f.item_count),
                    _clip(feed_reason(f), 60) or "—",
                )
            )
        if not rows:
            return text_reply("No feeds. Add one with /addfeed URL.")
        header = ("#", "feed", "state", "last ok", "next poll", "items", "last error")
        return Reply(blocks=(TableBlock(header, tuple(rows), title="Feed health"),))

    async def addfeed(self, inv: Invocation) -> Reply:
        admin = self._admin(inv)
        if not inv.words:
            raise CommandError("Give the feed's URL (or a site's URL to discover its feed).")
        url, name = inv.words[0], " ".join(inv.words[1:])
        try:
            message = await admin.add(url, name=name)
        except FeedAdminError as exc:
            return text_reply(str(exc), kind="error")
        return text_reply(message, kind="notice")

    async def removefeed(self, inv: Invocation) -> Reply:
        return await self._run(inv, "remove")

    async def pausefeed(self, inv: Invocation) -> Reply:
        return await self._run(inv, "pause")

    async def resumefeed(self, inv: Invocation) -> Reply:
        return await self._run(inv, "resume")

    async def feedfilter(self, inv: Invocation) -> Reply:
        admin = self._admin(inv)
        positional, options = parse_options(inv.words)
        if not positional:
            raise CommandError("Which feed? Give its number, URL or name first.")
        unknown = set(options) - {"include", "exclude", "relevance"}
        if unknown:
            raise CommandError(
                f"Unknown option {sorted(unknown)[0][:30]!r}; use include=, exclude=, relevance=on|off."
            )
        relevance = options.get("relevance")
        if relevance is not None and relevance.lower() not in ("on", "off"):
            raise CommandError("relevance is on or off.")
        try:
            message = await admin.set_filter(
                " ".join(positional),
                include=split_terms(options["include"]) if "include" in options else None,
                exclude=split_terms(options["exclude"]) if "exclude" in options else None,
                relevance=None if relevance is None else relevance.lower() == "on",
            )
        except FeedAdminError as exc:
            return text_reply(str(exc), kind="error")
        return text_reply(message, kind="notice")

    async def exportfeeds(self, inv: Invocation) -> Reply:
        admin = self._admin(inv)
        data = await admin.export_opml()
        stamp = datetime.now(UTC).strftime("%Y%m%d")
        return Reply(
            blocks=(Paragraph("Your feeds as OPML."),),
            attachment=Attachment(f"sitrep-feeds-{stamp}.opml", data, "text/x-opml"),
        )

    async def importfeeds(self, inv: Invocation) -> Reply:
        admin = self._admin(inv)
        if inv.caller.attachment is None:
            raise CommandError(
                "Attach an OPML file to this command (send the file with /importfeeds as its caption)."
            )
        try:
            message = await admin.import_opml(inv.caller.attachment)
        except FeedAdminError as exc:
            return text_reply(str(exc), kind="error")
        return text_reply(message, kind="notice")

    async def stats(self, inv: Invocation) -> Reply:
        self._admin(inv)
        store, now = self.c.store, self.c.clock()
        subs = await store.subscriptions.counts()
        deliveries = await store.deliveries.counts()
        counts = await store.articles.counts()
        feeds = await store.feeds.list()
        failing = [f for f in feeds if f.error_count or f.paused]
        stale = timedelta(seconds=self.c.settings.workers.stale_seconds)
        live = Counter(w.role for w in await store.workers.live(now, stale))
        rows = (
            ("subscriptions (digest)", str(subs.get("digest", 0))),
            ("subscriptions (instant)", str(subs.get("instant", 0))),
            ("subscriptions (inactive)", str(subs.get("inactive", 0))),
            *(
                (f"deliveries {state}", str(deliveries.get(state, 0)))
                for state in ("pending", "sending", "sent", "failed", "dead", "skipped")
            ),
            ("articles", str(counts["articles"])),
            ("quotes", str(counts["quotes"])),
            ("feeds", f"{len(feeds)} ({len(failing)} failing or paused)"),
            *((f"workers ({role})", str(n)) for role, n in sorted(live.items())),
        )
        blocks: list[object] = [TableBlock(("what", "count"), rows, title="sitrep stats")]
        if failing:
            blocks.append(
                ListBlock(
                    tuple(
                        f"#{f.id} {f.name}: {(f.disabled_reason or f.last_error)[:80]}"
                        for f in failing[:10]
                    ),
                    title="Failing feeds",
                )
            )
        dead = await store.deliveries.list(state="dead", limit=5)
        if dead:
            blocks.append(
                ListBlock(
                    tuple(
                        f"#{d.id} {d.platform}:{d.chat_id} {d.kind}: {d.last_error[:80]}"
                        for d in dead
                    ),
                    title="Recent dead deliveries",
                )
            )
        audit = await store.audit.recent(5)
        if audit:
            blocks.append(
                ListBlock(
                    tuple(f"{_ago(a.at, now)} {a.actor} {a.action} {a.detail[:60]}" for a in audit),
                    title="Recent admin actions",
                )
            )
        return Reply(blocks=tuple(blocks))  # type: ignore[arg-type]
