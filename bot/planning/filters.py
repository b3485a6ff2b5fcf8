"""Include/exclude filters for feeds and subscriptions, safe against hostile patterns.

A term is a word or phrase (matched on word boundaries, case-insensitively) or a
``/regular expression/``. Expressions run on RE2, a linear-time engine with no
backtracking, so no pattern can hang sitrep ("regex bombs" such as ``(a+)+$`` are
harmless); RE2 also refuses constructs it cannot run in linear time, with a message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import re2

MAX_TERMS = 50
MAX_TERM_LENGTH = 200
MAX_PROGRAM_MEMORY = 1 << 20


class FilterError(ValueError):
    """A filter term is not usable; the message says which and why."""


def _options() -> Any:
    options = re2.Options()
    options.max_mem = MAX_PROGRAM_MEMORY
    options.log_errors = False
    options.case_sensitive = False
    return options


def _compile(terms: Sequence[str]) -> Any | None:
    if not terms:
        return None
    if len(terms) > MAX_TERMS:
        raise FilterError(f"at most {MAX_TERMS} filter terms")
    parts = []
    for term in terms:
        if len(term) > MAX_TERM_LENGTH:
            raise FilterError(f"filter term longer than {MAX_TERM_LENGTH} characters")
        if len(term) > 2 and term.startswith("/") and term.endswith("/"):
            body = term[1:-1]
            try:
                re2.compile(body, _options())
            except re2.error as exc:
                raise FilterError(f"pattern {term[:60]!r} is not valid: {_reason(exc)}") from None
            parts.append(f"(?:{body})")
        else:
            words = " ".join(term.split())
            if words:
                parts.append(r"\b" + r"\s+".join(re2.escape(w) for w in words.split(" ")) + r"\b")
    if not parts:
        return None
    try:
        return re2.compile("|".join(parts), _options())
    except re2.error as exc:
        raise FilterError(f"the filter is too complex: {_reason(exc)}") from None


def _reason(exc: Exception) -> str:
    text = str(exc.args[0] if exc.args else exc)
    if text.startswith("b'") or text.startswith('b"'):
        text = text[2:-1]
    return text[:120]


@dataclass(frozen=True)
class TermFilter:
    """Passes text that matches any include term (or there are none) and no exclude term."""

    include: Any | None
    exclude: Any | None

    @classmethod
    def compile(cls, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> TermFilter:
        return cls(_compile(include), _compile(exclude))

    @property
    def empty(self) -> bool:
        return self.include is None and self.exclude is None

    def matches(self, text: str) -> bool:
        if self.include is not None and self.include.search(text) is None:
            return False
        return self.exclude is None or self.exclude.search(text) is None


def validate_terms(terms: Sequence[str]) -> None:
    """Raise :class:`FilterError` if ``terms`` cannot be compiled."""
    _compile(terms)
