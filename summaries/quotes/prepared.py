"""One article made ready for attribution.

``PreparedArticle`` holds what every step of quote extraction reads: the text, the quote
spans kept (not in a related-links block, furniture line, aside or nickname), the masked
narrative (quote interiors and furniture lines blanked), its paragraphs and sentences with
look-ups by offset, and the cast of people collected from the narrative.
"""

from __future__ import annotations

import bisect

from summaries.article_body import article_body_end, is_aside
from summaries.quotes.cast import Cast, build_cast
from summaries.quotes.filters import furniture_lines, is_nickname, related_block
from summaries.quotes.sentences import sentence_bounds
from summaries.quotes.spans import QuoteSpan, find_quote_spans, paragraphs


class PreparedArticle:
    """One article's text, masked narrative, paragraphs, sentences and cast."""

    def __init__(self, text: str, title: str) -> None:
        self.text = text
        limit = article_body_end(text)
        self.paras = paragraphs(text, limit)
        related = related_block(text, self.paras)
        furniture = furniture_lines(text, self.paras)
        self.spans = [
            span
            for span in find_quote_spans(text, limit)
            if span.paragraph not in related
            and span.paragraph not in furniture
            and not is_aside(text[text.rfind("\n", 0, span.open_at) + 1 : span.open_at])
            and not is_nickname(text, span)
        ]
        self.masked = _blank(_mask(text, self.spans), [self.paras[k] for k in furniture])
        self.sentences: list[tuple[int, int]] = []
        for ps, pe in self.paras:
            self.sentences.extend(sentence_bounds(self.masked, ps, pe))
        self.sent_starts = [s for s, _e in self.sentences]
        self.para_starts = [s for s, _e in self.paras]
        self.cast: Cast = build_cast(self.masked, self.sentences, title)
        self.narrative_noted: set[int] = set()
        self.offices_noted: set[int] = set()

    def sentence_of(self, at: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, at) - 1)

    def para_of(self, at: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, at) - 1)


def _mask(text: str, spans: list[QuoteSpan]) -> str:
    chars = list(text)
    for span in spans:
        for i in range(span.start, span.end):
            if chars[i] != "\n":
                chars[i] = "\x00"
        last = text[span.end - 1]
        if last in ".!?…":
            chars[span.end - 1] = last
    return "".join(chars)


def _blank(masked: str, lines: list[tuple[int, int]]) -> str:
    """Furniture lines become spaces: no cue or cast member is read from a headline."""
    if not lines:
        return masked
    chars = list(masked)
    for s, e in lines:
        chars[s:e] = " " * (e - s)
    return "".join(chars)
