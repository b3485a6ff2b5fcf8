from __future__ import annotations

import tomllib
from importlib.metadata import version
from pathlib import Path

import bot


def test_the_cheap_version_string_is_the_package_version() -> None:
    project = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    assert bot.__version__ == project["project"]["version"] == version("sitrep")
