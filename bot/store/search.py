"""Full-text search over stored articles.

``ArticleSearch`` ranks the newest matches of the user's words by relevance: SQLite FTS5
(bm25) or PostgreSQL ``tsvector`` (ts_rank). User input is reduced to quoted words so it
can never break the query syntax.
"""

from __future__ import annotations

import builtins
import re
from typing import TYPE_CHECKING

import sqlalchemy as sa

from bot.store.briefings import BRIEF_COLS, briefing_of
from bot.store.tables import articles
from summaries.models import Briefing

if TYPE_CHECKING:
    from bot.store import Store


SEARCH_WINDOW = 500  # newest matches ranked by relevance
_FTS_WORD = re.compile(r"\w+", re.UNICODE)


def fts5_query(terms: str) -> str:
    """User terms as a safe FTS5 query: each word quoted, all required."""
    words = _FTS_WORD.findall(terms)[:12]
    return " ".join(f'"{w}"' for w in words)


class ArticleSearch:
    _store: Store

    async def search(self, terms: str, limit: int = 5, offset: int = 0) -> builtins.list[Briefing]:
        """Full-text search over articles; user input can never break the query syntax."""
        if self._store.is_sqlite:
            match = fts5_query(terms)
            if not match:
                return []
            # Rank (bm25) only the newest matches: a common word matches tens of
            # thousands of articles, and ranking them all costs hundreds of milliseconds.
            query = sa.text(
                "SELECT id FROM (SELECT rowid AS id, bm25(articles_fts, 5.0, 1.0) AS score "
                "FROM articles_fts WHERE articles_fts MATCH :q ORDER BY rowid DESC LIMIT :window) "
                "ORDER BY score, id DESC LIMIT :limit OFFSET :offset"
            ).bindparams(
                q=match, window=max(SEARCH_WINDOW, offset + limit), limit=limit, offset=offset
            )
        else:
            if not _FTS_WORD.search(terms):
                return []
            query = sa.text(
                "SELECT id FROM (SELECT id, ts_rank(search, websearch_to_tsquery('english', :q)) AS score "
                "FROM articles WHERE search @@ websearch_to_tsquery('english', :q) "
                "ORDER BY id DESC LIMIT :window) AS recent ORDER BY score DESC, id DESC "
                "LIMIT :limit OFFSET :offset"
            ).bindparams(
                q=terms[:500], window=max(SEARCH_WINDOW, offset + limit), limit=limit, offset=offset
            )
        async with self._store.read() as conn:
            ids = [r[0] for r in (await conn.execute(query)).all()]
            if not ids:
                return []
            rows = (await conn.execute(sa.select(*BRIEF_COLS).where(articles.c.id.in_(ids)))).all()
        by_id = {r.id: briefing_of(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]
