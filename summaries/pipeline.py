"""Article in, quotes and briefing out: what ingestion calls for every new article."""

from __future__ import annotations

from summaries.briefing import compose_briefing, verified_quotes
from summaries.models import Article, Briefing, Quote
from summaries.quotes import extract_quotes
from summaries.topics import Lexicon


def brief_article(
    article: Article, *, lexicon: Lexicon | None = None, max_quotes: int = 3
) -> tuple[list[Quote], Briefing]:
    """All verified quotes of ``article`` (for the store) and its briefing."""
    quotes = verified_quotes(article, extract_quotes(article.text, article.title))
    return quotes, compose_briefing(article, quotes, lexicon=lexicon, max_quotes=max_quotes)
