"""Telegram HTML rendering: escaping, allowed tags, quotes, links, splitting."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.render.layout import utf16_length
from bot.render.telegram_html import (
    TELEGRAM_TEXT_LIMIT,
    render_telegram,
    telegram_visible_length,
    telegram_visible_text,
    validate_telegram_html,
)
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
    text_reply,
)
from summaries.models import Briefing, Digest, Quote, Story

WHEN = datetime(2026, 11, 27, 14, 5, tzinfo=UTC)
RUTTE = Quote(
    "Deterrence only works if it is credible & <visible>",
    0,
    52,
    "Mark Rutte",
    "NATO Secretary General",
)
SPOKESPERSON = Quote(
    "routine",
    60,
    67,
    "a Ministry of Defence spokesperson",
    kind="partial",
    speaker_kind="unnamed",
)


def briefing(**changes: object) -> Briefing:
    values: dict[str, object] = {
        "headline": "Allies agree <b>faster</b> air defence deliveries",
        "url": "https://news.example/air-defence?a=1&b=2",
        "source": "Example Defence Wire",
        "summary": "Defence ministers agreed to speed up deliveries of interceptors.",
        "quotes": (RUTTE, SPOKESPERSON),
        "topics": ("NATO", "air defence"),
        "published": WHEN,
        "quote_links": (
            "https://news.example/air-defence#:~:text=Deterrence%20only",
            "https://news.example/air-defence#:~:text=routine",
        ),
    }
    values.update(changes)
    return Briefing(**values)  # type: ignore[arg-type]


def in_order(text: str, items: list[str]) -> bool:
    """Each item occurs after the previous one."""
    position = 0
    for item in items:
        found = text.find(item, position)
        if found < 0:
            return False
        position = found + len(item)
    return True


def only_text(reply: Reply) -> str:
    messages = render_telegram(reply)
    assert len(messages) == 1
    assert validate_telegram_html(messages[0].text) == []
    return messages[0].text


def test_visible_length_counts_entities_once_and_astral_emoji_twice() -> None:
    assert telegram_visible_length("<b>a &amp; b</b>") == 5
    assert telegram_visible_length("&lt;&gt;&quot;") == 3
    assert telegram_visible_length('<a href="https://x.example/?a=1&amp;b=2">x</a>') == 1
    assert telegram_visible_length("🛰️") == 3  # satellite (astral, 2) + variation selector (1)
    assert telegram_visible_length("\u05e9\u05dc\u05d5\u05dd") == 4


def test_validator_rejects_what_telegram_rejects() -> None:
    assert validate_telegram_html("<b>ok</b>") == []
    assert validate_telegram_html("<div>x</div>")
    assert validate_telegram_html("<b>open")
    assert validate_telegram_html("<b><i>x</b></i>")
    assert validate_telegram_html("a < b")
    assert validate_telegram_html("fish & chips")
    assert validate_telegram_html("   ")
    assert validate_telegram_html("x" * (TELEGRAM_TEXT_LIMIT + 1))


def test_paragraph_text_is_escaped() -> None:
    text = only_text(text_reply('5 < 6 & "tags" like <script>alert(1)</script>'))
    assert text == '5 &lt; 6 &amp; "tags" like &lt;script&gt;alert(1)&lt;/script&gt;'


def test_paragraph_link_and_unsafe_link() -> None:
    linked = only_text(Reply((Paragraph("Read", link='https://x.example/"q"'),)))
    assert linked == '<a href="https://x.example/&quot;q&quot;">Read</a>'
    assert only_text(Reply((Paragraph("Read", link="javascript:alert(1)"),))) == "Read"


def test_heading_is_bold_and_stays_with_what_follows() -> None:
    assert only_text(Reply((Heading("Feeds & <health>"),))) == "<b>Feeds &amp; &lt;health&gt;</b>"


def test_quote_block_in_blockquote_with_speaker_role_and_source_link() -> None:
    text = only_text(Reply((QuoteBlock(RUTTE, "https://q.example/#:~:text=x", "Wire"),)))
    assert text.startswith(
        "<blockquote>“Deterrence only works if it is credible &amp; &lt;visible&gt;”"
    )
    assert "— <b>Mark Rutte, NATO Secretary General</b>" in text
    assert '<a href="https://q.example/#:~:text=x">Wire</a></blockquote>' in text


def test_briefing_order_headline_source_summary_quotes_topics_also_link() -> None:
    text = only_text(Reply((BriefingBlock(briefing(), ("Second Outlet", "Third Outlet")),)))
    visible = telegram_visible_text(text)
    order = [
        "Allies agree <b>faster</b> air defence deliveries",
        "Example Defence Wire · 27 Nov 2026, 14:05 UTC",
        "Defence ministers agreed",
        "“Deterrence only works",
        "Mark Rutte, NATO Secretary General",
        "“…routine…”",
        "A Ministry of Defence spokesperson",
        "Topics: NATO · air defence",
        "Also reported by Second Outlet and Third Outlet",
        "Read at Example Defence Wire",
    ]
    assert in_order(visible, order)
    assert text.startswith(
        '<b><a href="https://news.example/air-defence?a=1&amp;b=2">Allies agree &lt;b&gt;'
    )
    assert '<a href="https://news.example/air-defence#:~:text=routine">source</a>' in text


def test_briefing_shows_top_three_quotes_unless_full() -> None:
    quotes = tuple(Quote(f"quote number {i}", 0, 1, f"Speaker {i}") for i in range(5))
    many = briefing(quotes=quotes, quote_links=())
    short = telegram_visible_text(only_text(Reply((BriefingBlock(many),))))
    assert "quote number 2" in short and "quote number 3" not in short
    full = telegram_visible_text(only_text(Reply((BriefingBlock(many, full=True),))))
    assert "quote number 4" in full


def test_digest_title_stories_quote_of_the_day_and_left_out() -> None:
    digest = Digest(
        "Morning digest",
        WHEN,
        WHEN,
        (Story(briefing(), ("Other Wire",)),),
        RUTTE,
        "https://q.example/",
        "Example Defence Wire",
        left_out=1,
    )
    visible = telegram_visible_text(only_text(Reply((DigestBlock(digest),))))
    order = [
        "Morning digest",
        "Allies agree",
        "Also reported by Other Wire",
        "Quote of the day",
        "“Deterrence",
        "1 more story left out",
    ]
    assert in_order(visible, order)


def test_empty_digest_says_so() -> None:
    digest = Digest("Evening digest", WHEN, WHEN)
    visible = telegram_visible_text(only_text(Reply((DigestBlock(digest),))))
    assert "Nothing new in this window." in visible
    custom = Digest("Evening digest", WHEN, WHEN, empty_message="Quiet day: no stories.")
    assert "Quiet day" in telegram_visible_text(only_text(Reply((DigestBlock(custom),))))


def test_list_and_table() -> None:
    listed = only_text(Reply((ListBlock(("a & b", "<c>"), title="Feeds"),)))
    assert listed == "<b>Feeds</b>\n• a &amp; b\n• &lt;c&gt;"
    table = only_text(Reply((TableBlock(("feed", "errors"), (("<UKDJ>", "0"),), "Health"),)))
    assert table == "<b>Health</b>\n<pre>feed    errors\n------  ------\n&lt;UKDJ&gt;  0</pre>"


def test_error_reply_is_marked() -> None:
    assert only_text(text_reply("No such feed", kind="error")).startswith("⚠️ No such feed")


def test_buttons_only_on_last_message() -> None:
    long = " ".join(["word"] * 3000)
    reply = Reply((Paragraph(long),), buttons=(Button("More", "more:1"),))
    messages = render_telegram(reply)
    assert len(messages) == 4
    assert [m.buttons for m in messages] == [(), (), (), (("More", "more:1"),)]


def test_empty_reply_sends_nothing_unless_it_has_buttons() -> None:
    assert render_telegram(Reply()) == []
    assert render_telegram(Reply(buttons=(Button("Go", "go"),)))[0].buttons == (("Go", "go"),)


def test_long_reply_splits_on_briefing_boundaries() -> None:
    blocks = tuple(
        BriefingBlock(briefing(headline=f"Story {i}", summary="x " * 400)) for i in range(12)
    )
    messages = render_telegram(Reply(blocks))
    assert len(messages) > 1
    for message in messages:
        assert validate_telegram_html(message.text) == []
        # every message starts with a whole briefing: none is cut in half
        assert message.text.startswith("<b><a href=")
    headlines = [telegram_visible_text(m.text).count("Story ") for m in messages]
    assert sum(headlines) == 12


def test_over_long_paragraph_splits_at_whitespace_within_limit() -> None:
    words = [f"w{i}" for i in range(3000)]
    messages = render_telegram(Reply((Paragraph(" ".join(words)),)))
    assert len(messages) > 1
    seen = " ".join(telegram_visible_text(m.text) for m in messages).split()
    assert seen == words
    assert all(telegram_visible_length(m.text) <= TELEGRAM_TEXT_LIMIT for m in messages)


def test_over_long_quote_reopens_blockquote_and_bold_in_each_message() -> None:
    quote = Quote("🚀 " * 3000, 0, 1, "Speaker " * 10, "Role")
    messages = render_telegram(Reply((QuoteBlock(quote, "https://q.example/"),)))
    assert len(messages) >= 2
    for message in messages:
        assert validate_telegram_html(message.text) == []
        assert message.text.startswith("<blockquote>")
        assert message.text.endswith("</blockquote>")
    total = sum(telegram_visible_text(m.text).count("🚀") for m in messages)
    assert total == 3000


def test_hard_split_of_a_very_long_word_counts_utf16_units() -> None:
    word = "😀" * 5000  # 10,000 UTF-16 units, no whitespace at all
    messages = render_telegram(Reply((Paragraph(word),)))
    assert len(messages) == 3
    assert "".join(telegram_visible_text(m.text) for m in messages) == word
    assert all(utf16_length(telegram_visible_text(m.text)) <= TELEGRAM_TEXT_LIMIT for m in messages)


def test_escaping_never_splits_an_entity() -> None:
    messages = render_telegram(Reply((Paragraph("&" * 9000),)))
    assert len(messages) == 3
    for message in messages:
        assert validate_telegram_html(message.text) == []
        assert set(message.text.replace("&amp;", "")) == set()


def test_at_most_100_entities_per_message() -> None:
    quotes = tuple(QuoteBlock(RUTTE, f"https://q.example/{i}") for i in range(60))
    messages = render_telegram(Reply(quotes))
    assert len(messages) == 2  # 180 tags in under 4096 characters
    for message in messages:
        assert validate_telegram_html(message.text) == []
        assert message.text.count("<") // 2 <= 100
    assert sum(telegram_visible_text(m.text).count("Deterrence") for m in messages) == 60


def test_long_link_targets_spread_over_messages() -> None:
    link = "https://q.example/#:~:text=" + "word%20" * 150  # 1,077 characters
    quotes = tuple(QuoteBlock(Quote(f"q{i}", 0, 1, "S"), link) for i in range(12))
    messages = render_telegram(Reply(quotes))
    assert [m.text.count(link) for m in messages] == [7, 5]


def test_hard_split_keeps_emoji_sequences_flags_and_accents_whole() -> None:
    for cluster in ("👨\u200d👩\u200d👧", "🇺🇦", "e\u0301", "👍🏽", "🛰\ufe0f"):
        word = "x" + cluster * (9000 // utf16_length(cluster))  # "x" puts cuts mid-cluster
        messages = render_telegram(Reply((Paragraph(word),)))
        assert len(messages) >= 2
        for message in messages:
            visible = telegram_visible_text(message.text).removeprefix("x")
            assert visible.replace(cluster, "") == "", (cluster, visible[:10])
        assert "".join(telegram_visible_text(m.text) for m in messages) == word
