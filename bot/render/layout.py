"""What every platform says, in which order: the shared reading layout.

A :class:`~bot.replies.Reply` becomes a list of :class:`Section` values (a briefing, a
story, a table …), each a tuple of :class:`Part` values (a heading, a paragraph, a quote),
each a tuple of styled :class:`Span` values. Renderers turn spans into their markup; the
wording ("Also reported by", "3 more stories left out", how a speaker is named, how a time
is written) lives here only, so Telegram, Discord and the console say the same things.
Splitting a laid-out reply into messages within a platform's limit is in
:mod:`bot.render.split`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo
from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.replies import (
    Block,
    BriefingBlock,
    DigestBlock,
    Heading,
    ListBlock,
    Paragraph,
    QuoteBlock,
    Reply,
    TableBlock,
)
from summaries.models import Briefing, Digest, Quote, Story

PartKind = Literal["heading", "meta", "text", "quote", "bullet", "pre"]

TOP_QUOTES = 3  # quotes shown per briefing unless the block asks for all of them
DIGEST_QUOTES = 2  # quotes shown per story in a digest
EMPTY_DIGEST = "Nothing new in this window."
QUOTE_OF_THE_DAY = "Quote of the day"
TOPICS_LABEL = "Topics"
ALSO_REPORTED_LABEL = "Also reported by"
KIND_PREFIX = {"error": "⚠️ ", "notice": "ℹ️ ", "normal": ""}

_DROPPED_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn"})


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with one style; ``url`` makes it a link."""

    text: str
    bold: bool = False
    italic: bool = False
    url: str = ""


@dataclass(frozen=True, slots=True)
class Part:
    """One block of a section; ``tight`` joins it to the previous part with one newline."""

    kind: PartKind
    spans: tuple[Span, ...]
    tight: bool = False

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


Section = tuple[Part, ...]


# ---------------------------------------------------------------- text and values


def clean_text(text: str) -> str:
    """Drop control, surrogate and unassigned characters (keeping newlines and tabs)."""
    if text.isprintable():
        return text
    return "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in _DROPPED_CATEGORIES
    )


