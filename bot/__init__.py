"""sitrep: the application (I/O, store, scheduling, chat adapters) around the pure core."""

__version__ = "0.1.0"
