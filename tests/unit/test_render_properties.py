"""Property tests: hostile briefings and digests render into valid chunks within every
platform limit, in order, with nothing dropped."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.render import (
    briefing_to_dict,
    digest_to_dict,
    render_discord,
    render_json,
    render_plain,
    render_telegram,
    validate_discord_message,
    validate_telegram_html,
)
from bot.render.discord_message import DiscordMessage
from bot.render.layout import (
    DIGEST_QUOTES,
    TOP_QUOTES,
    clean_text,
    join_names,
    quote_text,
    speaker_label,
    topics_text,
    utf16_length,
)
from bot.render.telegram_html import TELEGRAM_TEXT_LIMIT, telegram_visible_text
from bot.replies import (
    BriefingBlock,
    Button,
    DigestBlock,
    Heading,
    ListBlock,
    Paragraph,
    QuoteBlock,
    Reply,
    TableBlock,
)
from summaries.models import Briefing, Digest, Quote, Story

HOSTILE = [
    "<b>",
    "</i>",
    "<a href='x'>",
    "&",
    "&amp;",
    "&lt;",
    "<",
    ">",
    '"',
    "'",
    "“",
    "”",
    "«",
    "*",
    "_",
    "~",
    "`",
    "```",
    "|",
    "||",
    "[",
    "]",
    "(",
    ")",
    "\\",
    "#",
    "- ",
    "> ",
    "1. ",
    "@everyone",
    "@here",
    "<@123>",
    "<t:1:R>",
    "😀",
    "👍🏽",
    "🇺🇦",
    "👨‍👩‍👧",
    "𝔘",
    "\u200f",
    "שלום עולם",
    "مرحبا",
    "\n",
    "\n\n",
    "  ",
    "\t",
    "\x00",
    "\r",
    "é",
    "e\u0301",
    " ",
]
hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12)), max_size=24).map(
    "".join
)
long_word = st.builds(
    lambda piece, n: piece * n,
    st.sampled_from(["a", "😀", "&", "*", "<", "ж"]),
    st.integers(1500, 5000),
)
field_text = st.one_of(hostile_text, hostile_text, hostile_text, long_word)
urls = st.one_of(
    st.just(""),
    st.just("https://news.example/a_b?x=1&y=<2>"),
    st.just("javascript:alert(1)"),
    st.builds(lambda t: "https://q.example/#:~:text=" + t, st.text(max_size=30)),
)
moments = st.one_of(
    st.none(),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
    st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.just(timezone(timedelta(hours=5, minutes=30))),
    ),
)
quotes = st.builds(
    Quote,
    text=field_text,
    start=st.just(0),
    end=st.just(1),
    speaker=hostile_text,
    role=hostile_text,
    kind=st.sampled_from(["full", "partial"]),
    speaker_kind=st.sampled_from(["person", "unnamed", "organisation", "unknown"]),
)
briefings = st.builds(
    Briefing,
    headline=field_text,
    url=urls,
    source=hostile_text,
    summary=field_text,
    quotes=st.lists(quotes, max_size=4).map(tuple),
    topics=st.lists(hostile_text, max_size=4).map(tuple),
    published=moments,
    quote_links=st.lists(urls, max_size=4).map(tuple),
)
names = st.lists(hostile_text, max_size=3).map(tuple)
digests = st.builds(
    Digest,
    title=hostile_text,
    since=st.just(datetime(2026, 11, 27, 6, tzinfo=UTC)),
    until=st.just(datetime(2026, 11, 28, 6, tzinfo=UTC)),
    stories=st.lists(st.builds(Story, lead=briefings, also_reported_by=names), max_size=5).map(
        tuple
    ),
    quote_of_the_day=st.one_of(st.none(), quotes),
    quote_of_the_day_link=urls,
    quote_of_the_day_source=hostile_text,
    left_out=st.integers(0, 3),
    empty_message=hostile_text,
)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def squash(text: str) -> str:
    """Text without whitespace or invisible joiners: what must survive any split."""
    return "".join(clean_text(text).replace("\u200b", "").split())


def briefing_items(briefing: Briefing, also: tuple[str, ...], count: int) -> list[str]:
    """What a reader must find, in reading order (headline, summary, each quote)."""
    items = [briefing.headline, briefing.summary]
    for quote in briefing.quotes[:count]:
        items += [quote_text(quote), speaker_label(quote)]
    return items


def briefing_extras(briefing: Briefing, also: tuple[str, ...]) -> list[str]:
    return [briefing.source, topics_text(briefing.topics), join_names(also)]


def digest_items(digest: Digest) -> list[str]:
    items = [digest.title]
    for story in digest.stories:
        items += briefing_items(story.lead, story.also_reported_by, DIGEST_QUOTES)
    if digest.quote_of_the_day is not None:
        items += [quote_text(digest.quote_of_the_day), speaker_label(digest.quote_of_the_day)]
    return items


def digest_extras(digest: Digest) -> list[str]:
    extras = [e for s in digest.stories for e in briefing_extras(s.lead, s.also_reported_by)]
    if digest.quote_of_the_day is not None:
        extras.append(digest.quote_of_the_day_source)
    return extras


def assert_in_order(visible: str, items: list[str]) -> None:
    position = 0
    for item in items:
        wanted = squash(item)
        found = visible.find(wanted, position)
        assert found >= 0, f"{wanted!r} missing after position {position}"
        position = found + len(wanted)


def assert_present(visible: str, items: list[str]) -> None:
    for item in items:
        assert squash(item) in visible, f"{squash(item)!r} missing"


# ---------------------------------------------------------------- Telegram


def telegram_visible(reply: Reply) -> str:
    messages = render_telegram(reply)
    for message in messages:
        assert validate_telegram_html(message.text) == [], message.text[:200]
        assert utf16_length(telegram_visible_text(message.text)) <= TELEGRAM_TEXT_LIMIT
    assert all(m.buttons == () for m in messages[:-1])
    return squash("".join(telegram_visible_text(m.text) for m in messages))


@FAST
@given(briefings, names, st.booleans())
def test_telegram_briefing_valid_in_order_nothing_dropped(
    briefing: Briefing, also: tuple[str, ...], full: bool
) -> None:
    visible = telegram_visible(Reply((BriefingBlock(briefing, also, full),)))
    count = len(briefing.quotes) if full else TOP_QUOTES
    assert_in_order(visible, briefing_items(briefing, also, count))
    assert_present(visible, briefing_extras(briefing, also))


@FAST
@given(digests)
def test_telegram_digest_valid_in_order_nothing_dropped(digest: Digest) -> None:
    visible = telegram_visible(Reply((DigestBlock(digest),), buttons=(Button("More", "m"),)))
    assert_in_order(visible, digest_items(digest))
    assert_present(visible, digest_extras(digest))


@FAST
@given(st.lists(field_text, min_size=1, max_size=4))
def test_telegram_paragraphs_survive_whole(texts: list[str]) -> None:
    visible = telegram_visible(Reply(tuple(Paragraph(t) for t in texts)))
    assert visible == "".join(squash(t) for t in texts)


# ---------------------------------------------------------------- Discord

_BARE_URL = re.compile(r"https?://[^\s<]*[^<.,:;\"'\]\s]")
_LINK_TARGET = re.compile(r"\]\(https?://[^()\s]*\)")


def discord_unrender(markdown: str) -> str:
    """Visible text of our Discord markdown: escapes resolved, markers and link targets
    and quote prefixes removed."""
    text = _LINK_TARGET.sub("]", markdown)
    text = re.sub(r"(?m)^> ", "", text)
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        url = _BARE_URL.match(text, index)
        if url:
            out.append(url.group())
            index = url.end()
            continue
        if char == "\\" and index + 1 < len(text):
            out.append(text[index + 1])
            index += 2
            continue
        if char not in "*_[]":
            out.append(char)
        index += 1
    return "".join(out)


def discord_visible(messages: list[DiscordMessage]) -> str:
    pieces: list[str] = []
    for message in messages:
        assert validate_discord_message(message) == [], message
        pieces.append(discord_unrender(message.content))
        for embed in message.embeds:
            pieces.append(discord_unrender(embed.get("title", "").removesuffix("…")))
            pieces.append(discord_unrender(embed.get("description", "")))
            pieces += [discord_unrender(f["value"]) for f in embed.get("fields", [])]
            pieces.append(embed.get("footer", {}).get("text", ""))
    assert all(m.buttons == () for m in messages[:-1])
    return squash("".join(pieces))


@FAST
@given(briefings, names, st.booleans())
def test_discord_briefing_valid_in_order_nothing_dropped(
    briefing: Briefing, also: tuple[str, ...], full: bool
) -> None:
    visible = discord_visible(render_discord(Reply((BriefingBlock(briefing, also, full),))))
    count = len(briefing.quotes) if full else TOP_QUOTES
    items = briefing_items(briefing, also, count)
    assert_in_order(visible, items)
    assert_present(visible, briefing_extras(briefing, also))


@FAST
@given(digests)
def test_discord_digest_valid_in_order_nothing_dropped(digest: Digest) -> None:
    messages = render_discord(Reply((DigestBlock(digest),), buttons=(Button("More", "m"),)))
    visible = discord_visible(messages)
    assert_in_order(visible, digest_items(digest))
    assert_present(visible, digest_extras(digest))
    assert messages[-1].buttons == (("More", "m"),)


@FAST
@given(st.lists(st.one_of(field_text, quotes), min_size=1, max_size=4))
def test_discord_content_survives_whole(values: list[str | Quote]) -> None:
    blocks = tuple(Paragraph(v) if isinstance(v, str) else QuoteBlock(v) for v in values)
    visible = discord_visible(render_discord(Reply(blocks)))
    wanted = [v if isinstance(v, str) else quote_text(v) for v in values]
    assert_in_order(visible, wanted)


# ---------------------------------------------------------------- plain text and JSON


@FAST
@given(digests)
def test_plain_and_json_keep_everything(digest: Digest) -> None:
    plain = squash(render_plain(Reply((DigestBlock(digest),))))
    assert_in_order(plain, digest_items(digest))
    data = json.loads(render_json(Reply((DigestBlock(digest),))))
    assert data["blocks"][0]["digest"] == json.loads(json.dumps(digest_to_dict(digest)))
    for story in digest.stories:
        json.dumps(briefing_to_dict(story.lead))


blocks = st.one_of(
    st.builds(Heading, hostile_text),
    st.builds(Paragraph, field_text, urls),
    st.builds(QuoteBlock, quotes, urls, hostile_text),
    st.builds(ListBlock, st.lists(field_text, max_size=5).map(tuple), hostile_text),
    st.builds(
        TableBlock,
        st.lists(hostile_text, max_size=3).map(tuple),
        st.lists(st.lists(field_text, max_size=3).map(tuple), max_size=4).map(tuple),
        hostile_text,
    ),
    st.builds(BriefingBlock, briefings, names, st.booleans()),
)
replies = st.builds(
    Reply,
    blocks=st.lists(blocks, max_size=5).map(tuple),
    buttons=st.lists(st.builds(Button, hostile_text, st.just("act:1")), max_size=3).map(tuple),
    kind=st.sampled_from(["normal", "error", "notice"]),
)


@FAST
@given(replies)
def test_any_reply_renders_valid_on_every_platform(reply: Reply) -> None:
    for message in render_telegram(reply):
        assert validate_telegram_html(message.text) == [], message.text[:200]
    for discord_message in render_discord(reply):
        assert validate_discord_message(discord_message) == [], discord_message
    json.loads(render_json(reply))
    render_plain(reply)
