"""Briefings: clean summary, quotes ranked for a reader, text-fragment links, topics."""

from __future__ import annotations

import json
import re
from dataclasses import astuple
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summaries.briefing import (
    compose_briefing,
    is_near_duplicate,
    rank_quotes,
    split_sentences,
    summarise,
)
from summaries.models import Article, Briefing, Quote
from summaries.pipeline import brief_article
from summaries.text import article_from_html, article_from_text
from summaries.textfragment import encode_term, text_directive, text_fragment_url
from summaries.topics import Lexicon, is_defence_relevant, tag_topics

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "articles"
EXPECTATIONS: dict[str, dict[str, object]] = json.loads(
    (FIXTURES / "expectations.json").read_text(encoding="utf-8")
)
LEXICON = Lexicon.from_toml_text((ROOT / "config" / "topics.toml").read_text(encoding="utf-8"))
URL = "https://news.example/story"


def quote_in(text: str, passage: str, speaker: str = "", **kw: Any) -> Quote:
    start = text.index(passage)
    return Quote(text=passage, start=start, end=start + len(passage), speaker=speaker, **kw)


BODY = (
    "The Royal Navy has ordered four more uncrewed motherships in a £310 million contract, "
    "the Ministry of Defence said on Wednesday. The ships will be built at Appledore.\n\n"
    "“This is a long-term commitment to a shipyard that has had too many stop-start years,” "
    "Defence Procurement Minister Helen Carrow said. “Four hulls, one design, one yard.”\n\n"
    "“This is a long-term commitment to the shipyard,” she repeated later.\n\n"
    "Commodore James Pellow said crews had learned a lot. “The drones do the dangerous part. "
    "Our people do the thinking,” he said. He called it “a good day”.\n\n"
    "“Yes,” an official said. A spokesperson said the programme was “on time and on budget”."
)
ARTICLE = Article(
    text=BODY,
    title="Navy orders four more motherships",
    url=URL,
    source="Northern Defence Journal",
    published=datetime(2026, 3, 4, 9, 15, tzinfo=UTC),
    lead=BODY.split("\n\n")[0],
)
Q_LONG = quote_in(
    BODY,
    "This is a long-term commitment to a shipyard that has had too many stop-start years,",
    "Helen Carrow",
    role="Defence Procurement Minister",
)
Q_HULLS = quote_in(BODY, "Four hulls, one design, one yard.", "Helen Carrow")
Q_DUP = quote_in(BODY, "This is a long-term commitment to the shipyard,", "Helen Carrow")
Q_DRONES = quote_in(
    BODY,
    "The drones do the dangerous part. Our people do the thinking,",
    "James Pellow",
    role="Commodore",
)
Q_PARTIAL = quote_in(BODY, "a good day", "James Pellow", kind="partial")
Q_YES = quote_in(BODY, "Yes,", "an official", speaker_kind="unnamed")
Q_BUDGET = quote_in(BODY, "on time and on budget", "", kind="partial", speaker_kind="unknown")
ALL_QUOTES = [Q_YES, Q_BUDGET, Q_PARTIAL, Q_DUP, Q_HULLS, Q_DRONES, Q_LONG]


def test_top_quotes_full_named_substantive_spread_and_deduplicated() -> None:
    top = rank_quotes(ALL_QUOTES, 3)
    assert top[0] == Q_LONG
    assert Q_DRONES in top, "a second speaker beats a third quote from the first"
    assert Q_DUP not in top, "near-duplicate of a chosen quote"
    assert Q_YES not in top and Q_BUDGET not in top
    assert rank_quotes(ALL_QUOTES, 1) == [Q_LONG]


def test_full_beats_partial_and_named_beats_unnamed() -> None:
    assert rank_quotes([Q_PARTIAL, Q_DRONES], 1) == [Q_DRONES]
    unnamed = Quote(
        Q_DRONES.text, Q_DRONES.start, Q_DRONES.end, "a spokesperson", speaker_kind="unnamed"
    )
    assert rank_quotes([unnamed, Q_DRONES], 1) == [Q_DRONES]


def test_near_duplicates() -> None:
    assert is_near_duplicate("We will stay the course.", "we will stay the course")
    assert is_near_duplicate("stay the course", "We will stay the course, he said")
    assert not is_near_duplicate("We will stay the course.", "The ships are late.")


