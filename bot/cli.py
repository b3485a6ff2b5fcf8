"""The ``sitrep`` command."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import re
import sys
from collections.abc import Sequence
from datetime import timedelta
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bot.settings import Settings, SettingsError, load_settings

log = logging.getLogger("sitrep")
FORMATS = ("text", "telegram", "discord", "json")


class UserError(Exception):
    """A problem the user can fix; printed as one line."""


def _version() -> str:
    try:
        return version("sitrep")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0.0.0+local"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sitrep", description="Defence news briefings for Telegram and Discord."
    )
    parser.add_argument("--version", action="version", version=f"sitrep {_version()}")
    parser.add_argument(
        "--config", metavar="PATH", help="a TOML settings file (default: SITREP_CONFIG)"
    )
    parser.add_argument("--debug", action="store_true", help="verbose logs and tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", help="run the service: polling, digests, alerts and chat adapters")
    sub.add_parser("fetch", help="poll every feed once and show what came in")
    brief = sub.add_parser("brief", help="one article (file or URL) to its briefing")
    brief.add_argument("source", help="an HTML or text file, '-' for stdin, or an http(s) URL")
    brief.add_argument("--format", choices=FORMATS, default="text")
    quotes = sub.add_parser("quotes", help="one article to its quotes")
    quotes.add_argument("source", help="an HTML or text file, '-' for stdin, or an http(s) URL")
    quotes.add_argument(
        "--json", action="store_true", help="JSON output (title, quotes with offsets)"
    )
    quotes.add_argument(
        "--explain", action="store_true", help="print the evidence for each quote's speaker"
    )
    digest = sub.add_parser("digest", help="the digest of recent stories in the store")
    digest.add_argument("--since", default="24h", help="window, e.g. 12h, 2d, 90m (default 24h)")
    digest.add_argument("--format", choices=FORMATS, default="text")
    digest.add_argument("--max-stories", type=int, default=None)
    feeds = sub.add_parser("feeds", help="list, add, remove, pause, resume, import or export feeds")
    fsub = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    fsub.add_parser("list", help="every feed with its health")
    add = fsub.add_parser("add", help="add a feed (validated by fetching it once)")
    add.add_argument("url")
    add.add_argument("--name", default="")
    add.add_argument("--category", default="")
    add.add_argument("--no-check", action="store_true", help="add without fetching it first")
    for action in ("remove", "pause", "resume"):
        p = fsub.add_parser(action, help=f"{action} a feed (by id, URL or name)")
        p.add_argument("feed")
    flt = fsub.add_parser(
        "filter", help="show or set a feed's include/exclude terms and relevance filter"
    )
    flt.add_argument("feed")
    flt.add_argument("--include", help="comma-separated words or /patterns/ (empty string clears)")
    flt.add_argument("--exclude", help="comma-separated words or /patterns/ (empty string clears)")
    flt.add_argument("--relevance", choices=("on", "off"), help="the defence-relevance filter")
    imp = fsub.add_parser("import", help="import feeds from an OPML file")
    imp.add_argument("path")
    exp = fsub.add_parser("export", help="export feeds as OPML (to a file or stdout)")
    exp.add_argument("path", nargs="?", default="-")
    sub.add_parser("audit", help="recent admin actions")
    return parser


def parse_duration(text: str) -> timedelta:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([mhdw])\s*", text.lower())
    if not match:
        raise UserError(f"--since: {text!r} is not a duration like 90m, 12h, 2d or 1w")
    amount = float(match.group(1))
    unit = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}[match.group(2)]
    return timedelta(**{unit: amount})


def configure_logging(settings: Settings, debug: bool) -> None:
    level = logging.DEBUG if debug else getattr(logging, settings.log_level)
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    for noisy in (
        "httpx",
        "httpcore",
        "telegram",
        "discord",
        "apscheduler",
        "aiosqlite",
        "asyncio",
        "alembic",
        "trafilatura",
        "htmldate",
        "courlan",
    ):
        logging.getLogger(noisy).setLevel(
            logging.DEBUG if debug and noisy != "aiosqlite" else logging.WARNING
        )


async def _dispatch(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from bot import cli_commands

    handler = {
        "run": cli_commands.run,
        "fetch": cli_commands.fetch,
        "brief": cli_commands.brief,
        "quotes": cli_commands.quotes,
        "digest": cli_commands.digest,
        "feeds": cli_commands.feeds,
        "audit": cli_commands.audit,
    }[args.command]
    result: int = await handler(args, settings, console)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2

    def err(line: str) -> None:
        print(line.replace("\n", " "), file=sys.stderr)

    try:
        settings = load_settings(args.config)
    except SettingsError as exc:
        err(f"sitrep: invalid setting: {exc}")
        return 2
    configure_logging(settings, args.debug)
    console = Console(highlight=False, soft_wrap=True)
    try:
        return asyncio.run(_dispatch(args, settings, console))
    except KeyboardInterrupt:
        return 130
    except UserError as exc:
        err(f"sitrep: {exc}")
        return 1
    except Exception as exc:
        if args.debug:
            raise
        err(f"sitrep: {type(exc).__name__}: {exc} (run with --debug for details)")
        return 1


def progress_bar(console: Console) -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def read_source(source: str) -> tuple[str | bytes, bool]:
    """File or stdin contents and whether they look like HTML."""
    if source == "-":
        data: bytes = sys.stdin.buffer.read()
    else:
        path = Path(source)
        if not path.is_file():
            raise UserError(f"{source}: no such file")
        data = path.read_bytes()
    head = data[:2000].lstrip().lower()
    is_html = path_is_html(source) or head.startswith(
        (b"<!doctype", b"<html", b"<?xml", b"<head", b"<body", b"<article", b"<div", b"<p")
    )
    return data, is_html


def path_is_html(source: str) -> bool:
    return source.lower().endswith((".html", ".htm", ".xhtml"))


def json_dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def feed_table(rows: Sequence[Sequence[str]], header: tuple[str, ...], title: str = "") -> Table:
    table = Table(title=title or None, show_lines=False)
    for name in header:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
