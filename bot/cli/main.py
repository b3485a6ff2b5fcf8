"""The ``sitrep`` command: the parser, argument checks, logging set-up and error handling.

Start-up stays cheap: this module imports only the standard library's argparse; each
command imports what it needs when it runs (see :mod:`bot.cli.commands`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from bot import __version__
from bot.cli.errors import USAGE_ERROR, UserError

if TYPE_CHECKING:
    from datetime import timedelta

    from rich.console import Console

    from bot.settings import Settings

FORMAT_HELP = "text (default), json, or a chat platform's messages (telegram, discord, …)"
MAX_SINCE_DAYS = 3650
MAX_STORIES = 50


class Parser(argparse.ArgumentParser):
    """argparse, but a bad argument is one line on stderr and exit 2 (no usage dump)."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"{self.prog}: {message} (see {self.prog} --help)\n")


def parse_duration(text: str) -> timedelta:
    """``90m``, ``12h``, ``2d``, ``1w``: a positive window of at most ten years."""
    import re
    from datetime import timedelta

    match = re.fullmatch(r"\s*(\d{1,9}(?:\.\d+)?)\s*([mhdw])\s*", text.lower())
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration like 90m, 12h, 2d or 1w")
    amount = float(match.group(1))
    unit = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}[match.group(2)]
    window = timedelta(**{unit: amount})
    if window <= timedelta(0):
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive duration")
    if window > timedelta(days=MAX_SINCE_DAYS):
        raise argparse.ArgumentTypeError(f"{text!r} is longer than {MAX_SINCE_DAYS} days")
    return window


def story_count(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_STORIES:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of stories from 1 to {MAX_STORIES}"
        )
    return int(text)


def _source_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", help="an HTML or text file, '-' for stdin, or an http(s) URL")


def _feeds_parser(sub: argparse._SubParsersAction[Parser]) -> None:
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


def build_parser() -> Parser:
    parser = Parser(prog="sitrep", description="Defence news briefings for Telegram and Discord.")
    parser.add_argument("--version", action="version", version=f"sitrep {__version__}")
    parser.add_argument(
        "--config", metavar="PATH", help="a TOML settings file (default: SITREP_CONFIG)"
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="informational logs (default: warnings)"
    )
    parser.add_argument("--debug", action="store_true", help="debug logs and tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    run = sub.add_parser("run", help="run the service: polling, digests, alerts and chat adapters")
    run.add_argument(
        "--role",
        choices=("all", "ingest", "deliver", "chat"),
        default="all",
        help="what this process does (several share one PostgreSQL store): ingest polls "
        "feeds; deliver plans digests and alerts and sends the outbox; chat answers "
        "commands; all (default) does everything",
    )
    sub.add_parser("fetch", help="poll every feed once and show what came in")
    brief = sub.add_parser("brief", help="one article (file or URL) to its briefing")
    _source_arg(brief)
    brief.add_argument("--format", default="text", help=FORMAT_HELP)
    quotes = sub.add_parser("quotes", help="one article to its quotes")
    _source_arg(quotes)
    quotes.add_argument(
        "--json", action="store_true", help="JSON output (title, quotes with offsets)"
    )
    quotes.add_argument(
        "--explain", action="store_true", help="print the evidence for each quote's speaker"
    )
    digest = sub.add_parser("digest", help="the digest of recent stories in the store")
    digest.add_argument(
        "--since", default="24h", type=parse_duration, help="window, e.g. 12h, 2d, 90m (24h)"
    )
    digest.add_argument("--format", default="text", help=FORMAT_HELP)
    digest.add_argument("--max-stories", type=story_count, default=None, help=f"1 to {MAX_STORIES}")
    _feeds_parser(sub)
    sub.add_parser("audit", help="recent admin actions")
    link = sub.add_parser("admin-link", help="print a one-time login link to the web panel")
    link.add_argument("--as", dest="actor", default="", help="who logs in (default: your user)")
    link.add_argument(
        "--revoke-all",
        action="store_true",
        help="end every panel session and unused login link instead (prints no link)",
    )
    return parser


def configure_logging(settings: Settings, args: argparse.Namespace, console: Console) -> None:
    """``run`` logs at the configured level in plain lines; other commands log warnings and
    errors only (``-v`` info, ``--debug`` everything), through rich so a progress bar stays whole."""
    import logging

    if args.command == "run":
        level = logging.DEBUG if args.debug else getattr(logging, settings.log_level)
        handler: logging.Handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    else:
        from rich.logging import RichHandler

        level = logging.DEBUG if args.debug else logging.INFO if args.verbose else logging.WARNING
        handler = RichHandler(console=console, show_path=False, rich_tracebacks=args.debug)
        handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    for noisy in ("httpx", "httpcore", "telegram", "discord", "apscheduler", "asyncio", "alembic"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if args.debug else logging.WARNING)
    logging.getLogger("aiosqlite").setLevel(logging.WARNING)
    # The extraction libraries warn about every page they find thin; sitrep says it once.
    for chatty in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(chatty).setLevel(logging.DEBUG if args.debug else logging.ERROR)


def _err(line: str) -> None:
    print(line.replace("\n", " "), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return USAGE_ERROR
    from bot.settings import SettingsError, load_settings

    try:
        settings = load_settings(args.config)
    except SettingsError as exc:
        _err(f"sitrep: invalid setting: {exc}")
        return USAGE_ERROR
    from rich.console import Console

    configure_logging(settings, args, Console(stderr=True))
    return _run(args, settings)


def _run(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from rich.console import Console

    from bot.adapters.base import StartRefused
    from bot.cli import commands
    from bot.store import StoreError

    console = Console(highlight=False, soft_wrap=True)
    try:
        return asyncio.run(commands.dispatch(args, settings, console))
    except KeyboardInterrupt:
        return 130
    except UserError as exc:
        _err(f"sitrep: {exc}")
        return exc.code
    except StartRefused as exc:
        _err(f"sitrep: {exc}")
        return 1
    except StoreError as exc:
        if args.debug:
            raise
        _err(f"sitrep: invalid setting: database_url (DATABASE_URL): {exc}")
        return USAGE_ERROR
    except Exception as exc:
        if args.debug:
            raise
        _err(f"sitrep: {type(exc).__name__}: {exc} (run with --debug for details)")
        return 1
