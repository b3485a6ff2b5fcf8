"""Speaker phrases: names, roles, ranks, organisations and unnamed sources."""

from __future__ import annotations

import pytest

from summaries.quotes.references import expand_acronym, is_plural
from summaries.quotes.speakers import Mention, parse_phrase


@pytest.mark.parametrize(
    ("phrase", "kind", "text", "role"),
    [
        ("NATO Secretary General Mark Rutte", "person", "Mark Rutte", "NATO Secretary General"),
        ("Defence Secretary John Healey", "person", "John Healey", "Defence Secretary"),
        ("Gen. Sir Patrick Sanders", "person", "Patrick Sanders", "Gen."),
        (
            "Air Chief Marshal Sir Richard Knighton",
            "person",
            "Richard Knighton",
            "Air Chief Marshal",
        ),
        ("Lt Gen Jane Doe", "person", "Jane Doe", "Lt Gen"),
        ("Dame Karen Pierce", "person", "Karen Pierce", ""),
        ("Sgt. 1st Class John Smith", "person", "John Smith", "Sgt. 1st Class"),
        ("Ursula von der Leyen", "person", "Ursula von der Leyen", ""),
        ("Rutte", "person", "Rutte", ""),
        ("Michael Seaman", "person", "Michael Seaman", ""),
        ("Within Sanders", "person", "Sanders", ""),
        ("Neither Hillary Brant", "person", "Hillary Brant", ""),
        ("Six Klein", "person", "Klein", ""),
        ("Under Secretary Jane Roe", "person", "Jane Roe", "Under Secretary"),
        ("Defence Minister Anna General", "person", "Anna General", "Defence Minister"),
        ("the Kremlin", "organisation", "Kremlin", ""),
        ("the Ministry of Defence", "organisation", "Ministry of Defence", ""),
        ("Lockheed Martin", "organisation", "Lockheed Martin", ""),
        ("Ukraine's General Staff", "organisation", "Ukraine's General Staff", ""),
        ("A Ministry of Defence spokesperson", "unnamed", "a Ministry of Defence spokesperson", ""),
        ("a senior US official", "unnamed", "a senior US official", ""),
        ("officials", "unnamed", "officials", ""),
        ("Ukrainian officials", "unnamed", "Ukrainian officials", ""),
        ("Keir Starmer's spokesman", "unnamed", "Keir Starmer's spokesman", ""),
        ("the minister", "role", "minister", ""),
        ("the Secretary General", "role", "Secretary General", ""),
    ],
)
def test_parse_phrase(phrase: str, kind: str, text: str, role: str) -> None:
    mention = parse_phrase(phrase)
    assert mention is not None
    assert (mention.kind, mention.text, mention.role) == (kind, text, role)


@pytest.mark.parametrize(
    ("word", "gender"), [("he", "m"), ("she", "f"), ("they", "p"), ("it", "n")]
)
def test_pronouns_are_marked_never_named(word: str, gender: str) -> None:
    assert parse_phrase(word) == Mention("pronoun", word, gender=gender)


@pytest.mark.parametrize("phrase", ["the plan", "a", "", "said the"])
def test_not_speakers(phrase: str) -> None:
    assert parse_phrase(phrase) is None


def test_plural_sources() -> None:
    assert is_plural(Mention("unnamed", "three diplomats"))
    assert not is_plural(Mention("unnamed", "one of the diplomats"))
    assert not is_plural(Mention("unnamed", "a senior official"))


def test_acronym_expansion() -> None:
    masked = "The UK Maritime Trade Operations agency said the crew were safe."
    assert expand_acronym(masked, "UKMTO") == "UK Maritime Trade Operations"
    assert expand_acronym(masked, "NATO") == "NATO"
