"""The panel's quote search by speaker, topic, feed and dates: each filter combination reads
along one index, and the walk is bounded by the smallest thing asked for (a speaker's quotes,
a topic's articles, a feed's articles), never by the whole store."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from bot.store.codec import briefing_from_dict, topic_key
from bot.store.tables import article_topics, articles, feeds, quotes, speakers
from summaries.models import Quote

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncConnection

    from bot.store import Store

# A speaker's quotes are walked one index entry each; a topic's articles cost about this many
# entries each (their quotes). A speaker with more quotes than this many times the topic's
# articles is searched from the topic's side.
QUOTES_PER_ARTICLE = 8


@dataclass(frozen=True, slots=True)
class QuoteHit:
    id: int
    text: str
    speaker: str
    role: str
    created_at: datetime
    article_title: str
    article_url: str
    feed_name: str
    evidence: Quote | None


@dataclass(frozen=True, slots=True)
class QuoteQuery:
    speaker: str = ""
    topic: str = ""
    feed_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None


async def search_quotes(store: Store, q: QuoteQuery, limit: int = 50) -> builtins.list[QuoteHit]:
    """The newest ``limit`` quotes that match every filter given, newest first."""
    query = (
        sa.select(
            quotes.c.id,
            quotes.c.text,
            quotes.c.speaker,
            quotes.c.role,
            quotes.c.created_at,
            quotes.c.position,
            articles.c.title,
            articles.c.url,
            articles.c.briefing,
            sa.func.coalesce(feeds.c.name, "").label("feed_name"),
        )
        .join(articles, articles.c.id == quotes.c.article_id)
        .outerjoin(feeds, feeds.c.id == articles.c.feed_id)
    )
    async with store.read() as conn:
        conds = await _conditions(conn, q, limit)
        if conds is None:
            return []
        query = query.where(*conds)
        query = query.order_by(quotes.c.created_at.desc(), quotes.c.id.desc()).limit(limit)
        rows = (await conn.execute(query)).all()
    return [_hit(r) for r in rows]


async def _conditions(conn: AsyncConnection, q: QuoteQuery, limit: int) -> list[Any] | None:
    """The search's conditions; None when it cannot match (a topic no article has)."""
    qc, ac = quotes.c, articles.c
    dates: list[Any] = []
    if q.since is not None:
        dates.append(qc.created_at >= q.since)
    if q.until is not None:
        dates.append(qc.created_at < q.until)
    conds = list(dates)
    if q.feed_id is not None:
        conds.append(ac.feed_id == q.feed_id)
    topic = topic_key(q.topic)
    key = " ".join(q.speaker.lower().split())
    if key and topic:
        quoted = await _speaker_quotes(conn, key)
        articles_on_topic = await _topic_articles(
            conn, topic, int(quoted // QUOTES_PER_ARTICLE) + 1
        )
        if not articles_on_topic:
            return None
        if articles_on_topic * QUOTES_PER_ARTICLE < quoted:  # the topic is the smaller side
            on_topic = sa.select(article_topics.c.article_id).where(article_topics.c.topic == topic)
            # The speaker is compared, not looked up: this walk goes along the topic's articles.
            said = sa.or_(*(sa.func.lower(c) == key for c in (qc.speaker_key, qc.speaker_last)))
            return [*conds, qc.article_id.in_(on_topic.scalar_subquery()), said]
    if key:
        conds.append(qc.id.in_(_speaker_newest(q, key, topic, dates, limit)))
    elif topic:  # quotes are stored with their article: the newest quoted articles
        conds.append(qc.article_id.in_(_articles_on_topic(q, topic, limit).scalar_subquery()))
    return conds


async def _speaker_quotes(conn: AsyncConnection, key: str) -> int:
    """About how many quotes a speaker search walks (the speakers summary, by name or surname)."""
    s = speakers.c
    query = sa.select(sa.func.coalesce(sa.func.sum(s.quote_count), 0)).where(
        sa.or_(s.key == key, s.last == key)
    )
    return int((await conn.execute(query)).scalar_one())


async def _topic_articles(conn: AsyncConnection, topic: str, cap: int) -> int:
    """How many articles have ``topic``, counted up to ``cap`` (an index range)."""
    some = (
        sa.select(article_topics.c.article_id)
        .where(article_topics.c.topic == topic)
        .limit(cap)
        .subquery()
    )
    return int((await conn.execute(sa.select(sa.func.count()).select_from(some))).scalar_one())


def _speaker_newest(q: QuoteQuery, key: str, topic: str, dates: list[Any], limit: int) -> Any:
    """A speaker's newest matching quotes by full name or surname: two ordered index ranges,
    the other filters checked along them."""
    qc, tc = quotes.c, article_topics.c
    along = list(dates)
    if topic:
        along.append(sa.exists().where(tc.article_id == qc.article_id, tc.topic == topic))
    if q.feed_id is not None:
        feed = articles.alias("in_feed")
        along.append(sa.exists().where(feed.c.id == qc.article_id, feed.c.feed_id == q.feed_id))
    newest = [
        sa.select(qc.id).where(column == key, *along).order_by(qc.created_at.desc()).limit(limit)
        for column in (qc.speaker_key, qc.speaker_last)
    ]
    return sa.union_all(*(n.subquery().select() for n in newest)).scalar_subquery()


def _articles_on_topic(q: QuoteQuery, topic: str, limit: int) -> Any:
    """The newest quoted articles on ``topic``: read along one feed's articles when a feed
    is given (``ix_articles_feed``: a feed has far fewer articles than a common topic),
    else along the topic's own articles in the topic index; either walk is bounded by that
    feed's or that topic's articles, never by the whole store."""
    tc = article_topics.c
    a = articles.alias("on_topic")
    dated = [
        *([a.c.created_at >= q.since] if q.since is not None else []),
        *([a.c.created_at < q.until] if q.until is not None else []),
    ]
    if q.feed_id is not None:
        tagged = sa.exists().where(tc.article_id == a.c.id, tc.topic == topic)
        query = sa.select(a.c.id).where(
            a.c.feed_id == q.feed_id, a.c.quote_count > 0, tagged, *dated
        )
        return query.order_by(a.c.created_at.desc()).limit(limit).correlate(None)
    query = (
        sa.select(tc.article_id)
        .join(a, a.c.id == tc.article_id)
        .where(
            tc.topic == topic,
            a.c.quote_count > 0,
            *([tc.created_at >= q.since] if q.since is not None else []),
            *([tc.created_at < q.until] if q.until is not None else []),
        )
    )
    return query.order_by(tc.created_at.desc()).limit(limit).correlate(None)


def _hit(row: Any) -> QuoteHit:
    evidence = None
    try:
        found = briefing_from_dict(row.briefing or {}).quotes
        evidence = next((q for q in found if q.text == row.text), None)
    except (KeyError, TypeError, ValueError):
        evidence = None
    return QuoteHit(
        row.id,
        row.text,
        row.speaker,
        row.role,
        row.created_at,
        row.title,
        row.url,
        row.feed_name,
        evidence,
    )
