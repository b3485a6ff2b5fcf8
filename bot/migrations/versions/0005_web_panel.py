"""web panel: one-time login links and per-minute runtime samples for the overview charts

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_login_tokens",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "web_samples",
        sa.Column("minute", sa.DateTime(timezone=True), primary_key=True),
        sa.Column("failed", sa.Integer, nullable=False, server_default="0"),
        sa.Column("rate_limited", sa.Integer, nullable=False, server_default="0"),
        sa.Column("commands", sa.Integer, nullable=False, server_default="0"),
        sa.Column("command_seconds", sa.Float, nullable=False, server_default="0"),
    )
    op.create_index("ix_deliveries_sent", "deliveries", ["sent_at"])
    op.create_index("ix_quotes_created_id", "quotes", ["created_at", "id"])
    op.create_index("ix_articles_feed", "articles", ["feed_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_articles_feed", "articles")
    op.drop_index("ix_quotes_created_id", "quotes")
    op.drop_index("ix_deliveries_sent", "deliveries")
    op.drop_table("web_samples")
    op.drop_table("web_login_tokens")
