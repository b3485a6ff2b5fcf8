"""Alembic environment: sitrep passes an open connection in ``config.attributes``."""

from __future__ import annotations

from alembic import context

from bot.store.tables import metadata


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:  # pragma: no cover - offline mode is not used
        context.configure(
            url=context.config.get_main_option("sqlalchemy.url"), target_metadata=metadata
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
