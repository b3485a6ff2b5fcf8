"""Quote spans: marks, apostrophes, nesting, multi-paragraph quotes, stray marks."""

from __future__ import annotations

import pytest

from summaries.article_body import article_body_end
from summaries.quotes import extract_quotes
from summaries.quotes.spans import find_quote_spans


def spans(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_quote_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("“We will win,” he said.", ["We will win,"], id="curly-double"),
        pytest.param('"We will win," he said.', ["We will win,"], id="straight-double"),
        pytest.param("‘We will win,’ he said.", ["We will win,"], id="curly-single"),
        pytest.param("'We will win,' he said.", ["We will win,"], id="straight-single"),
        pytest.param("«Nous gagnerons», a-t-il dit.", ["Nous gagnerons"], id="guillemets"),
        pytest.param("« Nous gagnerons », dit-il.", ["Nous gagnerons"], id="guillemets-spaced"),
        pytest.param("\x93We will win,\x94 he said.", ["We will win,"], id="c1-controls"),
        pytest.param("„Wir werden siegen“, sagte er.", ["Wir werden siegen"], id="low-high"),
        pytest.param(
            "“When they say ‘wait’, we act,” he said.",
            ["When they say ‘wait’, we act,"],
            id="single-inside-double",
        ),
        pytest.param(
            "‘When they say “wait”, we act,’ he said.",
            ["When they say “wait”, we act,"],
            id="double-inside-single",
        ),
        pytest.param(
            "‘The allies’ resolve is strong,’ she said.",
            ["The allies’ resolve is strong,"],
            id="plural-possessive-inside-single",
        ),
    ],
)
def test_marks(text: str, expected: list[str]) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Russia's navy and the allies' fleets met at 10 o'clock.", id="possessives"),
        pytest.param("Since the ’90s the fleet’s ships have aged.", id="decade-elision"),
        pytest.param("It was rock 'n' roll, and rock ’n’ roll it stayed.", id="rock-n-roll"),
        pytest.param('The 12" gun and the 5" shells were retired.', id="inches"),
        pytest.param("The base's ’em-dash ’til dawn o’clock", id="mixed-elisions"),
    ],
)
def test_apostrophes_are_not_quotes(text: str) -> None:
    assert spans(text) == []


def test_multi_paragraph_quote_is_one_span_per_paragraph_chained() -> None:
    text = (
        "He said:\n\n“The first paragraph of the speech runs on.\n\n"
        "“The middle paragraph carries on too.\n\n"
        "“The second paragraph ends it.”\n\nAfter."
    )
    first, middle, last = find_quote_spans(text)
    assert text[first.start : first.end] == "The first paragraph of the speech runs on."
    assert text[middle.start : middle.end] == "The middle paragraph carries on too."
    assert text[last.start : last.end] == "The second paragraph ends it."
    assert (first.continued, middle.continued, last.continued) == (True, True, False)
    assert [s.paragraph for s in (first, middle, last)] == [1, 2, 3]


def test_stray_mark_recovers_at_next_paragraph() -> None:
    text = (
        "The army's \"tank gap has been a weakness, analysts said.\n\n"
        '"We are back," the minister said.\n\n"It is done," he said.'
    )
    assert spans(text) == ["We are back,", "It is done,"]


def test_stray_opening_mark_keeps_later_quotes_in_paragraph() -> None:
    text = 'The "gap and then “We are back,” the minister said.'
    assert spans(text) == ["We are back,"]


def test_unclosed_quote_at_paragraph_start_runs_to_paragraph_end() -> None:
    text = "“We will not stop until the job is done, he said.\n\nNext paragraph."
    assert spans(text) == ["We will not stop until the job is done, he said."]


@pytest.mark.parametrize(
    ("text", "end_marker"),
    [
        ("Story text.\n\n2 COMMENTS\n\n1. comment", "2 COMMENTS"),
        ("Story text.\n\nLEAVE A REPLY\n\nPlease enter", "LEAVE A REPLY"),
        ("Story text.\n\nLeave a Reply\n", "Leave a Reply"),
        ("Story text.\n\nComments\n\nA reader wrote", "Comments"),
        ("Story text.\n\n  12 Comments  \n", "12 Comments"),
    ],
)
def test_article_body_end(text: str, end_marker: str) -> None:
    assert text[article_body_end(text) :].lstrip().startswith(end_marker)


def test_article_body_end_without_marker_is_length() -> None:
    text = "Comments from the minister were welcome.\n\nHe commented further."
    assert article_body_end(text) == len(text)


def test_nothing_quoted_from_comment_section() -> None:
    text = (
        "“We will buy more jets,” the minister said.\n\n3 COMMENTS\n\n"
        "“Rubbish,” Healey said, probably."
    )
    assert [q.text for q in extract_quotes(text)] == ["We will buy more jets,"]


def test_offsets_index_the_given_text_with_c1_marks() -> None:
    text = "Intro.\n\n\x93We are ready,\x94 General Jane Smith said."
    (q,) = extract_quotes(text)
    assert text[q.start : q.end] == q.text == "We are ready,"
    assert q.speaker == "Jane Smith"


def test_author_bio_box_ends_the_body() -> None:
    story = "“We will win,” Healey said.\n\n" + "More story text follows here. " * 5
    bio = "\n\nTom Bennett\nTom Bennett is a correspondent. He wrote “a book” once.\n"
    text = story + bio
    assert article_body_end(text) == text.index("Tom Bennett")
    assert [q.text for q in extract_quotes(text)] == ["We will win,"]


def test_related_headlines_block_at_end_is_skipped() -> None:
    text = (
        "“We will win,” Healey said.\n\nMore story text here.\n\nRelated\n"
        "‘We will not be intimidated’: Healey warns Russia\n"
        "Rutte says Europe is ‘stepping up’ on defence"
    )
    assert [q.text for q in extract_quotes(text)] == ["We will win,"]
