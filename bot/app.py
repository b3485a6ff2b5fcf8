"""The one place that builds sitrep from settings and runs it on one event loop."""

from __future__ import annotations

import asyncio
import logging
import tomllib
from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot.fetch import Fetcher
from bot.ingest import Poller, utcnow
from bot.netguard import parse_networks
from bot.processing import Processor
from bot.settings import Settings
from bot.store import Store
from summaries.topics import Lexicon

log = logging.getLogger(__name__)


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
        self.topics_data = load_topics(settings)
        self.lexicon = Lexicon.from_dict(self.topics_data) if self.topics_data else None
        self.store = Store(settings.effective_database_url)
        self.allowed_networks = parse_networks(settings.allowed_networks)
        poll = settings.poll
        self.fetcher = Fetcher(
            user_agent=poll.user_agent,
            connect_timeout=poll.connect_timeout,
            read_timeout=poll.read_timeout,
            max_redirects=poll.max_redirects,
            per_host=poll.per_host,
            allowed_networks=self.allowed_networks,
            max_connections=max(poll.concurrency * 2, 20),
        )
        self.processor = Processor(
            workers=poll.process_workers,
            lexicon=self.topics_data or None,
            max_quotes=settings.briefing.max_quotes,
            min_speaker_confidence=settings.briefing.min_speaker_confidence,
        )
        self.poller = Poller(
            self.store,
            self.fetcher,
            self.processor,
            poll,
            clock=clock,
            lexicon=self.lexicon,
        )
        self.metrics: Any = None  # set by the service

    async def initialize(self) -> None:
        await self.store.initialize()
        seeds = [(f.url, f.name, f.category) for f in self.settings.feeds]
        added = await self.store.feeds.seed(seeds, now=self.clock())
        if added:
            log.info("seeded %d default feeds", added)

    async def shutdown(self) -> None:
        await self.fetcher.aclose()
        self.processor.shutdown()
        await self.store.shutdown()

    async def __aenter__(self) -> App:
        await self.initialize()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await asyncio.shield(self.shutdown())
