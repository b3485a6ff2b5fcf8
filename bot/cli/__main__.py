"""``python -m bot.cli``: the ``sitrep`` command."""

import sys

from bot.cli.main import main

sys.exit(main())
