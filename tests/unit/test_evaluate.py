"""The evaluator's rules, and the engine's floor on the development set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summaries.models import Quote
from tests.quality.quotes_eval import (
    Extractor,
    evaluate,
    main,
    quote_tokens,
    speaker_matches,
    token_f1,
)

DEV = Path(__file__).parents[1] / "fixtures" / "quotes" / "dev.jsonl"

ARTICLE = {
    "id": "a1",
    "text": "“We will win,” Mark Rutte said. Officials called it “a turning point”.",
    "quotes": [
        {"quote": "We will win,", "speaker": "Mark Rutte", "kind": "full"},
        {"quote": "a turning point", "speaker": "officials", "kind": "partial"},
    ],
    "patterns": ["trail"],
}


def fixed(*quotes: tuple[str, str]) -> Extractor:
    def extractor(text: str, title: str = "") -> list[Quote]:
        out = []
        for words, speaker in quotes:
            start = text.index(words)
            out.append(Quote(words, start, start + len(words), speaker))
        return out

    return extractor


def test_token_f1_normalises_marks_and_space() -> None:
    assert token_f1(quote_tokens("“We  will\nwin,”"), quote_tokens('"we will win"')) == 1.0
    assert token_f1(quote_tokens("We will"), quote_tokens("We will win")) == pytest.approx(0.8)


@pytest.mark.parametrize(
    ("predicted", "gold", "ok"),
    [
        ("Mark Rutte", "Mark Rutte", True),
        ("Rutte", "Mark Rutte", True),
        ("mark rutte", "Secretary General Mark Rutte", True),
        ("Gen. Christopher Cavoli", "Christopher Cavoli", True),
        ("Sir Patrick Sanders", "Patrick Sanders", True),
        ("Kremlin", "the Kremlin", True),
        ("he", "Mark Rutte", False),
        ("He", "he", False),
        ("John Healey", "Mark Rutte", False),
        ("", "Mark Rutte", False),
        ("Jane Doe", "Secretary Doe", True),  # an office title before a name is the role
        ("Jane Doe", "Sen. Doe", True),
        ("Jane Doe", "President", False),  # a bare title names nobody
        ("Jane Doe", "President John Doe", False),
    ],
)
def test_speaker_rule(predicted: str, gold: str, ok: bool) -> None:
    assert speaker_matches(predicted, gold) is ok


def test_perfect_extractor_scores_one() -> None:
    report = evaluate([ARTICLE], fixed(("We will win,", "Mark Rutte")))
    assert (report.precision, report.recall, report.speaker_accuracy) == (1.0, 1.0, 1.0)
    assert report.end_to_end_f1 == 1.0
    assert report.patterns["trail"]["f1"] == 1.0


def test_partial_prediction_counts_for_precision_not_recall() -> None:
    report = evaluate([ARTICLE], fixed(("a turning point", "officials")))
    assert report.precision == 1.0 and report.recall == 0.0


def test_false_positive_and_wrong_speaker() -> None:
    report = evaluate(
        [ARTICLE], fixed(("We will win,", "he"), ("Officials called it", "officials"))
    )
    assert report.precision == 0.5 and report.recall == 1.0
    assert report.speaker_accuracy == 0.0 and report.end_to_end_f1 == 0.0
    assert {e["error"] for e in report.errors} == {
        "false_positive",
        "wrong_speaker",
        "missed_short",  # "a turning point": three words, so a short partial quote
    }


def test_short_partial_quotes_have_their_own_recall() -> None:
    found = evaluate([ARTICLE], fixed(("We will win,", "Mark Rutte"), ("a turning point", "x")))
    missed = evaluate([ARTICLE], fixed(("We will win,", "Mark Rutte")))
    assert found.overall["short_partial_recall"] == 1.0
    assert missed.overall["short_partial_recall"] == 0.0
    assert (found.counts["gold_short"], missed.counts["gold_short_matched"]) == (1, 0)


TWO_VOICES = {
    "id": "a2",
    "text": "“Hold the line,” Ann Roe said. “Push on,” said Ben Poe.",
    "quotes": [
        {"quote": "Hold the line,", "speaker": "Ann Roe", "kind": "full"},
        {"quote": "Push on,", "speaker": "Ben Poe", "kind": "full"},
    ],
}


def test_named_accuracy_counts_only_speakers_a_reader_sees() -> None:
    def extractor(text: str, title: str = "") -> list[Quote]:
        right = Quote("Hold the line,", 1, 15, "Ann Roe", confidence=0.9)
        wrong = Quote(
            "Push on,", text.index("Push"), text.index("Push") + 8, "Ann Roe", confidence=0.3
        )
        return [right, wrong]

    shown = evaluate([TWO_VOICES], extractor, threshold=0.5)
    assert shown.speaker_accuracy == 0.5  # every guess counts here
    assert shown.overall["named_share"] == 0.5  # the low-confidence one says "unattributed"
    assert shown.overall["named_accuracy"] == 1.0
    everything = evaluate([TWO_VOICES], extractor, threshold=0.0)
    assert (everything.overall["named_share"], everything.overall["named_accuracy"]) == (1.0, 0.5)


def test_cli_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    assert main([str(gold), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["overall"]) == {
        "precision",
        "recall",
        "f1",
        "speaker_accuracy",
        "end_to_end_f1",
        "short_partial_recall",
        "named_share",
        "named_accuracy",
    }


def test_dev_set_is_large_and_covers_negatives() -> None:
    records = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()]
    assert len(records) >= 40
    patterns = {p for r in records for p in r["patterns"]}
    assert {"negative_no_quotes", "negative_scare_quotes", "negative_apostrophes"} <= patterns
    for record in records:
        for quote in record["quotes"]:
            assert quote["quote"] in record["text"]


def test_engine_floor_on_dev_set() -> None:
    """Fails the suite if the engine regresses below the figures it reaches today."""
    report = evaluate(DEV)
    assert report.articles >= 100
    assert report.precision >= 0.98
    assert report.recall >= 0.98
    assert report.speaker_accuracy >= 0.97
    assert report.end_to_end_f1 >= 0.97
