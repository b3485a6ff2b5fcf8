"""Two fixed halves of a real-text split: ``read`` to diagnose on, ``check`` to measure.

A key (an article's or excerpt's id, or an event id when whole events must stay together)
is in ``read`` when its sha256 is even and in ``check`` when it is odd. A fix found on the
read half counts only if it holds on the check half, whose failures nobody looks at.
"""

from __future__ import annotations

import hashlib

PARTS = ("read", "check")


def in_part(key: str, part: str | None) -> bool:
    """Whether ``key`` falls in ``part``; every key does when no part is asked for."""
    if part is None:
        return True
    odd = hashlib.sha256(key.encode("utf-8")).digest()[-1] & 1
    return bool(odd) == (part == "check")
