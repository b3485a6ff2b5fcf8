"""fast speaker look-ups: a surname column on quotes and a speakers summary table

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table("quotes") as batch:
        batch.add_column(
            sa.Column("speaker_last", sa.String(300), nullable=False, server_default="")
        )
    if dialect == "sqlite":
        op.execute(
            "UPDATE quotes SET speaker_last = "
            "replace(speaker_key, rtrim(speaker_key, replace(speaker_key, ' ', '')), '')"
        )
    else:
        op.execute(
            "UPDATE quotes SET speaker_last = coalesce(substring(speaker_key from '[^ ]+$'), '')"
        )
    op.create_index("ix_quotes_speaker_last", "quotes", ["speaker_last", "created_at"])
    op.create_table(
        "speakers",
        sa.Column("key", sa.String(300), primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("last", sa.String(300), nullable=False, server_default=""),
        sa.Column("role", sa.String(300), nullable=False, server_default=""),
        sa.Column("quote_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_quoted_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_speakers_last", "speakers", ["last"])
    op.create_index("ix_speakers_count", "speakers", ["quote_count"])
    op.execute(
        "INSERT INTO speakers (key, name, last, role, quote_count, last_quoted_at) "
        "SELECT speaker_key, max(speaker), max(speaker_last), max(role), count(*), max(created_at) "
        "FROM quotes WHERE speaker_kind = 'person' AND speaker_key <> '' GROUP BY speaker_key"
    )


def downgrade() -> None:
    op.drop_table("speakers")
    op.drop_index("ix_quotes_speaker_last", "quotes")
    with op.batch_alter_table("quotes") as batch:
        batch.drop_column("speaker_last")
