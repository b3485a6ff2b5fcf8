"""What each ``sitrep`` sub-command does (the parser lives in ``bot.cli``).

Heavy modules (ingestion, extraction, the chat renderers) are imported by the commands
that use them, so ``sitrep feeds list`` never loads trafilatura or a chat library.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from bot.app import App
from bot.cli.errors import USAGE_ERROR, UserError
from bot.replies import BriefingBlock, DigestBlock, Reply
from bot.settings import Settings

if TYPE_CHECKING:
    from rich.progress import Progress

Command = Callable[[argparse.Namespace, Settings, Console], Awaitable[int]]


async def dispatch(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    handler: Command = {
        "run": run,
        "fetch": fetch,
        "brief": brief,
        "quotes": quotes,
        "digest": digest,
        "feeds": feeds,
        "audit": audit,
        "admin-link": admin_link,
    }[args.command]
    return await handler(args, settings, console)


def progress_bar(console: Console) -> Progress:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def json_dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


_NO_WRAP = {"id", "#", "state", "status", "new", "items", "when (UTC)", "last success", "next poll"}
_FOLD = {"url", "feed url"}


def feed_table(rows: Sequence[Sequence[str]], header: tuple[str, ...], title: str = "") -> Table:
    """A table whose text columns wrap at words (never cut); URLs fold; short fields stay whole."""
    table = Table(title=title or None, show_lines=False)
    for name in header:
        table.add_column(
            name, no_wrap=name in _NO_WRAP, overflow="fold" if name in _FOLD else "ellipsis"
        )
    for row in rows:
        table.add_row(*row)
    return table


def _when(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if moment else "—"


async def run(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from bot.runtime.service import serve

    await serve(App(settings).service(role=args.role))
    return 0


async def fetch(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    async with App(settings) as app:
        feeds = [f for f in await app.store.feeds.list() if not f.paused]
        if not feeds:
            console.print("No active feeds. Add one with: sitrep feeds add URL")
            return 0
        with progress_bar(console) as bar:
            task = bar.add_task("Polling feeds", total=len(feeds))

            def advance(_outcome: object) -> None:
                bar.advance(task)

            try:  # claimed like any ingest process's poll: none another process holds
                outcomes = await app.poller.poll_due(progress=advance, every_feed=True)
            finally:
                await app.store.feed_claims.release(app.worker_id)
    rows = [
        (str(o.feed_id), o.name, o.status, str(o.new), o.reason)
        for o in sorted(outcomes, key=lambda o: o.feed_id)
    ]
    console.print(feed_table(rows, ("id", "feed", "status", "new", "reason"), title="Poll results"))
    new = sum(o.new for o in outcomes)
    errors = sum(o.status == "error" for o in outcomes)
    console.print(f"{new} new articles from {len(outcomes)} feeds; {errors} failed.")
    if held := len(feeds) - len(outcomes):
        console.print(
            f"{held} feed(s) skipped: another sitrep process was polling them "
            "(they were polled, or are being polled, there)."
        )
    return 1 if outcomes and errors == len(outcomes) else 0


def check_format(fmt: str) -> None:
    """``--format``: text, json, or the name of a platform profile."""
    from bot.app import platform_profiles

    if fmt not in ("text", "json") and fmt not in platform_profiles():
        shown = ", ".join(["text", "json", *sorted(platform_profiles())])
        raise UserError(f"--format {fmt!r}: choose one of {shown}", USAGE_ERROR)


def render(reply: Reply, fmt: str) -> str:
    if fmt == "json":
        from bot.render.json_out import briefing_to_dict, digest_to_dict, render_json

        match reply.blocks:
            case (BriefingBlock(briefing=briefing),):
                return json_dumps(briefing_to_dict(briefing))
            case (DigestBlock(digest=digest),):
                return json_dumps(digest_to_dict(digest))
        return render_json(reply)
    if fmt == "text":
        from bot.render.plain import render_plain

        return render_plain(reply)
    from bot.app import platform_profiles

    check_format(fmt)
    return platform_profiles()[fmt].preview(reply)


async def brief(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    check_format(args.format)
    from bot.cli.source import load_article, time_limit
    from summaries.pipeline import brief_article

    app = App(settings)  # nothing opened but what this needs: the lexicon, a fetcher for URLs
    try:
        article, seconds_left, _ = await load_article(args.source, settings, lambda: app.fetcher)
        b = settings.briefing
        with time_limit(seconds_left, args.source):
            _quotes, briefing = brief_article(
                article,
                lexicon=app.lexicon,
                max_quotes=b.max_quotes,
                min_speaker_confidence=b.min_speaker_confidence,
            )
    finally:
        await app.shutdown()
    console.print(
        render(Reply(blocks=(BriefingBlock(briefing),)), args.format), markup=False, highlight=False
    )
    return 0


async def quotes(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from bot.cli.source import load_article, time_limit
    from bot.render.quote_evidence import explain_quotes, quote_json
    from summaries.quotes import extract_quotes

    app = App(settings)
    try:
        article, seconds_left, body_shown = await load_article(
            args.source, settings, lambda: app.fetcher, verbatim_text=True
        )
    finally:
        await app.shutdown()
    with time_limit(seconds_left, args.source):
        found = extract_quotes(article.text, article.title)
    if args.explain:
        console.print(explain_quotes(found), markup=False, highlight=False, soft_wrap=True)
        return 0
    if args.json:
        data: dict[str, object] = {"title": article.title, "quotes": [quote_json(q) for q in found]}
        if body_shown:
            data["body"] = article.text  # what the offsets index
        console.print(
            json.dumps(data, ensure_ascii=False, indent=2),
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        return 0
    if not found:
        console.print(f"No quotes in {article.title or args.source}.", markup=False)
        return 0
    rows = [(q.speaker or "?", q.role, q.kind, q.text) for q in found]
    console.print(
        feed_table(rows, ("speaker", "role", "kind", "quote"), title=article.title or "Quotes")
    )
    return 0


async def digest(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    check_format(args.format)
    from summaries.digest import compose_digest

    window = args.since
    async with App(settings) as app:
        until = app.clock()
        since = until - window
        briefings = await app.store.articles.since(since, until)
    result = compose_digest(
        briefings,
        since=since,
        until=until,
        max_stories=args.max_stories or settings.digest.max_stories,
        max_age=settings.digest.max_article_age,
    )
    console.print(
        render(Reply(blocks=(DigestBlock(result),)), args.format), markup=False, highlight=False
    )
    return 0


async def feeds(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from bot.ingest import feed_admin

    async with App(settings) as app:
        admin = app.feed_admin("cli", "cli")
        action = args.feeds_command
        if action == "list":
            rows = [
                (
                    str(f.id),
                    f.name,
                    "paused" if f.paused else ("failing" if f.error_count else "ok"),
                    _when(f.last_success_at),
                    _when(f.next_poll_at),
                    str(f.item_count),
                    feed_admin.feed_reason(f),
                    f.url,
                )
                for f in await app.store.feeds.list()
            ]
            header = (
                "id",
                "name",
                "state",
                "last success",
                "next poll",
                "items",
                "last error",
                "url",
            )
            console.print(feed_table(rows, header, title="Feeds"))
            return 0
        try:
            if action == "add":
                message = await admin.add(
                    args.url, name=args.name, category=args.category, check=not args.no_check
                )
            elif action == "filter":
                from bot.commands.admin import split_terms

                message = await admin.set_filter(
                    args.feed,
                    include=None if args.include is None else split_terms(args.include),
                    exclude=None if args.exclude is None else split_terms(args.exclude),
                    relevance=None if args.relevance is None else args.relevance == "on",
                )
            elif action in ("remove", "pause", "resume"):
                message = await getattr(admin, action)(args.feed)
            elif action == "import":
                data = await asyncio.to_thread(_read_opml, args.path)
                message = await admin.import_opml(data)
            else:
                data = await admin.export_opml()
                if args.path == "-":
                    console.print(data.decode(), markup=False, highlight=False)
                    return 0
                await asyncio.to_thread(Path(args.path).write_bytes, data)
                message = f"Exported to {args.path}"
        except feed_admin.FeedAdminError as exc:
            raise UserError(str(exc)) from None
        except IsADirectoryError:
            raise UserError(f"{args.path}: is a directory, not a file", USAGE_ERROR) from None
        except FileNotFoundError:
            raise UserError(f"{args.path}: no such file", USAGE_ERROR) from None
        except OSError as exc:
            raise UserError(f"{exc.filename}: {exc.strerror}") from None
    console.print(message, markup=False, highlight=False)
    return 0


def _read_opml(path: str) -> bytes:
    from bot.ingest.feed_admin import MAX_OPML_BYTES

    with Path(path).open("rb") as fh:
        return fh.read(MAX_OPML_BYTES + 1)


async def audit(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    async with App(settings) as app:
        entries = await app.store.audit.recent(50)
    rows = [(_when(e.at), e.platform, e.actor, e.action, e.detail) for e in entries]
    console.print(
        feed_table(
            rows, ("when (UTC)", "platform", "who", "action", "detail"), title="Admin actions"
        )
    )
    return 0


async def admin_link(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    """A one-time login link to the web panel (valid 10 minutes, spent on first use), or
    with ``--revoke-all`` the end of every session and unused link."""
    import getpass

    from bot.web.panel import LOGIN_TTL

    actor = args.actor or getpass.getuser()
    if args.revoke_all:  # also with the panel off: nothing opened before stays open after
        async with App(settings) as app:
            sessions, links = await app.store.web.revoke_all()
            detail = f"{sessions} sessions, {links} unused links"
            await app.store.audit.record(
                "cli", actor, "web.session.revoke_all", detail, now=app.clock()
            )
        console.print(f"Ended {sessions} panel sessions and {links} unused login links.")
        return 0
    if not settings.web.port:
        raise UserError("the web panel is off: set web.port (SITREP_WEB__PORT)", USAGE_ERROR)
    async with App(settings) as app:
        token = await app.store.web.issue_login("cli", actor, now=app.clock(), ttl=LOGIN_TTL)
        await app.store.audit.record("cli", actor, "web.link", "login link issued", now=app.clock())
    console.print(
        f"{settings.web_url}/admin/login?token={token}",
        soft_wrap=True,
        highlight=False,
        markup=False,
    )
    return 0
