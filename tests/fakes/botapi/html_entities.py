"""Telegram's HTML parse mode: text and MessageEntity dicts, or HtmlParseError."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from tests.fakes.botapi.constants import JSONDict


class HtmlParseError(ValueError):
    """Text that Telegram would refuse with "can't parse entities"."""


@dataclass(frozen=True)
class ParsedText:
    """Text after entity parsing, with Telegram MessageEntity dicts (UTF-16 offsets)."""

    text: str
    entities: list[JSONDict]


_TAG_ENTITY = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "tg-emoji": "custom_emoji",
}


_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)?((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")


_ATTR_RE = re.compile(r"""([A-Za-z][A-Za-z0-9_-]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")


_CHAR_REF_RE = re.compile(r"&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]*);")


@dataclass
class _OpenTag:
    name: str
    start: int  # UTF-16 offset in the output
    entity: JSONDict


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram counts in."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _decode_char_ref(source: str, index: int, strict: bool) -> tuple[str, int]:
    match = _CHAR_REF_RE.match(source, index)
    if match is not None:
        name = match.group(1)
        if name.startswith("#"):
            code = int(name[2:], 16) if name[1:2] in "xX" else int(name[1:])
            if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                return chr(code), match.end()
        elif name in _NAMED_ENTITIES:
            return _NAMED_ENTITIES[name], match.end()
    if strict:
        raise HtmlParseError(
            f'Character "&" at byte offset {_byte_offset(source, index)} is not part of a '
            "supported entity (&lt; &gt; &amp; &quot; or numeric); escape it as &amp;"
        )
    return "&", index + 1


def _unescape_attr(value: str | None) -> str:
    if value is None:
        return ""
    if value[:1] in "\"'":
        value = value[1:-1]
    return html.unescape(value)


def _tag_attrs(rest: str) -> dict[str, str]:
    return {m.group(1).lower(): _unescape_attr(m.group(2)) for m in _ATTR_RE.finditer(rest)}


def _open_entity(name: str, attrs: dict[str, str], offset: int) -> JSONDict:
    entity: JSONDict = {"type": _TAG_ENTITY[name]}
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise HtmlParseError('Tag "span" must have class "tg-spoiler"')
    if name == "a":
        if not attrs.get("href"):
            raise HtmlParseError(f'Tag "a" at byte offset {offset} must have attribute "href"')
        entity["url"] = attrs["href"]
    if name == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    if name == "tg-emoji":
        if not attrs.get("emoji-id"):
            raise HtmlParseError('Tag "tg-emoji" must have attribute "emoji-id"')
        entity["custom_emoji_id"] = attrs["emoji-id"]
    if name == "code" and attrs.get("class", "").startswith("language-"):
        entity["language"] = attrs["class"].removeprefix("language-")
    return entity


def _close_tag(name: str, offset: int, stack: list[_OpenTag], pos: int) -> JSONDict | None:
    if not stack:
        raise HtmlParseError(f"Unexpected end tag at byte offset {offset}")
    top = stack[-1]
    if top.name != name:
        raise HtmlParseError(
            f'Unmatched end tag at byte offset {offset}, expected "</{top.name}>", '
            f'found "</{name}>"'
        )
    stack.pop()
    entity = top.entity
    language = entity.pop("language", None)
    if language and stack and stack[-1].name == "pre":
        stack[-1].entity["language"] = language
        return None  # <pre><code class="language-x"> is one pre entity
    if pos == top.start:
        return None  # Telegram drops empty entities
    entity.update(offset=top.start, length=pos - top.start)
    return entity


def _consume_tag(
    source: str, index: int, stack: list[_OpenTag], entities: list[JSONDict], pos: int
) -> int:
    offset = _byte_offset(source, index)
    match = _TAG_RE.match(source, index)
    if match is None:
        raise HtmlParseError(f"Unclosed start tag at byte offset {offset}")
    closing, name, rest = match.group(1) == "/", (match.group(2) or "").lower(), match.group(3)
    if closing:
        entity = _close_tag(name, offset, stack, pos)
        if entity is not None:
            entities.append(entity)
        return match.end()
    if name not in _TAG_ENTITY or rest.rstrip().endswith("/"):
        raise HtmlParseError(f'Unsupported start tag "{name}" at byte offset {offset}')
    stack.append(_OpenTag(name, pos, _open_entity(name, _tag_attrs(rest), offset)))
    return match.end()


def _strip_whitespace(text: str, entities: list[JSONDict]) -> ParsedText:
    stripped = text.strip()
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    total = utf16_len(stripped)
    kept: list[JSONDict] = []
    for entity in entities:
        start = min(max(entity["offset"] - lead, 0), total)
        end = min(max(entity["offset"] + entity["length"] - lead, 0), total)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    kept.sort(key=lambda e: (e["offset"], -e["length"]))
    return ParsedText(stripped, kept)


def parse_telegram_html(source: str, *, strict: bool = True) -> ParsedText:
    """Parse ``source`` the way Telegram's HTML parse mode does; raise HtmlParseError if refused.

    With ``strict`` a bare ``&`` (not ``&lt; &gt; &amp; &quot;`` or numeric) and a bare ``>``
    are errors too; Telegram itself passes them through as text.
    """
    out: list[str] = []
    entities: list[JSONDict] = []
    stack: list[_OpenTag] = []
    pos = 0
    index = 0
    while index < len(source):
        char = source[index]
        if char == "<":
            index = _consume_tag(source, index, stack, entities, pos)
            continue
        if char == "&":
            char, index = _decode_char_ref(source, index, strict)
        elif char == ">" and strict:
            raise HtmlParseError(
                f'Character ">" at byte offset {_byte_offset(source, index)} must be escaped '
                "as &gt;"
            )
        else:
            index += 1
        out.append(char)
        pos += utf16_len(char)
    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    return _strip_whitespace("".join(out), entities)
