"""The ``sitrep`` command, run as a real subprocess against a loopback feed server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import sitrep
from tests.support.feedserver import FeedServer
from tests.support.wire import article_html, load_articles, rss

ARTICLES = load_articles()


async def test_version(tmp_path: Path) -> None:
    code, out, _ = await sitrep(tmp_path, "--version")
    assert code == 0 and out.startswith("sitrep ")


async def test_invalid_setting_is_one_line_and_exit_2(tmp_path: Path) -> None:
    code, _out, err = await sitrep(tmp_path, "feeds", "list", SITREP_POLL__CONCURRENCY="many")
    assert code == 2
    assert err.strip().count("\n") == 0 and "poll.concurrency" in err and "Traceback" not in err


async def test_fetch_stores_articles_and_prints_a_table(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    good = feed_server.add("/feed/", rss(ARTICLES, feed_server.base))
    bad = feed_server.add("/broken.xml", status=503)
    assert (await sitrep(tmp_path, "feeds", "add", good, "--name", "Wire"))[0] == 0
    assert (await sitrep(tmp_path, "feeds", "add", bad, "--name", "Broken", "--no-check"))[0] == 0
    code, out, err = await sitrep(tmp_path, "fetch")
    assert code == 0, err
    assert "Wire" in out and "new" in out and "Broken" in out and "HTTP 503" in out
    assert "4 new articles from 2 feeds; 1 failed." in out
    code, out, _ = await sitrep(tmp_path, "digest", "--since", "7d", "--format", "json")
    assert code == 0
    digest = json.loads(out)
    assert digest["stories"] and digest["left_out"] >= 0
    assert "Royal Navy orders two more Type 31 frigates" in out


@pytest.mark.postgres
async def test_fetch_claims_feeds_and_skips_one_another_process_holds(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """``sitrep fetch`` on a shared PostgreSQL store takes the ingest processes' claim path:
    a feed another worker holds is not fetched (and stays that worker's), the rest are."""
    from datetime import UTC, datetime, timedelta

    from bot.store import Store
    from tests.conftest import _need_postgres
    from tests.support.cluster import fresh_database

    _need_postgres()
    paths = [f"/feed/{i}.xml" for i in range(3)]
    urls = [
        feed_server.add(p, rss(ARTICLES[i : i + 1], feed_server.base)) for i, p in enumerate(paths)
    ]
    async with fresh_database() as url:
        store = Store(url)
        await store.initialize()
        try:
            now = datetime.now(UTC)
            added = [await store.feeds.add(u, f"Wire {i}", now=now) for i, u in enumerate(urls)]
            await store.feeds.update(added[2].id, next_poll_at=now + timedelta(hours=1))
            held = await store.feed_claims.claim(
                "other", now, lease=timedelta(minutes=15), limit=1, per_host=9
            )
            assert [f.id for f in held] == [added[0].id]
            code, out, err = await sitrep(tmp_path, "fetch", DATABASE_URL=url)
            assert code == 0, err
            assert "from 2 feeds" in out and "1 feed(s) skipped" in out, out
            # the held feed was not fetched; the one not due yet was (a one-shot polls all)
            assert [feed_server.hits[p] for p in paths] == [0, 1, 1]
            assert await store.feed_claims.held(datetime.now(UTC)) == {"other": 1}
            code, out, err = await sitrep(tmp_path, "fetch", DATABASE_URL=url)
            assert code == 0 and [feed_server.hits[p] for p in paths] == [0, 2, 2], (out, err)
        finally:
            await store.shutdown()


async def test_feeds_add_refuses_non_feeds_and_private_addresses(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    page = feed_server.add(
        "/about.html",
        "<!DOCTYPE html><html><head><title>x</title></head><body>hi</body></html>",
        content_type="text/html",
    )
    code, _, err = await sitrep(tmp_path, "feeds", "add", page)
    assert code == 1 and "Not a feed" in err and "Traceback" not in err
    code, _, err = await sitrep(tmp_path, "feeds", "add", "http://192.168.0.10/feed")
    assert code == 1 and "private" in err


async def test_feeds_add_discovers_the_feed_of_a_site(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server.add("/feed/", rss(ARTICLES, feed_server.base))
    home = feed_server.add(
        "/",
        '<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" title="Wire" href="/feed/"></head></html>',
        content_type="text/html",
    )
    code, out, err = await sitrep(tmp_path, "feeds", "add", home)
    assert code == 0, err
    assert f"{feed_server.base}/feed/" in out
    code, out, _ = await sitrep(tmp_path, "feeds", "list")
    assert "Wire" in out


async def test_brief_and_quotes_from_files(tmp_path: Path) -> None:
    article = ARTICLES[1]
    page = tmp_path / "frigates.html"
    page.write_text(article_html(article))
    code, out, err = await sitrep(tmp_path, "brief", str(page))
    assert code == 0, err
    assert article.title in out and "These ships will be built in Britain" in out
    assert article.bio not in out and "no more delays" not in out
    code, out, err = await sitrep(tmp_path, "quotes", str(page), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"title", "quotes", "body"}  # HTML input: offsets index the body
    assert data["quotes"] and set(data["quotes"][0]) == {
        "text",
        "speaker",
        "role",
        "kind",
        "start",
        "end",
        "cue",
        "confidence",
    }
    for q in data["quotes"]:
        assert q["kind"] in ("full", "partial")
        assert data["body"][q["start"] : q["end"]] == q["text"]
        assert 0.0 <= q["confidence"] <= 1.0
        cue = q["cue"]
        assert data["body"][cue["start"] : cue["end"]] == cue["text"]
    text = "A line the cleaner may drop\n\n\n  " + article.text  # text input: offsets as given
    code, out, err = await sitrep(tmp_path, "quotes", "-", "--json", stdin=text.encode())
    assert code == 0, err
    data = json.loads(out)
    assert "body" not in data
    assert any(q["text"].startswith("These ships will be built in Britain") for q in data["quotes"])
    assert all(text[q["start"] : q["end"]] == q["text"] for q in data["quotes"])
    code, out, err = await sitrep(tmp_path, "quotes", "-", "--explain", stdin=text.encode())
    assert code == 0, err
    assert "evidence: " in out and "confidence " in out and "These ships will be built" in out


@pytest.mark.parametrize("fmt", ["text", "telegram", "discord", "json"])
async def test_brief_formats(tmp_path: Path, fmt: str) -> None:
    page = tmp_path / "a.txt"
    page.write_text(ARTICLES[0].title + "\n\n" + ARTICLES[0].text)
    code, out, err = await sitrep(tmp_path, "brief", str(page), "--format", fmt)
    assert code == 0, err and out.strip()


async def test_bad_input_is_one_clear_line(tmp_path: Path) -> None:
    code, _, err = await sitrep(tmp_path, "brief", str(tmp_path / "missing.html"))
    assert code == 2 and "no such file" in err and "Traceback" not in err
    code, _, err = await sitrep(tmp_path, "digest", "--since", "yesterday")
    assert code == 2 and "--since" in err and err.strip().count("\n") == 0
    code, _, err = await sitrep(tmp_path, "brief", "http://10.0.0.1/story")
    assert code == 1 and "private" in err


async def test_opml_round_trip_and_audit(tmp_path: Path, feed_server: FeedServer) -> None:
    opml = tmp_path / "in.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        '<outline text="UK"><outline text="Journal" xmlUrl="https://journal.example/feed"/></outline>'
        '<outline text="Loose" xmlUrl="https://loose.example/rss"/>'
        '<outline text="Bad" xmlUrl="http://10.9.9.9/rss"/></body></opml>'
    )
    code, out, err = await sitrep(tmp_path, "feeds", "import", str(opml))
    assert code == 0, err
    assert "Imported 2 feeds" in out and "1 refused" in out
    code, out, _ = await sitrep(tmp_path, "feeds", "export")
    assert 'xmlUrl="https://journal.example/feed"' in out and 'text="UK"' in out
    code, out, _ = await sitrep(tmp_path, "feeds", "pause", "Journal")
    assert code == 0 and "Paused" in out
    code, out, _ = await sitrep(tmp_path, "audit")
    assert "feed.import" in out and "feed.pause" in out
