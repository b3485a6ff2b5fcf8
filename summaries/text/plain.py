"""Plain text in (a saved page, pasted text, a feed body), an :class:`Article` out.

Without a given title, a title line at the top (short, no closing full stop, followed by
the text) becomes the title; otherwise the article has none, and its briefing leads with
the lead instead of a cut-off first sentence.
"""

from __future__ import annotations

import re

from summaries.models import Article
from summaries.text.furniture import (
    GALLERY_COUNTER,
    clean_text,
    drop_social_posts,
    is_furniture,
    is_tail_line,
    lead_paragraph,
)
from summaries.text.header import (
    FUNCTION_WORDS,
    describes_scene,
    drop_header_lines,
    drop_standfirst_above_byline,
    is_caption,
    is_credit_line,
    is_credit_only,
    looks_like_title,
    names_its_picture,
    split_title,
    title_by_repeat,
)
from summaries.text.metadata import clean_title, host_of

_SUBSTANTIVE_WORDS = 12
# A site name or section path after the title line: "Navy orders motherships | Harbour
# Gazette", "… | World | News".
_SITE_SUFFIX = re.compile(r"(?:\s+\|\s+[A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,2}){1,3}$")

_SECTION_PREFIX = re.compile(r"^[^|]{1,40}?\s+\|\s+(?=[^|]+$)")
_SECTION_MAX_WORDS = 4


def _drop_section_prefix(title: str) -> str:
    """A section label before the title, set off by a pipe ("War in Ukraine | Kremlin
    accuses Kyiv of …"): a few words before a title at least twice as long."""
    match = _SECTION_PREFIX.match(title)
    if match is None:
        return title
    label, rest = title[: match.end()].split()[:-1], title[match.end() :].split()
    if len(label) <= _SECTION_MAX_WORDS and len(rest) >= max(2 * len(label), 6):
        return title[match.end() :]
    return title


def _drop_furniture_lines(lines: list[str]) -> list[str]:
    """Furniture on a line of its own inside a block ("Developing story – more to come"
    under the last sentence): a line that starts fresh after a finished sentence. A line
    that opens the comments, contact or related block ends the text once the story has
    begun, even inside a block ("…said.\nCONTACT US\n…")."""
    kept: list[str] = []
    story_begun = False
    for line in lines:
        previous = kept[-1].rstrip() if kept else ""
        starts_fresh = not previous or previous[-1:] in '.!?"”’:'
        if story_begun and starts_fresh and line.strip() and is_tail_line(line):
            break
        if GALLERY_COUNTER.match(line.strip()):
            continue
        story_begun = story_begun or (
            len(line.split()) >= _SUBSTANTIVE_WORDS and line.rstrip()[-1:] in '.!?"”’'
        )
        if (
            line.strip()
            and starts_fresh
            and not line.lstrip()[:1].islower()
            and is_furniture(line.strip())
        ):
            continue
        kept.append(line)
    return kept


_REPEAT_ZONE = 6  # non-empty lines under the title where its repeat may follow a standfirst


def _drop_standfirst_above_repeat(lines: list[str], title: str) -> list[str]:
    """A page that shows the title, a standfirst and the title again: the lines up to the
    repeat are header (the standfirst is a teaser, not the lead)."""
    folded = title.strip().casefold()
    seen = 0
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > _REPEAT_ZONE:
            break
        if folded and line.strip().casefold() == folded:
            return lines[index + 1 :]
    return lines


_LABEL_MAX_WORDS = 5
_TWICE_ZONE = 12  # non-empty lines at the top
_TWICE_MAX_WORDS = 8


def _short_lines_shown_twice(lines: list[str]) -> set[str]:
    """Short lines without a sentence end that the top of the page shows on both sides of
    another title-shaped line (a caption above and below the title): furniture."""
    top = [line.strip() for line in lines if line.strip()][:_TWICE_ZONE]
    folded = [line.casefold() for line in top]
    twice: set[str] = set()
    for index, line in enumerate(folded):
        if len(line.split()) > _TWICE_MAX_WORDS or line[-1:] in '.!?"”’':
            continue
        later = folded.index(line, index + 1) if line in folded[index + 1 :] else -1
        if later > 0 and any(
            looks_like_title(top[between]) and folded[between] != line
            for between in range(index + 1, later)
        ):
            twice.add(line)
    return twice


def _drop_top_lines(lines: list[str], drop: set[str]) -> list[str]:
    if not drop:
        return lines
    kept: list[str] = []
    seen = 0
    for line in lines:
        seen += bool(line.strip())
        if seen <= _TWICE_ZONE and line.strip().casefold() in drop:
            continue
        kept.append(line)
    return kept


