"""Plain text in (a saved page, pasted text, a feed body), an :class:`Article` out."""

from __future__ import annotations

from summaries.models import Article
from summaries.text.furniture import clean_text, lead_paragraph
from summaries.text.metadata import clean_title, host_of


def article_from_text(text: str, title: str = "", url: str = "") -> Article:
    """Clean plain text (e.g. a saved page or feed body) into an :class:`Article`."""
    title = clean_title(title, "")
    body = clean_text(text, title=title)
    return Article(
        text=body,
        title=title,
        url=url,
        source=host_of(url),
        lead=lead_paragraph(body),
    )
