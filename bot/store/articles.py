"""Articles with their quotes and stories: the write side, retention and the repository.

``ArticleRepository`` stores processed articles, their quotes, the speakers summary and
stories in one transaction, merges stories, and deletes old articles. It is the one
repository ``Store.articles`` callers see: the briefing reads, quote and speaker queries
and full-text search live in ``briefings``, ``quotes`` and ``search`` and are mixed in.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from bot.store.briefings import BriefingReads
from bot.store.codec import briefing_to_dict, join_list, topic_keys
from bot.store.quotes import QuoteQueries, last_name_key, speaker_key
from bot.store.search import ArticleSearch
from bot.store.tables import article_topics, articles, feeds, quotes, speakers, stories
from summaries.models import Article, Briefing, Quote

if TYPE_CHECKING:
    from bot.store import Store


@dataclass(frozen=True, slots=True)
class NewArticle:
    """A processed article ready to be stored."""

    url_key: str
    guid: str
    article: Article
    quotes: list[Quote]
    briefing: Briefing


class ArticleRepository(BriefingReads, QuoteQueries, ArticleSearch):
    def __init__(self, store: Store) -> None:
        self._store = store

    async def add(
        self,
        *,
        feed_id: int | None,
        url_key: str,
        guid: str,
        article: Article,
        quotes_found: builtins.list[Quote],
        briefing: Briefing,
        now: datetime,
        story_id: int | None = None,
    ) -> int | None:
        """Store one processed article; ``None`` if its URL is already stored."""
        item = NewArticle(url_key, guid, article, quotes_found, briefing)
        stored, _ = await self.add_batch(feed_id, [item], [story_id or -1], now=now)
        return stored[0][0] if stored else None

    async def add_batch(
        self,
        feed_id: int | None,
        items: builtins.list[NewArticle],
        story_ids: builtins.list[int],
        *,
        now: datetime,
        seen: tuple[int, builtins.list[str]] | None = None,
        notes: dict[str, str] | None = None,
    ) -> tuple[builtins.list[tuple[int, int, str]], dict[int, int]]:
        """Store processed articles with a few bulk statements in one transaction.

        ``story_ids[i]`` is an existing story for ``items[i]``, or a negative number for a
        new story (items with the same negative number share it). URLs already stored —
        by anyone, even concurrently — are skipped. Returns (article id, story id, url key)
        of each stored article and the new story ids by their negative placeholders (and,
        for a story another process merged away meanwhile, by its old id: its new articles
        start a new story). ``seen``
        (feed id, keys) marks entry keys seen in the same transaction, with ``notes`` (by key)
        saying why an entry was never briefed.
        """
        return await self._store.transaction(
            lambda conn: self._add_batch(conn, feed_id, items, story_ids, now, seen, notes)
        )

    async def _add_batch(
        self,
        conn: Any,
        feed_id: int | None,
        items: builtins.list[NewArticle],
        story_ids: builtins.list[int],
        now: datetime,
        seen: tuple[int, builtins.list[str]] | None,
        notes: dict[str, str] | None,
    ) -> tuple[builtins.list[tuple[int, int, str]], dict[int, int]]:
        present = set(
            (
                await conn.execute(
                    sa.select(articles.c.url_key).where(
                        articles.c.url_key.in_([i.url_key for i in items])
                    )
                )
            ).scalars()
        )
        todo = [
            (item, sid)
            for item, sid in zip(items, story_ids, strict=True)
            if item.url_key not in present
        ]
        todo = list({item.url_key: (item, sid) for item, sid in todo}.values())
        # the existing stories first, locked in one order (by id) as merges lock them;
        # one merged away by another process meanwhile becomes a new story
        refs = {sid for _item, sid in todo if sid > 0}
        gone = sorted(refs - await self._lock_stories(conn, refs, merging=False))
        lowest = min([sid for _item, sid in todo if sid < 0], default=0)
        swap = {old: lowest - 1 - n for n, old in enumerate(gone)}
        todo = [(item, swap.get(sid, sid)) for item, sid in todo]
        new_ids = await self._new_stories(conn, todo, now)
        stored = await self._insert_articles(conn, feed_id, todo, new_ids, now)
        await self._touch_stories(conn, [sid for _a, sid, _k in stored], new_ids, now)
        if feed_id is not None and stored:
            await conn.execute(
                feeds.update()
                .where(feeds.c.id == feed_id)
                .values(item_count=feeds.c.item_count + len(stored))
            )
        if seen is not None:
            await self._store.feeds.mark_seen_in(conn, seen[0], seen[1], now=now, notes=notes)
        new_ids.update({old: new_ids[tmp] for old, tmp in swap.items() if tmp in new_ids})
        return stored, new_ids

    async def _lock_stories(self, conn: Any, ids: set[int], *, merging: bool) -> set[int]:
        """Lock these story rows in ascending id order (every writer of stories takes
        them in this one order: no deadlock) and return those that still exist."""
        if not ids:
            return set()
        query = sa.select(stories.c.id).where(stories.c.id.in_(sorted(ids))).order_by(stories.c.id)
        if not self._store.is_sqlite:  # a merge deletes rows; adding articles only counts
            query = query.with_for_update(key_share=not merging)  # FOR NO KEY UPDATE
        return set((await conn.execute(query)).scalars())

    @staticmethod
    async def _new_stories(
        conn: Any, todo: builtins.list[tuple[NewArticle, int]], now: datetime
    ) -> dict[int, int]:
        placeholders: dict[int, str] = {}
        for item, sid in todo:
            if sid < 0:
                placeholders.setdefault(sid, item.article.title)
        if not placeholders:
            return {}
        rows = [
            {"title": t, "first_seen_at": now, "last_seen_at": now, "article_count": 0}
            for t in placeholders.values()
        ]
        result = await conn.execute(
            stories.insert().returning(stories.c.id, sort_by_parameter_order=True), rows
        )
        return dict(zip(placeholders, result.scalars().all(), strict=True))

    async def _insert_articles(
        self,
        conn: Any,
        feed_id: int | None,
        todo: builtins.list[tuple[NewArticle, int]],
        new_ids: dict[int, int],
        now: datetime,
    ) -> builtins.list[tuple[int, int, str]]:
        if not todo:
            return []
        rows = [_article_row(feed_id, new_ids.get(sid, sid), item, now) for item, sid in todo]
        rows.sort(key=lambda row: row["url_key"])  # one lock order for concurrent inserts
        insert = self._dialect_insert(articles).on_conflict_do_nothing(index_elements=["url_key"])
        result = await conn.execute(insert.returning(articles.c.id, articles.c.url_key), rows)
        ids = {key: article_id for article_id, key in result.all()}
        stored: builtins.list[tuple[int, int, str]] = []
        quote_rows: builtins.list[dict[str, Any]] = []
        topic_rows: builtins.list[dict[str, Any]] = []
        for item, sid in todo:
            article_id = ids.get(item.url_key)
            if article_id is None:  # stored by someone else a moment ago
                continue
            stored.append((article_id, new_ids.get(sid, sid), item.url_key))
            quote_rows += [_quote_row(article_id, i, q, now) for i, q in enumerate(item.quotes)]
            topic_rows += [
                {"article_id": article_id, "topic": topic, "created_at": now}
                for topic in topic_keys(item.briefing.topics)
            ]
        if topic_rows:  # the topic index (a search by topic reads only its articles)
            await conn.execute(article_topics.insert(), topic_rows)
        if quote_rows:
            await conn.execute(quotes.insert(), quote_rows)
            await self._count_speakers(conn, quote_rows, now)
        return stored

    async def _count_speakers(
        self, conn: Any, quote_rows: builtins.list[dict[str, Any]], now: datetime
    ) -> None:
        """Keep the speakers summary (for /who and autocomplete) in step with the quotes."""
        counts: dict[str, dict[str, Any]] = {}
        for row in quote_rows:
            if row["speaker_kind"] != "person" or not row["speaker_key"]:
                continue
            entry = counts.setdefault(
                row["speaker_key"],
                {
                    "key": row["speaker_key"],
                    "name": row["speaker"],
                    "last": row["speaker_last"],
                    "role": "",
                    "quote_count": 0,
                    "last_quoted_at": now,
                },
            )
            entry["quote_count"] += 1
            entry["role"] = row["role"] or entry["role"]
        if not counts:
            return
        insert = self._dialect_insert(speakers)
        await conn.execute(
            insert.on_conflict_do_update(
                index_elements=["key"],
                set_={
                    "quote_count": speakers.c.quote_count + insert.excluded.quote_count,
                    "name": insert.excluded.name,
                    "role": sa.case(
                        (insert.excluded.role != "", insert.excluded.role), else_=speakers.c.role
                    ),
                    "last_quoted_at": insert.excluded.last_quoted_at,
                },
            ),
            [counts[key] for key in sorted(counts)],  # one lock order: no deadlocks
        )

    async def merge_stories(self, merges: dict[int, int], *, now: datetime) -> None:
        """Move every article of each merged story (key) to the story it joined (value),
        add up the counts and delete the merged story rows."""
        await self._store.transaction(lambda conn: self._merge(conn, merges, now))

    async def _merge(self, conn: Any, merges: dict[int, int], now: datetime) -> None:
        alive = await self._lock_stories(conn, {*merges, *merges.values()}, merging=True)
        for old, new in merges.items():
            # another process may have merged either away meanwhile: its articles
            # went elsewhere already, or there is no story left to join
            if old == new or old not in alive or new not in alive:
                continue
            alive.discard(old)
            moved = (
                await conn.execute(
                    articles.update().where(articles.c.story_id == old).values(story_id=new)
                )
            ).rowcount
            await conn.execute(
                stories.update()
                .where(stories.c.id == new)
                .values(article_count=stories.c.article_count + moved, last_seen_at=now)
            )
            await conn.execute(stories.delete().where(stories.c.id == old))

    @staticmethod
    async def _touch_stories(
        conn: Any, story_ids: builtins.list[int], new_ids: dict[int, int], now: datetime
    ) -> None:
        counts: dict[int, int] = {}
        for sid in story_ids:
            counts[sid] = counts.get(sid, 0) + 1
        for sid, n in counts.items():
            await conn.execute(
                stories.update()
                .where(stories.c.id == sid)
                .values(article_count=stories.c.article_count + n, last_seen_at=now)
            )

    def _dialect_insert(self, table: sa.Table) -> Any:
        if self._store.is_sqlite:
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert

            return sqlite_insert(table)
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)

    async def delete_older_than(self, cutoff: datetime) -> int:
        async with self._store.write() as conn:
            result = await conn.execute(articles.delete().where(articles.c.created_at < cutoff))
            await conn.execute(
                stories.delete().where(~sa.exists().where(articles.c.story_id == stories.c.id))
            )
        return int(result.rowcount or 0)

    async def counts(self) -> dict[str, int]:
        async with self._store.read() as conn:
            n_articles = (
                await conn.execute(sa.select(sa.func.count()).select_from(articles))
            ).scalar_one()
            n_quotes = (
                await conn.execute(sa.select(sa.func.count()).select_from(quotes))
            ).scalar_one()
            n_stories = (
                await conn.execute(sa.select(sa.func.count()).select_from(stories))
            ).scalar_one()
        return {"articles": int(n_articles), "quotes": int(n_quotes), "stories": int(n_stories)}


def _article_row(
    feed_id: int | None, story_id: int, item: NewArticle, now: datetime
) -> dict[str, Any]:
    article, briefing = item.article, item.briefing
    return {
        "feed_id": feed_id,
        "story_id": story_id,
        "url": article.url,
        "url_key": item.url_key,
        "guid": item.guid[:2048],
        "title": article.title,
        "source": article.source[:200],
        "author": article.author[:300],
        "published_at": article.published,
        "created_at": now,
        "text": article.text,
        "lead": article.lead,
        "summary": briefing.summary,
        "topics": join_list(briefing.topics),
        "briefing": briefing_to_dict(briefing),
        "quote_count": len(item.quotes),
    }


def _quote_row(article_id: int, position: int, q: Quote, now: datetime) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "position": position,
        "text": q.text,
        "speaker": q.speaker[:300],
        "speaker_key": speaker_key(q.speaker)[:300],
        "speaker_last": last_name_key(q.speaker)[:300],
        "role": q.role[:300],
        "kind": q.kind,
        "speaker_kind": q.speaker_kind,
        "start": q.start,
        "end": q.end,
        "created_at": now,
    }


__all__ = ["ArticleRepository", "NewArticle"]
