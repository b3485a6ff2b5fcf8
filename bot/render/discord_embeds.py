"""Replies as Discord messages: markdown content and embeds within every limit.

Briefings and digest stories become embeds (title = headline linking the article,
description = summary and quotes as ``> `` lines, fields for topics and other outlets,
footer for source and time). Other blocks become message content. Anything longer than
a limit is continued in another embed or message, in order; nothing is dropped. Text from
articles and users is markdown-escaped and cannot mention anyone. The message shape and
Discord's limits are in :mod:`bot.render.discord_message`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from itertools import accumulate

from bot.render.discord_message import (
    BUTTON_LABEL_LIMIT,
    BUTTONS_PER_MESSAGE,
    CONTENT_LIMIT,
    CUSTOM_ID_LIMIT,
    DESCRIPTION_LIMIT,
    EMBEDS_PER_MESSAGE,
    EMBEDS_TOTAL_LIMIT,
    FIELD_VALUE_LIMIT,
    FOOTER_LIMIT,
    TITLE_LIMIT,
    DiscordMessage,
    Embed,
    embed_size,
)
from bot.render.layout import (
    ALSO_REPORTED_LABEL,
    DIGEST_QUOTES,
    EMPTY_DIGEST,
    QUOTE_OF_THE_DAY,
    TOPICS_LABEL,
    Part,
    PartKind,
    Section,
    Span,
    block_sections,
    clean_text,
    join_names,
    left_out_line,
    mark_kind,
    merge_spans,
    meta_line,
    quote_part,
    safe_url,
    shown_quotes,
    story_quote_count,
    topics_text,
    window_line,
    zone_of,
)
from bot.render.split import Markup, pack_sections
from bot.replies import BriefingBlock, DigestBlock, Reply
from summaries.models import Briefing, Digest

logger = logging.getLogger(__name__)

COLOURS = {"normal": 0x2F6FB3, "notice": 0xE0A100, "error": 0xD0342C}

_INLINE_SPECIAL = frozenset("\\*_~`|<>[]")
_LINE_START_SPECIAL = frozenset("#-+.")
_ESCAPE_INLINE = re.compile(r"([\\*_~`|<>\[\]])")
_LINE_START = re.compile(r"^(\s*)([#+-])", re.MULTILINE)
_NUMBERED = re.compile(r"^(\s*\d+)\.", re.MULTILINE)
_BARE_URL = re.compile(r"https?://[^\s<]*[^<.,:;\"'\]\s]")
_MASS_MENTION = re.compile(r"@(everyone|here)", re.IGNORECASE)
# A scheme left in plain text ("http://<b>" is no URL): its colon is escaped, so the escapes
# that follow cannot make Discord read "http://\\" as a link that shows the backslash.
_SCHEME = re.compile(r"\b(https?):(?=//)", re.IGNORECASE)


# ---------------------------------------------------------------- markdown


def escape_markdown(text: str) -> str:
    """Text shown as typed: markdown characters escaped (bare URLs left intact so they
    still work), mass mentions neutralised."""
    pieces: list[str] = []
    last = 0
    for match in _BARE_URL.finditer(text):
        pieces += [_escape_plain(text[last : match.start()]), match.group()]
        last = match.end()
    pieces.append(_escape_plain(text[last:]))
    return _MASS_MENTION.sub("@\u200b\\1", "".join(pieces))


def _escape_plain(text: str) -> str:
    text = _ESCAPE_INLINE.sub(r"\\\1", text)
    text = _SCHEME.sub(r"\1\\:", text)
    text = _LINE_START.sub(r"\1\\\2", text)
    return _NUMBERED.sub(r"\1\\.", text)


def markdown_url(url: str) -> str:
    """A URL that cannot end a ``[text](url)`` link early."""
    return url.replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def render_span(span: Span) -> str:
    text = escape_markdown(span.text)
    core = text.strip()
    if not core:
        return text
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    if span.url:
        core = f"[{core}]({markdown_url(span.url)})"
    if span.italic:
        core = f"_{core}_"
    if span.bold:
        core = f"**{core}**"
    return lead + core + trail


def render_part(part: Part) -> str:
    if part.kind == "pre":
        return "```\n" + part.text.replace("`", "`\u200b") + "\n```"
    body = "".join(render_span(span) for span in merge_spans(part.spans))
    if part.kind == "quote":
        return "> " + body.replace("\n", "\n> ")
    if part.kind == "bullet":
        return "• " + body
    return body


def _part_cost(kind: PartKind) -> int:
    return {"pre": 8, "quote": 2, "bullet": 2}.get(kind, 0)


def _char_cost(char: str, kind: PartKind) -> int:
    if kind == "pre":
        return 2 if char == "`" else 1
    if char == "\n":
        return 3 if kind == "quote" else 1
    return 2 if char in _INLINE_SPECIAL or char in _LINE_START_SPECIAL or char == "@" else 1


def _span_cost(span: Span, kind: PartKind) -> int:
    cost = sum(_char_cost(ch, kind) for ch in span.text)
    if kind == "pre":
        return cost
    if span.url:
        cost += 4 + len(markdown_url(span.url))
    return cost + 2 * span.italic + 4 * span.bold


DISCORD_MARKUP = Markup(render_part, _part_cost, _span_cost, _char_cost)


def pack_markdown(sections: list[Section], limit: int) -> list[str]:
    return pack_sections(sections, DISCORD_MARKUP, limit)


# ---------------------------------------------------------------- embeds


def _title(text: str) -> tuple[str, bool]:
    """An embed title within 256 characters, and whether it had to be shortened."""
    escaped = escape_markdown(text)
    if len(escaped) <= TITLE_LIMIT:
        return escaped, False
    costs = accumulate(_char_cost(char, "text") for char in text)
    end = next(i for i, used in enumerate(costs) if used > TITLE_LIMIT - 1)
    return escape_markdown(text[:end].rstrip()) + "…", True


def _fits_field(value: str) -> bool:
    return 0 < len(escape_markdown(value)) <= FIELD_VALUE_LIMIT


@dataclass(slots=True)
class EmbedPlan:
    """The pieces of one logical embed before it is cut to the limits."""

    title: str = ""
    url: str = ""
    colour: int = COLOURS["normal"]
    description: list[Part] = field(default_factory=list)
    fields: list[tuple[str, str, bool]] = field(default_factory=list)
    footer: str = ""
    timestamp: str = ""


def build_embeds(plan: EmbedPlan) -> list[Embed]:
    """One embed, or several in a row when the description or fields overflow."""
    title, shortened = _title(clean_text(plan.title).strip())
    parts = list(plan.description)
    if shortened:
        parts.insert(0, Part("heading", (Span(clean_text(plan.title).strip(), bold=True),)))
    footer = plan.footer
    if len(footer) > FOOTER_LIMIT:
        parts.append(Part("meta", (Span(footer, italic=True),)))
        footer = ""
    descriptions = pack_markdown([tuple(parts)], DESCRIPTION_LIMIT) if parts else []
    embeds: list[Embed] = [{"color": plan.colour, "description": d} for d in descriptions]
    if not embeds:
        embeds.append({"color": plan.colour})
    if title:
        embeds[0]["title"] = title
        if plan.url:
            embeds[0]["url"] = plan.url
    tail: Embed = {"color": plan.colour}
    if plan.fields:
        tail["fields"] = [{"name": n, "value": v, "inline": i} for n, v, i in plan.fields]
    if footer:
        tail["footer"] = {"text": footer}
    if plan.timestamp:
        tail["timestamp"] = plan.timestamp
    _attach_tail(embeds, tail)
    return embeds


def _attach_tail(embeds: list[Embed], tail: Embed) -> None:
    """Fields, footer and timestamp on the last embed, or on one of their own."""
    if embed_size(embeds[-1]) + embed_size(tail) <= EMBEDS_TOTAL_LIMIT:
        embeds[-1].update(tail)
    else:
        embeds.append(tail)
    if not embed_size(embeds[-1]):
        embeds[-1]["description"] = "…"


def iso_utc(moment: datetime | None) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()


def briefing_plan(
    briefing: Briefing, also: Sequence[str], quote_count: int | None, zone: tzinfo, colour: int
) -> EmbedPlan:
    """Headline linking the article; summary and quotes; topics and outlets; source · time."""
    url = safe_url(briefing.url)
    source = clean_text(briefing.source).strip()
    plan = EmbedPlan(
        title=briefing.headline, url=url, colour=colour, timestamp=iso_utc(briefing.published)
    )
    plan.description.append(Part("text", (Span(clean_text(briefing.summary).strip()),)))
    plan.description += [quote_part(q, link) for q, link in shown_quotes(briefing, quote_count)]
    for label, value in (
        (TOPICS_LABEL, topics_text(briefing.topics)),
        (ALSO_REPORTED_LABEL, join_names(also)),
    ):
        if _fits_field(value):
            plan.fields.append((label, escape_markdown(value), True))
        elif value:
            line = f"{label}: {value}" if label == TOPICS_LABEL else f"{label} {value}"
            plan.description.append(Part("meta", (Span(line, italic=True),)))
    if url and not clean_text(briefing.headline).strip():
        plan.description.append(Part("text", (Span(f"Read at {source or 'source'}", url=url),)))
    plan.footer = meta_line(source, briefing.published, zone)
    plan.description = [p for p in plan.description if p.text.strip()]
    return plan


def digest_plans(digest: Digest, zone: tzinfo, colour: int) -> list[EmbedPlan]:
    """Header (title, window), one embed per story, quote of the day, what was left out."""
    header = EmbedPlan(title=digest.title or "Digest", colour=colour)
    header.description.append(Part("meta", (Span(window_line(digest, zone), italic=True),)))
    if not digest.stories:
        text = clean_text(digest.empty_message).strip() or EMPTY_DIGEST
        header.description.append(Part("text", (Span(text),)))
    plans = [header]
    plans += [
        briefing_plan(s.lead, s.also_reported_by, DIGEST_QUOTES, zone, colour)
        for s in digest.stories
    ]
    tail: EmbedPlan | None = None
    if digest.quote_of_the_day is not None:
        qotd = quote_part(
            digest.quote_of_the_day, digest.quote_of_the_day_link, digest.quote_of_the_day_source
        )
        tail = EmbedPlan(title=QUOTE_OF_THE_DAY, colour=colour, description=[qotd])
    if digest.left_out > 0:
        tail = tail or EmbedPlan(colour=colour)
        tail.footer = left_out_line(digest.left_out)
    return plans + ([tail] if tail else [])


# ---------------------------------------------------------------- messages


def render_discord(reply: Reply) -> list[DiscordMessage]:
    """The reply as messages in order, each within every Discord limit."""
    zone, colour = zone_of(reply), COLOURS.get(reply.kind, COLOURS["normal"])
    items: list[str | Embed] = []
    text: list[Section] = []
    for block in reply.blocks:
        if isinstance(block, BriefingBlock | DigestBlock):
            items += _text_items(text, reply.kind, first=not items)
            text = []
            items += _block_embeds(block, zone, colour)
        else:
            text += [s for s in block_sections(block, zone) if s]
    items += _text_items(text, reply.kind, first=not items)
    messages = _assemble(items)
    buttons = _buttons(reply)
    if buttons:
        if not messages:
            messages.append(DiscordMessage(content="…"))
        messages[-1].buttons = buttons
    return messages


def _text_items(sections: list[Section], kind: str, *, first: bool) -> list[str | Embed]:
    if first:
        sections = mark_kind(sections, kind)
    return list(pack_markdown(sections, CONTENT_LIMIT)) if sections else []


def _block_embeds(block: BriefingBlock | DigestBlock, zone: tzinfo, colour: int) -> list[Embed]:
    if isinstance(block, BriefingBlock):
        count = story_quote_count(block)
        plans = [briefing_plan(block.briefing, block.also_reported_by, count, zone, colour)]
    else:
        plans = digest_plans(block.digest, zone, colour)
    return [embed for plan in plans for embed in build_embeds(plan)]


def _assemble(items: list[str | Embed]) -> list[DiscordMessage]:
    """Content and embeds into messages, in order: content opens a message, embeds
    follow it until a limit (10 embeds, 6000 characters) or more content."""
    messages: list[DiscordMessage] = []
    for item in items:
        current = messages[-1] if messages else None
        if isinstance(item, str):
            if current is None or current.content or current.embeds:
                messages.append(DiscordMessage(content=item))
            else:
                current.content = item
            continue
        total = sum(embed_size(e) for e in current.embeds) if current else 0
        if (
            current is None
            or len(current.embeds) >= EMBEDS_PER_MESSAGE
            or total + embed_size(item) > EMBEDS_TOTAL_LIMIT
        ):
            messages.append(DiscordMessage(embeds=[item]))
        else:
            current.embeds.append(item)
    return messages


def _buttons(reply: Reply) -> tuple[tuple[str, str], ...]:
    if len(reply.buttons) > BUTTONS_PER_MESSAGE:
        logger.warning("reply has %d buttons; Discord shows 25", len(reply.buttons))
    return tuple(
        (clean_text(b.label)[:BUTTON_LABEL_LIMIT] or "…", b.action[:CUSTOM_ID_LIMIT])
        for b in reply.buttons[:BUTTONS_PER_MESSAGE]
    )
