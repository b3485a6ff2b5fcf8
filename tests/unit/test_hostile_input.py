"""Hostile input: regex bombs, OPML attacks, entity expansion, SSRF through DNS names.
Each is refused with a clear message or made harmless; nothing hangs or crashes."""

from __future__ import annotations

import time

import pytest

from bot.ingest.feed_admin import FeedAdminError, parse_opml
from bot.ingest.feedformat import FeedFormatError, parse_feed
from bot.ingest.fetch import Fetcher, FetchError
from bot.planning.filters import FilterError, TermFilter

BOMBS = ["/(a+)+$/", "/(a|aa)+$/", "/(a*)*b/", "/(x+x+)+y/", "/^(([a-z])+.)+[A-Z]([a-z])+$/"]


@pytest.mark.parametrize("pattern", BOMBS)
def test_regex_bombs_run_in_linear_time(pattern: str) -> None:
    f = TermFilter.compile([pattern])
    started = time.perf_counter()
    for _ in range(20):
        f.matches("a" * 50_000 + "!")
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    ("terms", "why"),
    [
        (["/(?<=x)y/"], "not valid"),
        (["/(a)\\1/"], "not valid"),
        (["/[/"], "not valid"),
        (["x" * 300], "longer than"),
        ([f"t{i}" for i in range(60)], "at most"),
    ],
)
def test_unusable_filters_are_refused_with_a_reason(terms: list[str], why: str) -> None:
    with pytest.raises(FilterError, match=why):
        TermFilter.compile(terms)


def test_words_match_on_boundaries_and_case_insensitively() -> None:
    f = TermFilter.compile(["air defence", "NATO"], ["football"])
    assert f.matches("New AIR  DEFENCE systems for nato allies")
    assert not f.matches("Natopolis airdefence")
    assert not f.matches("NATO football match")


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]>'
)


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (
            LAUGHS
            + b'<opml version="2.0"><body><outline xmlUrl="https://a.example/&lol3;"/></body></opml>',
            "DTD",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><opml><body/></opml>',
            "DTD",
        ),
        (b"<opml><body><outline", "Not valid OPML"),
        (b"<html><body>not opml</body></html>", "no <opml> root"),
        (b'<opml version="2.0"><head/></opml>', "no <body>"),
        (b'<opml version="2.0"><body><outline text="empty"/></body></opml>', "lists no feeds"),
        (
            b"<opml><body>" + b'<outline xmlUrl="https://a.example/f"/>' * 2500 + b"</body></opml>",
            "more than",
        ),
        (b"<opml>" + b" " * 5_000_001 + b"</opml>", "bytes"),
        (b"\xff\xfe\x00garbage", "Not valid OPML"),
    ],
)
def test_hostile_opml_is_refused(data: bytes, why: str) -> None:
    with pytest.raises(FeedAdminError, match=why):
        parse_opml(data)


def test_deeply_nested_opml_keeps_categories() -> None:
    data = (
        b'<opml version="2.0"><body><outline text="Europe"><outline text="UK">'
        b'<outline text="Journal" xmlUrl="https://j.example/feed"/></outline></outline></body></opml>'
    )
    assert parse_opml(data) == [("https://j.example/feed", "Journal", "UK")]


@pytest.mark.parametrize(
    "body",
    [
        LAUGHS + b"<rss><channel><title>&lol3;</title></channel></rss>",
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss><channel><title>&xxe;</title></channel></rss>',
    ],
)
def test_feeds_with_entity_declarations_are_refused(body: bytes) -> None:
    with pytest.raises(FeedFormatError, match="entities"):
        parse_feed(body)


@pytest.mark.parametrize(
    "host", ["localhost", "localhost.", "127.1", "[::1]", "[0:0:0:0:0:ffff:7f00:1]", "0x7f000001"]
)
async def test_names_and_forms_that_reach_loopback_are_refused(host: str) -> None:
    fetcher = Fetcher(user_agent="test", connect_timeout=2, read_timeout=2)
    try:
        with pytest.raises(FetchError) as err:
            await fetcher.get(f"http://{host}:9/feed", max_bytes=1000)
        # refused by the guard, or (where the resolver knows no such name) never resolved
        assert err.value.kind == "blocked" or "cannot resolve" in str(err.value)
    finally:
        await fetcher.aclose()
