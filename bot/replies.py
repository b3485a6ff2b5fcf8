"""Platform-neutral reply values.

Commands and the digest/alert composer return a :class:`Reply`; each adapter renders
it (``bot.render``) to its platform's markup and limits. Nothing here knows about
Telegram or Discord.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from summaries.models import Briefing, Digest, Quote


@dataclass(frozen=True, slots=True)
class Heading:
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Plain text; ``link`` (optional) makes the whole paragraph a link."""

    text: str
    link: str = ""


@dataclass(frozen=True, slots=True)
class QuoteBlock:
    quote: Quote
    link: str = ""  # URL with a text fragment pointing at the quote in the source
    source: str = ""  # outlet name, when the quote stands outside its briefing


@dataclass(frozen=True, slots=True)
class BriefingBlock:
    briefing: Briefing
    also_reported_by: tuple[str, ...] = ()
    full: bool = False  # every quote rather than the top few


@dataclass(frozen=True, slots=True)
class DigestBlock:
    digest: Digest


@dataclass(frozen=True, slots=True)
class ListBlock:
    """A bulleted list of short items (e.g. feeds, sources)."""

    items: tuple[str, ...]
    title: str = ""


@dataclass(frozen=True, slots=True)
class TableBlock:
    """Rows of cells with a header row; rendered as monospace text or embed fields."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    title: str = ""


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    action: str  # opaque callback data, ≤ 64 bytes (e.g. "quotes:Mark Rutte:2")


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    data: bytes
    mime_type: str = "application/octet-stream"


Block = Heading | Paragraph | QuoteBlock | BriefingBlock | DigestBlock | ListBlock | TableBlock


@dataclass(frozen=True, slots=True)
class Reply:
    """What a command answers: blocks in order, optional buttons and attachment.

    ``kind`` lets renderers style errors and notices; ``ephemeral`` asks platforms that
    support it (Discord) to show the reply only to the caller.
    """

    blocks: tuple[Block, ...] = ()
    buttons: tuple[Button, ...] = ()
    attachment: Attachment | None = None
    kind: Literal["normal", "error", "notice"] = "normal"
    ephemeral: bool = False
    meta: dict[str, str] = field(default_factory=dict)


def text_reply(text: str, *, kind: Literal["normal", "error", "notice"] = "normal") -> Reply:
    return Reply(blocks=(Paragraph(text),), kind=kind, ephemeral=kind == "error")
