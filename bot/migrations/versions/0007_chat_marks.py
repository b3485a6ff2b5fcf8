"""chat marks: the newest webhook update handled per chat, across chat processes

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chat_marks",
        sa.Column("chat", sa.String(96), primary_key=True),
        sa.Column("last_update_id", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("chat_marks")
