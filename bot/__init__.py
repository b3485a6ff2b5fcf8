"""sitrep: the application (I/O, store, scheduling, chat adapters) around the pure core."""

__version__ = "0.1.0"  # = pyproject.toml's version (tests/unit/test_version.py); read without
# importlib.metadata, which alone costs more than the rest of `sitrep --version`
