"""What every platform says, in which order: the shared reading layout.

A :class:`~bot.replies.Reply` becomes a list of :class:`Section` values (a briefing, a
story, a table …), each a tuple of :class:`Part` values (a heading, a paragraph, a quote),
each a tuple of styled :class:`Span` values. Renderers turn spans into their markup; the
wording ("Also reported by", "3 more stories left out", how a speaker is named, how a time
is written) lives here only, so Telegram, Discord and the console say the same things.

:func:`pack_sections` splits a rendered document into chunks within a platform's limit,
preferring section boundaries, then part boundaries, then whitespace, and only then cutting
a long word; each chunk is rendered from whole spans, so markup is never cut.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
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


# ---------------------------------------------------------------- splitting into chunks


def no_tallies(part: Part) -> tuple[int, ...]:
    return ()


@dataclass(frozen=True, slots=True)
class Markup:
    """How a platform renders parts and what each piece costs against its limit.

    ``cost`` must be additive and an upper bound: the measured length of a rendered part
    is at most ``part_cost(kind) + sum(span_cost(span, kind))``. ``tallies`` counts other
    per-message budgets for a whole part (e.g. Telegram's entity count), each within the
    matching ``tally_limits`` entry.
    """

    render_part: Callable[[Part], str]
    part_cost: Callable[[PartKind], int]
    span_cost: Callable[[Span, PartKind], int]
    char_cost: Callable[[str, PartKind], int]
    tallies: Callable[[Part], tuple[int, ...]] = no_tallies
    tally_limits: tuple[int, ...] = ()


def section_separator(first: bool, part: Part) -> str:
    return "" if first else ("\n" if part.tight else "\n\n")


def pack_sections(sections: list[Section], markup: Markup, limit: int) -> list[str]:
    """Rendered chunks, each within ``limit``: whole sections where they fit, else whole
    parts, else a part split at whitespace (a word longer than a chunk is cut)."""
    chunker = _Chunker(markup, limit)
    for section in sections:
        chunker.add_section(section)
    chunker.flush()
    return chunker.chunks


class _Chunker:
    """Fills chunks part by part, keeping every budget."""

    def __init__(self, markup: Markup, limit: int) -> None:
        self.markup, self.limit = markup, limit
        self.chunks: list[str] = []
        self.current: list[str] = []
        self.used = 0
        self.tally = [0] * len(markup.tally_limits)

    def fits(self, cost: int, tallies: Iterable[int]) -> bool:
        room = zip(self.tally, tallies, self.markup.tally_limits, strict=True)
        return self.used + cost <= self.limit and all(u + t <= cap for u, t, cap in room)

    def flush(self) -> None:
        if self.current:
            self.chunks.append("".join(self.current))
        self.current.clear()
        self.used = 0
        self.tally = [0] * len(self.markup.tally_limits)

    def add_section(self, section: Section) -> None:
        costs = [part_cost(p, self.markup) for p in section]
        whole = sum(costs) + sum(len(section_separator(i == 0, p)) for i, p in enumerate(section))
        tallies = [sum(t) for t in zip(*map(self.markup.tallies, section), strict=True)]
        alone = whole <= self.limit and all(
            t <= cap for t, cap in zip(tallies, self.markup.tally_limits, strict=True)
        )
        if self.current and alone and not self.fits(2 + whole, tallies):
            self.flush()
        for index, (part, cost) in enumerate(zip(section, costs, strict=True)):
            separator = "\n\n" if index == 0 else section_separator(False, part)
            pieces = [part] if cost <= self.limit else split_part(part, self.markup, self.limit)
            for number, piece in enumerate(pieces):
                self.add(piece, separator if number == 0 else "\n")

    def add(self, part: Part, separator: str) -> None:
        cost, tallies = part_cost(part, self.markup), self.markup.tallies(part)
        if self.current and not self.fits(len(separator) + cost, tallies):
            self.flush()
        if self.current:
            self.current.append(separator)
            self.used += len(separator)
        self.current.append(self.markup.render_part(part))
        self.used += cost
        self.tally = [u + t for u, t in zip(self.tally, tallies, strict=True)]


def part_cost(part: Part, markup: Markup) -> int:
    return markup.part_cost(part.kind) + sum(markup.span_cost(s, part.kind) for s in part.spans)


def split_part(part: Part, markup: Markup, limit: int) -> list[Part]:
    """Cut one over-long part into parts of the same kind, each within ``limit``."""
    budget = limit - markup.part_cost(part.kind)
    pieces: list[list[Span]] = [[]]
    used = 0
    for token in _tokens(part, markup, budget):
        cost = markup.span_cost(token, part.kind)
        if pieces[-1] and used + cost > budget:
            pieces.append([])
            used = 0
        if not pieces[-1] and part.kind != "pre":
            token = replace(token, text=token.text.lstrip()) if token.text.strip() else token
        pieces[-1].append(token)
        used += cost
    parts = [_trimmed(Part(part.kind, tuple(spans), part.tight)) for spans in pieces]
    return [p for p in parts if p.text.strip()]


def _trimmed(part: Part) -> Part:
    spans = list(part.spans)
    while spans and not spans[-1].text.strip():
        spans.pop()
    if spans:
        spans[-1] = replace(spans[-1], text=spans[-1].text.rstrip())
    return replace(part, spans=tuple(s for s in spans if s.text))


_WORDS = re.compile(r"\s*\S+\s*|\s+")
_LINES = re.compile(r"[^\n]*\n|[^\n]+")


def _tokens(part: Part, markup: Markup, budget: int) -> Iterator[Span]:
    """The part's spans cut at whitespace (lines for ``pre``), long words hard-cut."""
    pattern = _LINES if part.kind == "pre" else _WORDS
    for span in part.spans:
        for match in pattern.finditer(span.text):
            token = replace(span, text=match.group())
            if markup.span_cost(token, part.kind) <= budget:
                yield token
            else:
                yield from _hard_cut(token, part.kind, markup, budget)


def _hard_cut(span: Span, kind: PartKind, markup: Markup, budget: int) -> Iterator[Span]:
    overhead = markup.span_cost(replace(span, text=""), kind)
    if span.url and overhead * 2 > budget:  # a link this long cannot wrap a piece: show text
        span = replace(span, url="")
        overhead = markup.span_cost(replace(span, text=""), kind)
    room = max(budget - overhead, 1)
    text, start, used = span.text, 0, 0
    index = 0
    while index < len(text):
        cost = markup.char_cost(text[index], kind)
        if used + cost > room and index > start:
            cut = _cluster_start(text, start, index)
            yield replace(span, text=text[start:cut])
            used = sum(markup.char_cost(ch, kind) for ch in text[cut:index])
            start = cut
        used += cost
        index += 1
    if start < len(text):
        yield replace(span, text=text[start:])


def _cluster_start(text: str, start: int, index: int) -> int:
    """``index`` moved back so a cut there does not split a combining sequence, an emoji
    ZWJ sequence, a skin tone or a flag (falls back to ``index`` if nothing is left)."""
    cut = index
    while cut > start and (_continues(text[cut]) or text[cut - 1] == "\u200d"):
        cut -= 1
    if cut > start and _is_regional(text[cut]) and _is_regional(text[cut - 1]):
        run = cut
        while run > start and _is_regional(text[run - 1]):
            run -= 1
        cut -= (cut - run) % 2
    return cut if cut > start else index


def _continues(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.category(char) in ("Mn", "Me", "Mc")
        or char in "\u200d\ufe0f\ufe0e"
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F
    )


def _is_regional(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF
