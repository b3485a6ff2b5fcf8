"""Replies, briefings and digests as JSON-serialisable values (datetimes in ISO 8601)."""

from __future__ import annotations

import base64
import json
from dataclasses import asdict
from datetime import datetime
from typing import Any

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


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def quote_to_dict(quote: Quote, link: str = "") -> dict[str, Any]:
    return {**asdict(quote), "link": link}


def briefing_to_dict(briefing: Briefing) -> dict[str, Any]:
    """Every field of the briefing; each quote carries its link."""
    links = briefing.quote_links
    return {
        "headline": briefing.headline,
        "url": briefing.url,
        "source": briefing.source,
        "published": iso(briefing.published),
        "summary": briefing.summary,
        "quotes": [
            quote_to_dict(q, links[i] if i < len(links) else "")
            for i, q in enumerate(briefing.quotes)
        ],
        "topics": list(briefing.topics),
        "speakers": [asdict(s) for s in briefing.speakers],
        "article_id": briefing.article_id,
        "story_id": briefing.story_id,
    }


def story_to_dict(story: Story) -> dict[str, Any]:
    return {
        "story_id": story.story_id,
        "score": story.score,
        "lead": briefing_to_dict(story.lead),
        "also_reported_by": list(story.also_reported_by),
    }


def digest_to_dict(digest: Digest) -> dict[str, Any]:
    qotd = digest.quote_of_the_day
    return {
        "title": digest.title,
        "since": iso(digest.since),
        "until": iso(digest.until),
        "stories": [story_to_dict(s) for s in digest.stories],
        "quote_of_the_day": (
            None
            if qotd is None
            else {
                **quote_to_dict(qotd, digest.quote_of_the_day_link),
                "source": digest.quote_of_the_day_source,
            }
        ),
        "left_out": digest.left_out,
        "empty_message": digest.empty_message,
        "extra": dict(digest.extra),
    }


def block_to_dict(block: Block) -> dict[str, Any]:
    match block:
        case Heading(text=text):
            return {"type": "heading", "text": text}
        case Paragraph(text=text, link=link):
            return {"type": "paragraph", "text": text, "link": link}
        case QuoteBlock(quote=quote, link=link, source=source):
            return {"type": "quote", **quote_to_dict(quote, link), "source": source}
        case BriefingBlock(briefing=briefing, also_reported_by=also, full=full):
            return {
                "type": "briefing",
                "briefing": briefing_to_dict(briefing),
                "also_reported_by": list(also),
                "full": full,
            }
        case DigestBlock(digest=digest):
            return {"type": "digest", "digest": digest_to_dict(digest)}
        case ListBlock(items=items, title=title):
            return {"type": "list", "title": title, "items": list(items)}
        case TableBlock(header=header, rows=rows, title=title):
            return {
                "type": "table",
                "title": title,
                "header": list(header),
                "rows": [list(r) for r in rows],
            }
    raise TypeError(f"unknown block {type(block).__name__}")


def reply_to_dict(reply: Reply) -> dict[str, Any]:
    attachment = reply.attachment
    return {
        "kind": reply.kind,
        "ephemeral": reply.ephemeral,
        "blocks": [block_to_dict(b) for b in reply.blocks],
        "buttons": [{"label": b.label, "action": b.action} for b in reply.buttons],
        "attachment": (
            None
            if attachment is None
            else {
                "filename": attachment.filename,
                "mime_type": attachment.mime_type,
                "data_base64": base64.b64encode(attachment.data).decode("ascii"),
            }
        ),
        "meta": dict(reply.meta),
    }


def render_json(reply: Reply) -> str:
    """The reply as indented JSON (UTF-8 text, not ASCII-escaped)."""
    return json.dumps(reply_to_dict(reply), ensure_ascii=False, indent=2)
