"""HTML or plain text in, a clean :class:`~summaries.models.Article` out.

HTML goes through trafilatura (comments off, precision favoured, with metadata). Before
that we prune the page ourselves (hidden blocks, comment sections, author boxes,
share/related blocks, cookie and paywall furniture), and afterwards the text passes the
same paragraph guards as plain-text input, so none of that ever reaches ``Article.text``.
"""

from __future__ import annotations

import html as html_lib
import json
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from summaries.models import Article

logger = logging.getLogger(__name__)

PARAGRAPH_SEPARATOR = "\n\n"

# windows-1252 bytes 0x80-0x9F mis-decoded as ISO-8859-1 land on the C1 controls.
_C1_TABLE: dict[int, str] = {}
for _cp in range(0x80, 0xA0):
    try:
        _C1_TABLE[_cp] = bytes([_cp]).decode("cp1252")
    except UnicodeDecodeError:
        _C1_TABLE[_cp] = ""
_C1_TABLE.update({0x00AD: "", 0x200B: "", 0x200C: "", 0x200D: "", 0xFEFF: "", 0x00A0: " "})

# WHATWG: these labels all mean windows-1252 in practice.
_CP1252_LABELS = frozenset(
    {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp1252",
     "windows-1252", "x-cp1252", "iso_8859-1", "8859-1"}
)  # fmt: skip
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def fix_c1_controls(text: str) -> str:
    """Map C1 controls left by windows-1252 mis-decoding to the characters meant."""
    return text.translate(_C1_TABLE)


