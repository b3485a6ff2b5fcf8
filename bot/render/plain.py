"""Replies as plain text for the console: readable, no markup.

Links are written out after their text (``UK Defence Journal (https://…)``) except on
headings, whose link is repeated on the briefing's "Read at …" line.
"""

from __future__ import annotations

from bot.render.layout import Part, Section, Span, merge_spans, reply_sections, section_separator
from bot.replies import Reply

_QUOTE_INDENT = "    "


def render_plain(reply: Reply) -> str:
    """The whole reply as one text, sections separated by a blank line."""
    return "\n\n".join(render_section(section) for section in reply_sections(reply))


def render_section(section: Section) -> str:
    return "".join(
        section_separator(index == 0, part) + render_part(part)
        for index, part in enumerate(section)
    )


def render_span(span: Span, *, with_url: bool = True) -> str:
    if span.url and with_url:
        return f"{span.text} ({span.url})"
    return span.text


def render_part(part: Part) -> str:
    with_url = part.kind != "heading"
    body = "".join(render_span(s, with_url=with_url) for s in merge_spans(part.spans))
    if part.kind == "quote":
        return _QUOTE_INDENT + body.replace("\n", "\n" + _QUOTE_INDENT)
    if part.kind == "bullet":
        return "• " + body
    return body
