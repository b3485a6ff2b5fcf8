"""The store skips Alembic when the database is at the newest revision; that shortcut
relies on migration files named after their revision (``NNNN_what.py``)."""

from __future__ import annotations

import re

from alembic.config import Config
from alembic.script import ScriptDirectory

from bot.store import MIGRATIONS, head_revision


def test_head_revision_is_alembics_head() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert head_revision() == ScriptDirectory.from_config(config).get_current_head()


def test_every_migration_file_is_named_after_its_revision() -> None:
    for path in (MIGRATIONS / "versions").glob("*.py"):
        declared = re.search(r'^revision = "(\w+)"', path.read_text(), re.MULTILINE)
        assert declared is not None and path.name.startswith(declared.group(1) + "_"), path
