"""What each ``sitrep`` sub-command does (the parser lives in ``bot.cli``)."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console

from bot.app import App
from bot.cli import UserError, feed_table, json_dumps, parse_duration, progress_bar, read_source
from bot.fetch import FetchError
from bot.ingest import PollOutcome
from bot.replies import BriefingBlock, DigestBlock, Reply
from bot.settings import Settings
from summaries.models import Article
from summaries.pipeline import brief_article
from summaries.quotes import extract_quotes
from summaries.text import article_from_html, article_from_text


def _when(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if moment else "—"


async def run(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from bot.service import serve

    await serve(settings)
    return 0


async def fetch(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    async with App(settings) as app:
        feeds = [f for f in await app.store.feeds.list() if not f.paused]
        if not feeds:
            console.print("No active feeds. Add one with: sitrep feeds add URL")
            return 0
        with progress_bar(console) as bar:
            task = bar.add_task("Polling feeds", total=len(feeds))

            def advance(outcome: PollOutcome) -> None:
                bar.advance(task)

            outcomes = await app.poller.poll_many(feeds, progress=advance)
    rows = [
        (str(o.feed_id), o.name, o.status, str(o.new), o.error or "")
        for o in sorted(outcomes, key=lambda o: o.feed_id)
    ]
    console.print(feed_table(rows, ("id", "feed", "status", "new", "reason"), title="Poll results"))
    new = sum(o.new for o in outcomes)
    errors = sum(o.status == "error" for o in outcomes)
    console.print(f"{new} new articles from {len(outcomes)} feeds; {errors} failed.")
    return 1 if errors == len(outcomes) else 0


async def load_article(source: str, settings: Settings) -> Article:
    if source.startswith(("http://", "https://")):
        app = App(settings)
        try:
            page = await app.fetcher.get(
                source, max_bytes=settings.poll.max_page_bytes, accept="text/html"
            )
        except FetchError as exc:
            raise UserError(f"{source}: {exc}") from None
        finally:
            await app.fetcher.aclose()
        return article_from_html(page.body, page.url)
    data, is_html = read_source(source)
    if is_html:
        return article_from_html(data)
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    return article_from_text(text)


def render(reply: Reply, fmt: str) -> str:
    if fmt == "json":
        from bot.render.json_out import briefing_to_dict, digest_to_dict, render_json

        match reply.blocks:
            case (BriefingBlock(briefing=briefing),):
                return json_dumps(briefing_to_dict(briefing))
            case (DigestBlock(digest=digest),):
                return json_dumps(digest_to_dict(digest))
        return render_json(reply)
    if fmt == "telegram":
        from bot.render.telegram_html import render_telegram

        return "\n\n----- next message -----\n\n".join(m.text for m in render_telegram(reply))
    if fmt == "discord":
        from bot.render.discord_embeds import render_discord

        return json_dumps([dataclasses.asdict(m) for m in render_discord(reply)])
    from bot.render.plain import render_plain

    return render_plain(reply)


async def brief(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    article = await load_article(args.source, settings)
    app = App(settings)
    _quotes, briefing = brief_article(
        article, lexicon=app.lexicon, max_quotes=settings.briefing.max_quotes
    )
    console.print(
        render(Reply(blocks=(BriefingBlock(briefing),)), args.format), markup=False, highlight=False
    )
    return 0


async def quotes(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    article = await load_article(args.source, settings)
    found = extract_quotes(article.text, article.title)
    if args.json:
        data = {
            "title": article.title,
            "quotes": [
                {
                    "text": q.text,
                    "speaker": q.speaker,
                    "role": q.role,
                    "kind": q.kind,
                    "start": q.start,
                    "end": q.end,
                }
                for q in found
            ],
        }
        console.print(
            json.dumps(data, ensure_ascii=False, indent=2),
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        return 0
    rows = [(q.speaker or "?", q.role, q.kind, q.text) for q in found]
    console.print(
        feed_table(rows, ("speaker", "role", "kind", "quote"), title=article.title or "Quotes")
    )
    return 0


async def digest(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from summaries.digest import compose_digest

    window = parse_duration(args.since)
    async with App(settings) as app:
        until = app.clock()
        since = until - window
        briefings = await app.store.articles.since(since, until)
    result = compose_digest(
        briefings,
        since=since,
        until=until,
        max_stories=args.max_stories or settings.digest.max_stories,
    )
    console.print(
        render(Reply(blocks=(DigestBlock(result),)), args.format), markup=False, highlight=False
    )
    return 0


async def feeds(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from bot import feed_admin

    async with App(settings) as app:
        admin = feed_admin.FeedAdmin(app, actor="cli", platform="cli")
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
                    (f.disabled_reason or f.last_error)[:80],
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
                data = await asyncio.to_thread(Path(args.path).read_bytes)
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
        except OSError as exc:
            raise UserError(f"{exc.filename}: {exc.strerror}") from None
    console.print(message, markup=False, highlight=False)
    return 0


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
