"""Splitting a laid-out reply into chunks within a platform's limit.

:func:`pack_sections` packs the :class:`~bot.render.layout.Section` values of a rendered
document into chunks no longer than a platform's limit, preferring section boundaries, then
part boundaries, then whitespace, and only then cutting a long word (never inside a grapheme
cluster); each chunk is rendered from whole spans, so markup is never cut. A :class:`Markup`
tells it how a platform renders a part and what each piece costs against its budgets.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from bot.render.layout import Part, PartKind, Section, Span, section_separator


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
