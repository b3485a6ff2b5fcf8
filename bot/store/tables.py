"""The schema, as SQLAlchemy Core tables. Migrations in ``bot/migrations`` create it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps naive UTC text)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = sa.MetaData()
TZ = UTCDateTime()

feeds = sa.Table(
    "feeds",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("url", sa.String(2048), nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False, server_default=""),
    sa.Column("category", sa.String(100), nullable=False, server_default=""),
    sa.Column("site_url", sa.String(2048), nullable=False, server_default=""),
    sa.Column("etag", sa.String(512), nullable=False, server_default=""),
    sa.Column("last_modified", sa.String(128), nullable=False, server_default=""),
    sa.Column("next_poll_at", TZ, nullable=True),
    sa.Column("last_polled_at", TZ, nullable=True),
    sa.Column("last_success_at", TZ, nullable=True),
    sa.Column("error_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_error", sa.Text, nullable=False, server_default=""),
    sa.Column("paused", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("disabled_reason", sa.Text, nullable=False, server_default=""),
    sa.Column("first_polled", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("item_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("relevance_filter", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("include_keywords", sa.Text, nullable=False, server_default=""),
    sa.Column("exclude_keywords", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("claimed_by", sa.String(64), nullable=False, server_default=""),
    sa.Column("claimed_until", TZ, nullable=True),
    sa.Index("ix_feeds_due", "paused", "next_poll_at"),
)

seen_entries = sa.Table(
    "seen_entries",
    metadata,
    sa.Column(
        "feed_id", sa.Integer, sa.ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("seen_at", TZ, nullable=False),
    # why an entry was never briefed ("a PDF document, not an article"); "" for the rest
    sa.Column("note", sa.Text, nullable=False, server_default=""),
)

stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("title", sa.Text, nullable=False, server_default=""),
    sa.Column("first_seen_at", TZ, nullable=False),
    sa.Column("last_seen_at", TZ, nullable=False),
    sa.Column("article_count", sa.Integer, nullable=False, server_default="1"),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("feed_id", sa.Integer, sa.ForeignKey("feeds.id", ondelete="SET NULL"), nullable=True),
    sa.Column(
        "story_id", sa.Integer, sa.ForeignKey("stories.id", ondelete="SET NULL"), nullable=True
    ),
    sa.Column("url", sa.String(2048), nullable=False),
    sa.Column("url_key", sa.String(64), nullable=False, unique=True),
    sa.Column("guid", sa.String(2048), nullable=False, server_default=""),
    sa.Column("title", sa.Text, nullable=False, server_default=""),
    sa.Column("source", sa.String(200), nullable=False, server_default=""),
    sa.Column("author", sa.String(300), nullable=False, server_default=""),
    sa.Column("published_at", TZ, nullable=True),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("text", sa.Text, nullable=False, server_default=""),
    sa.Column("lead", sa.Text, nullable=False, server_default=""),
    sa.Column("summary", sa.Text, nullable=False, server_default=""),
    sa.Column("topics", sa.Text, nullable=False, server_default=""),
    sa.Column("briefing", sa.JSON, nullable=False),
    sa.Column("quote_count", sa.Integer, nullable=False, server_default="0"),
    sa.Index("ix_articles_created", "created_at"),
    sa.Index("ix_articles_story", "story_id"),
)

quotes = sa.Table(
    "quotes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("speaker", sa.String(300), nullable=False, server_default=""),
    sa.Column("speaker_key", sa.String(300), nullable=False, server_default=""),
    sa.Column("speaker_last", sa.String(300), nullable=False, server_default=""),
    sa.Column("role", sa.String(300), nullable=False, server_default=""),
    sa.Column("kind", sa.String(16), nullable=False, server_default="full"),
    sa.Column("speaker_kind", sa.String(16), nullable=False, server_default="person"),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("created_at", TZ, nullable=False),
    sa.Index("ix_quotes_speaker", "speaker_key", "created_at"),
    sa.Index("ix_quotes_article", "article_id"),
    sa.Index("ix_quotes_created", "created_at"),
    sa.Index("ix_quotes_speaker_last", "speaker_last", "created_at"),
)

speakers = sa.Table(
    "speakers",
    metadata,
    sa.Column("key", sa.String(300), primary_key=True),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("last", sa.String(300), nullable=False, server_default=""),
    sa.Column("role", sa.String(300), nullable=False, server_default=""),
    sa.Column("quote_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_quoted_at", TZ, nullable=True),
    sa.Index("ix_speakers_last", "last"),
    sa.Index("ix_speakers_count", "quote_count"),
)

subscriptions = sa.Table(
    "subscriptions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("platform", sa.String(16), nullable=False),
    sa.Column("chat_id", sa.String(64), nullable=False),
    sa.Column("thread_id", sa.String(64), nullable=False, server_default=""),
    sa.Column("chat_type", sa.String(16), nullable=False, server_default="private"),
    sa.Column("mode", sa.String(16), nullable=False, server_default="digest"),
    sa.Column("digest_time", sa.String(5), nullable=False, server_default="07:00"),
    sa.Column("timezone", sa.String(64), nullable=False, server_default="UTC"),
    sa.Column("weekdays", sa.String(32), nullable=False, server_default=""),
    sa.Column("topics", sa.Text, nullable=False, server_default=""),
    sa.Column("feeds", sa.Text, nullable=False, server_default=""),
    sa.Column("speakers", sa.Text, nullable=False, server_default=""),
    sa.Column("include_keywords", sa.Text, nullable=False, server_default=""),
    sa.Column("exclude_keywords", sa.Text, nullable=False, server_default=""),
    sa.Column("next_digest_at", TZ, nullable=True),
    sa.Column("last_digest_at", TZ, nullable=True),
    sa.Column("alert_watermark", sa.Integer, nullable=False, server_default="0"),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("deactivated_reason", sa.Text, nullable=False, server_default=""),
    sa.Column("created_by", sa.String(64), nullable=False, server_default=""),
    sa.Column("created_at", TZ, nullable=False),
    sa.UniqueConstraint("platform", "chat_id", "thread_id", name="uq_subscription_target"),
    sa.Index("ix_subscriptions_due", "active", "mode", "next_digest_at"),
)

deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "subscription_id",
        sa.Integer,
        sa.ForeignKey("subscriptions.id", ondelete="SET NULL"),
        nullable=True,
    ),
    sa.Column("platform", sa.String(16), nullable=False),
    sa.Column("chat_id", sa.String(64), nullable=False),
    sa.Column("thread_id", sa.String(64), nullable=False, server_default=""),
    sa.Column("chat_type", sa.String(16), nullable=False, server_default="private"),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("dedupe_key", sa.String(200), nullable=False, unique=True),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("state", sa.String(16), nullable=False, server_default="pending"),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("parts_sent", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_attempt_at", TZ, nullable=False),
    sa.Column("claimed_by", sa.String(64), nullable=False, server_default=""),
    sa.Column("claimed_at", TZ, nullable=True),
    sa.Column("last_error", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("sent_at", TZ, nullable=True),
    sa.Index("ix_deliveries_due", "state", "next_attempt_at"),
    sa.Index("ix_deliveries_claimed_by", "claimed_by"),
)

workers = sa.Table(
    "workers",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("host", sa.String(64), nullable=False, server_default=""),
    sa.Column("pid", sa.Integer, nullable=False, server_default="0"),
    sa.Column("started_at", TZ, nullable=False),
    sa.Column("heartbeat_at", TZ, nullable=False),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", TZ, nullable=False),
    sa.Column("platform", sa.String(16), nullable=False),
    sa.Column("actor", sa.String(128), nullable=False),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("detail", sa.Text, nullable=False, server_default=""),
)

# The newest Telegram update handled per chat, shared by the chat processes (webhook mode):
# a copy or a superseded update reaching another process is not handled twice.
chat_marks = sa.Table(
    "chat_marks",
    metadata,
    sa.Column("chat", sa.String(96), primary_key=True),  # "<bot id>:<chat id>"
    sa.Column("last_update_id", sa.BigInteger, nullable=False),
)

web_login_tokens = sa.Table(
    "web_login_tokens",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("platform", sa.String(16), nullable=False),
    sa.Column("actor", sa.String(128), nullable=False),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("expires_at", TZ, nullable=False),
    sa.Column("used_at", TZ, nullable=True),
)

web_samples = sa.Table(
    "web_samples",
    metadata,
    sa.Column("minute", TZ, primary_key=True),
    sa.Column("failed", sa.Integer, nullable=False, server_default="0"),
    sa.Column("rate_limited", sa.Integer, nullable=False, server_default="0"),
    sa.Column("commands", sa.Integer, nullable=False, server_default="0"),
    sa.Column("command_seconds", sa.Float, nullable=False, server_default="0"),
)
# One row per (article, topic), the topic as ``topic_key`` makes it: a search by topic reads
# that topic's articles, newest first, and nothing else. Written with each article.
article_topics = sa.Table(
    "article_topics",
    metadata,
    sa.Column(
        "article_id",
        sa.Integer,
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("topic", sa.String(100), primary_key=True),
    sa.Column("created_at", TZ, nullable=False),  # the article's
    sa.Index("ix_article_topics_topic", "topic", "created_at", "article_id"),
)

# Panel sessions: the cookie carries a random id (signed); only its hash is stored here.
web_sessions = sa.Table(
    "web_sessions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("platform", sa.String(16), nullable=False),
    sa.Column("actor", sa.String(128), nullable=False),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("last_seen_at", TZ, nullable=False),
    sa.Column("expires_at", TZ, nullable=False),
    sa.Column("client", sa.String(64), nullable=False, server_default=""),
    sa.Index("ix_web_sessions_expires", "expires_at"),
)

# Each 429 a sender met (and each pause a reply waited out), recorded by the process that
# met it: the panel, in whatever process it runs, shows every sender's 429s and pauses.
pacer_pauses = sa.Table(
    "pacer_pauses",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("platform", sa.String(16), nullable=False),
    sa.Column("chat", sa.String(140), nullable=False, server_default=""),  # "" when global
    sa.Column("global_pause", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("rate_limited", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("source", sa.String(16), nullable=False, server_default="outbox"),
    sa.Column("seconds", sa.Float, nullable=False),
    sa.Column("at", TZ, nullable=False),
    sa.Column("until", TZ, nullable=False),
    sa.Column("worker", sa.String(64), nullable=False, server_default=""),
    sa.Index("ix_pacer_pauses_at", "at"),
    sa.Index("ix_pacer_pauses_until", "until"),
)

sa.Index("ix_deliveries_sent", deliveries.c.sent_at)
sa.Index("ix_quotes_created_id", quotes.c.created_at, quotes.c.id)
sa.Index("ix_articles_feed", articles.c.feed_id, articles.c.created_at)
