"""HTML in, :class:`~summaries.models.Article` out: parse, prune, trafilatura, clean.

trafilatura runs with comments off, precision favoured and metadata on; its text then
passes the same paragraph guards as plain-text input.
"""

from __future__ import annotations

import logging
import re
from typing import Any

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
    page_published,
    parse_datetime,
)
from summaries.text.prune import prune_page

logger = logging.getLogger(__name__)

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def _parse(markup: str) -> lxml.html.HtmlElement | None:
    markup = _XML_DECL.sub("", fix_c1_controls(markup), count=1)
    if not markup.strip():
        return None
    try:
        return lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        logger.warning("unparseable HTML (%d chars)", len(markup))
        return None


def article_from_html(html: str | bytes, url: str = "", *, encoding: str | None = None) -> Article:
    """Extract the main text and metadata of a news page into an :class:`Article`."""
    markup = decode_html(html, encoding) if isinstance(html, bytes) else html
    root = _parse(markup)
    if root is None:
        return Article(text="", url=url, source=host_of(url))
    published = page_published(root)
    meta_author = meta_content(root, "author", "article:author", "parsely-author") or ld_value(
        root, "author"
    )
    site_meta = meta_content(root, "og:site_name", "application-name") or ld_value(
        root, "publisher"
    )
    prune_page(root)
    doc = _trafilatura(root, url)
    sitename = site_meta or str(doc.get("sitename") or "")
    canonical = str(doc.get("url") or "")
    if not canonical.startswith(("http://", "https://")):
        canonical = url
    title = clean_title(str(doc.get("title") or ""), sitename)
    body = clean_text(str(doc.get("text") or ""), title=title, one_paragraph_per_line=True)
    if published is None and doc.get("date"):
        published = parse_datetime(str(doc["date"]))
    return Article(
        text=body,
        title=title,
        url=canonical or url,
        source=clean_title(sitename, "") or host_of(canonical or url),
        author=clean_title(str(doc.get("author") or meta_author), ""),
        published=published,
        lead=lead_paragraph(body),
    )


def _trafilatura(root: lxml.html.HtmlElement, url: str) -> dict[str, Any]:
    import trafilatura  # heavy import: only when a page is actually extracted

    document = trafilatura.bare_extraction(
        root,
        url=url or None,
        include_comments=False,
        favor_precision=True,
        with_metadata=True,
        include_tables=False,
        include_images=False,
    )
    if document is None:
        return {}
    if isinstance(document, dict):
        return document
    as_dict: dict[str, Any] = document.as_dict()
    return as_dict
