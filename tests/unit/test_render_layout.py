"""Shared wording and order, plain text and JSON output."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

from bot.render import briefing_to_dict, digest_to_dict, render_json, render_plain
from bot.render.layout import (
    clean_text,
    format_time,
    join_names,
    left_out_line,
    quote_text,
    reply_sections,
    safe_url,
    speaker_label,
    table_text,
    topics_line,
)
from bot.replies import (
    Attachment,
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
from summaries.models import Briefing, Digest, Quote, Speaker, Story

WHEN = datetime(2026, 11, 27, 14, 5, tzinfo=UTC)
RUTTE = Quote("We will defend every inch", 10, 35, "Mark Rutte", "NATO Secretary General")
BRIEFING = Briefing(
    headline="Allies agree faster air defence deliveries",
    url="https://news.example/air-defence",
    source="Example Defence Wire",
    summary="Defence ministers agreed to speed up deliveries of interceptors.",
    quotes=(RUTTE,),
    topics=("NATO", "air defence"),
    speakers=(Speaker("Mark Rutte", "NATO Secretary General"),),
    published=WHEN,
    quote_links=("https://news.example/air-defence#:~:text=We%20will",),
    article_id=7,
)


def test_format_time_in_utc_naive_and_reader_zone() -> None:
    assert format_time(WHEN) == "27 Nov 2026, 14:05 UTC"
    assert format_time(datetime(2026, 1, 2, 3, 4)) == "2 Jan 2026, 03:04 UTC"
    india = timezone(timedelta(hours=5, minutes=30), "IST")
    assert format_time(WHEN, india) == "27 Nov 2026, 19:35 IST"
    assert format_time(None) == ""


def test_reader_time_zone_comes_from_reply_meta() -> None:
    reply = Reply((BriefingBlock(BRIEFING),), meta={"timezone": "Europe/Kyiv"})
    assert "27 Nov 2026, 16:05 EET" in render_plain(reply)
    unknown = Reply((BriefingBlock(BRIEFING),), meta={"timezone": "Mars/Olympus"})
    assert "14:05 UTC" in render_plain(unknown)


def test_names_and_counts() -> None:
    assert join_names(["A"]) == "A"
    assert join_names(["A", " ", "B"]) == "A and B"
    assert join_names(["A", "B", "C"]) == "A, B and C"
    assert left_out_line(1) == "1 more story left out"
    assert left_out_line(4) == "4 more stories left out"
    assert topics_line(["NATO", "", "naval"]) == "Topics: NATO · naval"
    assert topics_line([]) == ""


def test_speaker_label_and_quote_text() -> None:
    assert speaker_label(RUTTE) == "Mark Rutte, NATO Secretary General"
    unnamed = Quote("x", 0, 1, "a defence source", speaker_kind="unnamed")
    assert speaker_label(unnamed) == "A defence source"
    assert speaker_label(Quote("x", 0, 1, "")) == ""
    assert quote_text(RUTTE) == "“We will defend every inch”"
    assert quote_text(Quote("a step change", 0, 1, "X", kind="partial")) == "“…a step change…”"


def test_safe_url_and_clean_text() -> None:
    assert safe_url(" https://a.example/x ") == "https://a.example/x"
    assert safe_url("javascript:alert(1)") == ""
    assert safe_url("https://a.example/x y") == ""
    assert safe_url("ftp://a.example/") == ""
    assert safe_url("https:///nohost") == ""
    assert clean_text("a\x00b\rc\nd\te\U0010fffe") == "abc\nd\te"


def test_table_text_aligns_columns_and_pads_short_rows() -> None:
    assert table_text(("feed", "ok"), (("a", "yes"), ("longer",))) == (
        "feed    ok\n------  ---\na       yes\nlonger"
    )


def test_heading_stays_with_the_next_block() -> None:
    sections = reply_sections(Reply((Heading("Latest"), Paragraph("one"), Paragraph("two"))))
    assert [[p.text for p in s] for s in sections] == [["Latest", "one"], ["two"]]


def test_plain_briefing_reads_cleanly() -> None:
    text = render_plain(Reply((BriefingBlock(BRIEFING, ("Other Wire",)),)))
    assert text == (
        "Allies agree faster air defence deliveries\n"
        "Example Defence Wire · 27 Nov 2026, 14:05 UTC\n\n"
        "Defence ministers agreed to speed up deliveries of interceptors.\n\n"
        "    “We will defend every inch”\n"
        "    — Mark Rutte, NATO Secretary General · "
        "source (https://news.example/air-defence#:~:text=We%20will)\n\n"
        "Topics: NATO · air defence\n"
        "Also reported by Other Wire\n"
        "Read at Example Defence Wire (https://news.example/air-defence)"
    )


def test_plain_other_blocks_and_error() -> None:
    reply = Reply(
        (
            ListBlock(("a", "b"), title="Feeds"),
            TableBlock(("k", "v"), (("x", "1"),)),
            QuoteBlock(RUTTE, source="Wire"),
            Paragraph("Docs", link="https://docs.example/"),
        )
    )
    assert render_plain(reply) == (
        "Feeds\n• a\n• b\n\nk  v\n-  -\nx  1\n\n"
        "    “We will defend every inch”\n    — Mark Rutte, NATO Secretary General · Wire\n\n"
        "Docs (https://docs.example/)"
    )
    assert render_plain(text_reply("Unknown feed", kind="error")) == "⚠️ Unknown feed"
    assert render_plain(text_reply("Paused", kind="notice")) == "ℹ️ Paused"


def test_plain_digest_and_empty_digest() -> None:
    digest = Digest("Morning", WHEN, WHEN, (Story(BRIEFING, ("B",)),), RUTTE, "", "Wire", 2)
    text = render_plain(Reply((DigestBlock(digest),)))
    assert text.startswith("Morning\n27 Nov 2026, 14:05 UTC – 27 Nov 2026, 14:05 UTC\n\n")
    assert "Quote of the day\n\n    “We will defend every inch”" in text
    assert text.endswith("2 more stories left out")
    empty = render_plain(Reply((DigestBlock(Digest("Evening", WHEN, WHEN)),)))
    assert empty.endswith("Nothing new in this window.")


def test_briefing_to_dict_is_json_with_iso_times_and_quote_links() -> None:
    data = json.loads(json.dumps(briefing_to_dict(BRIEFING)))
    assert data["published"] == "2026-11-27T14:05:00+00:00"
    assert data["quotes"][0] == {
        "text": "We will defend every inch",
        "start": 10,
        "end": 35,
        "speaker": "Mark Rutte",
        "role": "NATO Secretary General",
        "kind": "full",
        "speaker_kind": "person",
        "cue": None,
        "confidence": 1.0,
        "link": "https://news.example/air-defence#:~:text=We%20will",
    }
    assert data["speakers"] == [
        {"name": "Mark Rutte", "role": "NATO Secretary General", "kind": "person"}
    ]
    assert data["article_id"] == 7


def test_digest_to_dict() -> None:
    digest = Digest("Morning", WHEN, WHEN, (Story(BRIEFING, ("B",), 3, 1.5),), RUTTE, "l", "W", 2)
    data = json.loads(json.dumps(digest_to_dict(digest)))
    assert data["since"] == "2026-11-27T14:05:00+00:00"
    assert data["stories"][0]["also_reported_by"] == ["B"]
    assert data["stories"][0]["lead"]["headline"] == BRIEFING.headline
    assert data["quote_of_the_day"]["link"] == "l"
    assert data["quote_of_the_day"]["source"] == "W"
    assert data["left_out"] == 2
    empty = digest_to_dict(Digest("E", WHEN, WHEN))
    assert empty["quote_of_the_day"] is None and empty["stories"] == []


def test_render_json_whole_reply() -> None:
    reply = Reply(
        (Heading("H"), Paragraph("p", "https://x.example/"), TableBlock(("a",), (("1",),))),
        buttons=(Button("More", "more:1"),),
        attachment=Attachment("feeds.opml", b"<opml/>", "text/x-opml"),
        kind="notice",
        meta={"timezone": "UTC"},
    )
    data = json.loads(render_json(reply))
    assert data["kind"] == "notice"
    assert [b["type"] for b in data["blocks"]] == ["heading", "paragraph", "table"]
    assert data["blocks"][2] == {"type": "table", "title": "", "header": ["a"], "rows": [["1"]]}
    assert data["buttons"] == [{"label": "More", "action": "more:1"}]
    assert data["attachment"]["data_base64"] == "PG9wbWwvPg=="
    assert '"text": "Київ"' in render_json(text_reply("Київ"))
