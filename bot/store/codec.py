"""How core values are kept in the store's JSON columns and text lists."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from summaries.models import Briefing, Quote, Speaker, SpeakerCue

# NUL and other control characters (tab and newlines aside): PostgreSQL refuses NUL in text,
# and none of them belongs in an article or a query.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def join_list(values: tuple[str, ...] | list[str]) -> str:
    """A list of short strings as one text column (``\\x1f``-separated)."""
    return "\x1f".join(v for v in values if v)


def topic_key(topic: str) -> str:
    """A topic as the ``article_topics`` index keeps it: spaces collapsed, lower case."""
    return " ".join(topic.split()).lower()[:100]


def topic_keys(topics: tuple[str, ...] | list[str]) -> list[str]:
    """An article's distinct topic keys, in order."""
    return list(dict.fromkeys(k for k in map(topic_key, topics) if k))


def split_list(value: str | None) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split("\x1f") if v)


def quote_to_dict(quote: Quote) -> dict[str, Any]:
    return {
        "text": quote.text,
        "start": quote.start,
        "end": quote.end,
        "speaker": quote.speaker,
        "role": quote.role,
        "kind": quote.kind,
        "speaker_kind": quote.speaker_kind,
        "confidence": quote.confidence,
        "cue": (
            {
                "kind": quote.cue.kind,
                "text": quote.cue.text,
                "start": quote.cue.start,
                "end": quote.cue.end,
            }
            if quote.cue is not None
            else None
        ),
    }


def quote_from_dict(data: dict[str, Any]) -> Quote:
    return Quote(
        text=data["text"],
        start=int(data["start"]),
        end=int(data["end"]),
        speaker=data.get("speaker", ""),
        role=data.get("role", ""),
        kind=data.get("kind", "full"),
        speaker_kind=data.get("speaker_kind", "person"),
        cue=_cue_from_dict(data.get("cue")),
        confidence=float(data.get("confidence", 1.0)),
    )


def _cue_from_dict(data: dict[str, Any] | None) -> SpeakerCue | None:
    if not data:
        return None
    return SpeakerCue(
        kind=data["kind"],
        text=data.get("text", ""),
        start=int(data.get("start", -1)),
        end=int(data.get("end", -1)),
    )


def briefing_to_dict(briefing: Briefing) -> dict[str, Any]:
    return {
        "headline": briefing.headline,
        "url": briefing.url,
        "source": briefing.source,
        "summary": briefing.summary,
        "quotes": [quote_to_dict(q) for q in briefing.quotes],
        "topics": list(briefing.topics),
        "speakers": [{"name": s.name, "role": s.role, "kind": s.kind} for s in briefing.speakers],
        "published": briefing.published.isoformat() if briefing.published else None,
        "quote_links": list(briefing.quote_links),
    }


def briefing_from_dict(
    data: dict[str, Any], *, article_id: int | None = None, story_id: int | None = None
) -> Briefing:
    published = data.get("published")
    return Briefing(
        headline=data.get("headline", ""),
        url=data.get("url", ""),
        source=data.get("source", ""),
        summary=data.get("summary", ""),
        quotes=tuple(quote_from_dict(q) for q in data.get("quotes", [])),
        topics=tuple(data.get("topics", [])),
        speakers=tuple(
            Speaker(name=s["name"], role=s.get("role", ""), kind=s.get("kind", "person"))
            for s in data.get("speakers", [])
        ),
        published=datetime.fromisoformat(published) if published else None,
        quote_links=tuple(data.get("quote_links", [])),
        article_id=article_id,
        story_id=story_id,
    )
