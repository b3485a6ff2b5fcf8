"""The ``sitrep`` command line: ``main`` parses and checks arguments (``bot.cli.main``),
each command builds what it needs through the composition root (``bot.cli.commands``).
Nothing imports the CLI.
"""

from bot.cli.main import main

__all__ = ["main"]
