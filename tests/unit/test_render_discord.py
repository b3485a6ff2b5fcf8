"""Discord rendering: markdown escaping, mentions, embeds and every limit."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.render.discord_embeds import COLOURS, escape_markdown, render_discord
from bot.render.discord_message import (
    CONTENT_LIMIT,
    DESCRIPTION_LIMIT,
    TITLE_LIMIT,
    DiscordMessage,
    embed_size,
    validate_discord_message,
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
RUTTE = Quote("We *will* defend every inch", 0, 27, "Mark Rutte", "NATO Secretary General")


def briefing(**changes: object) -> Briefing:
    values: dict[str, object] = {
        "headline": "Allies agree faster air defence deliveries",
        "url": "https://news.example/air-defence",
        "source": "Example Defence Wire",
        "summary": "Defence ministers agreed to speed up deliveries of interceptors.",
        "quotes": (RUTTE,),
        "topics": ("NATO", "air defence"),
        "published": WHEN,
        "quote_links": ("https://news.example/air-defence#:~:text=We%20will",),
    }
    values.update(changes)
    return Briefing(**values)  # type: ignore[arg-type]


def rendered(reply: Reply) -> list[DiscordMessage]:
    messages = render_discord(reply)
    for message in messages:
        assert validate_discord_message(message) == []
    return messages


def test_escape_markdown_and_mentions() -> None:
    assert escape_markdown("*bold* _it_ ~~s~~ `c` ||sp|| [l](u)") == (
        r"\*bold\* \_it\_ \~\~s\~\~ \`c\` \|\|sp\|\| \[l\](u)"
    )
    assert escape_markdown("> quoted\n# head\n- item\n12. item") == (
        "\\> quoted\n\\# head\n\\- item\n12\\. item"
    )
    assert escape_markdown("hi @everyone and @here") == "hi @\u200beveryone and @\u200bhere"
    assert escape_markdown("<@123> <#5> <t:1:R>") == r"\<@123\> \<#5\> \<t:1:R\>"
    assert escape_markdown("back\\slash") == "back\\\\slash"
    assert escape_markdown("see https://x.example/a_b*c, _now_") == (
        "see https://x.example/a_b*c, \\_now\\_"
    )
    # a URL one character long is a URL too: escaping it would make a URL ("http://\\*")
    # that Discord shows with its backslash
    assert escape_markdown("http://* or https://x") == "http://* or https://x"
    # a scheme that starts no URL ("http://<b>") keeps its text: its colon is escaped, so
    # the escaped "<" cannot turn "http://\\" into a link
    assert escape_markdown("http://<b>") == "http\\://\\<b\\>"


def test_paragraph_goes_to_content_escaped() -> None:
    [message] = rendered(text_reply("**not bold** @everyone"))
    assert message.content == "\\*\\*not bold\\*\\* @\u200beveryone"
    assert message.embeds == []


def test_paragraph_link_heading_list_and_quote_block() -> None:
    reply = Reply(
        (
            Heading("Feeds"),
            ListBlock(("one_feed", "two"), title="Active"),
            Paragraph("Docs", link="https://docs.example/a_(b)"),
            QuoteBlock(RUTTE, "https://q.example/", "Wire"),
        )
    )
    [message] = rendered(reply)
    assert message.content == (
        "**Feeds**\n\n**Active**\n• one\\_feed\n• two\n\n"
        "[Docs](https://docs.example/a_%28b%29)\n\n"
        "> “We \\*will\\* defend every inch”\n"
        "> — **Mark Rutte, NATO Secretary General** · [Wire](https://q.example/)"
    )


def test_table_is_a_code_block() -> None:
    [message] = rendered(Reply((TableBlock(("feed", "state"), (("a`b", "ok"),)),)))
    assert message.content.startswith("```\nfeed")
    assert message.content.endswith("\n```")
    assert "```" not in message.content[3:-3]


def test_briefing_is_one_embed() -> None:
    [message] = rendered(Reply((BriefingBlock(briefing(), ("Second Outlet",)),)))
    [embed] = message.embeds
    assert embed["title"] == "Allies agree faster air defence deliveries"
    assert embed["url"] == "https://news.example/air-defence"
    assert embed["color"] == COLOURS["normal"]
    assert embed["description"] == (
        "Defence ministers agreed to speed up deliveries of interceptors.\n\n"
        "> “We \\*will\\* defend every inch”\n"
        "> — **Mark Rutte, NATO Secretary General** · "
        "[source](https://news.example/air-defence#:~:text=We%20will)"
    )
    assert embed["fields"] == [
        {"name": "Topics", "value": "NATO · air defence", "inline": True},
        {"name": "Also reported by", "value": "Second Outlet", "inline": True},
    ]
    assert embed["footer"] == {"text": "Example Defence Wire · 27 Nov 2026, 14:05 UTC"}
    assert embed["timestamp"] == "2026-11-27T14:05:00+00:00"


def test_long_headline_is_shortened_in_title_and_kept_whole_in_description() -> None:
    headline = "Ministers " * 40
    [message] = rendered(Reply((BriefingBlock(briefing(headline=headline)),)))
    embed = message.embeds[0]
    assert len(embed["title"]) == TITLE_LIMIT
    assert embed["title"].endswith("…")
    assert embed["description"].startswith("**" + headline.strip() + "**")


def test_long_summary_continues_in_further_embeds() -> None:
    summary = "interceptor " * 1200  # about 14,000 characters
    messages = rendered(Reply((BriefingBlock(briefing(summary=summary)),)))
    embeds = [e for m in messages for e in m.embeds]
    assert len(embeds) >= 4
    assert all(len(e.get("description", "")) <= DESCRIPTION_LIMIT for e in embeds)
    assert "title" in embeds[0] and all("title" not in e for e in embeds[1:])
    assert "footer" in embeds[-1]
    words = " ".join(e.get("description", "") for e in embeds).split()
    assert words.count("interceptor") == 1200
    for message in messages:
        assert sum(embed_size(e) for e in message.embeds) <= 6000


def test_digest_embeds_in_order_and_split_over_messages() -> None:
    stories = tuple(Story(briefing(headline=f"Story {i}"), ("Other Wire",)) for i in range(14))
    digest = Digest("Morning digest", WHEN, WHEN, stories, RUTTE, "https://q.example/", "Wire", 3)
    messages = rendered(Reply((DigestBlock(digest),)))
    embeds = [e for m in messages for e in m.embeds]
    titles = [e.get("title") for e in embeds]
    assert titles == ["Morning digest", *[f"Story {i}" for i in range(14)], "Quote of the day"]
    assert embeds[-1]["footer"] == {"text": "3 more stories left out"}
    assert len(messages) == 2
    assert all(len(m.embeds) <= 10 for m in messages)


def test_empty_digest_says_so() -> None:
    [message] = rendered(Reply((DigestBlock(Digest("Evening digest", WHEN, WHEN)),)))
    assert "Nothing new in this window." in message.embeds[0]["description"]


def test_text_after_embeds_opens_a_new_message() -> None:
    reply = Reply((Heading("Latest"), BriefingBlock(briefing()), Paragraph("That is all.")))
    messages = rendered(reply)
    assert [(m.content, len(m.embeds)) for m in messages] == [
        ("**Latest**", 1),
        ("That is all.", 0),
    ]


def test_long_content_splits_within_2000() -> None:
    words = [f"w{i}_" for i in range(1500)]
    messages = rendered(Reply((Paragraph(" ".join(words)),), buttons=(Button("More", "m"),)))
    assert len(messages) > 1
    assert all(len(m.content) <= CONTENT_LIMIT for m in messages)
    assert " ".join(m.content for m in messages).replace("\\_", "_").split() == words
    assert [m.buttons for m in messages][-1] == (("More", "m"),)
    assert all(m.buttons == () for m in messages[:-1])


def test_error_reply_is_marked_and_red() -> None:
    [message] = rendered(text_reply("No such feed", kind="error"))
    assert message.content == "⚠️ No such feed"
    [first, *_] = rendered(Reply((BriefingBlock(briefing()),), kind="error"))
    assert first.content == "⚠️"
    assert first.embeds[0]["color"] == COLOURS["error"]


def test_validator_catches_each_limit() -> None:
    def problems(**payload: object) -> list[str]:
        return validate_discord_message(payload)

    assert problems(content="ok") == []
    assert problems(content="x" * 2001)
    assert problems(content="")
    assert problems(embeds=[{"title": "t" * 257}])
    assert problems(embeds=[{"description": "d" * 4097}])
    assert problems(embeds=[{"fields": [{"name": "n", "value": "v"}] * 26}])
    assert problems(embeds=[{"fields": [{"name": "n", "value": "v" * 1025}]}])
    assert problems(embeds=[{"fields": [{"name": "n" * 257, "value": "v"}]}])
    assert problems(embeds=[{"footer": {"text": "f" * 2049}}])
    assert problems(embeds=[{"description": "d" * 4000}, {"description": "d" * 2001}])
    assert problems(embeds=[{"description": "d"}] * 11)
    assert problems(embeds=[{"title": "t", "url": "javascript:x"}])
    assert problems(embeds=[{"color": 1}])
    row = {"type": 1, "components": [{"type": 2, "label": "L" * 81, "custom_id": "c"}]}
    assert problems(content="ok", components=[row])