def test_briefing_fields() -> None:
    briefing = compose_briefing(ARTICLE, ALL_QUOTES, lexicon=LEXICON)
    assert briefing.headline == "Navy orders four more motherships"
    assert briefing.source == "Northern Defence Journal"
    assert briefing.url == URL and briefing.published == ARTICLE.published
    assert briefing.summary == (
        "The Royal Navy has ordered four more uncrewed motherships in a £310 million contract, "
        "the Ministry of Defence said on Wednesday. The ships will be built at Appledore."
    )
    assert len(briefing.quotes) == 3 and len(briefing.quote_links) == 3
    assert briefing.speakers[0].name == "Helen Carrow"
    assert briefing.speakers[0].role == "Defence Procurement Minister"
    assert {s.name for s in briefing.speakers} >= {"Helen Carrow", "James Pellow"}
    assert "naval" in briefing.topics and "procurement" in briefing.topics
    assert compose_briefing(ARTICLE, ALL_QUOTES).topics == ()


def test_speaker_roles_that_are_whole_clauses_are_not_shown() -> None:
    slip = Quote(
        Q_HULLS.text,
        Q_HULLS.start,
        Q_HULLS.end,
        "Helen Carrow",
        role="Carrow said the yard had waited too long for the order to arrive this year",
    )
    briefing = compose_briefing(ARTICLE, [slip])
    assert briefing.speakers[0].name == "Helen Carrow" and briefing.speakers[0].role == ""


def test_quotes_not_matching_the_article_are_dropped() -> None:
    moved = Quote(Q_LONG.text, Q_LONG.start + 1, Q_LONG.end + 1, "Helen Carrow")
    invented = Quote("we are cutting the fleet", 0, 24, "Helen Carrow")
    briefing = compose_briefing(ARTICLE, [moved, invented, Q_HULLS])
    assert briefing.quotes == (Q_HULLS,)


def test_summary_is_the_lead_even_when_it_opens_with_a_quote() -> None:
    text = (
        "“We will not back down,” the minister said on Monday. He said the fleet would grow.\n\n"
        "The navy will commission two frigates next year, officials confirmed.\n\n"
        "More text follows here for the body of the story today."
    )
    article = Article(text=text, lead=text.split("\n\n")[0])
    # the quoted lead is the lead; the pronoun sentence after it does not join it
    assert summarise(article) == "“We will not back down,” the minister said on Monday."


def test_summary_never_repeats_the_headline() -> None:
    text = (
        "Navy orders two survey ships.\n\n"
        "The Royal Navy ordered two survey ships from a Tyneside yard on Friday."
    )
    article = Article(text=text, title="Navy orders two survey ships", lead=text)
    assert summarise(article) == (
        "The Royal Navy ordered two survey ships from a Tyneside yard on Friday."
    )
    assert compose_briefing(article, []).headline == "Navy orders two survey ships"


def test_no_title_means_no_headline_and_the_lead_as_summary() -> None:
    lead = "Engineers at the Port Ellery yard finished the first hull block on Tuesday."
    briefing = compose_briefing(Article(text=lead, lead=lead), [])
    assert briefing.headline == ""
    assert briefing.summary == lead


def test_summary_strips_dateline_and_keeps_at_most_two_sentences() -> None:
    lead = (
        "SALISBURY PLAIN — The Army has fielded its first precision fires battery at last. "
        "Crews fired live missiles in Norway during January trials. A third sentence is "
        "never included in the summary at all."
    )
    summary = summarise(Article(text=lead, lead=lead))
    assert summary.startswith("The Army has fielded")
    assert len(split_sentences(summary)) == 2


@pytest.mark.parametrize(
    "fragment",
    [
        "and the yard said the second block would follow in the spring.",
        "…the yard said on Monday that the second block would follow.",
    ],
)
def test_a_fragment_cut_from_the_sentence_before_is_not_the_summary(fragment: str) -> None:
    lead = "Engineers at the Port Ellery yard finished the first hull block on Tuesday."
    text = f"{fragment}\n\n{lead}"
    assert summarise(Article(text=text, lead=fragment)).startswith(lead)
    # a lead that opens with a quotation mark or a figure still opens a sentence
    for opening in (
        "“We are ahead of plan,” the yard said on Tuesday.",
        "12 hull blocks are done.",
    ):
        assert summarise(Article(text=opening, lead=opening)) == opening


def test_split_sentences_respects_titles_and_initials() -> None:
    assert split_sentences("Lt. Gen. J. Smith arrived. He spoke.") == [
        "Lt. Gen. J. Smith arrived.",
        "He spoke.",
    ]
    assert split_sentences("“We are ready.” The ships sailed.") == [
        "“We are ready.”",
        "The ships sailed.",
    ]


# --- text fragments -------------------------------------------------------------------


def test_text_fragment_encodes_dash_comma_ampersand_and_unicode() -> None:
    assert encode_term("stop-start, R&D") == "stop%2Dstart%2C%20R%26D"
    url = text_fragment_url(URL, "Four hulls, one yard – R&D")
    assert url == f"{URL}#:~:text=Four%20hulls%2C%20one%20yard%20%E2%80%93%20R%26D"