def decode_html(data: bytes, encoding: str | None = None) -> str:
    """Decode page bytes, treating ISO-8859-1 labels as windows-1252 like browsers do."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    label = encoding
    if not label:
        found = _CHARSET.search(data[:8192])
        label = found.group(1).decode("ascii", "ignore") if found else None
    label = (label or "").strip().lower()
    if label in _CP1252_LABELS:
        return data.decode("cp1252", errors="replace")
    for candidate in (label or "utf-8", "utf-8"):
        try:
            return data.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", errors="replace")


# --- paragraph guards (shared by HTML and plain text) ------------------------------

_TAIL = re.compile(
    r"""(?ix)^(?:
        \d+\s+(?:comments?|responses?|replies|thoughts?\b.*)
      | (?:reader\s+)?comments?(?:\s*\(\d+\))?:?
      | (?:leave|post|add|write)\s+a\s+(?:reply|comment|response).*
      | join\s+the\s+(?:conversation|discussion).*
      | (?:show|view|load|read)\s+(?:all\s+)?comments.*
      | have\s+your\s+say.*
      | please\s+enter\s+your\s+(?:comment|name).*
      | about\s+the\s+authors?:?
      | (?:you\s+(?:may|might)\s+also\s+(?:like|enjoy|be\s+interested\s+in)).*
    )$""",
)
# Headings that also occur as ordinary subheadings: they only end the story late on.
_TAIL_LATE = re.compile(
    r"""(?ix)^(?:
        related(?:\s+(?:articles|posts|stories|content|news|coverage|reading))?:?
      | (?:more|latest)\s+(?:from|on|in)\s+.{1,40}
      | (?:read|up)\s+next:?
      | (?:most\s+(?:read|popular)|recommended(?:\s+for\s+you)?|trending(?:\s+now)?):?
    )$""",
)
_DROP = re.compile(
    r"""(?ix)^(?:
        (?:share|tweet|email|print|facebook|twitter|x|linkedin|whatsapp|reddit|telegram
           |pinterest|copy\s+link|advertisement|sponsored|ad)\W*
      | share\s+(?:this|on|via|the)\b.{0,80}
      | (?:read\s+more|also\s+read|see\s+also|related|read|more|watch|listen)\s*:.{0,200}
      | (?:by|words\s+by|report(?:ing)?\s+by)\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}
          (?:\s*(?:,|\||and|&)\s*.{0,60}?[^.!?"”])?
      | (?:published|updated|posted|last\s+updated)(?:\s+on)?\s*(?::.{0,60}|\d.{0,50})
      | (?:photo|image|picture|credit|file\s+photo)\s*:.{0,200}
    )$""",
)
_FURNITURE = re.compile(
    r"""(?ix)
        we\s+use\s+cookies | (?:accept|manage|reject)\s+(?:all\s+)?cookies
      | cookie\s+(?:policy|settings|preferences)
      | by\s+(?:continuing|using)\s+(?:to\s+(?:browse|use)\s+)?(?:this|our)\s+(?:site|website)
      | subscribe\s+(?:now\s+)?to\s+(?:continue|read|keep\s+reading|unlock)
      | ^continue\s+reading\b | continue\s+reading\s+(?:with|for)\s+(?:a|an|our|unlimited)
      | (?:this|the\s+rest\s+of\s+this)\s+(?:article|story|content)\s+is\s+
          (?:for|available\s+to|reserved\s+for)\s+(?:paying\s+)?(?:subscribers|members)
      | (?:already\s+a\s+subscriber|subscribers?\s+only|premium\s+(?:content|article))
      | you\s*(?:'|’)?ve\s+(?:reached|used)\s+your\s+(?:free\s+)?(?:article|monthly|story)
      | you\s+have\s+(?:reached|used)\s+your\s+(?:free\s+)?(?:article|monthly|story)
      | (?:sign\s+in|log\s+in|register(?:\s+for\s+free)?)\s+to\s+(?:continue|read|unlock|keep)
      | unlock\s+(?:this|full|unlimited)\s+(?:article|access|story)
      | sign\s+up\s+(?:to|for)\s+(?:our|the)\s+[\w\s]{0,30}newsletter
      | (?:enter|your)\s+email\s+address\s+to\s+(?:subscribe|receive)
    """,
)
_BIO = re.compile(
    r"""(?x)^(?:[A-Z][\w'’.-]+\s+){1,3}(?:is|was|has\s+been|joined\s+.{1,60}?\s+as)\s+
        (?:a|an|the|our)\s+(?:[\w-]+\s+){0,4}?
        (?:editor|journalist|correspondent|reporter|writer|columnist|contributor|freelancer
           |founder\s+and\s+editor|author)\b""",
)
_BIO_SIGNAL = re.compile(
    r"(?i)holds\s+a\s+degree|follow\s+(?:him|her|them)\s+on|can\s+be\s+reached\s+at"
    r"|has\s+appeared\s+on\s+(?:national\s+)?(?:radio|television|tv)|you\s+can\s+(?:follow|contact)"
)
_JOURNALISM = re.compile(
    r"(?i)\b(?:editor|journalist|correspondent|reporter|writer|columnist|commentary|contributor)"
)
_FURNITURE_MAX_CHARS = 300
_NAME_LINE = re.compile(r"^(?:[A-Z][\w'’.-]+\s?){2,4}$")
_WS = re.compile(r"[ \t\r\f\v]+")
_SUBSTANTIVE_WORDS = 12


def split_paragraphs(text: str) -> list[str]:
    """Split on blank lines; join wrapped lines inside a paragraph; squash spaces."""
    text = fix_c1_controls(text).replace("\r\n", "\n").replace("\r", "\n")
    blocks = re.split(r"\n\s*\n", text)
    paragraphs = []
    for block in blocks:
        joined = " ".join(line.strip() for line in block.split("\n") if line.strip())
        joined = _WS.sub(" ", joined).strip()
        if joined:
            paragraphs.append(joined)
    return paragraphs


def _is_bio(paragraph: str) -> bool:
    if _BIO.search(paragraph):
        return True
    return bool(_BIO_SIGNAL.search(paragraph)) and bool(_JOURNALISM.search(paragraph))


def _is_furniture(paragraph: str) -> bool:
    """Share/byline/caption lines, and short cookie, paywall or newsletter notices."""
    if _DROP.match(paragraph):
        return True
    return len(paragraph) <= _FURNITURE_MAX_CHARS and bool(_FURNITURE.search(paragraph))


def _is_tail_marker(paragraph: str, *, late: bool = True) -> bool:
    if len(paragraph) > 120 or paragraph.endswith("."):
        return False
    return bool(_TAIL.match(paragraph)) or (late and bool(_TAIL_LATE.match(paragraph)))


def _tail_start(paragraphs: list[str]) -> int:
    """Index of the first paragraph of the trailing furniture (comments, bio, related).

    A bio-like paragraph only counts near the end (in the last three, or just before a
    comments/related marker), so a story about a reporter keeps its second half.
    """
    half = len(paragraphs) // 2
    for index, paragraph in enumerate(paragraphs):
        if index == 0:
            continue
        if _is_tail_marker(paragraph, late=index >= half):
            return index
        near_end = len(paragraphs) - index <= 3 or any(
            _is_tail_marker(p) for p in paragraphs[index + 1 : index + 4]
        )
        if index >= half and near_end and _is_bio(paragraph):
            return index
    return len(paragraphs)


def clean_paragraphs(paragraphs: list[str]) -> list[str]:
    """Drop furniture paragraphs and cut the trailing comment/bio/related section."""
    kept = paragraphs[: _tail_start(paragraphs)]
    kept = [p for p in kept if not _is_furniture(p)]
    while kept and _NAME_LINE.match(kept[-1]) and len(kept) > 1:
        kept.pop()  # the author's name line above a bio box
    return kept


def _cut_at_comment_section(text: str) -> str:
    """Ask the quote engine where comments start, when it offers that; else keep all."""
    try:
        from summaries.article_body import article_body_end
    except ImportError:
        return text
    try:
        end = int(article_body_end(text))
    except Exception:  # a helper's heuristic must never break extraction
        logger.warning("article_body_end failed; keeping own guards only", exc_info=True)
        return text
    if 0.3 * len(text) <= end < len(text):
        cut = text.rfind(PARAGRAPH_SEPARATOR, 0, end + 1)
        return text[: cut if cut > 0 else end].rstrip()
    return text


def clean_text(text: str, *, title: str = "", one_paragraph_per_line: bool = False) -> str:
    """Plain text -> clean body: paragraphs joined by a blank line, furniture removed.

    ``one_paragraph_per_line`` suits extractor output, where every line is a block.
    """
    if one_paragraph_per_line:
        text = fix_c1_controls(text).replace("\r", "\n").replace("\n", "\n\n")
    paragraphs = split_paragraphs(text)
    if title and paragraphs and paragraphs[0].casefold() == title.casefold():
        paragraphs = paragraphs[1:]
    body = PARAGRAPH_SEPARATOR.join(clean_paragraphs(paragraphs))
    return _cut_at_comment_section(body)


def lead_paragraph(text: str) -> str:
    """The first substantive paragraph (not a byline, caption or dateline)."""
    paragraphs = text.split(PARAGRAPH_SEPARATOR)
    for paragraph in paragraphs:
        if len(paragraph.split()) >= _SUBSTANTIVE_WORDS and paragraph[-1:] in '.!?"”’)':
            return paragraph
    return paragraphs[0] if paragraphs else ""


def article_from_text(text: str, title: str = "", url: str = "") -> Article:
    """Clean plain text (e.g. a saved page or feed body) into an :class:`Article`."""
    title = _clean_title(title, "")
    body = clean_text(text, title=title)
    return Article(
        text=body,
        title=title,
        url=url,
        source=_host(url),
        lead=lead_paragraph(body),
    )


# --- HTML ---------------------------------------------------------------------------

_JUNK_TOKEN = re.compile(
    r"""(?x)^(?:
        (?:\w+[-_])*comments?(?:[-_]\w+)*
      | commentlist | comment[-_]respond | respond | reply | replies | disqus(?:_thread)?
      | (?:td[-_])?author[-_]?(?:box|bio|info|block|card|profile|wrap|details|about)
      | about[-_]?(?:the[-_])?author | bio[-_]?box | author[-_]bio[-_]box
      | .*share.* | sharedaddy | social(?:[-_].*)? | sharing
      | (?:jp[-_])?related(?:[-_]?(?:posts?|articles?|stories|content|links|box))?
      | relatedposts | read[-_]?more | more[-_](?:stories|articles|news) | recommended.*
      | also[-_]read | you[-_]may[-_]like | outbrain.* | taboola.* | newsletter.*
      | .*cookie.* | .*consent.* | gdpr.* | cmp[-_].*
      | .*paywall.* | subscribe.* | subscription.* | piano.* | tp[-_](?:modal|container).*
      | premium[-_](?:teaser|wall|overlay) | regwall.* | meter(?:ed)?[-_].*
      | ad | ads | advert.* | ad[-_](?:slot|unit|container|wrapper).* | sponsored.* | promo.*
      | hidden | sr[-_]only | visually[-_]hidden | screen[-_]reader[-_]text | d[-_]none
    )$""",
    re.IGNORECASE,
)
_KEEP_TOKEN = re.compile(
    r"(?i)^(?:entry[-_]content|post[-_](?:content|body)|article[-_](?:body|content|text)"
    r"|story[-_]body|td[-_]post[-_]content|main[-_]content)$"
)
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "footer",
    "form",
    "iframe",
    "dialog",
    "button",
    "svg",
    "figcaption",
)
_NEVER_PRUNE = frozenset({"html", "head", "body", "article", "main"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def _tokens(element: etree._Element) -> list[str]:
    attrs = f"{element.get('class', '')} {element.get('id', '')}"
    return attrs.split()


def _is_junk(element: etree._Element) -> bool:
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if _HIDDEN_STYLE.search(element.get("style", "")):
        return True
    tokens = _tokens(element)
    if any(_KEEP_TOKEN.match(token) for token in tokens):
        return False
    return any(_JUNK_TOKEN.match(token) for token in tokens)


def prune_page(root: lxml.html.HtmlElement) -> None:
    """Remove hidden blocks and page furniture in place, before extraction."""
    body = root.find("body")
    body_chars = len(body.text_content()) if body is not None else 0
    doomed = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in _NEVER_PRUNE:
            continue
        if element.tag in _DROP_TAGS or _is_junk(element):
            doomed.append(element)
    for element in doomed:
        parent = element.getparent()
        if parent is None:
            continue
        if (
            element.tag not in _DROP_TAGS
            and body_chars
            and (len(element.text_content()) > 0.6 * body_chars and not _is_hidden(element))
        ):
            continue  # a wrapper around the whole story, not furniture
        element.drop_tree()


def _is_hidden(element: etree._Element) -> bool:
    return element.get("hidden") is not None or bool(_HIDDEN_STYLE.search(element.get("style", "")))


def _meta(root: lxml.html.HtmlElement, *names: str) -> str:
    wanted = {name.lower() for name in names}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in wanted and (meta.get("content") or "").strip():
            return str(meta.get("content")).strip()
    return ""


def _json_ld(root: lxml.html.HtmlElement) -> Iterator[dict[str, Any]]:
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        yield from _ld_objects(data)


def _ld_objects(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _ld_objects(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _ld_objects(data["@graph"])


def _ld_value(root: lxml.html.HtmlElement, key: str) -> str:
    for obj in _json_ld(root):
        value = obj.get(key)
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, dict):
            value = value.get("name", "")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def parse_datetime(value: str) -> datetime | None:
    """ISO 8601 (with or without zone), RFC 2822 or a bare date -> aware UTC datetime."""
    value = value.strip()
    if not value:
        return None
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def page_published(root: lxml.html.HtmlElement) -> datetime | None:
    """Publication time from page metadata: meta tags, JSON-LD, then ``<time>``."""
    candidates = [
        _meta(
            root,
            "article:published_time",
            "og:published_time",
            "article:published",
            "datePublished",
            "pubdate",
            "publishdate",
            "publish-date",
            "date",
            "dc.date",
            "dc.date.issued",
            "dcterms.date",
            "dcterms.created",
            "parsely-pub-date",
            "sailthru.date",
            "article.published",
        ),
        _ld_value(root, "datePublished"),
    ]
    candidates += [t.get("datetime", "") for t in root.iter("time") if t.get("datetime")]
    for candidate in candidates:
        parsed = parse_datetime(candidate)
        if parsed is not None:
            return parsed
    return None


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _clean_title(title: str, sitename: str) -> str:
    title = _WS.sub(" ", fix_c1_controls(html_lib.unescape(title))).strip()
    if sitename:
        for sep in (" | ", " - ", " – ", " — ", " :: "):
            if title.endswith(sep + sitename):
                return title[: -len(sep + sitename)].strip()
    return title


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
        return Article(text="", url=url, source=_host(url))
    published = page_published(root)
    meta_author = _meta(root, "author", "article:author", "parsely-author") or _ld_value(
        root, "author"
    )
    site_meta = _meta(root, "og:site_name", "application-name") or _ld_value(root, "publisher")
    prune_page(root)
    doc = _trafilatura(root, url)
    sitename = site_meta or str(doc.get("sitename") or "")
    canonical = str(doc.get("url") or "")
    if not canonical.startswith(("http://", "https://")):
        canonical = url
    title = _clean_title(str(doc.get("title") or ""), sitename)
    body = clean_text(str(doc.get("text") or ""), title=title, one_paragraph_per_line=True)
    if published is None and doc.get("date"):
        published = parse_datetime(str(doc["date"]))
    return Article(
        text=body,
        title=title,
        url=canonical or url,
        source=_clean_title(sitename, "") or _host(canonical or url),
        author=_clean_title(str(doc.get("author") or meta_author), ""),
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
