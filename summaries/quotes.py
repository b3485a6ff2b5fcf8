"""Direct quotations and their speakers (placeholder; replaced by the real engine)."""

from __future__ import annotations

import re

from summaries.models import Quote

_QUOTE = re.compile(r"[“\"]([^”\"\n]{3,})[”\"]")


def extract_quotes(text: str, title: str = "") -> list[Quote]:
    """Return every direct quotation in ``text`` with its speaker."""
    return [
        Quote(text=m.group(1), start=m.start(1), end=m.end(1), speaker="", speaker_kind="unknown")
        for m in _QUOTE.finditer(text)
    ]
