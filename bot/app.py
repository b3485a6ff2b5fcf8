"""The composition root: the one place sitrep's objects are built and wired together.

Every collaborator is constructed here from the settings and handed exactly what it uses;
nothing is patched in afterwards. Parts that open resources (the HTTP client, the worker
pool) are built on first use, so a command that needs only the topic lexicon opens
neither; :meth:`App.shutdown` closes what was opened (and the store, unless it was
handed in).

Layers (checked by import-linter, see ``pyproject.toml``)::

    bot.cli ─> bot.app ─> bot.runtime ─> bot.adapters ─> bot.commands ─> bot.planning, bot.ingest
                                         bot.delivery, bot.render, bot.store, bot.replies,
                                         bot.platform, bot.domain, bot.settings ─> summaries
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import tomllib
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cache, cached_property, partial
from typing import IO, TYPE_CHECKING, Any

from bot.local_time import utcnow
from bot.settings import Settings
from bot.store import Store

if TYPE_CHECKING:  # built on first use: a command imports only what it needs
    from bot.adapters.base import Adapter
    from bot.adapters.console import ConsoleAdapter
    from bot.adapters.discord.adapter import DiscordAdapter
    from bot.adapters.telegram.adapter import TelegramAdapter
    from bot.commands import Commands
    from bot.delivery import DeliveryWorker, Pacer
    from bot.delivery.pacing import PauseNote
    from bot.ingest.feed_admin import FeedAdmin
    from bot.ingest.fetch import Fetcher
    from bot.ingest.netguard import IPNetwork
    from bot.ingest.poller import Poller
    from bot.ingest.processing import Processor
    from bot.planning.planner import Planner
    from bot.platform import PlatformProfile
    from bot.runtime.metrics import Metrics
    from bot.runtime.service import Role, Service
    from bot.web.panel import WebPanel
    from summaries.topics import Lexicon

log = logging.getLogger(__name__)


@cache
def platform_profiles() -> dict[str, PlatformProfile]:
    """Every platform sitrep speaks, by name: each adapter package exports its profile."""
    from bot.adapters import console
    from bot.adapters.discord import profile as discord_profile
    from bot.adapters.telegram import profile as telegram_profile

    profiles = {
        p.name: p for p in (telegram_profile.PROFILE, discord_profile.PROFILE, console.PROFILE)
    }
    profiles["cli"] = console.PROFILE  # the local command line administers like the console
    return profiles


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

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Callable[[], datetime] = utcnow,
        store: Store | None = None,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self._owns_store = store is None
        self.store = store if store is not None else Store(settings.effective_database_url)
        self._pacers: dict[str, Pacer] = {}

    # -- the core collaborators: cheap, but imported only when a command uses them ---------

    @cached_property
    def topics_data(self) -> dict[str, Any]:
        return load_topics(self.settings)

    @cached_property
    def lexicon(self) -> Lexicon | None:
        from summaries.topics import Lexicon

        return Lexicon.from_dict(self.topics_data) if self.topics_data else None

    @cached_property
    def allowed_networks(self) -> tuple[IPNetwork, ...]:
        from bot.ingest.netguard import parse_networks

        return parse_networks(self.settings.allowed_networks)

    @cached_property
    def profiles(self) -> dict[str, PlatformProfile]:
        return platform_profiles()

    @cached_property
    def worker_id(self) -> str:
        """This process's name in the workers table and on everything it claims."""
        from bot.delivery.worker import worker_id

        return worker_id()

    @cached_property
    def metrics(self) -> Metrics:
        from bot.runtime.metrics import Metrics

        return Metrics()

    @cached_property
    def planner(self) -> Planner:
        from bot.planning.planner import Planner

        return Planner(self.store, self.settings, self.clock, self.profiles)

    @cached_property
    def commands(self) -> Commands:
        from bot.commands import Commands

        return Commands(
            store=self.store,
            settings=self.settings,
            clock=self.clock,
            planner=self.planner,
            lexicon=self.lexicon,
            profiles=self.profiles,
            feed_admin=self.feed_admin,
        )

    # -- parts that open resources: built on first use -------------------------------------

    @cached_property
    def fetcher(self) -> Fetcher:
        from bot.ingest.fetch import Fetcher

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
        from bot.ingest.processing import Processor

        return Processor(
            workers=self.settings.poll.process_workers,
            lexicon=self.topics_data or None,
            max_quotes=self.settings.briefing.max_quotes,
            min_speaker_confidence=self.settings.briefing.min_speaker_confidence,
        )

    @cached_property
    def poller(self) -> Poller:
        from bot.ingest.poller import Poller

        return Poller(
            self.store,
            self.fetcher,
            self.processor,
            self.settings.poll,
            clock=self.clock,
            lexicon=self.lexicon,
            worker_id=self.worker_id,
        )

    def feed_admin(self, actor: str, platform: str) -> FeedAdmin:
        """Feed management on behalf of ``actor`` (audited)."""
        from bot.ingest.feed_admin import FeedAdmin

        return FeedAdmin(
            self.store,
            fetcher=lambda: self.fetcher,
            allowed_networks=self.allowed_networks,
            max_feed_bytes=self.settings.poll.max_feed_bytes,
            clock=self.clock,
            actor=actor,
            platform=platform,
        )

    # -- the admin web panel ------------------------------------------------------------------

    @cached_property
    def web_panel(self) -> WebPanel:
        from bot.web.clients import networks
        from bot.web.panel import WebPanel

        return WebPanel(
            store=self.store,
            clock=self.clock,
            feed_admin=self.feed_admin,
            counters=self.metric_totals,
            secret=self.web_secret(),
            public_url=self.settings.web_url,
            is_admin=self.configured_admin,
            trusted_proxies=networks(self.settings.web.trusted_proxies),
            topic_names=lambda: self.lexicon.names if self.lexicon is not None else (),
        )

    def configured_admin(self, platform: str, actor: str) -> bool:
        """An admin by the configuration (the panel's test on each request; a platform
        permission such as Discord's Manage Server does not open the panel)."""
        profile = self.profiles.get(platform)
        return profile is not None and profile.is_admin(self.settings, actor, platform_admin=False)

    def web_secret(self) -> bytes:
        """``SITREP_WEB_SECRET`` (or ``_FILE``), else one generated once into the data dir."""
        if self.settings.web_secret is not None:
            return self.settings.web_secret.get_secret_value().encode()
        path = self.settings.data_dir / "web_secret"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(48))
        return path.read_text(encoding="utf-8").strip().encode()

    def metric_totals(self) -> dict[str, float]:
        """The cumulative counters the panel samples each minute."""
        m = self.metrics
        totals: dict[str, float] = {"failed": 0.0, "rate_limited": 0.0, "commands": 0.0}
        totals["command_seconds"] = 0.0
        for metric in (
            *m.deliveries.collect(),
            *m.rate_limited.collect(),
            *m.command_seconds.collect(),
        ):
            for sample in metric.samples:
                if sample.name == "sitrep_delivery_events_total" and sample.labels["event"] in (
                    "failed",
                    "dead",
                ):
                    totals["failed"] += sample.value
                elif sample.name == "sitrep_rate_limited_total":
                    totals["rate_limited"] += sample.value
                elif sample.name == "sitrep_command_seconds_count":
                    totals["commands"] += sample.value
                elif sample.name == "sitrep_command_seconds_sum":
                    totals["command_seconds"] += sample.value
        return totals

    # -- chat platforms ----------------------------------------------------------------------

    def pacer(self, platform: str) -> Pacer:
        """The platform's one pacer, shared by its adapter's replies and its outbox worker."""
        from bot.delivery import Pacer

        if platform not in self._pacers:
            limits = self.profiles[platform].limits(self.settings.delivery)
            self._pacers[platform] = Pacer(limits, record=partial(self._record_pause, platform))
        return self._pacers[platform]

    async def _record_pause(self, platform: str, note: PauseNote) -> None:
        """Each pause the pacer takes goes to the store, where the panel reads it."""
        await self.store.pauses.record(
            platform,
            note.chat_key,
            note.seconds,
            now=self.clock(),
            global_pause=note.global_,
            rate_limited=note.rate_limited,
            source=note.source,
            worker=self.worker_id,
        )

    def telegram_adapter(self, **options: Any) -> TelegramAdapter:
        from bot.adapters.telegram.adapter import TelegramAdapter

        return TelegramAdapter(
            self.commands,
            self.settings,
            pacer=self.pacer("telegram"),
            metrics=self.metrics,
            locks=self.store.chat_locks,
            marks=self.store.chat_marks,
            **options,
        )

    def discord_adapter(self, **options: Any) -> DiscordAdapter:
        from bot.adapters.discord.adapter import DiscordAdapter

        return DiscordAdapter(
            self.commands,
            self.settings,
            pacer=self.pacer("discord"),
            metrics=self.metrics,
            **options,
        )

    def console_adapter(self, stream: IO[str] | None = None) -> ConsoleAdapter:
        from bot.adapters.console import ConsoleAdapter

        return ConsoleAdapter(self.store, self.settings.digest, self.clock, stream)

    def chat_adapters(self) -> list[Adapter]:
        """The platforms whose tokens are set; the console when none is."""
        adapters: list[Adapter] = []
        if self.settings.telegram_bot_token:
            adapters.append(self.telegram_adapter())
        if self.settings.discord_bot_token:
            adapters.append(self.discord_adapter())
        return adapters or [self.console_adapter()]

    def delivery_worker(self, adapter: Adapter) -> DeliveryWorker:
        from bot.delivery import DeliveryWorker

        d = self.settings.delivery
        pacer = self.pacer(adapter.platform)
        return DeliveryWorker(
            self.store,
            adapter.platform,
            adapter,
            pacer.limits,
            pacer=pacer,
            clock=self.clock,
            max_attempts=d.max_attempts,
            retry_base=d.retry_base_seconds,
            retry_max=d.retry_max_seconds,
            lease=timedelta(seconds=d.lease_seconds),
            idle_sleep=d.tick_seconds,
            on_event=self.metrics.delivery_event,
            worker=self.worker_id,
        )

    def service(self, adapters: list[Adapter] | None = None, role: Role = "all") -> Service:
        """``sitrep run``: what ``role`` does and nothing more. ``ingest`` polls (no chat
        platform, no outbox); ``deliver`` plans and sends the outbox through the adapters
        without taking commands; ``chat`` serves commands without an outbox worker;
        ``all`` is everything in one process."""
        from bot.runtime.service import Service

        if adapters is None:
            adapters = [] if role == "ingest" else self.chat_adapters()
        sends = role in ("all", "deliver")
        return Service(
            settings=self.settings,
            store=self.store,
            poller=self.poller if role in ("all", "ingest") else None,
            planner=self.planner,
            metrics=self.metrics,
            adapters=adapters,
            workers=[self.delivery_worker(a) for a in adapters] if sends else [],
            open_app=self.initialize,
            close_app=self.shutdown,
            http_mounts=[self.web_panel] if self.settings.web.port else [],
            pacers=list(self._pacers.values()),  # those the adapters above send through
            role=role,
            worker_id=self.worker_id,
            clock=self.clock,
        )

    # -- lifecycle ---------------------------------------------------------------------------

    async def initialize(self) -> None:
        await self.store.initialize()
        seeds = [(f.url, f.name, f.category) for f in self.settings.feeds]
        added = await self.store.feeds.seed(seeds, now=self.clock())
        if added:
            log.info("seeded %d default feeds", added)

    async def shutdown(self) -> None:
        """Close what was opened; safe to call twice."""
        opened = self.__dict__
        if (fetcher := opened.pop("fetcher", None)) is not None:
            await fetcher.aclose()
        if (processor := opened.pop("processor", None)) is not None:
            processor.shutdown()
        opened.pop("poller", None)
        if self._owns_store:
            await self.store.shutdown()

    async def __aenter__(self) -> App:
        await self.initialize()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await asyncio.shield(self.shutdown())
