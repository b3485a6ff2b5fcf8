"""Turning fetched text into stored values: runs the core (``summaries``) off the loop.

``process_entry`` is a plain module-level function of picklable values so it can run in
a thread or in a process pool.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, TypeVar

from bot.ingest.feedformat import ParsedFeed, parse_feed
from bot.store.codec import CONTROL_CHARACTERS
from summaries.article_check import check_article, check_bytes
from summaries.models import Article, Briefing, Quote
from summaries.pipeline import brief_article
from summaries.stories import StoryFeatures, briefing_features
from summaries.text import article_from_html
from summaries.topics import Lexicon

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class EntryText:
    url: str
    title: str
    source: str
    html: str | bytes
    author: str = ""
    encoding: str | None = None
    published: datetime | None = None


class NotAnArticle(Exception):
    """The entry's page is no article (a PDF, binary data, a sign-in page, no text)."""


@dataclass(frozen=True, slots=True)
class Processed:
    article: Article
    quotes: list[Quote]
    briefing: Briefing
    features: StoryFeatures | None = None


_LEXICON: Lexicon | None = None


def _set_lexicon(data: dict[str, Any] | None) -> None:
    global _LEXICON  # per-process cache for pool workers
    _LEXICON = Lexicon.from_dict(data) if data else None


def _clean(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def process_entry(entry: EntryText, max_quotes: int, min_confidence: float = 0.0) -> Processed:
    """Extract and brief one entry; raises :class:`NotAnArticle` when there is no article."""
    reason = check_bytes(entry.html) if isinstance(entry.html, bytes) else None
    if reason is not None:
        raise NotAnArticle(reason)
    article = article_from_html(entry.html, entry.url, encoding=entry.encoding)
    reason = check_article(article)
    if reason is not None:
        raise NotAnArticle(reason)
    article = replace(
        article,
        text=_clean(article.text),
        lead=_clean(article.lead),
        author=_clean(article.author or entry.author),
        title=_clean(entry.title or article.title),
        url=entry.url,
        source=entry.source or article.source,
        published=entry.published or article.published,
    )
    quotes, briefing = brief_article(
        article, lexicon=_LEXICON, max_quotes=max_quotes, min_speaker_confidence=min_confidence
    )
    return Processed(article, quotes, briefing, briefing_features(briefing))


def _parse_feed(body: bytes, url: str, content_type: str) -> ParsedFeed:
    return parse_feed(body, url=url, content_type=content_type)


class Processor:
    """Runs :func:`process_entry` in a process pool (``workers > 0``) or a thread."""

    def __init__(
        self,
        *,
        workers: int = 0,
        lexicon: dict[str, Any] | None = None,
        max_quotes: int = 3,
        min_speaker_confidence: float = 0.0,
    ) -> None:
        self._max_quotes = max_quotes
        self._min_confidence = min_speaker_confidence
        self._executor: Executor | None = None
        _set_lexicon(lexicon)
        if workers > 0:
            self._executor = ProcessPoolExecutor(
                workers, initializer=_set_lexicon, initargs=(lexicon,)
            )

    async def _off_loop(self, func: Callable[..., T], *args: Any) -> T:
        """Run ``func`` in the process pool, or in a thread when there is none."""
        if self._executor is None:
            return await asyncio.to_thread(func, *args)
        return await asyncio.get_running_loop().run_in_executor(self._executor, func, *args)

    async def process(self, entry: EntryText) -> Processed:
        return await self._off_loop(process_entry, entry, self._max_quotes, self._min_confidence)

    async def parse(self, body: bytes, url: str, content_type: str) -> ParsedFeed:
        """Parse a feed document off the event loop."""
        return await self._off_loop(_parse_feed, body, url, content_type)

    def shutdown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
