"""HTML in, :class:`~summaries.models.Article` out: parse, prune, trafilatura, clean.

trafilatura runs with comments off, precision favoured and metadata on; its text then
passes the same paragraph guards as plain-text input.
"""

from __future__ import annotations

import logging
import re

import lxml.html
from lxml import etree

from summaries.models import Article
from summaries.text.charset import decode_html, fix_c1_controls
from summaries.text.furniture import clean_text, lead_paragraph
from summaries.text.metadata import (
    clean_title,
    host_of,
    ld_value,
    meta_content,
    page_canonical,
    page_published,
    page_title,
)
from summaries.text.prune import prune_page

logger = logging.getLogger(__name__)

# Comments dropped at parse time: a <!-- --> inside a paragraph makes trafilatura cut it.
_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
_SHORT_TEXT_CHARS = 600
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def _parse(markup: str) -> lxml.html.HtmlElement | None:
    markup = _XML_DECL.sub("", fix_c1_controls(markup), count=1)
    if not markup.strip():
        return None
    try:
        return lxml.html.document_fromstring(markup, parser=_PARSER)
    except (etree.ParserError, ValueError):
        logger.warning("unparseable HTML (%d chars)", len(markup))
        return None


def article_from_html(html: str | bytes, url: str = "", *, encoding: str | None = None) -> Article:
    """Extract the main text and metadata of a news page into an :class:`Article`."""
    markup = decode_html(html, encoding) if isinstance(html, bytes) else html
    root = _parse(markup)
    if root is None:
        return Article(text="", url=url, source=host_of(url))
    author = meta_content(root, "author", "article:author", "parsely-author") or ld_value(
        root, "author"
    )
    sitename = meta_content(root, "og:site_name", "application-name") or ld_value(root, "publisher")
    title = page_title(root, sitename)
    canonical = page_canonical(root, url)
    published = page_published(root)
    prune_page(root)
    body = clean_text(_trafilatura(root, url), title=title, one_paragraph_per_line=True)
    return Article(
        text=body,
        title=title,
        url=canonical or url,
        source=clean_title(sitename, "") or host_of(canonical or url),
        author=clean_title(author, ""),
        published=published,
        lead=lead_paragraph(body),
    )


def _trafilatura(root: lxml.html.HtmlElement, url: str) -> str:
    """The main text, one block a line (metadata is ours: trafilatura's date search is slow).

    Precision is favoured; when that leaves almost nothing, the balanced setting gets a
    second try (some pages' story sits where the precise pass does not look).
    """
    text = _extract(root, url, favor_precision=True)
    if len(text) < _SHORT_TEXT_CHARS:
        balanced = _extract(root, url, favor_precision=False)
        if len(balanced) > 2 * len(text):
            return balanced
    return text


def _extract(root: lxml.html.HtmlElement, url: str, *, favor_precision: bool) -> str:
    import trafilatura  # heavy import: only when a page is actually extracted

    text = trafilatura.extract(
        root,
        url=url or None,
        include_comments=False,
        favor_precision=favor_precision,
        with_metadata=False,
        include_tables=True,
        include_images=False,
        deduplicate=False,
    )
    return text or ""
