"""Property tests: any text is handled, and every span indexes the text exactly."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from summaries.quotes import extract_quotes
from summaries.quotes.spans import find_quote_spans

MARKS = "\"'“”‘’«»‹›„\x91\x92\x93\x94"
WORDS = ["He", "said", "Rutte", "the", "minister", "told", "she", "NATO", "according", "to"]

quote_heavy_text = st.lists(
    st.one_of(
        st.sampled_from(list(MARKS)),
        st.sampled_from(WORDS),
        st.sampled_from([" ", " ", ", ", ". ", ": ", "\n", "\n\n", "’s ", "s’ "]),
        st.text(max_size=8),
    ),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises_and_spans_are_substrings(text: str) -> None:
    for q in extract_quotes(text):
        assert text[q.start : q.end] == q.text
        assert q.speaker.lower() not in {"he", "she", "they", "it", "i", "we"}


@settings(max_examples=400, deadline=None)
@given(quote_heavy_text, st.text(max_size=30))
def test_quote_heavy_text_gives_sorted_exact_spans(text: str, title: str) -> None:
    quotes = extract_quotes(text, title)
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)
    for q in quotes:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert q.kind in {"full", "partial"}
        assert q.speaker_kind in {"person", "unnamed", "organisation", "unknown"}
        assert (q.speaker == "") == (q.speaker_kind == "unknown")


@settings(max_examples=300, deadline=None)
@given(quote_heavy_text)
def test_spans_do_not_overlap(text: str) -> None:
    spans = find_quote_spans(text)
    for a, b in itertools.pairwise(spans):
        assert a.end <= b.start