def test_long_quote_uses_text_start_and_text_end() -> None:
    directive = text_directive(Q_LONG.text)
    start, end = directive.removeprefix("text=").split(",")
    assert unquote(start) == "This is a long-term"
    assert unquote(end) == "too many stop-start years"
    assert "-" not in directive and directive.count(",") == 1


def test_text_fragment_keeps_existing_fragment_and_empty_cases() -> None:
    assert text_fragment_url(URL + "#top", "ok then") == URL + "#top:~:text=ok%20then"
    assert text_fragment_url(URL + "#:~:text=a", "b") == URL + "#:~:text=a&text=b"
    assert text_fragment_url("", "words") == ""
    assert text_fragment_url(URL, " “ ” ") == URL


def test_each_quote_link_targets_its_quote() -> None:
    briefing = compose_briefing(ARTICLE, ALL_QUOTES)
    for quote, link in zip(briefing.quotes, briefing.quote_links, strict=True):
        directive = link.split("#:~:", 1)[1]
        assert re.fullmatch(
            r"text=[A-Za-z0-9%._~!$'()*+;=:@/?]+(,[A-Za-z0-9%._~!$'()*+;=:@/?]+)?", directive
        )
        for term in directive.removeprefix("text=").split(","):
            assert unquote(term) in quote.text


# --- topics ---------------------------------------------------------------------------


def test_config_lexicon_has_required_topics_and_relevance() -> None:
    required = {
        "Ukraine",
        "NATO",
        "air defence",
        "naval",
        "nuclear",
        "land",
        "procurement",
        "industry",
        "cyber",
        "space",
    }
    assert required <= set(LEXICON.names)
    assert LEXICON.relevance_terms


def test_topic_matching_word_boundaries_acronyms_plurals() -> None:
    lexicon = Lexicon.from_dict(
        {
            "topics": {
                "air defence": ["SAM", "air defence"],
                "naval": {"terms": ["frigate"]},
                "cyber": ["cyber"],
            }
        }
    )
    assert tag_topics("Sam met the frigates near an air-defence site", lexicon) == (
        "air defence",
        "naval",
    )
    assert tag_topics("A SAM battery", lexicon) == ("air defence",)
    assert tag_topics("cybernetics and frigatebirds", lexicon) == ()


def test_article_topics_need_more_than_a_passing_mention() -> None:
    body = "The army bought trucks.\n\nIn other news, a cyber firm was mentioned once."
    article = Article(text=body, title="Army buys trucks", lead="The army bought trucks.")
    topics = tag_topics(article, LEXICON)
    assert "land" in topics and "cyber" not in topics


def test_relevance() -> None:
    assert is_defence_relevant("The army deployed troops and artillery.", LEXICON)
    assert not is_defence_relevant("The bakery sold cakes at the market.", LEXICON)


# --- end to end on the fixture corpus --------------------------------------------------


def _fixture_articles() -> list[tuple[str, Article]]:
    articles = []
    for name, expected in sorted(EXPECTATIONS.items()):
        path = FIXTURES / name
        url = str(expected["url"])
        if path.suffix == ".html":
            articles.append((name, article_from_html(path.read_bytes(), url)))
        else:
            articles.append((name, article_from_text(path.read_text(encoding="utf-8"), url=url)))
    return articles


def _all_text(briefing: Briefing) -> str:
    parts: list[str] = []
    for value in astuple(briefing):
        parts.append(str(value))
    return "\n".join(parts)


@pytest.mark.parametrize(("name", "article"), _fixture_articles())
def test_pipeline_quotes_are_exact_and_briefing_is_clean(name: str, article: Article) -> None:
    quotes, briefing = brief_article(article, lexicon=LEXICON)
    assert briefing.quotes, name
    for quote in (*quotes, *briefing.quotes):
        assert article.text[quote.start : quote.end] == quote.text
        assert quote.text in article.text
    assert len(briefing.quote_links) == len(briefing.quotes)
    assert all("#:~:text=" in link for link in briefing.quote_links)
    assert briefing.summary and briefing.summary in article.text
    assert not (briefing.headline and briefing.summary.startswith(briefing.headline))
    assert briefing.topics
    everything = _all_text(briefing).casefold()
    for needle in EXPECTATIONS[name]["must_not_contain"]:  # type: ignore[attr-defined]
        assert needle.casefold() not in everything, needle


@given(st.text(min_size=1, max_size=200))
@settings(max_examples=200, deadline=None)
def test_text_directive_terms_are_always_safely_encoded(text: str) -> None:
    directive = text_directive(text)
    if not directive:
        return
    body = directive.removeprefix("text=")
    assert not set(body) & set('-&# \n\t"<>')
    terms = body.split(",")
    assert 1 <= len(terms) <= 2
    words = " ".join(text.split())
    for term in terms:
        assert unquote(term) in words
