"""Is this input an article at all? Pure checks on raw bytes and on extracted text.

Each check returns a short reason a user can read ("a PDF document", "the page has no
article text") or ``None`` when the input may be briefed. Nothing here does I/O.
"""

from __future__ import annotations

import re

from summaries.models import Article

# Leading bytes of common non-HTML documents (offset, signature, what it is).
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"%PDF-", "a PDF document"),
    (0, b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (0, b"\xff\xd8\xff", "a JPEG image"),
    (0, b"GIF87a", "a GIF image"),
    (0, b"GIF89a", "a GIF image"),
    (8, b"WEBP", "a WebP image"),
    (0, b"PK\x03\x04", "a ZIP archive or office document"),
    (0, b"\x1f\x8b", "a gzip archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (0, b"Rar!\x1a\x07", "a RAR archive"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (0, b"{\\rtf", "an RTF document"),
    (0, b"ID3", "an MP3 audio file"),
    (0, b"OggS", "an Ogg media file"),
    (4, b"ftyp", "an MP4 or QuickTime media file"),
    (0, b"\x1aE\xdf\xa3", "a Matroska or WebM video"),
    (0, b"\x7fELF", "an executable program"),
    (0, b"MZ", "a Windows program"),
    (0, b"SQLite format 3\x00", "an SQLite database"),
)
_SAMPLE = 8192
# Bytes that never appear in text: C0 controls other than tab, newline, form feed, return.
_CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x20)) | {0x0B, 0x7F}
MAX_CONTROL_SHARE = 0.02
MIN_WORDS = 25
_SIGN_IN = re.compile(
    r"\b(?:(?:sign|log) ?in|subscribe|register|create an? (?:free )?account)\b[^.\n]{0,40}?"
    r"\b(?:to (?:continue|keep) reading|to (?:read|access|view|see) (?:this|the|more|full))"
    r"|\balready an? (?:subscriber|member)\b|\bthis (?:article|content|story) is (?:only )?"
    r"(?:for|available to) (?:subscribers|members|registered users)\b",
    re.IGNORECASE,
)
_SIGN_IN_MAX_WORDS = 120


def check_bytes(data: bytes) -> str | None:
    """Why raw page or file bytes are not an article (a binary or non-HTML document)."""
    head = data[:_SAMPLE]
    for offset, magic, what in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return f"{what}, not an article"
    if _is_utf16(head):
        return None
    if head and sum(b in _CONTROL_BYTES for b in head) > MAX_CONTROL_SHARE * len(head):
        return "binary data, not text"
    return None


def _is_utf16(head: bytes) -> bool:
    return head.startswith((b"\xff\xfe", b"\xfe\xff"))


def check_article(article: Article, *, min_words: int = MIN_WORDS) -> str | None:
    """Why an extracted article is not one: no text, a sign-in page, or too little text."""
    words = article.text.split()
    if len(words) <= _SIGN_IN_MAX_WORDS and (
        _SIGN_IN.search(article.text) or _SIGN_IN.search(article.title)
    ):
        return "a sign-in or subscription page, not the article"
    if not words:
        return "no article text (empty, or only page furniture)"
    if len(words) < min_words:
        return f"too little text for an article ({len(words)} words)"
    return None
