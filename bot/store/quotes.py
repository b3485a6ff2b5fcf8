"""Quotes and speakers: the read side for /quotes, /who and speaker autocomplete.

``QuoteQueries`` finds stored quotes by speaker (full name or surname), newest, or by the
topic of their article, each with the article it came from (``StoredQuote``), and lists
speakers by name prefix from the speakers summary table. ``speaker_key`` and
``last_name_key`` are the normalised look-up keys the write side stores with each quote.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from bot.store.tables import articles, quotes, speakers
from summaries.models import Quote

if TYPE_CHECKING:
    from bot.store import Store


@dataclass(frozen=True, slots=True)
class StoredQuote:
    """A quote with where it came from, for quote and search commands."""

    quote: Quote
    article_id: int
    headline: str
    url: str
    source: str
    created_at: datetime
    link: str = ""


def speaker_key(name: str) -> str:
    """Case- and space-insensitive key for speaker look-ups."""
    return " ".join(name.lower().split())


def last_name_key(name: str) -> str:
    key = speaker_key(name)
    return key.rsplit(" ", 1)[-1] if key else ""


class QuoteQueries:
    _store: Store

    async def quotes_by_speaker(
        self, name: str, limit: int = 5, offset: int = 0
    ) -> builtins.list[StoredQuote]:
        """Quotes by a full name, or by a surname alone ("Rutte"), newest first.

        Two index look-ups (full key; surname for one-word names), each bounded, then merged.
        """
        key = speaker_key(name)[:300]
        if not key:
            return []
        n = limit + offset

        def newest(cond: Any) -> Any:
            return (
                sa.select(quotes.c.id)
                .where(cond)
                .order_by(quotes.c.created_at.desc(), quotes.c.id.desc())
                .limit(n)
            )

        parts = [newest(quotes.c.speaker_key == key)]
        if " " not in key:
            parts.append(newest(quotes.c.speaker_last == key))
        union = sa.union_all(*(p.subquery().select() for p in parts)).subquery()
        return await self._stored_quotes(quotes.c.id.in_(sa.select(union.c.id)), limit, offset)

    async def quotes_latest(self, limit: int = 5, offset: int = 0) -> builtins.list[StoredQuote]:
        return await self._stored_quotes(quotes.c.speaker_key != "", limit, offset)

    async def quotes_on_topic(
        self, topic: str, limit: int = 5, offset: int = 0
    ) -> list[StoredQuote]:
        pattern = f"%{_like(topic.strip())}%"
        return await self._stored_quotes(
            articles.c.topics.ilike(pattern, escape="\\"), limit, offset
        )

    async def speakers(
        self, prefix: str = "", limit: int = 25
    ) -> builtins.list[tuple[str, str, int]]:
        """(name, latest role, quote count) for speakers whose name or surname starts with
        ``prefix``, most quoted first (index range scans on the speakers table)."""
        query = sa.select(speakers.c.name, speakers.c.role, speakers.c.quote_count)
        key = speaker_key(prefix)[:300]
        if key:
            high = key + "\uffff"
            query = query.where(
                sa.or_(
                    sa.and_(speakers.c.key >= key, speakers.c.key < high),
                    sa.and_(speakers.c.last >= key, speakers.c.last < high),
                )
            )
        query = query.order_by(speakers.c.quote_count.desc(), speakers.c.name).limit(limit)
        async with self._store.read() as conn:
            return [(r[0], r[1] or "", int(r[2])) for r in (await conn.execute(query)).all()]

    async def _stored_quotes(
        self, cond: Any, limit: int, offset: int
    ) -> builtins.list[StoredQuote]:
        query = (
            sa.select(
                quotes,
                articles.c.title.label("headline"),
                articles.c.url.label("url"),
                articles.c.source.label("source"),
                articles.c.briefing.label("briefing_json"),
            )
            .join(articles, articles.c.id == quotes.c.article_id)
            .where(cond)
            .order_by(quotes.c.created_at.desc(), quotes.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        async with self._store.read() as conn:
            rows = (await conn.execute(query)).all()
        return [_stored_quote(r) for r in rows]


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _quote(row: Any) -> Quote:
    return Quote(
        text=row.text,
        start=row.start,
        end=row.end,
        speaker=row.speaker,
        role=row.role,
        kind=row.kind,
        speaker_kind=row.speaker_kind,
    )


def _stored_quote(row: Any) -> StoredQuote:
    link = ""
    data = row.briefing_json or {}
    for q, url in zip(data.get("quotes", []), data.get("quote_links", []), strict=False):
        if q.get("start") == row.start:
            link = url
            break
    return StoredQuote(
        quote=_quote(row),
        article_id=row.article_id,
        headline=row.headline,
        url=row.url,
        source=row.source,
        created_at=row.created_at,
        link=link,
    )
