"""The topic index behind the panel's quote search: written with each article, backfilled by
migration 0008, gone with its article, and what every topic search reads."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from functools import partial
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from bot.settings import Settings
from bot.store import MIGRATIONS, Store, quote_search
from bot.store.tables import article_topics, articles
from bot.store.web import QuoteQuery
from tests.support.clock import Clock
from tests.web.support import Panel, add_quote, log_in, running_panel


@pytest.fixture
async def panel(settings: Settings, store: Store) -> AsyncIterator[Panel]:
    async with running_panel(settings, store, Clock()) as panel:
        yield panel


async def index_rows(store: Store) -> set[tuple[int, str]]:
    query = sa.select(article_topics.c.article_id, article_topics.c.topic)
    async with store.read() as conn:
        return {(int(a), str(t)) for a, t in (await conn.execute(query)).all()}


async def test_each_article_is_indexed_by_its_topics_as_it_is_stored(
    panel: Panel, store: Store
) -> None:
    first = await add_quote(
        store,
        panel.clock,
        feed_id=None,
        title="Harbour",
        url="http://127.0.0.1:9/t/1",
        speaker="Ada Stone",
        said="The new frigates sail in spring",
        topics=("Naval", "Air  Defence", "naval"),
    )
    second = await add_quote(
        store,
        panel.clock,
        feed_id=None,
        title="Nothing",
        url="http://127.0.0.1:9/t/2",
        speaker="Ben Frost",
        said="We have no comment today",
    )
    assert first is not None and second is not None
    assert await index_rows(store) == {(first, "naval"), (first, "air defence")}
    panel.clock.advance(days=2)
    await store.articles.delete_older_than(panel.clock() - timedelta(days=1))
    assert await index_rows(store) == set()  # the index goes with its article


async def test_the_topic_search_matches_whole_topics_in_any_case_with_other_filters(
    panel: Panel, store: Store
) -> None:
    feed = await store.feeds.add("http://127.0.0.1:9/f", "Harbour desk", "", now=panel.clock())
    said = {
        "naval": "The new frigates sail in spring",
        "finland": "The border posts stay manned",
        "land": "The tanks arrive next year",
    }
    for n, (topic, text) in enumerate(said.items()):
        await add_quote(
            store,
            panel.clock,
            feed_id=feed.id if topic == "naval" else None,
            title=f"Story {n}",
            url=f"http://127.0.0.1:9/t/{n}",
            speaker="Ada Stone" if topic != "land" else "Ben Frost",
            said=text,
            topics=(topic.title(),),
        )
        panel.clock.advance(minutes=1)

    async def found(**query: str | int) -> set[str]:
        hits = await store.web.search_quotes(QuoteQuery(**query))  # type: ignore[arg-type]
        return {h.text for h in hits}

    assert await found(topic="LAND") == {said["land"]}  # a whole topic: not "Finland"
    assert await found(topic=" naval ") == {said["naval"]}
    assert await found(topic="nav") == set()
    assert await found(topic="unheard-of") == set()
    assert await found(topic="naval", feed_id=feed.id) == {said["naval"]}
    assert await found(topic="finland", feed_id=feed.id) == set()
    assert await found(speaker="Ada Stone", topic="finland") == {said["finland"]}
    assert await found(speaker="Stone", topic="land") == set()
    assert await found(speaker="Ada Stone", feed_id=feed.id) == {said["naval"]}
    day = panel.clock().strftime("%Y-%m-%d")
    async with httpx.AsyncClient(base_url=panel.base, follow_redirects=True) as client:
        await log_in(client, await panel.link())
        page = await client.get("/admin/quotes", params={"topic": "Land", "until": day})
        assert said["land"] in page.text and said["finland"] not in page.text
        assert '<datalist id="topics"><option value="' in page.text  # the lexicon's topics


def _migrate(target: str, down: bool, conn: sa.Connection) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    (command.downgrade if down else command.upgrade)(config, target)


async def test_migration_0008_backfills_the_index_from_stored_articles(store: Store) -> None:
    async with store.engine.begin() as conn:
        await conn.run_sync(partial(_migrate, "0007", True))
    now = Clock()()
    async with store.write() as conn:
        for n, topics in enumerate(("Naval\x1fAir  Defence\x1fnaval", "", "Cyber")):
            await conn.execute(
                articles.insert().values(
                    id=n + 1,
                    url=f"http://127.0.0.1:9/m/{n}",
                    url_key=f"m{n}",
                    created_at=now - timedelta(hours=n),
                    topics=topics,
                    briefing={},
                )
            )
    async with store.engine.begin() as conn:
        await conn.run_sync(partial(_migrate, "head", False))
    assert await index_rows(store) == {(1, "naval"), (1, "air defence"), (3, "cyber")}
    query = sa.select(article_topics.c.created_at).where(article_topics.c.article_id == 3)
    async with store.read() as conn:
        assert (await conn.execute(query)).scalar_one() == now - timedelta(hours=2)


@pytest.mark.parametrize("ratio", [0.001, 8, 10_000])  # always the topic's side .. the speaker's
async def test_a_speaker_on_a_topic_is_found_from_either_side(
    panel: Panel, store: Store, monkeypatch: pytest.MonkeyPatch, ratio: float
) -> None:
    monkeypatch.setattr(quote_search, "QUOTES_PER_ARTICLE", ratio)
    for n in range(17):  # a much-quoted speaker, mostly on one topic
        await add_quote(
            store,
            panel.clock,
            feed_id=None,
            title=f"Land {n}",
            url=f"http://127.0.0.1:9/s/{n}",
            speaker="Cy Long",
            said=f"Sector {n} is quiet tonight",
            topics=("Land",),
        )
        panel.clock.advance(minutes=1)
    for n, speaker in enumerate(("Cy Long", "Dee Park")):  # a rare topic
        await add_quote(
            store,
            panel.clock,
            feed_id=None,
            title=f"Ice {n}",
            url=f"http://127.0.0.1:9/i/{n}",
            speaker=speaker,
            said=f"The ice road {n} opens in March",
            topics=("Arctic",),
        )

    async def found(**query: Any) -> list[str]:
        return [h.text for h in await store.web.search_quotes(QuoteQuery(**query))]

    assert await found(speaker="Cy Long", topic="arctic") == ["The ice road 0 opens in March"]
    assert await found(speaker="long", topic="ARCTIC") == ["The ice road 0 opens in March"]
    assert await found(speaker="Dee Park", topic="land") == []
    assert await found(speaker="Cy Long", topic="unheard-of") == []
    on_land = await found(speaker="Cy Long", topic="land")
    assert on_land == [f"Sector {n} is quiet tonight" for n in range(16, -1, -1)]
    before = panel.clock() - timedelta(minutes=10)  # the newest ten are later
    older = await found(speaker="Cy Long", topic="land", until=before)
    assert older == [f"Sector {n} is quiet tonight" for n in range(6, -1, -1)]
