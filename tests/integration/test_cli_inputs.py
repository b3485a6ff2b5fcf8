"""A new user's first hour with ``sitrep brief``/``quotes``/``digest``: every input either
works or is refused in one line with a non-zero exit (2 for a bad argument)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from tests.support.cli import sitrep
from tests.support.feedserver import FeedServer
from tests.support.wire import article_html, load_articles

ARTICLES = load_articles()
SIGN_IN_PAGE = """<!DOCTYPE html><html><head><title>Sign in to continue reading</title></head>
<body><main><h1>Sign in to continue reading</h1><p>Already a subscriber? Log in below.</p>
<form><input name="email"><button>Continue</button></form></main></body></html>"""
EMPTY_PAGE = "<!DOCTYPE html><html><head></head><body></body></html>"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"BT (Royal Navy frigates) Tj ET\n" * 200


def one_line(err: str) -> bool:
    return err.strip().count("\n") == 0 and "Traceback" not in err


async def test_a_random_binary_file_is_refused_quickly(tmp_path: Path) -> None:
    blob = tmp_path / "noise.bin"
    blob.write_bytes(os.urandom(200_000))
    started = time.monotonic()
    code, out, err = await sitrep(tmp_path, "brief", str(blob))
    assert code == 1 and not out and one_line(err) and "binary data" in err
    assert time.monotonic() - started < 20


async def test_local_input_gets_the_page_size_cap(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"The minister said the fleet would grow. " * 30_000)  # 1.2 MB
    code, _, err = await sitrep(tmp_path, "brief", str(big), SITREP_POLL__MAX_PAGE_BYTES="100000")
    assert code == 1 and one_line(err) and "over the 100,000-byte limit" in err
    # an endless file: only cap + 1 bytes are ever read
    code, _, err = await sitrep(tmp_path, "quotes", "/dev/zero")
    assert code == 1 and one_line(err) and "byte limit" in err
    code, _, err = await sitrep(
        tmp_path, "quotes", "-", stdin=big.read_bytes(), SITREP_POLL__MAX_PAGE_BYTES="100000"
    )
    assert code == 1 and "stdin: over the 100,000-byte limit" in err


async def test_briefing_has_a_time_bound(tmp_path: Path) -> None:
    page = tmp_path / "long.txt"
    page.write_text((ARTICLES[1].title + "\n\n" + ARTICLES[1].text + "\n\n") * 60)
    code, _, err = await sitrep(
        tmp_path, "brief", str(page), SITREP_BRIEFING__TIMEOUT_SECONDS="0.01"
    )
    assert code == 1 and one_line(err) and "gave up after 0.01s" in err


async def test_a_pipe_that_never_ends_is_bounded(tmp_path: Path) -> None:
    fifo = tmp_path / "never.fifo"
    os.mkfifo(fifo)
    writer = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)  # keeps the pipe open, writes nothing
    try:
        started = time.monotonic()
        code, _, err = await sitrep(
            tmp_path, "brief", str(fifo), SITREP_BRIEFING__TIMEOUT_SECONDS="1"
        )
        assert code == 1 and one_line(err) and "gave up after 1s" in err
        assert time.monotonic() - started < 20
    finally:
        os.close(writer)


async def test_pdf_file_and_empty_stdin_are_not_articles(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(PDF)
    code, out, err = await sitrep(tmp_path, "brief", str(pdf))
    assert code == 1 and "%PDF" not in out and one_line(err) and "a PDF document" in err
    code, out, err = await sitrep(tmp_path, "quotes", "-", stdin=b"")
    assert code == 1 and not out.strip() and "no article text" in err
    code, out, err = await sitrep(tmp_path, "quotes", "-", "--json", stdin=b"  \n\n ")
    assert code == 1 and not out.strip()


@pytest.mark.parametrize(
    ("path", "body", "options", "reason"),
    [
        ("/report", PDF, {"content_type": "application/pdf"}, "a PDF document"),
        ("/blank", EMPTY_PAGE, {"content_type": "text/html"}, "no article text"),
        ("/login", SIGN_IN_PAGE, {"content_type": "text/html"}, "sign-in"),
    ],
)
async def test_pages_that_are_not_articles_are_refused(
    tmp_path: Path,
    feed_server: FeedServer,
    path: str,
    body: str | bytes,
    options: dict[str, str],
    reason: str,
) -> None:
    url = feed_server.add(path, body, **options)
    if path == "/login":  # the article URL redirects to a sign-in page
        url = feed_server.add("/news/story/", status=302, location=url)
    for command in ("brief", "quotes"):
        code, out, err = await sitrep(tmp_path, command, url)
        assert code == 1 and not out.strip() and one_line(err) and reason in err, (command, err)


async def test_a_real_article_still_briefs_and_its_link_loses_tracking(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    url = feed_server.add("/news/frigates/", article_html(ARTICLES[1]), content_type="text/html")
    code, out, err = await sitrep(
        tmp_path, "brief", url + "?utm_source=rss&utm_medium=feed&id=7", "--format", "json"
    )
    assert code == 0, err
    assert json.loads(out)["url"] == url + "?id=7"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("digest", "--max-stories", "0"), "--max-stories: '0' is not a number of stories"),
        (("digest", "--max-stories", "-1"), "--max-stories: '-1'"),
        (("digest", "--since", "1000000d"), "longer than 3650 days"),
        (("digest", "--since", "yesterday"), "--since: 'yesterday' is not a duration"),
        (("digest", "--since", "0h"), "not a positive duration"),
        (("brief", "."), ".: is a directory, not a file"),
        (("quotes", "missing.html"), "missing.html: no such file"),
        (("feeds", "import", "."), ".: is a directory, not a file"),
    ],
)
async def test_bad_arguments_are_one_line_and_exit_2(
    tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    code, out, err = await sitrep(tmp_path, *args)
    assert code == 2 and not out and one_line(err) and says in err, err


async def test_cli_commands_log_warnings_only(tmp_path: Path) -> None:
    (tmp_path / "test.toml").write_text(
        '[[feeds]]\nurl = "https://journal.example/feed"\nname = "Journal"\n'
    )
    code, out, err = await sitrep(tmp_path, "feeds", "list", COLUMNS="200")
    assert code == 0 and "Journal" in out and err == ""
    code, _, err = await sitrep(tmp_path, "-v", "feeds", "list")
    assert code == 0 and "store ready" in err


async def test_fetch_warnings_do_not_break_the_table(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    broken = feed_server.add("/broken.xml", status=503)
    assert (await sitrep(tmp_path, "feeds", "add", broken, "--no-check"))[0] == 0
    code, out, err = await sitrep(tmp_path, "fetch", COLUMNS="200")
    assert code == 1 and "HTTP 503" in out
    assert "INFO" not in err and "poll failed" in err and err.count("poll failed") == 1
    assert "WARNING:" not in err  # one level, shown once (not "WARNING WARNING:bot.ingest.poller:")


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("mysql://me@db.example/news", "'mysql' is not supported"),
        ("not a url", "not a database URL"),
        ("postgres://me@127.0.0.1:1/news", "cannot open the store"),
    ],
)
async def test_a_bad_database_url_names_the_key(tmp_path: Path, value: str, says: str) -> None:
    code, out, err = await sitrep(tmp_path, "feeds", "list", DATABASE_URL=value)
    assert code == 2 and not out and one_line(err), err
    assert "DATABASE_URL" in err and says in err and "Traceback" not in err
    if "supported" in says:
        assert "postgres://" in err and "sqlite:///" in err  # the accepted forms


async def test_sqlite_url_without_the_driver_works(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'plain.db'}"
    code, out, err = await sitrep(tmp_path, "feeds", "list", DATABASE_URL=url)
    assert code == 0 and "Feeds" in out, err
    assert (tmp_path / "plain.db").exists()


@pytest.mark.postgres
async def test_a_hosting_providers_postgres_url_works(tmp_path: Path) -> None:
    from tests.conftest import _need_postgres

    _need_postgres()
    import uuid

    import asyncpg

    name = f"sitrep_cli_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect("postgresql://postgres@127.0.0.1:5432/test")
    try:
        await admin.execute(f"CREATE DATABASE {name}")
        for scheme in ("postgres", "postgresql"):
            url = f"{scheme}://postgres@127.0.0.1:5432/{name}"
            code, out, err = await sitrep(
                tmp_path, "feeds", "add", f"https://{scheme}.example/feed", "--no-check",
                DATABASE_URL=url,
            )  # fmt: skip
            assert code == 0 and "Added feed" in out, err
        code, out, _ = await sitrep(tmp_path, "feeds", "list", DATABASE_URL=url, COLUMNS="200")
        assert "postgres.example" in out and "postgresql.example" in out
    finally:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.close()
