"""One article for ``sitrep brief`` and ``sitrep quotes``: from a file, stdin or a URL.

Local input gets the limits fetched pages get: the page-size cap (at most cap + 1 bytes are
ever read), the same not-an-article checks and a time bound on extraction and briefing.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from bot.cli.errors import USAGE_ERROR, UserError
from summaries.article_check import check_article, check_bytes

if TYPE_CHECKING:
    from bot.ingest.fetch import Fetcher
    from bot.settings import Settings
    from summaries.models import Article

_HTML_HEADS = (b"<!doctype", b"<html", b"<?xml", b"<head", b"<body", b"<article", b"<div", b"<p")


def _read_capped(stream: BinaryIO, cap: int, label: str) -> bytes:
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise UserError(
            f"{label}: over the {cap:,}-byte limit for a page (setting poll.max_page_bytes)"
        )
    return data


def read_source(source: str, cap: int) -> bytes:
    """The bytes of a file or of stdin (``-``), never more than ``cap`` + 1 read."""
    if source == "-":
        return _read_capped(sys.stdin.buffer, cap, "stdin")
    path = Path(source)
    if path.is_dir():
        raise UserError(f"{source}: is a directory, not a file", USAGE_ERROR)
    try:
        with path.open("rb") as fh:
            return _read_capped(fh, cap, source)
    except FileNotFoundError:
        raise UserError(f"{source}: no such file", USAGE_ERROR) from None
    except OSError as exc:
        raise UserError(f"{source}: {exc.strerror or exc}") from None


def looks_like_html(source: str, data: bytes) -> bool:
    head = data[:2000].lstrip().lower()
    return source.lower().endswith((".html", ".htm", ".xhtml")) or head.startswith(_HTML_HEADS)


class _Expired(BaseException):
    """Raised by the alarm; a BaseException like KeyboardInterrupt, so that no library's
    ``except Exception`` (nor a file read's ``except OSError``) swallows it."""


@contextlib.contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Interrupt the synchronous work inside after ``seconds`` (POSIX; no limit elsewhere)."""
    if not hasattr(signal, "setitimer"):  # pragma: no cover - Windows
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        raise UserError(
            f"{what}: gave up after {seconds:g}s (setting briefing.timeout_seconds)"
        ) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


async def _fetch(
    source: str, settings: Settings, fetcher: Fetcher
) -> tuple[bytes, str, str | None]:
    from bot.ingest.fetch import FetchError

    try:
        page = await fetcher.get(source, max_bytes=settings.poll.max_page_bytes, accept="text/html")
    except FetchError as exc:
        raise UserError(f"{'Refused ' if exc.kind == 'blocked' else ''}{source}: {exc}") from None
    from bot.ingest.feedformat import strip_tracking
    from bot.ingest.poller import page_charset

    return page.body, strip_tracking(page.url), page_charset(page.content_type)


def extract(
    source: str,
    data: bytes,
    *,
    url: str = "",
    encoding: str | None = None,
    verbatim_text: bool = False,
) -> Article:
    """The article in ``data``, or a :class:`UserError` saying why there is none.

    ``verbatim_text``: plain text is the article's text exactly as given (so quote offsets
    index the input itself); otherwise its title line and furniture are taken apart."""
    from summaries.models import Article
    from summaries.text import article_from_html, article_from_text

    reason = check_bytes(data)
    if reason is None:
        if url or looks_like_html(source, data):
            article = article_from_html(data, url, encoding=encoding)
        elif verbatim_text:
            article = Article(text=data.decode("utf-8", errors="replace"))
        else:
            article = article_from_text(data.decode("utf-8", errors="replace"))
        reason = check_article(article)
    if reason is not None:
        raise UserError(f"{source}: {reason}")
    return article


class Loaded(NamedTuple):
    article: Article
    seconds_left: float  # of the time bound, for briefing it
    extracted: bool  # the text is a body extracted from HTML, not the input as given


async def load_article(
    source: str,
    settings: Settings,
    fetcher: Callable[[], Fetcher],
    *,
    verbatim_text: bool = False,
) -> Loaded:
    """The article, the seconds left of the time bound, and whether it was extracted.

    ``fetcher`` gives the composition root's HTTP client, built only for a URL."""
    import time

    limit = settings.briefing.timeout_seconds
    started = time.monotonic()
    if source.startswith(("http://", "https://")):
        import asyncio

        try:
            async with asyncio.timeout(limit):
                data, url, encoding = await _fetch(source, settings, fetcher())
        except TimeoutError:
            raise UserError(f"{source}: no answer within {limit:g}s") from None
    else:
        with time_limit(limit, source):  # a pipe that never ends is bounded too
            data, url, encoding = read_source(source, settings.poll.max_page_bytes), "", None
    left = max(limit - (time.monotonic() - started), 0.01)
    label = "stdin" if source == "-" else source
    with time_limit(left, label):
        article = extract(label, data, url=url, encoding=encoding, verbatim_text=verbatim_text)
    extracted = bool(url) or looks_like_html(source, data)
    return Loaded(article, max(limit - (time.monotonic() - started), 0.01), extracted)
