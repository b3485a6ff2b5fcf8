"""Feed management shared by the CLI and the chat admin commands.

Every action is validated, recorded in the audit log and returns a one-line message.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING
from xml.etree.ElementTree import Element, SubElement, indent, tostring

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from bot.domain import Feed
from bot.ingest.feedformat import (
    FEED_ACCEPT,
    FeedFormatError,
    canonical_url,
    discover_feeds,
    parse_feed,
)
from bot.ingest.netguard import BlockedURL, check_url
from bot.planning.filters import FilterError, validate_terms
from bot.store.feeds import FeedExists

if TYPE_CHECKING:
    from bot.ingest.fetch import Fetcher
    from bot.ingest.netguard import IPNetwork
    from bot.store import Store

log = logging.getLogger(__name__)
MAX_OPML_BYTES = 5_000_000
MAX_OPML_FEEDS = 2000
_KIND_PREFIX = re.compile(r"^(\w+): (?=\1\b)", re.IGNORECASE)


class FeedAdminError(Exception):
    """An admin action was refused; the message says why."""


class FeedAdmin:
    def __init__(
        self,
        store: Store,
        *,
        fetcher: Callable[[], Fetcher],
        allowed_networks: Sequence[IPNetwork],
        max_feed_bytes: int,
        clock: Callable[[], datetime],
        actor: str,
        platform: str,
    ) -> None:
        """``fetcher`` is called only when a feed must be fetched (adding one), so listing
        or pausing feeds opens no HTTP client."""
        self._store = store
        self._fetcher = fetcher
        self._networks = allowed_networks
        self._max_feed_bytes = max_feed_bytes
        self._clock = clock
        self._actor = actor
        self._platform = platform

    async def _audit(self, action: str, detail: str) -> None:
        await self._store.audit.record(
            self._platform, self._actor, action, detail, now=self._clock()
        )

    async def _find(self, ref: str) -> Feed:
        found = await self._store.feeds.matching(ref.strip())
        if not found:
            raise FeedAdminError(
                f"No feed matches {ref.strip()[:100]!r}. List them with /feeds or `sitrep feeds list`."
            )
        if len(found) > 1:
            candidates = "; ".join(f"#{f.id} {f.url}" for f in found[:10])
            raise FeedAdminError(
                f"{ref.strip()[:100]!r} matches {len(found)} feeds ({candidates}); "
                "give the number or the URL instead."
            )
        return found[0]

    async def _existing(self, url: str) -> Feed | None:
        """The feed already added under another spelling of ``url``, if any."""
        key = feed_key(url)
        return next((f for f in await self._store.feeds.list() if feed_key(f.url) == key), None)

    async def validate(self, url: str) -> tuple[str, str]:
        """Fetch ``url`` once: returns (feed URL, title). Discovers the feed of an HTML page."""
        from bot.ingest.fetch import FetchError

        url = self._checked(url)
        max_bytes = self._max_feed_bytes
        try:
            fetched = await self._fetcher().get(url, max_bytes=max_bytes, accept=FEED_ACCEPT)
            try:
                parsed = parse_feed(
                    fetched.body, url=fetched.url, content_type=fetched.content_type
                )
                return fetched.url, parsed.title
            except FeedFormatError as exc:
                links = discover_feeds(fetched.body, fetched.url) if "HTML page" in str(exc) else []
                if not links:
                    raise FeedAdminError(f"Not a feed: {url[:200]} ({exc})") from None
            feed_url = check_url(links[0][0], self._networks)
            fetched = await self._fetcher().get(feed_url, max_bytes=max_bytes, accept=FEED_ACCEPT)
            parsed = parse_feed(fetched.body, url=fetched.url, content_type=fetched.content_type)
            return fetched.url, parsed.title or links[0][1]
        except (FetchError, FeedFormatError, BlockedURL) as exc:
            if isinstance(exc, BlockedURL) or getattr(exc, "kind", "") == "blocked":
                raise FeedAdminError(f"Refused {url[:200]}: {exc}") from None
            raise FeedAdminError(f"Cannot use {url[:200]}: {exc}") from None

    def _checked(self, url: str) -> str:
        try:
            return check_url(url, self._networks)
        except BlockedURL as exc:
            raise FeedAdminError(f"Refused {url.strip()[:200]}: {exc}") from None

    async def add(self, url: str, *, name: str = "", category: str = "", check: bool = True) -> str:
        title = ""
        url = self._checked(url)
        if check:
            url, title = await self.validate(url)
        existing = await self._existing(url)
        if existing is not None:
            raise FeedAdminError(f"That feed is already added as #{existing.id} {existing.name}")
        try:
            feed = await self._store.feeds.add(
                url, name[:200] or title or url, category[:100], now=self._clock()
            )
        except FeedExists:
            raise FeedAdminError(f"That feed is already added: {url}") from None
        await self._audit("feed.add", f"{feed.id} {url}")
        return f"Added feed #{feed.id} {feed.name} ({url})"

    async def remove(self, ref: str) -> str:
        feed = await self._find(ref)
        await self._store.feeds.remove(feed.id)
        await self._audit("feed.remove", f"{feed.id} {feed.url}")
        return f"Removed feed #{feed.id} {feed.name}"

    async def pause(self, ref: str) -> str:
        feed = await self._find(ref)
        if feed.paused:
            return f"Feed #{feed.id} {feed.name} was already paused"
        await self._store.feeds.set_paused(feed.id, True, f"paused by {self._actor}")
        await self._audit("feed.pause", f"{feed.id} {feed.url}")
        return f"Paused feed #{feed.id} {feed.name}"

    async def resume(self, ref: str) -> str:
        feed = await self._find(ref)
        if not feed.paused:
            return f"Feed #{feed.id} {feed.name} is not paused"
        await self._store.feeds.set_paused(feed.id, False)
        await self._audit("feed.resume", f"{feed.id} {feed.url}")
        return f"Resumed feed #{feed.id} {feed.name}; it will be polled within a minute"

    async def set_filter(
        self,
        ref: str,
        *,
        include: tuple[str, ...] | None = None,
        exclude: tuple[str, ...] | None = None,
        relevance: bool | None = None,
    ) -> str:
        """Change a feed's include/exclude terms (words or /patterns/) or relevance filter."""
        feed = await self._find(ref)
        values: dict[str, object] = {}
        try:
            if include is not None:
                validate_terms(include)
                values["include_keywords"] = include
            if exclude is not None:
                validate_terms(exclude)
                values["exclude_keywords"] = exclude
        except FilterError as exc:
            raise FeedAdminError(f"Filter refused: {exc}") from None
        if relevance is not None:
            values["relevance_filter"] = relevance
        if values:
            await self._store.feeds.update(feed.id, **values)
            await self._audit("feed.filter", f"#{feed.id} {describe_values(values)}"[:500])
        fresh = await self._find(str(feed.id))
        return describe_filter(fresh)

    async def import_opml(self, data: bytes) -> str:
        entries = parse_opml(data)
        added, skipped, refused = 0, 0, []
        existing = {feed_key(f.url) for f in await self._store.feeds.list()}
        for url, name, category in entries:
            try:
                url = check_url(url, self._networks)
            except BlockedURL as exc:
                refused.append(f"{url[:80]} ({exc})")
                continue
            if feed_key(url) in existing:
                skipped += 1
                continue
            try:
                await self._store.feeds.add(url, name[:200], category[:100], now=self._clock())
            except FeedExists:
                skipped += 1
                continue
            existing.add(feed_key(url))
            added += 1
        await self._audit(
            "feed.import", f"{added} added, {skipped} already present, {len(refused)} refused"
        )
        message = f"Imported {added} feeds; {skipped} were already present"
        if refused:
            message += f"; {len(refused)} refused: " + "; ".join(refused[:5])
        return message

    async def export_opml(self) -> bytes:
        return build_opml(await self._store.feeds.list())


