"""Stored articles read back as briefings.

``BriefingReads`` is the read side of the article repository used by ingest, planning and
the /latest and /story commands: which URL keys are already stored, one article by id,
the newest briefings, a time window, everything after an id and the highest id. It also
holds the briefing columns and row decoding that full-text search reuses.
"""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from bot.store.codec import briefing_from_dict
from bot.store.tables import articles
from summaries.models import Article, Briefing

if TYPE_CHECKING:
    from bot.store import Store


class BriefingReads:
    _store: Store

    async def stored_keys(self, url_keys: builtins.list[str]) -> set[str]:
        if not url_keys:
            return set()
        query = sa.select(articles.c.url_key).where(articles.c.url_key.in_(url_keys))
        async with self._store.read() as conn:
            return set((await conn.execute(query)).scalars())

    async def get(self, article_id: int) -> tuple[Briefing, Article] | None:
        async with self._store.read() as conn:
            row = (
                await conn.execute(sa.select(articles).where(articles.c.id == article_id))
            ).first()
        if row is None:
            return None
        return briefing_of(row), Article(
            text=row.text,
            title=row.title,
            url=row.url,
            source=row.source,
            author=row.author,
            published=row.published_at,
            lead=row.lead,
        )

    async def latest(self, limit: int = 5, offset: int = 0) -> builtins.list[Briefing]:
        query = sa.select(*BRIEF_COLS).order_by(articles.c.id.desc()).limit(limit).offset(offset)
        async with self._store.read() as conn:
            return [briefing_of(r) for r in (await conn.execute(query)).all()]

    async def since(
        self, since: datetime, until: datetime, limit: int = 5000
    ) -> builtins.list[Briefing]:
        query = (
            sa.select(*BRIEF_COLS)
            .where(articles.c.created_at > since, articles.c.created_at <= until)
            .order_by(articles.c.id.desc())
            .limit(limit)
        )
        async with self._store.read() as conn:
            return [briefing_of(r) for r in (await conn.execute(query)).all()]

    async def after_id(self, article_id: int, limit: int = 200) -> builtins.list[Briefing]:
        query = (
            sa.select(*BRIEF_COLS)
            .where(articles.c.id > article_id)
            .order_by(articles.c.id)
            .limit(limit)
        )
        async with self._store.read() as conn:
            return [briefing_of(r) for r in (await conn.execute(query)).all()]

    async def max_id(self) -> int:
        async with self._store.read() as conn:
            return int((await conn.execute(sa.select(sa.func.max(articles.c.id)))).scalar() or 0)


BRIEF_COLS = (articles.c.id, articles.c.story_id, articles.c.briefing)


def briefing_of(row: Any) -> Briefing:
    return briefing_from_dict(row.briefing, article_id=row.id, story_id=row.story_id)
