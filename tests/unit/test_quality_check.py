"""The briefing-quality check itself, on our own excerpt: right briefings pass, wrong fail."""

from __future__ import annotations

from pathlib import Path

from summaries.topics import Lexicon
from tests.quality.pages.briefing_quality import brief, check
from tests.quality.pages.corpus import Excerpt, split_corpus_date

LEXICON = Lexicon.from_toml_text(
    (Path(__file__).parents[2] / "config" / "topics.toml").read_text(encoding="utf-8")
)
TEXT = (
    " date 2025-03-04 Navy orders two survey ships from Tyneside yard\n\n"
    "File photo: a survey ship at sea\n\n"
    "The Royal Navy ordered two survey ships from a Tyneside yard on Friday, the navy said.\n\n"
    "The ships will map the seabed around the northern approaches."
)


def excerpt(**expect: object) -> Excerpt:
    text, published = split_corpus_date(TEXT)
    expected = {
        "headline": "Navy orders two survey ships from Tyneside yard",
        "lead": ["The Royal Navy ordered two survey ships"],
        "topics": ["naval"],
        "also_ok": ["procurement"],
        "furniture": ["File photo"],
    } | expect
    return Excerpt("own", "https://gazette.example/ships", text, published, None, expected)


def test_corpus_date_header_is_metadata() -> None:
    text, published = split_corpus_date(TEXT)
    assert published is not None and published.date().isoformat() == "2025-03-04"
    assert text.startswith("Navy orders")


def test_a_right_briefing_passes_every_check() -> None:
    case = excerpt()
    assert all(check(case, brief(case, LEXICON)).values())


def test_each_check_fails_on_a_wrong_expectation() -> None:
    wrong = {
        "headline": excerpt(headline="Something else"),
        "lead": excerpt(lead=["The ships will map"]),
        "furniture": excerpt(furniture=["Tyneside"]),
        "topics": excerpt(topics=["cyber"]),
    }
    for name, case in wrong.items():
        result = check(case, brief(case, LEXICON))
        assert not result[name], name
