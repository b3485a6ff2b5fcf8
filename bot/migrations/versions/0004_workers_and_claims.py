"""several processes on one store: feed claims (who polls a feed, until when) and a
workers table with heartbeats

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("feeds") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(64), nullable=False, server_default=""))
        batch.add_column(sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_feeds_due", "feeds", ["paused", "next_poll_at"])
    op.create_index("ix_deliveries_claimed_by", "deliveries", ["claimed_by"])
    op.create_table(
        "workers",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("host", sa.String(64), nullable=False, server_default=""),
        sa.Column("pid", sa.Integer, nullable=False, server_default="0"),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("workers")
    op.drop_index("ix_deliveries_claimed_by", "deliveries")
    op.drop_index("ix_feeds_due", "feeds")
    with op.batch_alter_table("feeds") as batch:
        batch.drop_column("claimed_until")
        batch.drop_column("claimed_by")