def feed_key(url: str) -> str:
    """What makes two feed URLs the same feed: the canonical URL without a trailing slash."""
    canonical = canonical_url(url)
    head, _, query = canonical.partition("?")
    head = head.rstrip("/") if head.count("/") > 3 else head
    return f"{head}?{query}" if query else head


def feed_reason(feed: Feed) -> str:
    """Why a feed is paused or failing, as one clean line (no repeated error kind)."""
    reason = " ".join((feed.disabled_reason or feed.last_error).split())
    return _KIND_PREFIX.sub("", reason)


def describe_values(values: dict[str, object]) -> str:
    """Filter changes for the audit log, in words (not Python reprs)."""
    parts = []
    for key, value in values.items():
        label = key.removesuffix("_keywords").replace("_", " ")
        if isinstance(value, bool):
            parts.append(f"{label} {'on' if value else 'off'}")
        elif isinstance(value, tuple | list):
            parts.append(f"{label}: {', '.join(map(str, value)) or '(none)'}")
        else:
            parts.append(f"{label}: {value}")
    return "; ".join(parts)


def describe_filter(feed: Feed) -> str:
    include = ", ".join(feed.include_keywords) or "everything"
    exclude = ", ".join(feed.exclude_keywords) or "nothing"
    relevance = "on" if feed.relevance_filter else "off"
    return f"Feed #{feed.id} {feed.name}: include {include}; exclude {exclude}; defence-relevance filter {relevance}"


