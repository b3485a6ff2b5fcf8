"""URL text fragments (``#:~:text=``) that scroll to and highlight a quote.

Follows the WICG "URL Fragment Text Directives" draft: the directive is
``text=[prefix-,]textStart[,textEnd][,-suffix]``; every term is percent-encoded, and the
characters with syntactic meaning (``-``, ``,`` and ``&``) must be encoded too. A long
quote is addressed by its first and last few words (``textStart,textEnd``), which keeps
the link short and survives small differences in the middle of the passage.
"""

from __future__ import annotations

import re
from urllib.parse import quote

DIRECTIVE_DELIMITER = ":~:"
LONG_QUOTE_WORDS = 10
EDGE_WORDS = 4
_SPACE = re.compile(r"\s+")
# Quote marks and dashes at the edges are page furniture, not words to match.
_EDGE_TRIM = "\"'“”‘’«»„‚‹› \t\n"


def encode_term(term: str) -> str:
    """Percent-encode one directive term (UTF-8), including ``-``, ``,`` and ``&``."""
    return quote(term, safe="").replace("-", "%2D")


def _words(text: str) -> list[str]:
    return _SPACE.sub(" ", text).strip(_EDGE_TRIM).rstrip(",;:").split(" ")


def text_directive(text: str) -> str:
    """``text=...`` for a passage; empty when the passage has no words."""
    words = [word for word in _words(text) if word]
    if not words:
        return ""
    if len(words) <= LONG_QUOTE_WORDS:
        return "text=" + encode_term(" ".join(words))
    start = " ".join(words[:EDGE_WORDS]).rstrip(",;:")
    end = " ".join(words[-EDGE_WORDS:])
    return f"text={encode_term(start)},{encode_term(end)}"


def text_fragment_url(url: str, text: str) -> str:
    """``url`` with a text directive pointing at ``text``; ``url`` unchanged if either is empty.

    An existing fragment is kept (``#section:~:text=...``); an existing directive gets
    another ``text=`` joined with ``&``.
    """
    directive = text_directive(text)
    if not url or not directive:
        return url
    if DIRECTIVE_DELIMITER in url:
        return f"{url}&{directive}"
    if "#" in url:
        return f"{url}{DIRECTIVE_DELIMITER}{directive}"
    return f"{url}#{DIRECTIVE_DELIMITER}{directive}"
