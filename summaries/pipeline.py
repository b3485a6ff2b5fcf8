"""Article in, quotes and briefing out: what ingestion calls for every new article."""

from __future__ import annotations

from dataclasses import replace

from summaries.briefing import compose_briefing, verified_quotes
from summaries.models import Article, Briefing, Quote
from summaries.quotes import extract_quotes
from summaries.topics import Lexicon


def hide_unsure_speakers(quotes: list[Quote], min_confidence: float) -> list[Quote]:
    """Quotes whose speaker confidence is below ``min_confidence`` lose their speaker:
    shown as unattributed rather than given to a guess."""
    return [
        replace(q, speaker="", role="", speaker_kind="unknown")
        if q.speaker and q.confidence < min_confidence
        else q
        for q in quotes
    ]


def brief_article(
    article: Article,
    *,
    lexicon: Lexicon | None = None,
    max_quotes: int = 3,
    min_speaker_confidence: float = 0.0,
) -> tuple[list[Quote], Briefing]:
    """All verified quotes of ``article`` (for the store) and its briefing."""
    quotes = verified_quotes(article, extract_quotes(article.text, article.title))
    quotes = hide_unsure_speakers(quotes, min_speaker_confidence)
    return quotes, compose_briefing(article, quotes, lexicon=lexicon, max_quotes=max_quotes)
