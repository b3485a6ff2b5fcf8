"""Page metadata: meta tags, JSON-LD, publication time, site name and a clean title."""

from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import lxml.html

from summaries.text.charset import fix_c1_controls

_WS = re.compile(r"[ \t\r\f\v]+")


def meta_content(root: lxml.html.HtmlElement, *names: str) -> str:
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


def ld_value(root: lxml.html.HtmlElement, key: str) -> str:
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
        meta_content(
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
        ld_value(root, "datePublished"),
    ]
    candidates += [t.get("datetime", "") for t in root.iter("time") if t.get("datetime")]
    for candidate in candidates:
        parsed = parse_datetime(candidate)
        if parsed is not None:
            return parsed
    return None


def host_of(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def clean_title(title: str, sitename: str) -> str:
    title = _WS.sub(" ", fix_c1_controls(html_lib.unescape(title))).strip()
    if sitename:
        for sep in (" | ", " - ", " – ", " — ", " :: "):
            if title.endswith(sep + sitename):
                return title[: -len(sep + sitename)].strip()
    return title


def page_title(root: lxml.html.HtmlElement, sitename: str) -> str:
    """The headline as the page states it: og:title, JSON-LD headline, <h1>, then <title>."""
    candidates = [
        meta_content(root, "og:title"),
        ld_value(root, "headline"),
        meta_content(root, "twitter:title"),
        _first_text(root, "h1"),
        _first_text(root, "title"),
    ]
    for candidate in candidates:
        title = clean_title(candidate, sitename)
        if title:
            return title
    return ""


def _first_text(root: lxml.html.HtmlElement, tag: str) -> str:
    for element in root.iter(tag):
        text: str = element.text_content().strip()
        if text:
            return text
    return ""


def page_canonical(root: lxml.html.HtmlElement, url: str) -> str:
    """The page's canonical URL (``<link rel=canonical>`` or og:url) when absolute."""
    for link in root.iter("link"):
        if (link.get("rel") or "").lower() == "canonical":
            href = (link.get("href") or "").strip()
            if href.startswith(("http://", "https://")):
                return href
    og_url = meta_content(root, "og:url")
    return og_url if og_url.startswith(("http://", "https://")) else url
