"""Feed management as a new user meets it: duplicates through redirects and spellings,
ambiguous names, repeated pauses, loopback refusals, tracking links and feed errors."""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration.test_cli_inputs import PDF, SIGN_IN_PAGE, one_line
from tests.support.cli import sitrep
from tests.support.feedserver import FeedServer
from tests.support.wire import article_html, load_articles, rss

ARTICLES = load_articles()
WIDE = {"COLUMNS": "250"}


async def test_a_feed_reached_through_a_redirect_or_another_spelling_is_added_once(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    current = feed_server.add("/feed/", rss(ARTICLES, feed_server.base))
    old = feed_server.add("/old-rss.xml", status=301, location=current)
    code, out, err = await sitrep(tmp_path, "feeds", "add", old, "--name", "Wire")
    assert code == 0 and f"({current})" in out, err  # stored under the URL it moved to
    for again, check in (
        (current, ()),
        (old, ()),
        (current.rstrip("/"), ("--no-check",)),
        (current.replace("127.0.0.1", "127.0.0.1:80").replace(":80:", ":"), ("--no-check",)),
        (current + "?utm_source=newsletter", ("--no-check",)),
    ):
        code, out, err = await sitrep(tmp_path, "feeds", "add", again, *check)
        assert code == 1 and one_line(err) and "already added as #1 Wire" in err, (again, err)
    code, out, _ = await sitrep(tmp_path, "feeds", "list", **WIDE)
    assert out.count(current) == 1 and "#2" not in out and "│ 2 " not in out


async def test_a_name_that_matches_several_feeds_is_refused(tmp_path: Path) -> None:
    name = "Northgate Defence Journal"
    for path in ("news", "opinion"):
        code, _, err = await sitrep(
            tmp_path, "feeds", "add", f"https://northgate.example/{path}/feed", "--name", name,
            "--no-check",
        )  # fmt: skip
        assert code == 0, err
    code, out, err = await sitrep(tmp_path, "feeds", "pause", name)
    assert code == 1 and one_line(err) and "matches 2 feeds" in err
    assert "#1 https://northgate.example/news/feed" in err
    assert "#2 https://northgate.example/opinion/feed" in err
    code, out, _ = await sitrep(tmp_path, "feeds", "list", **WIDE)
    assert "paused" not in out
    code, out, err = await sitrep(tmp_path, "feeds", "pause", "2")
    assert code == 0 and "Paused feed #2" in out


async def test_pausing_a_paused_feed_says_it_already_was(tmp_path: Path) -> None:
    await sitrep(tmp_path, "feeds", "add", "https://journal.example/feed", "--no-check")
    code, out, _ = await sitrep(tmp_path, "feeds", "pause", "1")
    assert code == 0 and out.startswith("Paused feed #1")
    code, out, _ = await sitrep(tmp_path, "feeds", "pause", "1")
    assert code == 0 and "already paused" in out and not out.startswith("Paused")
    code, out, _ = await sitrep(tmp_path, "feeds", "resume", "1")
    assert code == 0 and out.startswith("Resumed feed #1")
    code, out, _ = await sitrep(tmp_path, "feeds", "resume", "1")
    assert code == 0 and "is not paused" in out


async def test_the_loopback_refusal_says_how_to_allow_it(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    url = feed_server.add("/feed/", rss(ARTICLES, feed_server.base))
    for target in (url, url.replace("127.0.0.1", "localhost")):
        for command in (("feeds", "add", target), ("brief", target)):
            code, _, err = await sitrep(tmp_path, *command, SITREP_ALLOWED_NETWORKS="")
            assert code == 1 and one_line(err), err
            assert "SITREP_ALLOWED_NETWORKS" in err and "127.0.0.0/8" in err, err
            assert err.lower().count("refused") == 1 and "loopback" in err, err


async def test_tracking_parameters_are_stripped_from_stored_links(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    links = {
        a.slug: f"{feed_server.base}/news/{a.slug}/?utm_source=rss&utm_medium=feed&id={i}"
        for i, a in enumerate(ARTICLES)
    }
    url = feed_server.add("/feed/", rss(ARTICLES, feed_server.base, links=links))
    assert (await sitrep(tmp_path, "feeds", "add", url))[0] == 0
    assert (await sitrep(tmp_path, "fetch"))[0] == 0
    code, out, err = await sitrep(tmp_path, "digest", "--since", "3650d", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["stories"] and "utm_" not in out
    assert f"{feed_server.base}/news/{ARTICLES[0].slug}/?id=0" in out


async def test_feeds_list_shows_one_clean_reason_not_cut(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    refused = "http://127.0.0.1:9/closed-port/feed.xml"  # the discard port: nothing listens
    assert (await sitrep(tmp_path, "feeds", "add", refused, "--no-check"))[0] == 0
    await sitrep(tmp_path, "fetch", SITREP_POLL__PAUSE_AFTER_FAILURES="1")
    _, out, _ = await sitrep(tmp_path, "feeds", "list", **WIDE)
    assert "network: network error" not in out
    reason = next(line for line in out.splitlines() if "paused after" in line)
    assert "last: network error: All connection attempts failed" in reason, out


async def test_feeds_list_error_is_not_prefixed_with_its_kind(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    assert (await sitrep(tmp_path, "feeds", "add", "http://127.0.0.1:9/x.xml", "--no-check"))[
        0
    ] == 0
    await sitrep(tmp_path, "fetch")
    _, out, _ = await sitrep(tmp_path, "feeds", "list", **WIDE)
    assert "failing" in out and "network error:" in out and "network: network" not in out


async def test_polling_records_entries_that_are_not_articles_and_posts_nothing_for_them(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    real, pdf, locked = ARTICLES[:3]
    feed_server.add(f"/news/{real.slug}/", article_html(real), content_type="text/html")
    feed_server.add(f"/news/{pdf.slug}/", PDF, content_type="application/pdf")
    login = feed_server.add("/login", SIGN_IN_PAGE, content_type="text/html")
    feed_server.add(f"/news/{locked.slug}/", status=302, location=login)
    url = feed_server.add("/summary.xml", rss([real, pdf, locked], feed_server.base, full=False))
    assert (await sitrep(tmp_path, "feeds", "add", url, "--name", "Wire"))[0] == 0
    code, out, err = await sitrep(tmp_path, "fetch", **WIDE)
    assert code == 0, err
    assert "1 new articles from 1 feeds" in out
    assert "a PDF document" in out and "sign-in" in out and pdf.slug in out
    code, out, _ = await sitrep(tmp_path, "feeds", "list", **WIDE)
    assert "a PDF document" in out and "sign-in" in out
    code, out, _ = await sitrep(tmp_path, "digest", "--since", "3650d", "--format", "json")
    titles = [s["lead"]["headline"] for s in json.loads(out)["stories"]]
    assert titles == [real.title], titles
    assert "%PDF" not in out and "Sign in" not in out


async def test_opml_export_is_pretty_and_audit_is_readable(tmp_path: Path) -> None:
    await sitrep(tmp_path, "feeds", "add", "https://journal.example/feed", "--no-check")
    code, _, err = await sitrep(
        tmp_path, "feeds", "filter", "1", "--include", "navy,/frigates?/", "--relevance", "on"
    )
    assert code == 0, err
    code, out, _ = await sitrep(tmp_path, "feeds", "export")
    lines = out.splitlines()
    assert len(lines) > 4 and any(line.startswith("    <outline") for line in lines), out
    code, out, _ = await sitrep(tmp_path, "audit", **WIDE)
    assert code == 0 and "feed.filter" in out
    assert "include: navy, /frigates?/" in out and "relevance filter on" in out
    assert "('" not in out and "{'" not in out


async def test_opml_import_skips_feeds_already_added_under_another_spelling(
    tmp_path: Path,
) -> None:
    await sitrep(tmp_path, "feeds", "add", "https://journal.example/feed", "--no-check")
    opml = tmp_path / "in.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        '<outline text="Journal" xmlUrl="HTTPS://Journal.example:443/feed/?utm_source=opml"/>'
        '<outline text="Other" xmlUrl="https://other.example/rss"/></body></opml>'
    )
    code, out, err = await sitrep(tmp_path, "feeds", "import", str(opml))
    assert code == 0 and "Imported 1 feeds; 1 were already present" in out, err
