"""Shared world for the Discord adapter tests: the fake server, an App on the test store,
a started adapter, and articles written for these tests (no test functions here)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from pydantic import SecretStr

from bot.adapters.discord.adapter import DiscordAdapter
from bot.app import App
from bot.delivery import DeliveryWorker, Limits
from bot.settings import DiscordSettings, Settings
from bot.store import Store
from summaries.models import Article, Briefing, Quote, Speaker
from tests.fakes.discord_server import (
    DEFAULT_GUILD_ID,
    DEFAULT_MEMBER_ID,
    FakeDiscord,
    FakeInteraction,
    FakeRole,
    RecordedMessage,
)
from tests.support.clock import Clock

ADMIN_ROLE = "sitrep-admins"
ADMIN_ROLE_ID = DEFAULT_GUILD_ID + 77


@dataclass(frozen=True)
class Item:
    slug: str
    source: str
    headline: str
    lead: str
    speaker: str
    role: str
    said: str
    topics: tuple[str, ...]


# Our own writing, in wire style; the people are invented.
ITEMS = [
    Item(
        "baltic-patrols",
        "North Sea Wire",
        "Allied frigates step up Baltic cable patrols",
        "Four allied frigates will patrol undersea cable routes in the Baltic through winter.",
        "Kara Lindqvist",
        "Rear Admiral, Baltic task group",
        "Every cable on the seabed is now watched around the clock",
        ("naval", "NATO"),
    ),
    Item(
        "interceptor-order",
        "Ministry Monitor",
        "Ministry orders 400 more air defence interceptors",
        "The defence ministry signed a framework order for interceptor missiles on Tuesday.",
        "Tomas Varga",
        "Defence Minister",
        "We are buying at the speed the threat demands, not the speed of paperwork",
        ("air defence", "procurement"),
    ),
    Item(
        "drone-school",
        "Front Line Daily",
        "Army opens drone pilot school near the border",
        "A new school will train 2,000 drone operators a year, the army said.",
        "Kara Lindqvist",
        "Rear Admiral, Baltic task group",
        "Drones changed the sea as much as the land",
        ("drones",),
    ),
    Item(
        "shipyard-shifts",
        "Industry Ledger",
        "Shipyard adds night shifts to speed up corvette deliveries",
        "The yard will run three shifts from January to deliver two corvettes early.",
        "Kara Lindqvist",
        "Rear Admiral, Baltic task group",
        "Two ships a year early is worth more than a new design on paper",
        ("naval", "industry"),
    ),
    Item(
        "radar-gap",
        "North Sea Wire",
        "Coastal radar gap closed after upgrade",
        "Engineers finished upgrading three coastal radar stations ahead of schedule.",
        "Kara Lindqvist",
        "Rear Admiral, Baltic task group",
        "The gap we talked about last spring is closed",
        ("naval",),
    ),
    Item(
        "reserve-call",
        "Ministry Monitor",
        "Reservists called up for winter exercise",
        "Around 3,000 reservists will join a two-week exercise in the north.",
        "Kara Lindqvist",
        "Rear Admiral, Baltic task group",
        "Reservists are the depth of the force, not its decoration",
        ("personnel",),
    ),
    Item(
        "mine-hunters",
        "North Sea Wire",
        "Mine hunters sweep shipping lanes after storm",
        "Two mine countermeasure vessels swept the approaches to the port after the storm.",
        "Kara Lindqvist",
        "Rear Admiral, Baltic task group",
        "Storms move old mines, so we move first",
        ("naval",),
    ),
]


def briefing_of(item: Item) -> tuple[Article, list[Quote], Briefing]:
    said = f"\u201c{item.said},\u201d said {item.speaker}, {item.role}."
    text = f"{item.lead}\n\n{said}"
    start = text.index(item.said)
    quote = Quote(item.said, start, start + len(item.said), item.speaker, item.role)
    url = f"https://wire.example/{item.slug}"
    article = Article(text=text, title=item.headline, url=url, source=item.source, lead=item.lead)
    briefing = Briefing(
        headline=item.headline,
        url=url,
        source=item.source,
        summary=item.lead,
        quotes=(quote,),
        topics=item.topics,
        speakers=(Speaker(item.speaker, item.role),),
        quote_links=(f"{url}#:~:text={item.said.split()[0]}",),
    )
    return article, [quote], briefing


async def add_articles(store: Store, clock: Clock, items: list[Item] = ITEMS) -> list[int]:
    ids = []
    for item in items:
        clock.advance(minutes=1)
        article, quotes, briefing = briefing_of(item)
        article_id = await store.articles.add(
            feed_id=None,
            url_key=article.url,
            guid=article.url,
            article=article,
            quotes_found=quotes,
            briefing=briefing,
            now=clock(),
        )
        assert article_id is not None
        ids.append(article_id)
    return ids


def discord_settings(settings: Settings, fake: FakeDiscord) -> Settings:
    return settings.model_copy(
        update={
            "discord_bot_token": SecretStr(fake.token),
            "discord": DiscordSettings(
                api_base_url=fake.rest_base,
                gateway_url=fake.gateway_url,
                sync_guilds=[DEFAULT_GUILD_ID],
                admin_role=ADMIN_ROLE,
            ),
        }
    )


@pytest.fixture(name="fake")
async def fake_fixture() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        server.guild(DEFAULT_GUILD_ID).roles.append(FakeRole(ADMIN_ROLE_ID, ADMIN_ROLE))
        yield server
        assert server.unhandled == [], "discord.py hit routes the fake does not serve"


@pytest.fixture(name="clock")
def clock_fixture() -> Clock:
    return Clock()


@pytest.fixture(name="app")
async def app_fixture(
    store: Store, settings: Settings, fake: FakeDiscord, clock: Clock
) -> AsyncIterator[App]:
    app = App(discord_settings(settings, fake), clock=clock, store=store)
    yield app
    await app.shutdown()


def make_adapter(app: App, **options: Any) -> DiscordAdapter:
    return app.discord_adapter(guild_ready_timeout=0.05, ready_timeout=5, **options)


@pytest.fixture(name="adapter")
async def adapter_fixture(app: App) -> AsyncIterator[DiscordAdapter]:
    adapter = make_adapter(app)
    await adapter.initialize()
    await adapter.start()
    yield adapter
    await adapter.shutdown()


def worker(app: App, adapter: DiscordAdapter, **options: Any) -> DeliveryWorker:
    d = app.settings.delivery
    values: dict[str, Any] = {"retry_base": 5, "max_attempts": 3, "concurrency": 4} | options
    return DeliveryWorker(
        app.store,
        "discord",
        adapter,
        Limits(d.discord_global_per_second, d.discord_channel_per_second),
        clock=app.clock,
        **values,
    )


async def run_command(
    fake: FakeDiscord,
    name: str,
    options: dict[str, Any] | None = None,
    **kwargs: Any,
) -> tuple[FakeInteraction, RecordedMessage]:
    """Run a slash command and wait for its (first) answer message."""
    kwargs.setdefault("user_id", DEFAULT_MEMBER_ID)
    it = await fake.send_slash_command(name, options, **kwargs)
    await it.wait_for_response()
    message = await it.wait_for_original(lambda m: not m.loading)
    return it, message


def text_of(message: RecordedMessage) -> str:
    """Content and embed text of a message, for assertions."""
    parts = [message.content]
    for embed in message.embeds:
        parts += [embed.get("title", ""), embed.get("description", "")]
        parts += [f"{f['name']} {f['value']}" for f in embed.get("fields", [])]
        parts.append((embed.get("footer") or {}).get("text", ""))
    return "\n".join(p for p in parts if p)


async def settle() -> None:
    await asyncio.sleep(0)
