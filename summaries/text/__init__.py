"""Page or plain text in, a clean Article out (pure; imports only summaries, lxml, trafilatura)."""

from summaries.text.charset import decode_html, fix_c1_controls
from summaries.text.furniture import PARAGRAPH_SEPARATOR, clean_text, lead_paragraph
from summaries.text.metadata import parse_datetime
from summaries.text.page import article_from_html
from summaries.text.plain import article_from_text

__all__ = [
    "PARAGRAPH_SEPARATOR",
    "article_from_html",
    "article_from_text",
    "clean_text",
    "decode_html",
    "fix_c1_controls",
    "lead_paragraph",
    "parse_datetime",
]
