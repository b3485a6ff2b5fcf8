"""Feed documents to entries: RSS, Atom and JSON Feed via feedparser, made safe.

Refuses XML with entity declarations (no "billion laughs", no external entities) before
any parser sees it, tells an HTML page from a feed, and decodes double-encoded titles.
"""

from __future__ import annotations

import calendar
import contextlib
import html
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from bot.domain import FeedEntry

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|mc_cid$|mc_eid$|ocid$|cmpid$|_ga$|ref$|source$)")
# Parameters that only track the reader: dropped from every stored and displayed link.
_CLICK_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|igshid|mc_cid|mc_eid|_ga|_gl"
    r"|ocid|cmpid|mkt_tok|_hsenc|_hsmi|oly_enc_id|oly_anon_id|vero_id|wt_mc|at_medium|at_campaign)$",
    re.IGNORECASE,
)
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"
)


class FeedFormatError(ValueError):
    """The document is not a usable feed; the message says why."""


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str
    site_url: str
    kind: str  # rss20, atom10, json11 ... as feedparser names them
    entries: list[FeedEntry]


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no fragment, default port or tracking parameters."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = (
        host
        if port is None or (scheme, port) in (("http", 80), ("https", 443))
        else f"{host}:{port}"
    )
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING.match(k)
        ]
    )
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, query, ""))


def strip_tracking(url: str) -> str:
    """``url`` without reader-tracking parameters (``utm_*``, ``fbclid`` ...); else unchanged."""
    parts = urlsplit(url.strip())
    if not parts.query:
        return url.strip()
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not _CLICK_TRACKING.match(k)]
    if len(kept) == len(pairs):
        return url.strip()
    return urlunsplit(parts._replace(query=urlencode(kept)))


def clean_title(title: str) -> str:
    """Decode entities feedparser leaves (``Veterans&rsquo;``), strip tags, fold spaces."""
    text = html.unescape(html.unescape(title)).replace("\x00", "")
    text = re.sub(r"<[^>]{0,200}>", "", text)
    return " ".join(text.split())


def _looks_like_html(body: bytes, content_type: str) -> bool:
    head = body[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return True
    return (
        "text/html" in content_type.lower()
        and not head.startswith(b"<?xml")
        and b"<rss" not in head
    )


def _when(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def _entry(raw: Any, base_url: str) -> FeedEntry | None:
    link = raw.get("link") or ""
    if not link:
        for item in raw.get("links", []) or []:
            if item.get("rel") in (None, "alternate") and item.get("href"):
                link = item["href"]
                break
    guid = str(raw.get("id") or raw.get("guid") or "")
    if not link and guid.startswith(("http://", "https://")):
        link = guid
    if not link:
        return None
    link = strip_tracking(urljoin(base_url, link))
    if urlsplit(link).scheme not in ("http", "https"):
        return None
    content = ""
    for part in raw.get("content", []) or []:
        value = part.get("value") or ""
        if len(value) > len(content):
            content = value
    return FeedEntry(
        guid=(guid or link)[:2048],
        url=link,
        title=clean_title(raw.get("title") or "")[:500],
        summary_html=raw.get("summary") or "",
        content_html=content,
        author=clean_title(raw.get("author") or "")[:300],
        published=_when(raw),
    )


def _json_date(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def parse_json_feed(body: bytes, url: str = "") -> ParsedFeed:
    """JSON Feed 1.0/1.1 (feedparser reads only XML)."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise FeedFormatError(f"malformed JSON feed ({exc})") from None
    if not isinstance(data, dict) or "jsonfeed.org/version" not in _str(data.get("version")):
        raise FeedFormatError("JSON document is not a JSON Feed (no jsonfeed.org version)")
    items = data.get("items")
    entries: list[FeedEntry] = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        link = strip_tracking(urljoin(url, _str(item.get("url")) or _str(item.get("external_url"))))
        if urlsplit(link).scheme not in ("http", "https"):
            continue
        raw_author = item.get("author")
        author: dict[str, Any] = raw_author if isinstance(raw_author, dict) else {}
        entries.append(
            FeedEntry(
                guid=(_str(item.get("id")) or link)[:2048],
                url=link,
                title=clean_title(_str(item.get("title")))[:500],
                summary_html=html.escape(_str(item.get("summary"))),
                content_html=_str(item.get("content_html"))
                or html.escape(_str(item.get("content_text"))),
                author=clean_title(_str(author.get("name")))[:300],
                published=_json_date(item.get("date_published") or item.get("date_modified")),
            )
        )
    return ParsedFeed(
        title=clean_title(_str(data.get("title")))[:200],
        site_url=_str(data.get("home_page_url")),
        kind="json" + _str(data.get("version")).rsplit("/", 1)[-1].replace(".", ""),
        entries=entries,
    )


def parse_feed(body: bytes, *, url: str = "", content_type: str = "") -> ParsedFeed:
    if not body.strip():
        raise FeedFormatError("empty response")
    if body.lstrip()[:1] == b"{":
        return parse_json_feed(body, url)
    if _ENTITY_DECL.search(body[:65536]):
        raise FeedFormatError(
            "refused: the XML declares entities (possible entity-expansion attack)"
        )
    if _looks_like_html(body, content_type):
        raise FeedFormatError("not a feed: the URL returned an HTML page")
    import feedparser  # imported on first parse: costly, and most commands never parse

    parsed = feedparser.parse(
        body,
        response_headers={
            "content-location": url,
            "content-type": content_type or "application/xml",
        },
    )
    version = parsed.get("version") or ""
    if not version and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise FeedFormatError(
            f"not a feed or malformed XML ({reason})" if reason else "not an RSS, Atom or JSON feed"
        )
    feed = parsed.get("feed") or {}
    entries = [e for e in (_entry(raw, url) for raw in parsed.entries) if e is not None]
    if parsed.get("bozo") and not entries:
        raise FeedFormatError(f"malformed feed ({parsed.get('bozo_exception')})")
    return ParsedFeed(
        title=clean_title(feed.get("title") or "")[:200],
        site_url=feed.get("link") or "",
        kind=version or "unknown",
        entries=entries,
    )


class _LinkFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "link" or len(self.found) > 20:
            return
        values = {k.lower(): (v or "") for k, v in attrs}
        rel = values.get("rel", "").lower().split()
        kind = values.get("type", "").lower()
        if (
            "alternate" in rel
            and values.get("href")
            and any(t in kind for t in ("rss", "atom", "feed+json", "json"))
        ):
            self.found.append((values["href"], values.get("title", "")))


def discover_feeds(page: bytes, base_url: str) -> list[tuple[str, str]]:
    """Feed links a web page advertises with ``<link rel="alternate">`` (url, title)."""
    finder = _LinkFinder()
    with contextlib.suppress(AssertionError, ValueError):  # html.parser is lenient anyway
        finder.feed(page[:500_000].decode("utf-8", errors="replace"))
    return [(urljoin(base_url, href), title) for href, title in finder.found]
