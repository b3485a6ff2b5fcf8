"""Where an article's own text ends in plain text: before its reader-comments section.

Extracted page text often carries the comment thread after the story ("2 COMMENTS",
"LEAVE A REPLY"). Readers' comments quote officials too, usually inventively, so nothing
after such a marker may be treated as part of the article.
"""

from __future__ import annotations

import re

_COMMENT_MARKER = re.compile(
    r"""^[ \t]*(?:
        \d{1,6}[ \t]+(?:comments?|responses?|replies|reactions?)
      | (?:leave|post|add|write)[ \t]+a[ \t]+(?:reply|comment|response)
      | (?:reader[ \t]+|user[ \t]+)?comments?(?:[ \t]*\(\d+\))?
      | join[ \t]+the[ \t]+(?:conversation|discussion)
      | (?:show|view|load|read)[ \t]+(?:all[ \t]+)?\d*[ \t]*comments?
      | comments?[ \t]+are[ \t]+closed
      | discussion[ \t]*\(\d+\)
    )[ \t]*[:.!]?[ \t]*$""",
    re.IGNORECASE | re.MULTILINE | re.VERBOSE,
)


_BIO = re.compile(
    r"^[ \t]*((?:[A-Z][\w'’.\-]+[ \t]+){1,3}[A-Z][\w'’\-]+)[ \t]*\n+[ \t]*"
    r"(?:[A-Z][\w'’.\-]+[ \t]+){0,3}[A-Z][\w'’\-]+[ \t]+"
    r"(?:is|was|has|writes|covers|joined|reports)\b",
    re.MULTILINE,
)


def _author_bio_start(text: str, end: int) -> int:
    """ "George Allison\nGeorge Allison is the editor ...": a byline box after the story."""
    for m in _BIO.finditer(text, 0, end):
        name = m.group(1).split()
        following = text[m.end(1) : m.end()].split()
        same_person = bool(following) and (following[0] == name[0] or name[-1] in following[:4])
        if same_person and m.start() > len(text) // 3:  # never the opening lines
            return m.start()
    return end


def article_body_end(text: str) -> int:
    """Return the offset where the article body ends: the start of the first line that
    marks a comments section ("12 COMMENTS", "LEAVE A REPLY", a "Comments" heading) or
    an author bio box ("NAME" on its own line, then "NAME is ..."), or ``len(text)`` when
    there is none. Slicing ``text[:article_body_end(text)]`` keeps the story and drops
    the bio and the thread."""
    match = _COMMENT_MARKER.search(text)
    end = match.start() if match else len(text)
    return _author_bio_start(text, end)


_ASIDE = re.compile(
    r"^[ \t]*(?:read[ \t]+more|related(?:[ \t]+(?:articles?|stories|posts|content))?|see[ \t]+also"
    r"|also[ \t]+read|more[ \t]+on[ \t]+this(?:[ \t]+story)?|recommended|watch|listen"
    r"|sign[ \t]+up|subscribe|advertisement|most[ \t]+read)[ \t]*[:|›»>\-–—]",
    re.IGNORECASE,
)


def is_aside(line: str) -> bool:
    """Is this line a link to other content ("READ MORE: ...", "Related: ...") rather than
    part of the story? Quotes in such lines belong to other articles."""
    return _ASIDE.match(line) is not None
