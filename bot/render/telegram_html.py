"""Replies as Telegram messages in HTML parse mode.

Everything from an article or a user is escaped; only Telegram's documented tags are
written; quotes sit in ``<blockquote>``. A reply longer than one message is split on
section (briefing, story), then paragraph, then whitespace boundaries, so that each
message's text after entity parsing is at most 4096 UTF-16 code units, as Telegram counts.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from bot.render.layout import Part, PartKind, Span, merge_spans, reply_sections, utf16_length
from bot.render.split import Markup, pack_sections
from bot.replies import Reply

logger = logging.getLogger(__name__)

TELEGRAM_TEXT_LIMIT = 4096
TELEGRAM_CALLBACK_LIMIT = 64  # bytes of callback_data
# Telegram applies at most 100 entities (tags) per message and silently ignores the rest;
# links also count towards an undocumented total entity size (about 9,500 characters,
# tdlib/telegram-bot-api#165), so link targets are kept well below it.
TELEGRAM_ENTITY_LIMIT = 100
TELEGRAM_LINK_BUDGET = 8000
# Tags the Bot API accepts in HTML parse mode.
TELEGRAM_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-spoiler",
        "tg-emoji",
        "span",
    }
)
_BULLET = "• "
_TAG = re.compile(r"</?[a-zA-Z][\w-]*(?:\s+[\w-]+=\"[^\"<>]*\")*\s*>")
_BARE_AMPERSAND = re.compile(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")


@dataclass(frozen=True, slots=True)
class TelegramMessage:
    """One ``sendMessage`` call: HTML text and, on the last message only, buttons."""

    text: str
    buttons: tuple[tuple[str, str], ...] = ()


def render_telegram(reply: Reply) -> list[TelegramMessage]:
    """The reply as messages in order, each within Telegram's text limit."""
    chunks = pack_sections(reply_sections(reply), TELEGRAM_MARKUP, TELEGRAM_TEXT_LIMIT)
    buttons = tuple((b.label, b.action) for b in reply.buttons)
    for label, action in buttons:
        if len(action.encode()) > TELEGRAM_CALLBACK_LIMIT:
            logger.warning("callback data over 64 bytes for button %r", label)
    if not chunks:
        return [TelegramMessage("…", buttons)] if buttons else []
    messages = [TelegramMessage(chunk) for chunk in chunks]
    messages[-1] = TelegramMessage(chunks[-1], buttons)
    return messages


def render_span(span: Span) -> str:
    text = html.escape(span.text, quote=False)
    if span.url:
        text = f'<a href="{html.escape(span.url, quote=True)}">{text}</a>'
    if span.italic:
        text = f"<i>{text}</i>"
    if span.bold:
        text = f"<b>{text}</b>"
    return text


def render_part(part: Part) -> str:
    if part.kind == "pre":
        return f"<pre>{html.escape(part.text, quote=False)}</pre>"
    body = "".join(render_span(span) for span in merge_spans(part.spans))
    if part.kind == "quote":
        return f"<blockquote>{body}</blockquote>"
    if part.kind == "bullet":
        return _BULLET + body
    return body


def _part_cost(kind: PartKind) -> int:
    return len(_BULLET) if kind == "bullet" else 0


def _span_cost(span: Span, kind: PartKind) -> int:
    return utf16_length(span.text)


def _char_cost(char: str, kind: PartKind) -> int:
    return utf16_length(char)


def part_entities(part: Part) -> tuple[int, int]:
    """Entities (tags) the part renders to, and the length of its link targets."""
    if part.kind == "pre":
        return 1, 0
    spans = merge_spans(part.spans)
    count = sum(s.bold + s.italic + bool(s.url) for s in spans) + (part.kind == "quote")
    return count, sum(len(s.url) for s in spans)


TELEGRAM_MARKUP = Markup(
    render_part,
    _part_cost,
    _span_cost,
    _char_cost,
    part_entities,
    (TELEGRAM_ENTITY_LIMIT, TELEGRAM_LINK_BUDGET),
)


class _EntityParser(HTMLParser):
    """Collects the visible text and the tags of a Telegram HTML message."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []
        self.problems: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in TELEGRAM_TAGS:
            self.problems.append(f"tag <{tag}> is not allowed")
        if tag == "a" and not dict(attrs).get("href"):
            self.problems.append("<a> without href")
        self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self._open or self._open[-1] != tag:
            self.problems.append(f"</{tag}> does not close the open tag")
        else:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def close(self) -> None:
        super().close()
        self.problems += [f"<{tag}> is never closed" for tag in self._open]


def telegram_visible_text(markup: str) -> str:
    """The text a Telegram HTML message shows: tags stripped, entities decoded."""
    parser = _EntityParser()
    parser.feed(markup)
    parser.close()
    return "".join(parser.text)


def telegram_visible_length(markup: str) -> int:
    """UTF-16 code units of the visible text, the length Telegram's 4096 limit counts."""
    return utf16_length(telegram_visible_text(markup))


def validate_telegram_html(markup: str) -> list[str]:
    """Problems Telegram would reject (empty if none): unknown or unbalanced tags,
    a stray ``<`` or ``&``, or a visible length outside 1..4096."""
    parser = _EntityParser()
    parser.feed(markup)
    parser.close()
    problems = list(parser.problems)
    outside_tags = _TAG.sub("", markup)
    if "<" in outside_tags or ">" in outside_tags:
        problems.append("unescaped '<' or '>' outside a tag")
    if _BARE_AMPERSAND.search(outside_tags):
        problems.append("'&' that does not start a supported entity")
    if len(parser.tags) > TELEGRAM_ENTITY_LIMIT:
        problems.append(f"{len(parser.tags)} entities (Telegram applies only 100)")
    length = utf16_length("".join(parser.text).strip())
    if not 1 <= length <= TELEGRAM_TEXT_LIMIT:
        problems.append(f"visible length {length} outside 1..{TELEGRAM_TEXT_LIMIT}")
    return problems
