"""full-text search over articles and quotes

SQLite: external-content FTS5 tables kept in step by triggers.
PostgreSQL: stored generated tsvector columns with GIN indexes.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_UP = [
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE quotes_fts USING fts5(text, speaker, content='quotes', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
]
for table, cols in (("articles", ("title", "text")), ("quotes", ("text", "speaker"))):
    names = ", ".join(cols)
    new = ", ".join(f"new.{c}" for c in cols)
    old = ", ".join(f"old.{c}" for c in cols)
    SQLITE_UP += [
        f"CREATE TRIGGER {table}_fts_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {table}_fts(rowid, {names}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {table}_fts_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {table}_fts({table}_fts, rowid, {names}) "
        f"VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {table}_fts_au AFTER UPDATE ON {table} BEGIN "
        f"INSERT INTO {table}_fts({table}_fts, rowid, {names}) "
        f"VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {table}_fts(rowid, {names}) VALUES (new.id, {new}); END",
    ]

POSTGRES_UP = [
    "ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS "
    "(setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "to_tsvector('english', coalesce(text, ''))) STORED",
    "CREATE INDEX ix_articles_search ON articles USING GIN (search)",
    "ALTER TABLE quotes ADD COLUMN search tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english', coalesce(text, '') || ' ' || coalesce(speaker, ''))) STORED",
    "CREATE INDEX ix_quotes_search ON quotes USING GIN (search)",
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_UP if dialect == "sqlite" else POSTGRES_UP:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("articles_fts", "quotes_fts"):
            op.execute(f"DROP TABLE IF EXISTS {name}")
        for table in ("articles", "quotes"):
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
    else:
        op.execute("DROP INDEX IF EXISTS ix_articles_search")
        op.execute("DROP INDEX IF EXISTS ix_quotes_search")
        op.execute("ALTER TABLE articles DROP COLUMN IF EXISTS search")
        op.execute("ALTER TABLE quotes DROP COLUMN IF EXISTS search")