def _detach_short_label(lines: list[str]) -> list[str]:
    """A short line without a full stop run into the first block above a sentence ("NATO
    troops exercises" over "NATO is going to …"): a caption or label, not the lead's start,
    so it becomes a block of its own."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or first + 1 >= len(lines):
        return lines
    label, following = lines[first].strip(), lines[first + 1].strip()
    if (
        len(label.split()) <= _LABEL_MAX_WORDS
        and label[-1:] not in '.!?:"”’,;'
        and following[:1].isupper()
        and following[-1:] in '.!?"”’'
        and len(following.split()) >= _SUBSTANTIVE_WORDS
    ):
        return [*lines[: first + 1], "", *lines[first + 1 :]]
    return lines


_SENTENCE_END = (".", "!", "?", "…", '"', "”", "’", ")")
# A line ending in these is cut mid-sentence, not finished: "… the U.S." / "Gen." / "No."
_WRAPPED_END = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Capt|Adm|Sgt|St|No|vs))\.$")
_LABEL_LINE_WORDS = 3
_SHORT_SHARE = 0.6  # of the block's longest line: shorter, unpunctuated lines stand apart
_CAPTION_MAX_CHARS = 300  # a caption keeps its credit line below it, so both go together


def _split_run_on_lines(lines: list[str]) -> list[str]:
    """One paragraph per line where the text is written that way: a line that finishes a
    sentence, or a short line without a full stop (a caption, label, credit or teaser)
    above a line that starts afresh, ends its paragraph. Hard-wrapped text, whose lines
    break mid-sentence at about the same length, stays joined. A caption line that ends in
    its photo credit ("… July 1, 2019. AGENCY/Jo Doe") ends its paragraph at any length."""
    out: list[str] = []
    block: list[str] = []

    def flush() -> None:
        longest = max((len(x.strip()) for x in block), default=0)
        for index, line in enumerate(block):
            out.append(line)
            if index + 1 == len(block):
                break
            text, following = line.strip(), block[index + 1].lstrip()
            starts_afresh = following[:1].isupper() or following[:1] in '"“‘([|'
            finished = text.endswith(_SENTENCE_END) and not _WRAPPED_END.search(text)
            short = len(text) < _SHORT_SHARE * longest and (
                # a label of a few words ("Published on", "Related News:") stands apart
                len(text.split()) <= _LABEL_LINE_WORDS
                or (
                    not text.endswith((",", ";", ":", "-", "–", "—"))
                    and text.split()[-1].casefold() not in FUNCTION_WORDS
                )
            )
            # the credit line under its caption, or the caption under its name label
            credit = (
                (is_caption(following) or (is_credit_line(following) and describes_scene(text)))
                and len(text) <= _CAPTION_MAX_CHARS
                and (not text.endswith(_SENTENCE_END) or is_credit_only(following))
            )
            # a caption that ends in its credit line, or one that names its picture
            captioned = is_caption(text) or names_its_picture(text)
            if starts_afresh and (finished or short or captioned) and not credit:
                out.append("")
        block.clear()

    for line in lines:
        if line.strip():
            block.append(line)
        else:
            flush()
            out.append(line)
    flush()
    return out


def article_from_text(text: str, title: str = "", url: str = "") -> Article:
    """Clean plain text (e.g. a saved page or feed body) into an :class:`Article`."""
    title = clean_title(title, "")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not title:
        shown_twice = _short_lines_shown_twice(lines)
        title, lines = split_title(
            lines, skip=lambda line: is_furniture(line) or line.casefold() in shown_twice
        )
        if not title:
            title, lines = title_by_repeat(lines)
        title = _drop_section_prefix(_SITE_SUFFIX.sub("", title))
        lines = _drop_standfirst_above_repeat(lines, title)
        lines = _detach_short_label(lines)
        lines = _drop_top_lines(lines, shown_twice)
    if title:
        lines = drop_standfirst_above_byline(lines)
    lines = _drop_furniture_lines(drop_header_lines(lines, after_title=bool(title)))
    # Pasted or saved text keeps a social post as lines; a page's embeds are the
    # extractor's (the public benchmark counts them as part of the story).
    lines = drop_social_posts(lines)
    lines = _split_run_on_lines(lines)
    body = clean_text("\n".join(lines), title=title)
    return Article(
        text=body,
        title=title,
        url=url,
        source=host_of(url),
        lead=lead_paragraph(body),
    )
