"""Page bytes to text: charset detection and the windows-1252 repairs browsers make."""

from __future__ import annotations

import re

# windows-1252 bytes 0x80-0x9F mis-decoded as ISO-8859-1 land on the C1 controls.
_C1_TABLE: dict[int, str] = {}
for _cp in range(0x80, 0xA0):
    try:
        _C1_TABLE[_cp] = bytes([_cp]).decode("cp1252")
    except UnicodeDecodeError:
        _C1_TABLE[_cp] = ""
_C1_TABLE.update({0x00AD: "", 0x200B: "", 0x200C: "", 0x200D: "", 0xFEFF: "", 0x00A0: " "})

# WHATWG: these labels all mean windows-1252 in practice.
_CP1252_LABELS = frozenset(
    {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp1252",
     "windows-1252", "x-cp1252", "iso_8859-1", "8859-1"}
)  # fmt: skip
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


_C1_FOUND = re.compile("[\x80-\x9f\xa0\xad\u200b-\u200d\ufeff]")


def fix_c1_controls(text: str) -> str:
    """Map C1 controls left by windows-1252 mis-decoding to the characters meant."""
    return _C1_FOUND.sub(lambda m: _C1_TABLE[ord(m.group())], text)


def decode_html(data: bytes, encoding: str | None = None) -> str:
    """Decode page bytes, treating ISO-8859-1 labels as windows-1252 like browsers do."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    label = encoding
    if not label:
        found = _CHARSET.search(data[:8192])
        label = found.group(1).decode("ascii", "ignore") if found else None
    label = (label or "").strip().lower()
    if label in _CP1252_LABELS:
        return data.decode("cp1252", errors="replace")
    for candidate in (label or "utf-8", "utf-8"):
        try:
            return data.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", errors="replace")