def parse_opml(data: bytes) -> list[tuple[str, str, str]]:
    """(url, name, category) for every feed outline; categories from enclosing outlines."""
    if len(data) > MAX_OPML_BYTES:
        raise FeedAdminError(f"OPML file is over {MAX_OPML_BYTES:,} bytes")
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise FeedAdminError("Refused: the OPML declares a DTD or entities") from None
    except SafeET.ParseError as exc:
        raise FeedAdminError(f"Not valid OPML ({exc})") from None
    if root.tag.lower() != "opml":
        raise FeedAdminError("Not an OPML document (no <opml> root)")
    body = root.find("body")
    if body is None:
        raise FeedAdminError("OPML has no <body>")
    found: list[tuple[str, str, str]] = []

    def walk(node: Element, category: str) -> None:
        for outline in node.findall("outline"):
            if len(found) >= MAX_OPML_FEEDS:
                raise FeedAdminError(f"OPML lists more than {MAX_OPML_FEEDS} feeds")
            url = outline.get("xmlUrl") or outline.get("xmlurl") or ""
            label = outline.get("title") or outline.get("text") or ""
            if url:
                found.append(
                    (url.strip(), label.strip(), outline.get("category", category).strip())
                )
            else:
                walk(outline, label or category)

    walk(body, "")
    if not found:
        raise FeedAdminError("The OPML lists no feeds (no outline has an xmlUrl)")
    return found


def build_opml(feeds: list[Feed]) -> bytes:
    root = Element("opml", version="2.0")
    head = SubElement(root, "head")
    SubElement(head, "title").text = "sitrep feeds"
    body = SubElement(root, "body")
    groups: dict[str, Element] = {}
    for feed in feeds:
        parent = body
        if feed.category:
            if feed.category not in groups:
                groups[feed.category] = SubElement(
                    body, "outline", text=feed.category, title=feed.category
                )
            parent = groups[feed.category]
        attrs = {"type": "rss", "text": feed.name, "title": feed.name, "xmlUrl": feed.url}
        if feed.site_url:
            attrs["htmlUrl"] = feed.site_url
        if feed.category:
            attrs["category"] = feed.category
        SubElement(parent, "outline", attrs)
    indent(root)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode") + "\n"
    ).encode()
