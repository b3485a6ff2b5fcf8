"""The poller against a real HTTP server on loopback and a real store."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.app import App
from bot.ingest.processing import EntryText, Processed
from bot.settings import Settings
from bot.store import Store
from tests.support.clock import Clock
from tests.support.feedserver import FeedServer
from tests.support.wire import article_html, atom, json_feed, load_articles, rss

ARTICLES = load_articles()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def app(settings: Settings, store: Store, clock: Clock) -> AsyncIterator[App]:
    settings = settings.model_copy(
        update={
            "poll": settings.poll.model_copy(
                update={"feed_timeout": 3, "read_timeout": 1.5, "pause_after_failures": 3}
            )
        }
    )
    application = App(settings, clock=clock, store=store)
    yield application
    await application.shutdown()


async def add_feed(app: App, url: str, name: str = "") -> int:
    feed = await app.store.feeds.add(url, name or url, now=app.clock())
    return feed.id


async def poll(app: App) -> dict[int, str]:
    outcomes = await app.poller.poll_due()
    return {
        o.feed_id: o.status if o.status != "error" else f"error:{o.error_kind}:{o.error}"
        for o in outcomes
    }


async def test_full_content_rss_stores_articles_with_quotes_and_briefings(
    app: App, feed_server: FeedServer
) -> None:
    url = feed_server.add("/feed/", rss(ARTICLES, feed_server.base))
    feed_id = await add_feed(app, url, "Wire")
    assert await poll(app) == {feed_id: "new"}
    latest = await app.store.articles.latest(10)
    assert {b.headline for b in latest} == {a.title for a in ARTICLES}
    counts = await app.store.articles.counts()
    assert counts["articles"] == 4 and counts["quotes"] >= 8
    for briefing in latest:
        stored = await app.store.articles.get(briefing.article_id or 0)
        assert stored is not None
        _, article = stored
        for q in briefing.quotes:
            assert article.text[q.start : q.end] == q.text
    # Full content in the feed: no page was fetched.
    assert not any(path.startswith("/news/") for path in feed_server.hits)


async def test_second_poll_is_a_304_and_creates_nothing(
    app: App, feed_server: FeedServer, clock: Clock
) -> None:
    url = feed_server.add("/feed/", rss(ARTICLES, feed_server.base))
    feed_id = await add_feed(app, url)
    await poll(app)
    clock.advance(minutes=16)
    assert await poll(app) == {feed_id: "unchanged"}
    assert feed_server.not_modified["/feed/"] == 1
    assert (await app.store.articles.counts())["articles"] == 4
    feed = await app.store.feeds.get(feed_id)
    assert feed is not None and feed.etag and feed.next_poll_at == clock.now + timedelta(minutes=15)


async def test_summary_only_feed_fetches_pages_without_comments_or_bio(
    app: App, feed_server: FeedServer
) -> None:
    for a in ARTICLES:
        feed_server.add(
            f"/news/{a.slug}/", article_html(a), content_type="text/html; charset=utf-8"
        )
    url = feed_server.add("/summary.xml", rss(ARTICLES, feed_server.base, full=False), gzip=True)
    await add_feed(app, url)
    await poll(app)
    assert all(feed_server.hits[f"/news/{a.slug}/"] == 1 for a in ARTICLES)
    everything = []
    for b in await app.store.articles.latest(10):
        stored = await app.store.articles.get(b.article_id or 0)
        assert stored is not None
        everything.append(stored[1].text + " ".join(q.text for q in b.quotes) + b.summary)
    blob = "\n".join(everything)
    assert "Every square metre of allied airspace" in blob
    for a in ARTICLES:
        assert a.bio not in blob
        for comment in a.comments:
            assert comment.split(": ", 1)[1][:30] not in blob
        for related in a.related:
            assert related not in blob
    assert "cookies" not in blob.lower()


@pytest.mark.parametrize("kind", ["atom", "json"])
async def test_atom_and_json_feed(app: App, feed_server: FeedServer, kind: str) -> None:
    for a in ARTICLES:
        feed_server.add(
            f"/news/{a.slug}/", article_html(a), content_type="text/html; charset=utf-8"
        )
    if kind == "atom":
        url = feed_server.add(
            "/atom.xml", atom(ARTICLES[:2], feed_server.base), content_type="application/atom+xml"
        )
    else:
        url = feed_server.add(
            "/feed.json",
            json_feed(ARTICLES[:2], feed_server.base),
            content_type="application/feed+json",
        )
    feed_id = await add_feed(app, url)
    assert await poll(app) == {feed_id: "new"}
    assert (await app.store.articles.counts())["articles"] == 2


async def test_changed_guid_same_link_and_same_guid_new_link_are_duplicates(
    app: App, feed_server: FeedServer, clock: Clock
) -> None:
    url = feed_server.add("/feed/", rss(ARTICLES[:2], feed_server.base))
    await add_feed(app, url)
    await poll(app)
    first, second = ARTICLES[0], ARTICLES[1]
    feed_server.add(
        "/feed/",
        rss(
            ARTICLES[:2],
            feed_server.base,
            guids={
                first.slug: "https://wire.test/new-guid-scheme/1"
            },  # GUID changed, link the same
            links={
                second.slug: f"{feed_server.base}/news/{second.slug}/?utm_source=rss#top"
            },  # link changed
        ),
    )
    clock.advance(minutes=16)
    await poll(app)
    assert (await app.store.articles.counts())["articles"] == 2


async def test_same_article_in_two_feeds_is_stored_once(app: App, feed_server: FeedServer) -> None:
    await add_feed(app, feed_server.add("/a.xml", rss(ARTICLES[:2], feed_server.base)))
    await add_feed(app, feed_server.add("/b.xml", rss(ARTICLES[1:3], feed_server.base)))
    await poll(app)
    assert (await app.store.articles.counts())["articles"] == 3


async def test_errors_are_recorded_per_feed_and_do_not_touch_the_others(
    app: App, feed_server: FeedServer, clock: Clock
) -> None:
    good = await add_feed(
        app, feed_server.add("/good.xml", rss(ARTICLES[:1], feed_server.base)), "good"
    )
    cases = {
        "server": feed_server.add("/500.xml", status=500),
        "slow": feed_server.add("/slow.xml", rss(ARTICLES[:1], feed_server.base), delay=5),
        "huge": feed_server.add("/huge.xml", b"<rss>" + b"x" * 6_000_000 + b"</rss>"),
        "bomb": feed_server.add("/bomb.xml", b"<rss>" + b" " * 50_000_000 + b"</rss>", gzip=True),
        "malformed": feed_server.add("/bad.xml", "<rss><channel><item><title>unclosed"),
        "html": feed_server.add(
            "/page.html", "<!DOCTYPE html><html><body>Hi</body></html>", content_type="text/html"
        ),
        "entities": feed_server.add(
            "/lol.xml",
            '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><rss>&b;</rss>',
        ),
    }
    ids = {name: await add_feed(app, url, name) for name, url in cases.items()}
    private = await add_feed(app, "http://10.0.0.8/feed.xml", "private")
    metadata = await add_feed(app, "http://169.254.169.254/latest/meta-data/", "metadata")
    started = asyncio.get_running_loop().time()
    result = await poll(app)
    elapsed = asyncio.get_running_loop().time() - started
    assert result[good] == "new"
    assert result[ids["server"]].startswith("error:http:HTTP 500")
    assert result[ids["slow"]].startswith("error:timeout")
    assert result[ids["huge"]].startswith("error:size")
    assert result[ids["bomb"]].startswith("error:size") and "decompression" in result[ids["bomb"]]
    assert result[ids["malformed"]].startswith("error:format")
    assert "HTML page" in result[ids["html"]]
    assert "entit" in result[ids["entities"]]
    assert result[private].startswith("error:blocked") and "private" in result[private]
    assert result[metadata].startswith("error:blocked")
    assert elapsed < 4.5  # the slow feed held up nobody beyond its own time limit
    feed = await app.store.feeds.get(ids["server"])
    assert feed is not None and feed.error_count == 1 and "HTTP 500" in feed.last_error
    assert feed.next_poll_at == clock.now + timedelta(minutes=30)


async def test_backoff_grows_and_feed_is_paused_after_repeated_failures(
    app: App, feed_server: FeedServer, clock: Clock
) -> None:
    feed_id = await add_feed(app, feed_server.add("/500.xml", status=500))
    delays = []
    for _ in range(3):
        feed = await app.store.feeds.get(feed_id)
        assert feed is not None and feed.next_poll_at is not None
        clock.now = feed.next_poll_at
        await poll(app)
        feed = await app.store.feeds.get(feed_id)
        assert feed is not None and feed.next_poll_at is not None
        delays.append(feed.next_poll_at - clock.now)
    assert delays[0] < delays[1] < delays[2] or feed.paused
    assert feed.paused and "3 failures" in feed.disabled_reason
    assert await app.store.feeds.due(clock.now + timedelta(days=30)) == []


async def test_backoff_is_capped(app: App, feed_server: FeedServer, clock: Clock) -> None:
    app.poller._settings = app.settings.poll.model_copy(
        update={"pause_after_failures": 100, "backoff_max_hours": 2}
    )
    feed_id = await add_feed(app, feed_server.add("/500.xml", status=500))
    await app.store.feeds.update(feed_id, error_count=30)
    await poll(app)
    feed = await app.store.feeds.get(feed_id)
    assert feed is not None and feed.next_poll_at == clock.now + timedelta(hours=2)


async def test_private_address_allowed_only_when_configured(
    settings: Settings, store: Store, feed_server: FeedServer
) -> None:
    strict = settings.model_copy(update={"allowed_networks": []})
    app = App(strict, store=store)
    try:
        feed_id = (
            await store.feeds.add(
                feed_server.add("/f.xml", rss(ARTICLES[:1], feed_server.base)), "x", now=app.clock()
            )
        ).id
        result = await poll(app)
        assert result[feed_id].startswith("error:blocked") and "loopback" in result[feed_id]
    finally:
        await app.shutdown()


async def test_redirect_to_metadata_address_is_refused(app: App, feed_server: FeedServer) -> None:
    feed_id = await add_feed(
        app, feed_server.add("/moved.xml", location="http://169.254.169.254/latest/", status=302)
    )
    result = await poll(app)
    assert result[feed_id].startswith("error:blocked")


async def test_first_poll_backfills_only_newest_entries(
    app: App, feed_server: FeedServer, clock: Clock
) -> None:
    app.poller._settings = app.settings.poll.model_copy(update={"backfill": 2})
    url = feed_server.add("/feed/", rss(ARTICLES, feed_server.base), conditional=False)
    await add_feed(app, url)
    await poll(app)
    titles = {b.headline for b in await app.store.articles.latest(10)}
    newest = sorted(ARTICLES, key=lambda a: a.published, reverse=True)[:2]
    assert titles == {a.title for a in newest}
    # The skipped backlog never comes back as new on later polls.
    clock.advance(minutes=16)  # read again in full (no 304): the backlog is seen, not new
    await poll(app)
    assert feed_server.hits["/feed/"] == 2
    assert (await app.store.articles.counts())["articles"] == 2


async def test_restart_resumes_without_duplicates(
    settings: Settings, feed_server: FeedServer, clock: Clock
) -> None:
    url = feed_server.add("/feed/", rss(ARTICLES[:2], feed_server.base), conditional=False)
    async with App(settings, clock=clock) as first:
        await first.store.feeds.add(url, "wire", now=clock())
        await first.poller.poll_due()
    feed_server.add("/feed/", rss(ARTICLES, feed_server.base), conditional=False)
    clock.advance(minutes=16)
    async with App(settings, clock=clock) as second:
        outcomes = await second.poller.poll_due()
        assert [o.new for o in outcomes] == [2]
        assert (await second.store.articles.counts())["articles"] == 4


async def test_the_same_event_from_two_outlets_is_one_story(
    app: App, feed_server: FeedServer, clock: Clock
) -> None:
    from dataclasses import replace

    frigates = next(a for a in ARTICLES if a.slug == "frigate-order")
    rival = replace(
        frigates,
        slug="type-31-order-rival",
        title="UK orders two extra Type 31 frigates worth £900 million",
        paragraphs=[
            "Britain has ordered two more Type 31 frigates for the Royal Navy in a contract worth roughly £900 million, the Ministry of Defence said.",
            "Defence Secretary John Healey said the ships would be built by British workers. “This is a vote of confidence in our yards,” he said.",
        ],
    )
    await add_feed(
        app,
        feed_server.add("/a.xml", rss(ARTICLES, feed_server.base, title="Outlet A")),
        "Outlet A",
    )
    await poll(app)
    clock.advance(minutes=30)
    await add_feed(
        app, feed_server.add("/b.xml", rss([rival], feed_server.base, title="Outlet B")), "Outlet B"
    )
    await poll(app)
    briefings = await app.store.articles.latest(10)
    by_title = {b.headline: b for b in briefings}
    assert by_title[rival.title].story_id == by_title[frigates.title].story_id
    others = [b.story_id for b in briefings if b.headline not in (rival.title, frigates.title)]
    assert by_title[rival.title].story_id not in others and len(set(others)) == len(others)

    from summaries.digest import compose_digest

    digest = compose_digest(
        briefings, since=clock.now - timedelta(days=3), until=clock.now + timedelta(minutes=1)
    )
    story = next(s for s in digest.stories if s.lead.story_id == by_title[rival.title].story_id)
    assert story.also_reported_by


async def test_entries_that_are_not_articles_are_recorded_and_never_briefed(
    app: App, feed_server: FeedServer, clock: Clock
) -> None:
    real, pdf, blank = ARTICLES[:3]
    feed_server.add(f"/news/{real.slug}/", article_html(real), content_type="text/html")
    feed_server.add(
        f"/news/{pdf.slug}/",
        b"%PDF-1.7\n" + b"\x00\x01binary" * 500,
        content_type="application/pdf",
    )
    feed_server.add(f"/news/{blank.slug}/", "<html><body></body></html>", content_type="text/html")
    url = feed_server.add(
        "/summary.xml", rss([real, pdf, blank], feed_server.base, full=False), conditional=False
    )
    feed_id = await add_feed(app, url)
    [outcome] = await app.poller.poll_due()
    assert outcome.status == "new" and outcome.new == 1
    assert len(outcome.skipped) == 2 and "a PDF document" in outcome.reason
    assert any(pdf.slug in s for s in outcome.skipped)
    assert any(blank.slug in s and "no article text" in s for s in outcome.skipped)
    feed = await app.store.feeds.get(feed_id)
    assert feed is not None and feed.error_count == 0 and "a PDF document" in feed.last_error
    assert [b.headline for b in await app.store.articles.latest(10)] == [real.title]
    reasons = [note for _when, note in await app.store.feeds.skipped(feed_id)]
    assert len(reasons) == 2  # each entry keeps its own reason (its seen-entry note)
    assert any(pdf.slug in r and "a PDF document" in r for r in reasons)
    assert any(blank.slug in r and "no article text" in r for r in reasons)
    # seen: the next poll neither retries them nor reports them again
    clock.advance(minutes=16)  # the feed is read again in full (no 304): the entries are seen
    [again] = await app.poller.poll_due()
    assert feed_server.hits["/summary.xml"] == 2
    assert again.skipped == () and again.new == 0 and feed_server.hits[f"/news/{pdf.slug}/"] == 1
    feed = await app.store.feeds.get(feed_id)
    assert feed is not None and feed.last_error == ""


async def test_an_entry_whose_processing_fails_is_tried_again_next_poll(
    app: App, feed_server: FeedServer, clock: Clock
) -> None:
    """A fault while processing one entry (a bug, a crashed worker) costs neither the other
    entries nor that one: it stays unseen and the next poll stores it."""
    first, second = ARTICLES[:2]
    url = feed_server.add("/wire.xml", rss([first, second], feed_server.base), conditional=False)
    await add_feed(app, url)
    processor = app.poller._processor
    real_process = processor.process
    faults = {second.title}

    async def fails_once(entry: EntryText) -> Processed:
        if entry.title in faults:
            faults.discard(entry.title)
            raise RuntimeError("worker crashed")
        return await real_process(entry)

    processor.process = fails_once  # type: ignore[method-assign]
    [outcome] = await app.poller.poll_due()
    assert outcome.status == "new" and outcome.new == 1
    assert [b.headline for b in await app.store.articles.latest(10)] == [first.title]
    clock.advance(minutes=16)
    [again] = await app.poller.poll_due()
    assert again.new == 1 and not faults
    assert sorted(b.headline for b in await app.store.articles.latest(10)) == sorted(
        [first.title, second.title]
    )


async def test_merged_stories_move_their_articles_and_counts(store: Store, clock: Clock) -> None:
    from summaries.models import Article, Briefing

    now = clock.now
    ids = []
    for n in range(3):
        url = f"https://outlet{n}.example/story"
        article = Article(text=f"Story text number {n}.", title=f"Story {n}", url=url)
        briefing = Briefing(headline=f"Story {n}", url=url, source=f"outlet{n}", summary="")
        ids.append(
            await store.articles.add(
                feed_id=None,
                url_key=f"u:{url}",
                guid=url,
                article=article,
                quotes_found=[],
                briefing=briefing,
                now=now,
            )
        )
    stored = {b.headline: b.story_id for b in await store.articles.latest(10)}
    first, second = stored["Story 0"], stored["Story 1"]
    assert first is not None and second is not None and first != second
    await store.articles.merge_stories({second: first}, now=now)
    after = {b.headline: b.story_id for b in await store.articles.latest(10)}
    assert after["Story 0"] == after["Story 1"] == first
    assert after["Story 2"] not in (first, second)
    assert (await store.articles.counts())["stories"] == 2
