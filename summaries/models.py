"""Plain data for the core: articles in, quotes, briefings and digests out.

Nothing here does I/O. Every other module in ``summaries`` works on these values, and
``bot`` stores and renders them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

QuoteKind = Literal["full", "partial"]
SpeakerKind = Literal["person", "unnamed", "organisation", "unknown"]
CueKind = Literal[
    "name", "pronoun", "role", "unnamed", "organisation", "continuation", "adjacent", "none"
]


@dataclass(frozen=True, slots=True)
class Article:
    """One article's clean main text and metadata.

    ``text`` holds paragraphs separated by a blank line (``"\\n\\n"``). Quote offsets
    index this string.
    """

    text: str
    title: str = ""
    url: str = ""
    source: str = ""
    author: str = ""
    published: datetime | None = None
    lead: str = ""


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    role: str = ""
    kind: SpeakerKind = "person"


@dataclass(frozen=True, slots=True)
class SpeakerCue:
    """The words that made the engine choose a quote's speaker: ``text`` is
    ``article.text[start:end]``. ``continuation``: the quote goes on from an earlier one
    (the cue is that one's); ``adjacent``: the attribution stands in a neighbouring
    sentence or paragraph rather than the quote's own."""

    kind: CueKind
    text: str = ""
    start: int = -1
    end: int = -1


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation: ``text == article.text[start:end]``, always.

    ``confidence`` (0 to 1) is how sure the engine is of the speaker; ``cue`` its evidence.
    Quotes built elsewhere (the store, tests) default to full confidence and no cue.
    """

    text: str
    start: int
    end: int
    speaker: str
    role: str = ""
    kind: QuoteKind = "full"
    speaker_kind: SpeakerKind = "person"
    cue: SpeakerCue | None = None
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Briefing:
    """One article in a few lines: what happened and who said what."""

    headline: str
    url: str
    source: str
    summary: str
    quotes: tuple[Quote, ...] = ()
    topics: tuple[str, ...] = ()
    speakers: tuple[Speaker, ...] = ()
    published: datetime | None = None
    quote_links: tuple[str, ...] = ()  # one URL (with a text fragment) per quote
    article_id: int | None = None
    story_id: int | None = None


@dataclass(frozen=True, slots=True)
class Story:
    """The same event reported by one or more outlets."""

    lead: Briefing
    also_reported_by: tuple[str, ...] = ()
    story_id: int | None = None
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class Digest:
    """A window's stories, best first."""

    title: str
    since: datetime
    until: datetime
    stories: tuple[Story, ...] = ()
    quote_of_the_day: Quote | None = None
    quote_of_the_day_link: str = ""
    quote_of_the_day_source: str = ""
    left_out: int = 0
    empty_message: str = ""
    extra: dict[str, str] = field(default_factory=dict)
