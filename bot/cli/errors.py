"""What the command line tells its user: one line and an exit code."""

from __future__ import annotations

USAGE_ERROR = 2


class UserError(Exception):
    """A problem the user can fix; printed as one line (exit 1, or ``code``)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code
