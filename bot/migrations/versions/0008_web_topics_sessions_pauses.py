"""web panel: a topic index, server-side sessions and the pacer's pauses

- ``article_topics``: one row per (article, topic), the topic lower-cased, indexed by
  (topic, created_at) so a search by topic reads only that topic's articles; backfilled
  here from ``articles.topics`` (``\\x1f``-separated), then written with each article.
- ``web_sessions``: a panel session is a row (only the hash of its id is stored), so it
  expires, is listed, and is revoked by deleting it.
- ``pacer_pauses``: each 429 (and each pause a reply waits out) recorded by the process
  that met it, so the panel shows 429s and pauses of every sender, in any process.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

BATCH = 5000
TOPIC_CHARS = 100


def upgrade() -> None:
    op.create_table(
        "article_topics",
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("topic", sa.String(TOPIC_CHARS), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_article_topics_topic", "article_topics", ["topic", "created_at", "article_id"]
    )
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("client", sa.String(64), nullable=False, server_default=""),
    )
    op.create_index("ix_web_sessions_expires", "web_sessions", ["expires_at"])
    op.create_table(
        "pacer_pauses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("chat", sa.String(140), nullable=False, server_default=""),
        sa.Column("global_pause", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("rate_limited", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("source", sa.String(16), nullable=False, server_default="outbox"),
        sa.Column("seconds", sa.Float, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("worker", sa.String(64), nullable=False, server_default=""),
    )
    op.create_index("ix_pacer_pauses_at", "pacer_pauses", ["at"])
    op.create_index("ix_pacer_pauses_until", "pacer_pauses", ["until"])
    _backfill_topics()


def _backfill_topics() -> None:
    """Every stored article's topics into ``article_topics``, a batch of articles at a time."""
    conn = op.get_bind()
    articles = sa.table(
        "articles",
        sa.column("id", sa.Integer),
        sa.column("topics", sa.Text),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    index = sa.table(
        "article_topics",
        sa.column("article_id", sa.Integer),
        sa.column("topic", sa.String),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    last = 0
    while True:
        rows = conn.execute(
            sa.select(articles.c.id, articles.c.topics, articles.c.created_at)
            .where(articles.c.id > last, articles.c.topics != "")
            .order_by(articles.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        values = [
            {"article_id": row.id, "topic": topic, "created_at": row.created_at}
            for row in rows
            for topic in _topics(row.topics)
        ]
        if values:
            conn.execute(index.insert(), values)
        last = rows[-1].id


def _topics(joined: str) -> list[str]:
    """The article's distinct topics as stored in the index (the store's ``topic_key``)."""
    keys = (" ".join(t.split()).lower()[:TOPIC_CHARS] for t in joined.split("\x1f"))
    return list(dict.fromkeys(k for k in keys if k))


def downgrade() -> None:
    op.drop_index("ix_pacer_pauses_until", "pacer_pauses")
    op.drop_index("ix_pacer_pauses_at", "pacer_pauses")
    op.drop_table("pacer_pauses")
    op.drop_index("ix_web_sessions_expires", "web_sessions")
    op.drop_table("web_sessions")
    op.drop_index("ix_article_topics_topic", "article_topics")
    op.drop_table("article_topics")
