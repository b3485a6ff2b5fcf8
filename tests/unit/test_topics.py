"""Topic tags: word-sense guards for names, designations with a variant letter."""

from __future__ import annotations

from pathlib import Path

import pytest

from summaries.models import Article
from summaries.topics import Lexicon, mask_names, tag_topics

LEXICON = Lexicon.from_toml_text(
    (Path(__file__).parents[2] / "config" / "topics.toml").read_text(encoding="utf-8")
)


def topics(title: str, lead: str) -> tuple[str, ...]:
    return tag_topics(Article(text=lead, title=title, lead=lead), LEXICON)


@pytest.mark.parametrize(
    ("title", "lead", "wrong"),
    [
        (
            "Exercise Trident Shield opens on the northern coast",
            "Exercise Trident Shield brought two thousand soldiers to the northern coast.",
            "nuclear",
        ),
        (
            "Cargo flight lands at Harrow Air Base",
            "A cargo flight with medical supplies landed at Harrow Air Base on Monday.",
            "air power",
        ),
        (
            "Payroll data of Royal Navy, Army and Air Force personnel exposed",
            "Bank details of serving Royal Navy, Army and Air Force personnel were exposed.",
            "naval",
        ),
        (
            "Oil industry rattled by strait closure",
            "The global oil industry braced for higher prices after the strait closed.",
            "industry",
        ),
    ],
)
def test_names_do_not_tag_their_namesake(title: str, lead: str, wrong: str) -> None:
    assert wrong not in topics(title, lead)


def test_real_mentions_still_tag() -> None:
    assert "nuclear" in topics("Trident renewal approved", "The Trident programme was renewed.")
    assert "naval" in topics("A Royal Navy exercise", "The Royal Navy exercise began at sea.")
    assert "air power" in topics("Swiss pick the F-35A", "Switzerland picked the F-35A jet.")
    assert "air defence" in topics("S-400 parts arrive", "The first S-400 parts arrived.")


def test_mask_keeps_length_and_plain_text() -> None:
    text = "HMS Valiant sailed; the navy said so."
    masked = mask_names(text)
    assert len(masked) == len(text) and masked.endswith("sailed; the navy said so.")
