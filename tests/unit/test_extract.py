"""Article extraction: furniture never reaches Article.text; metadata and encodings right."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summaries.models import Article
from summaries.text import (
    PARAGRAPH_SEPARATOR,
    article_from_html,
    article_from_text,
    clean_text,
    decode_html,
    fix_c1_controls,
    lead_paragraph,
    parse_datetime,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "articles"
EXPECTATIONS: dict[str, dict[str, object]] = json.loads(
    (FIXTURES / "expectations.json").read_text(encoding="utf-8")
)
SEEDS = sorted(Path("/work/shared/seeds").glob("000_*.txt"))


def load_fixture(name: str) -> Article:
    url = str(EXPECTATIONS[name]["url"])
    path = FIXTURES / name
    if path.suffix == ".html":
        return article_from_html(path.read_bytes(), url)
    return article_from_text(path.read_text(encoding="utf-8"), url=url)


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_fixture_text_keeps_story_and_drops_furniture(name: str) -> None:
    article = load_fixture(name)
    expected = EXPECTATIONS[name]
    for needle in expected["must_contain"]:  # type: ignore[attr-defined]
        assert needle in article.text, needle
    for needle in expected["must_not_contain"]:  # type: ignore[attr-defined]
        assert needle.casefold() not in article.text.casefold(), needle
    assert article.lead.startswith(str(expected["lead_starts"]))
    assert article.lead in article.text


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_paragraphs_are_joined_by_one_blank_line(name: str) -> None:
    text = load_fixture(name).text
    assert text == text.strip()
    assert "\n\n\n" not in text
    paragraphs = text.split(PARAGRAPH_SEPARATOR)
    assert len(paragraphs) >= 4
    assert all(p.strip() == p and "\n" not in p for p in paragraphs)


@pytest.mark.parametrize(
    "name",
    sorted(n for n in EXPECTATIONS if n.endswith(".html") and "published" in EXPECTATIONS[n]),
)
def test_html_metadata(name: str) -> None:
    article = load_fixture(name)
    expected = EXPECTATIONS[name]
    assert article.title == expected["title"]
    assert article.source == expected["source"]
    assert article.published == datetime.fromisoformat(str(expected["published"]))
    assert article.published is not None and article.published.tzinfo is not None
    if "author" in expected:
        assert article.author == expected["author"]
    assert article.url == expected.get("canonical", expected["url"])


def test_windows_1252_labelled_iso_8859_1_gets_real_curly_quotes() -> None:
    raw = (FIXTURES / "latin1_cp1252.html").read_bytes()
    assert b"\x93" in raw and b"charset=ISO-8859-1" in raw
    for article in (
        article_from_html(raw),
        article_from_html(raw, encoding="ISO-8859-1"),  # as an HTTP header would say
        article_from_html(raw.decode("latin-1")),  # already mis-decoded upstream
    ):
        assert not any(0x80 <= ord(c) <= 0x9F for c in article.text + article.title)
        assert "“We are copying what works.”" in article.text
        assert "legislation…" in article.text


def test_c1_controls_map_to_the_characters_meant() -> None:
    assert fix_c1_controls("\x93Yes,\x94 he said \x96 it\x92s done\x85") == (
        "“Yes,” he said – it’s done…"
    )
    assert fix_c1_controls("\x91a\x92") == "‘a’"


def test_decode_html_honours_meta_charset_and_falls_back() -> None:
    assert (
        decode_html('<meta charset="utf-8"><p>€</p>'.encode()) == '<meta charset="utf-8"><p>€</p>'
    )
    assert "“" in decode_html(b"<p>\x93x\x94</p>")  # not UTF-8, no label: windows-1252
    assert decode_html(b"\xef\xbb\xbf<p>ok</p>") == "<p>ok</p>"


def test_plain_text_guards_keep_story_sentences_that_look_like_furniture() -> None:
    text = PARAGRAPH_SEPARATOR.join(
        [
            "The navy said on Monday it would retire two frigates early to free crews for "
            "the new ships entering service next year.",
            "By Tuesday, the ships had left port for the last time.",
            "Published figures show the fleet has shrunk by a third since 2010.",
            "Sam Holt is the founder of a drone company that builds boats for the navy.",
            "He urged officers to continue reading the intelligence reports every morning.",
            "Colonel Dee holds a degree in engineering and commanded a tank regiment.",
            "The retirements will save about £40 million a year.",
        ]
    )
    assert clean_text(text) == text


def test_story_about_a_reporter_keeps_its_second_half() -> None:
    paragraphs = [
        "A court in Minsk has sentenced a foreign journalist to eight years in prison on "
        "espionage charges that his employer called absurd.",
        "The trial was held behind closed doors and lasted two days.",
        "Diplomats from several embassies were refused entry to the courtroom.",
        "Piet Marsh is a veteran correspondent for a Dutch broadcaster and was arrested in May.",
        "His lawyers said they would appeal against the verdict.",
        "The foreign ministry in The Hague summoned the Belarusian envoy.",
        "A prisoner exchange has not been ruled out, officials said.",
        "More on this story as it develops.",
    ]
    text = PARAGRAPH_SEPARATOR.join(paragraphs)
    assert clean_text(text) == text


def test_subheading_like_a_related_block_does_not_cut_early() -> None:
    paragraphs = [
        "Allied leaders opened a two-day summit on Tuesday with air defence at the top of "
        "the agenda, officials said.",
        "More on the summit",
        "The leaders will discuss interceptor production and a new joint fund.",
        "A final communique is expected on Wednesday afternoon.",
        "Officials said the text had been largely agreed in advance.",
        "Related articles",
        "Leaders arrive for summit",
    ]
    assert (
        clean_text(PARAGRAPH_SEPARATOR.join(paragraphs)).split(PARAGRAPH_SEPARATOR)
        == (paragraphs[:5])
    )


def test_plain_text_guards_drop_bylines_share_lines_and_paywall() -> None:
    text = "\n\n".join(
        [
            "By Jane Roe | Defence correspondent",
            "The army will buy 50 more armoured vehicles under a contract signed on Friday, "
            "officials said.",
            "Share on Facebook",
            "Subscribe now to continue reading this article.",
            "We use cookies to improve your experience.",
            "Delivery is due in 2028.",
        ]
    )
    assert clean_text(text) == (
        "The army will buy 50 more armoured vehicles under a contract signed on Friday, "
        "officials said.\n\nDelivery is due in 2028."
    )


def test_wrapped_plain_text_lines_join_into_paragraphs() -> None:
    article = article_from_text("First line of the\nsame paragraph.\n\n  Second   one.  ")
    assert article.text == "First line of the same paragraph.\n\nSecond one."


def test_lead_skips_short_bylines_and_captions() -> None:
    text = "SALISBURY\n\nImage: a launcher\n\n" + (
        "The Army has declared initial operating capability for its first battery of launchers."
    )
    assert lead_paragraph(clean_text(text)).startswith("The Army has declared")


def test_parse_datetime_forms() -> None:
    utc = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    assert parse_datetime("2026-03-05T12:00:00Z") == utc
    assert parse_datetime("2026-03-05T14:00:00+02:00") == utc
    assert parse_datetime("Thu, 05 Mar 2026 12:00:00 GMT") == utc
    assert parse_datetime("2026-03-05") == datetime(2026, 3, 5, tzinfo=UTC)
    assert parse_datetime("yesterday") is None


def test_empty_and_broken_html_give_empty_article() -> None:
    assert article_from_html("", "https://www.example.org/x").source == "example.org"
    assert article_from_html(b"   ").text == ""


@pytest.mark.skipif(not SEEDS, reason="seed article not available (local check only)")
def test_seed_loses_author_bio_and_comments() -> None:
    raw = SEEDS[0].read_text(encoding="utf-8")
    article = article_from_text(raw)
    assert "is the founder" in raw and "is the founder" not in article.text
    for marker in ("COMMENTS", "LEAVE A REPLY", "Please enter your"):
        assert marker.casefold() in raw.casefold()
        assert marker.casefold() not in article.text.casefold()
    assert len(article.text) > 0.6 * raw.index("COMMENTS")
    last_line = article.text.rsplit("\n", 1)[-1]
    assert last_line.endswith(("”", '"', ".")), "body ends with the story, not a name line"


@given(st.text(max_size=400))
@settings(max_examples=150, deadline=None)
def test_any_plain_text_gives_clean_paragraphs(text: str) -> None:
    article = article_from_text(text)
    assert not any(0x80 <= ord(c) <= 0x9F for c in article.text)
    assert "\n\n\n" not in article.text and article.text == article.text.strip()
    assert article.lead in article.text


def test_story_wrapper_with_a_furniture_class_is_not_pruned() -> None:
    paragraphs = "".join(
        f"<p>Paragraph {n} of the story says the frigate programme moved ahead on Monday "
        f"after a long delay at the yard.</p>"
        for n in range(6)
    )
    page = (
        "<html><head><title>Frigate programme moves ahead</title></head><body>"
        f'<div class="paywall metered-content"><article>{paragraphs}</article></div>'
        '<div class="share-bar"><p>Share on Facebook</p></div>'
        "</body></html>"
    )
    article = article_from_html(page, "https://news.example/frigates")
    assert article.text.count("Paragraph") == 6
    assert "Facebook" not in article.text
