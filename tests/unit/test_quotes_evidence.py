"""Every quote carries the evidence for its speaker and a confidence; unsure speakers hide."""

from __future__ import annotations

import pytest

from bot.render.layout import speaker_label
from bot.settings import BriefingSettings
from summaries.models import Quote
from summaries.pipeline import hide_unsure_speakers
from summaries.quotes import extract_quotes


def only(text: str, starts: str) -> Quote:
    (found,) = [q for q in extract_quotes(text) if q.text.startswith(starts)]
    return found


@pytest.mark.parametrize(
    ("text", "starts", "kind", "cue_text"),
    [
        (
            "“The depot is full,” said Marta Kowalczyk, the quartermaster.",
            "The depot",
            "name",
            "Marta Kowalczyk",
        ),
        (
            "Marta Kowalczyk visited the depot.\n\n“It is full,” she said.",
            "It is full",
            "pronoun",
            "she",
        ),
        (
            "“The range is closed until Friday,” a range safety officer said.",
            "The range",
            "unnamed",
            "a range safety officer",
        ),
        (
            "“No vessel was damaged,” the Coastguard Agency said in a statement.",
            "No vessel",
            "organisation",
            "Coastguard Agency",
        ),
    ],
)
def test_own_attribution_is_the_cue(text: str, starts: str, kind: str, cue_text: str) -> None:
    quote = only(text, starts)
    assert quote.cue is not None
    assert quote.cue.kind == kind
    assert cue_text in quote.cue.text
    assert text[quote.cue.start : quote.cue.end] == quote.cue.text
    assert 0.0 < quote.confidence <= 1.0


def test_second_quote_of_a_speaker_is_a_continuation_with_lower_confidence() -> None:
    text = (
        "“We train at night,” said Colonel Ines Duarte.\n\n"
        "“The drones changed everything. Nobody sleeps.”\n\n"
        "The regiment moves east next week."
    )
    first, second = extract_quotes(text)
    assert second.speaker == first.speaker == "Ines Duarte"
    assert second.cue is not None and second.cue.kind == "continuation"
    assert second.cue.text == "Ines Duarte"
    assert second.confidence < first.confidence


def test_attribution_in_the_next_sentence_is_adjacent() -> None:
    text = (
        "The convoy reached the border at dawn.\n\n"
        "“Every lorry arrived.” Tomas Brandt, the logistics chief, said this on Monday."
    )
    quote = only(text, "Every lorry")
    assert quote.speaker == "Tomas Brandt"
    assert quote.cue is not None and quote.cue.kind == "adjacent"
    assert text[quote.cue.start : quote.cue.end] == quote.cue.text


def test_unresolved_pronoun_has_no_speaker_and_zero_confidence() -> None:
    quote = only("“It will not happen again,” he said.", "It will not")
    assert quote.speaker == "" and quote.confidence == 0.0


def test_hide_unsure_speakers_keeps_sure_ones_and_blanks_the_rest() -> None:
    sure = Quote("a", 0, 1, "Ines Duarte", "colonel", confidence=0.9)
    unsure = Quote("b", 2, 3, "Smith Joked", confidence=0.3)
    kept, hidden = hide_unsure_speakers([sure, unsure], 0.5)
    assert kept == sure
    assert (hidden.speaker, hidden.role, hidden.speaker_kind) == ("", "", "unknown")
    assert speaker_label(hidden) == "unattributed"
    assert hide_unsure_speakers([unsure], 0.0) == [unsure]


def test_min_speaker_confidence_setting_is_bounded() -> None:
    assert BriefingSettings().min_speaker_confidence == 0.5
    with pytest.raises(ValueError, match="less than or equal"):
        BriefingSettings(min_speaker_confidence=1.5)


def test_evidence_offsets_index_the_input_exactly_after_dropped_lines() -> None:
    text = "\n\n   \nHeadline words\n\n\n“Ships are ready,” said Admiral Petra Lind.\n"
    quote = only(text, "Ships are ready")
    assert text[quote.start : quote.end] == quote.text
    assert quote.cue is not None
    assert text[quote.cue.start : quote.cue.end] == "Petra Lind"


def test_pronoun_cue_evidence_is_the_word_after_the_quote_not_inside_it() -> None:
    text = (
        "Crews met at the quay on Monday to plan the winter exercises with the fleet staff.\n\n"
        "“We are ready,” said Admiral Jo Vance, the fleet commander.\n\n"
        "“It is done, and the crews know their tasks,” he added."
    )
    (quote,) = [q for q in extract_quotes(text) if q.text.startswith("It is done")]
    assert quote.cue is not None and quote.cue.kind == "pronoun"
    assert text[quote.cue.start : quote.cue.end] == "he"
    assert quote.cue.start > quote.end  # the "he" of "he added", not the one in "the crews"