def safe_url(url: str) -> str:
    """``url`` if it is an absolute http(s) link a platform will accept, else ``""``."""
    url = url.strip()
    if not url or len(url) > 2048 or any(ch.isspace() or not ch.isprintable() for ch in url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return url


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def zone_of(reply: Reply) -> tzinfo:
    """The reader's time zone from ``reply.meta["timezone"]`` (IANA name), else UTC."""
    name = reply.meta.get("timezone", "")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return UTC


def format_time(moment: datetime | None, zone: tzinfo = UTC) -> str:
    """``28 Nov 2026, 14:19 UTC``; naive datetimes are taken as UTC."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(zone)
    return f"{local.day} {local:%b %Y, %H:%M} {local.tzname() or 'UTC'}"


def join_names(names: Iterable[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    items = [clean_text(n).strip() for n in names]
    items = [n for n in items if n]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def left_out_line(count: int) -> str:
    return f"{plural(count, 'more story', 'more stories')} left out"


def also_reported_line(names: Iterable[str]) -> str:
    joined = join_names(names)
    return f"{ALSO_REPORTED_LABEL} {joined}" if joined else ""


def topics_text(topics: Iterable[str]) -> str:
    return " · ".join(t for t in (clean_text(t).strip() for t in topics) if t)


def topics_line(topics: Iterable[str]) -> str:
    joined = topics_text(topics)
    return f"{TOPICS_LABEL}: {joined}" if joined else ""


def meta_line(source: str, published: datetime | None, zone: tzinfo = UTC) -> str:
    """``Source · time`` with whichever of the two is known."""
    bits = [clean_text(source).strip(), format_time(published, zone)]
    return " · ".join(b for b in bits if b)


def window_line(digest: Digest, zone: tzinfo = UTC) -> str:
    since, until = format_time(digest.since, zone), format_time(digest.until, zone)
    return f"{since} – {until}"


def quote_text(quote: Quote) -> str:
    """The quotation in curly quotes; partial quotes get ellipses."""
    text = clean_text(quote.text).strip()
    return f"“…{text}…”" if quote.kind == "partial" else f"“{text}”"


def speaker_label(quote: Quote) -> str:
    """``Mark Rutte, NATO Secretary General``; unnamed sources keep their description."""
    name = clean_text(quote.speaker).strip()
    role = clean_text(quote.role).strip()
    if name and quote.speaker_kind == "unnamed":
        name = name[:1].upper() + name[1:]
    if not name and quote.speaker_kind == "unknown":
        return "unattributed"
    return ", ".join(b for b in (name, role) if b)


def link_at(links: tuple[str, ...], index: int) -> str:
    return links[index] if index < len(links) else ""


def shown_quotes(briefing: Briefing, count: int | None) -> list[tuple[Quote, str]]:
    """The quotes a briefing shows (``count=None``: all), each with its link."""
    quotes = briefing.quotes if count is None else briefing.quotes[:count]
    return [(q, link_at(briefing.quote_links, i)) for i, q in enumerate(quotes)]


def story_quote_count(block: BriefingBlock) -> int | None:
    return None if block.full else TOP_QUOTES


# ---------------------------------------------------------------- document layout


def quote_part(quote: Quote, link: str, source: str = "") -> Part:
    """A quote: its text, then ``— speaker, role · source`` with the source link."""
    spans = [Span(quote_text(quote))]
    label = speaker_label(quote)
    outlet = clean_text(source).strip()
    url = safe_url(link)
    tail: list[Span] = []
    if label:
        tail.append(Span(label, bold=True))
    if outlet or url:
        if tail:
            tail.append(Span(" · "))
        tail.append(Span(outlet or "source", url=url))
    if tail:
        spans += [Span("\n— "), *tail]
    return Part("quote", tuple(spans))


def briefing_section(
    briefing: Briefing,
    also_reported_by: tuple[str, ...] = (),
    quote_count: int | None = TOP_QUOTES,
    zone: tzinfo = UTC,
) -> Section:
    """Headline, source · time, summary, quotes, topics, also reported by, link."""
    url = safe_url(briefing.url)
    source = clean_text(briefing.source).strip()
    parts = [
        Part("heading", (Span(clean_text(briefing.headline).strip(), bold=True, url=url),)),
        Part("meta", (Span(meta_line(source, briefing.published, zone), italic=True),), True),
        Part("text", (Span(clean_text(briefing.summary).strip()),)),
    ]
    parts += [quote_part(q, link) for q, link in shown_quotes(briefing, quote_count)]
    parts.append(Part("meta", (Span(topics_line(briefing.topics), italic=True),)))
    parts.append(Part("meta", (Span(also_reported_line(also_reported_by)),), True))
    if url:
        label = f"Read at {source}" if source else "Read the article"
        parts.append(Part("text", (Span(label, url=url),), True))
    return _non_empty(parts)


def digest_sections(digest: Digest, zone: tzinfo = UTC) -> list[Section]:
    """Title and window, one section per story, quote of the day, what was left out."""
    head = [
        Part("heading", (Span(clean_text(digest.title).strip() or "Digest", bold=True),)),
        Part("meta", (Span(window_line(digest, zone), italic=True),), True),
    ]
    if not digest.stories:
        empty = clean_text(digest.empty_message).strip() or EMPTY_DIGEST
        head.append(Part("text", (Span(empty),)))
    sections = [_non_empty(head)]
    sections += [story_section(story, zone) for story in digest.stories]
    if digest.quote_of_the_day is not None:
        qotd = quote_part(
            digest.quote_of_the_day, digest.quote_of_the_day_link, digest.quote_of_the_day_source
        )
        sections.append(_non_empty([Part("heading", (Span(QUOTE_OF_THE_DAY, bold=True),)), qotd]))
    if digest.left_out > 0:
        sections.append((Part("meta", (Span(left_out_line(digest.left_out), italic=True),)),))
    return [s for s in sections if s]


def story_section(story: Story, zone: tzinfo = UTC) -> Section:
    return briefing_section(story.lead, story.also_reported_by, DIGEST_QUOTES, zone)


def table_text(header: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> str:
    """Rows as aligned monospace columns, a rule under the header."""
    table = [[clean_text(c).replace("\n", " ") for c in row] for row in (header, *rows)]
    columns = max((len(r) for r in table), default=0)
    table = [r + [""] * (columns - len(r)) for r in table]
    widths = [max(len(r[i]) for r in table) for i in range(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in table]
    if header and lines:
        lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def block_sections(block: Block, zone: tzinfo = UTC) -> list[Section]:
    """The sections one reply block lays out to (empty text is left out)."""
    match block:
        case Heading(text=text):
            return [_non_empty([Part("heading", (Span(clean_text(text).strip(), bold=True),))])]
        case Paragraph(text=text, link=link):
            return [_non_empty([Part("text", (Span(clean_text(text), url=safe_url(link)),))])]
        case QuoteBlock(quote=quote, link=link, source=source):
            return [(quote_part(quote, link, source),)]
        case BriefingBlock():
            return [
                briefing_section(
                    block.briefing, block.also_reported_by, story_quote_count(block), zone
                )
            ]
        case DigestBlock(digest=digest):
            return digest_sections(digest, zone)
        case ListBlock(items=items, title=title):
            return [_non_empty(_titled(title, [_bullet(i) for i in items]))]
        case TableBlock(header=header, rows=rows, title=title):
            pre = Part("pre", (Span(table_text(header, rows)),))
            return [_non_empty(_titled(title, [pre]))]
    return []


def reply_sections(reply: Reply) -> list[Section]:
    """Every block's sections in order; a heading stays with what follows it; the
    first part carries the reply kind's marker (⚠️ for errors)."""
    zone = zone_of(reply)
    sections: list[Section] = []
    pending: Section = ()
    for block in reply.blocks:
        for section in block_sections(block, zone):
            if not section:
                continue
            if isinstance(block, Heading):
                pending += section
            else:
                sections.append(pending + section)
                pending = ()
    if pending:
        sections.append(pending)
    return mark_kind(sections, reply.kind)


def mark_kind(sections: list[Section], kind: str) -> list[Section]:
    prefix = KIND_PREFIX.get(kind, "")
    if not prefix:
        return sections
    if not sections:
        return [(Part("text", (Span(prefix.strip()),)),)]
    first = sections[0][0]
    marked = replace(first, spans=(Span(prefix, bold=first.kind == "heading"), *first.spans))
    return [(marked, *sections[0][1:]), *sections[1:]]


def section_separator(first: bool, part: Part) -> str:
    return "" if first else ("\n" if part.tight else "\n\n")


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Adjacent spans with the same style and link as one span."""
    merged: list[Span] = []
    for span in spans:
        last = merged[-1] if merged else None
        if last and (last.bold, last.italic, last.url) == (span.bold, span.italic, span.url):
            merged[-1] = replace(last, text=last.text + span.text)
        else:
            merged.append(span)
    return merged


def _titled(title: str, parts: list[Part]) -> list[Part]:
    heading = Part("heading", (Span(clean_text(title).strip(), bold=True),))
    return [heading, *(replace(p, tight=True) for p in parts)]


def _bullet(item: str) -> Part:
    return Part("bullet", (Span(clean_text(item).strip()),), True)


def _non_empty(parts: list[Part]) -> Section:
    """Drop empty spans and parts with no visible text."""
    kept: list[Part] = []
    for part in parts:
        spans = tuple(s for s in part.spans if s.text)
        if "".join(s.text for s in spans).strip():
            kept.append(replace(part, spans=spans))
    if kept and kept[0].tight:
        kept[0] = replace(kept[0], tight=False)
    return tuple(kept)
