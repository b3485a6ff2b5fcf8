"""The one place that builds sitrep from settings and runs it on one event loop.

Parts are built on first use, so a command that needs only the store (``sitrep feeds
list``) never imports the fetcher, the poller or the extraction core.
"""

from __future__ import annotations

import asyncio
import logging
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from bot.netguard import parse_networks
from bot.settings import Settings
from bot.store import Store

if TYPE_CHECKING:
    from bot.fetch import Fetcher
    from bot.ingest import Poller
    from bot.processing import Processor
    from summaries.topics import Lexicon

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    return datetime.now(UTC)


def load_topics(settings: Settings) -> dict[str, Any]:
    path = settings.topics_path
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        log.warning("topic lexicon %s not found; briefings will carry no topic tags", path)
        return {}


class App:
    """Everything sitrep is made of, built from settings; no I/O until ``initialize``."""

    def __init__(self, settings: Settings, *, clock: Callable[[], datetime] = utcnow) -> None:
        self.settings = settings
        self.clock = clock
        self.store = Store(settings.effective_database_url)
        self.allowed_networks = parse_networks(settings.allowed_networks)
        self.metrics: Any = None  # set by the service

    @cached_property
    def topics_data(self) -> dict[str, Any]:
        return load_topics(self.settings)

    @cached_property
    def lexicon(self) -> Lexicon | None:
        from summaries.topics import Lexicon

        return Lexicon.from_dict(self.topics_data) if self.topics_data else None

    @cached_property
    def fetcher(self) -> Fetcher:
        from bot.fetch import Fetcher

        poll = self.settings.poll
        return Fetcher(
            user_agent=poll.user_agent,
            connect_timeout=poll.connect_timeout,
            read_timeout=poll.read_timeout,
            max_redirects=poll.max_redirects,
            per_host=poll.per_host,
            allowed_networks=self.allowed_networks,
            max_connections=max(poll.concurrency * 2, 20),
        )

    @cached_property
    def processor(self) -> Processor:
        from bot.processing import Processor

        return Processor(
            workers=self.settings.poll.process_workers,
            lexicon=self.topics_data or None,
            max_quotes=self.settings.briefing.max_quotes,
        )

    @cached_property
    def poller(self) -> Poller:
        from bot.ingest import Poller

        return Poller(
            self.store,
            self.fetcher,
            self.processor,
            self.settings.poll,
            clock=self.clock,
            lexicon=self.lexicon,
        )

    async def initialize(self) -> None:
        await self.store.initialize()
        seeds = [(f.url, f.name, f.category) for f in self.settings.feeds]
        added = await self.store.feeds.seed(seeds, now=self.clock())
        if added:
            log.info("seeded %d default feeds", added)

    async def shutdown(self) -> None:
        if "fetcher" in self.__dict__:
            await self.fetcher.aclose()
        if "processor" in self.__dict__:
            self.processor.shutdown()
        await self.store.shutdown()

    async def __aenter__(self) -> App:
        await self.initialize()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await asyncio.shield(self.shutdown())
