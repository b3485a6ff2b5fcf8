"""Paragraph guards shared by HTML and plain text: furniture out, trailing sections cut.

Bylines, captions, share lines, cookie and paywall notices are dropped; the trailing
comments, author bio or related block ends the body.
"""

from __future__ import annotations

import logging
import re

from summaries.article_body import article_body_end
from summaries.text.charset import fix_c1_controls
from summaries.text.header import body_proper

logger = logging.getLogger(__name__)

PARAGRAPH_SEPARATOR = "\n\n"

_TAIL = re.compile(
    r"""(?ix)^(?:
        \d+\s+(?:comments?|responses?|replies|thoughts?\b.*)
      | (?:(?:reader|readers'?|member|user|your)\s+)?comments?(?:\s*\(\d+\))?:?
      | (?:log\s+in|sign\s+in|register|become\s+a\s+member)\b.{0,40}\bto\s+(?:leave|post|add
          |write|join)\s+(?:a\s+)?(?:comment|the\s+(?:conversation|discussion)).*
      | (?:leave|post|add|write)\s+a\s+(?:reply|comment|response).*
      | join\s+the\s+(?:conversation|discussion).*
      | (?:show|view|load|read)\s+(?:all\s+)?comments.*
      | have\s+your\s+say.*
      | please\s+enter\s+your\s+(?:comment|name).*
      | about\s+the\s+authors?:?
      | (?:you\s+(?:may|might)\s+also\s+(?:like|enjoy|be\s+interested\s+in)).*
      | your\s+email\s+address\s+will\s+not\s+be\s+published.*
    )$""",
)
# A contact block: a menu item near the top, so only late on or under the story's text.
_TAIL_CONTACT = re.compile(
    r"(?i)^(?:contact\s+us|send\s+(?:us\s+)?your\s+(?:stories|news|tips|photos|videos)\b.*)$"
)
# Headings that also occur as ordinary subheadings: they only end the story late on.
_TAIL_LATE = re.compile(
    r"""(?ix)^(?:
        related(?:\s+(?:articles|posts|stories|content|news|coverage|reading))?:?
      | (?:more|latest)\s+(?:from|on|in)\s+.{1,40}
      | (?:read|up)\s+next:? | tags:? | tagged(?:\s+with)?:? | read\s+more:? | more\s+articles | load\s+more
      | popular\s+(?:posts|stories|articles)(?:\s+from\s+this\s+(?:blog|site))?
      | (?:most\s+(?:read|popular)|recommended(?:\s+for\s+you)?|trending(?:\s+now)?):?
    )$""",
)
_DROP = re.compile(
    r"""(?ix)^(?:
        (?:share|tweet|email|print|facebook|twitter|x|linkedin|whatsapp|reddit|telegram
           |pinterest|copy\s+link|advertisement|sponsored|ad|subscribe|sign\s+up|log\s+in
           |sign\s+in|menu|close|search)\W*
      | ✕\s*close\b.{0,120}
      | (?:top|bottom)\s+of\s+(?:the\s+)?page | back\s+to\s+top(?:\s+button)?
      | (?:fbpx\s+)?skip\s+to\s+(?:the\s+)?(?:main\s+)?(?:content|navigation)
      | table\s+of\s+contents | \d+\s+views?\s*\d+\s+comments?
      | [-–•\s]*advertisement(?:\s*[-–]\s*continue\s+reading\s+below)?[-–\s]*
      | [-–•\s]*continue\s+reading\s+below[-–\s]*
      | (?:click\s+to\s+)?share\s+(?:this|on|via|the)\b.{0,80}
      | listen\s+to\s+(?:this\s+)?(?:article|story)\b.{0,40}
      | (?:read\s+more|(?:also\s+)?(?:read|watch)(?:\s+also)?|see\s+also|related|more|listen)
          \s*[:|].{0,200}
      | (?:by|words\s+by|report(?:ing)?\s+by)\s*:?\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}
          (?:\s*(?:,|\||and|&)\s*.{0,60}?[^.!?"”])?
      | (?:published|updated|posted|last\s+updated)(?:\s+(?:on|at))?\s*(?::.{0,60}|\d.{0,50})
      | (?:copyright|©)\s.{0,80}
      | (?:additional\s+)?reporting\s+by\s+.{2,80}
      | (?:[A-Z][\w.'’-]+\s+){1,4}contributed(?:\s+to\s+this)?\s+report(?:ing)?(?:\s+from\s+.{2,40})?\.?
      | \S+@\S+\.\w+(?:\s+\S+){0,4}
      | click\s+to\s+tweet | tempo\s+de\s+leitura.{0,20} | font\s+size\W{0,3}
      | (?:[A-Z][\w&'’.-]*\s+){1,5}logo
      | (?-i:[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2}),?\s+(?:(?:senior|chief|staff|investigative
          |political|defen[cs]e|foreign|deputy)\s+){0,2}(?:reporter|correspondent|editor|writer)
          (?:\s*,\s*[\w\s&]{1,30})?
      | most\s+read\b.{0,40}
      | (?:(?:photo|image|picture)\s+(?:credit|courtesy)|photo|image|picture|credit|file\s+photo)
          \s*:.{0,200}
      | (?-i:READ\s+MORE|Read\s+more|More…|MORE\b)\W.{0,200}
      | (?:source|via)\s*:?\s+[A-Z][\w.&' -]{0,40} | \(source:.{0,80}\)
      | have\s+your\s+say | other\s+news | more\s+news | latest\s+news
      | (?:(?:this\s+is\s+a\s+)?(?:developing|breaking)(?:\s+news)?\s+story
          |(?:details|more)\s+to\s+(?:follow|come))\b.{0,60}
      | \[\s*ad[\w-]{0,12}\s*\]
      | courtesy(?:\s+of)?\s+[A-Z][\w.&' -]{0,40}
      | (?!(?:good|bad|the|big|great|sad|best|worst|some)\s)[\w-]+\s+news\s*:\s.{0,160}
      | (?:from|source|via)\s*:?\s*https?://\S+ | source\s+link\s*:.{0,80}
      | (?-i:[–—]\s*[A-Z]{2,8}\.?|-[A-Z]{2,8}\.?|[a-z]{1,4}(?:/[a-z]{1,4}){1,5})
      | (?:[-–•]?\s*(?:subscribe\s+to\s+our|follow\s+us\s+on|find\s+us\s+on|like\s+us\s+on
          |check\s+(?:out\s+)?our\s+website)\b.{0,60}?)+
      | (?:\#\w+\s*)+
      | (?:[·•]\s*)?\d+\s+min(?:ute)?s?\s+read\b.{0,40}
      | (?:estimated\s+)?read(?:ing)?\s+time\s*:?\s*(?:about\s+)?\d+\s*min(?:ute)?s?\.?
      | (?-i:[A-Z0-9]{16,40})
      | [\[(]?(?:editor|author|publisher)(?:'|’)?s?\s+note\s*[:.—–-].{0,400}
      | [\[(]?(?:eds?\.?|note\s+to\s+editors)\s*:.{0,300}
      | (?:correction|clarification|update)\s*(?:\(\w+\s+\d{1,2}\))?\s*:.{0,400}
      | (?:from\s+the\s+archives?|archived?\s+(?:article|story|content)).{0,120}
      | (?:\S+\s+){0,4}brings\s+you\s+(?:the\s+)?(?:best|latest|top)\b.{0,80}
      | .{0,80}\bclick\s+here\W{0,3} | previously\s+on\s+.{1,40}:.{0,120}
      | \(?(?:this\s+)?(?:article|story|post)\s+(?:was\s+)?originally\s+(?:appeared|published
          |posted)\b.{0,200}
      | original\s+(?:article|story)\s+(?:on|at|from)\s.{0,60}
      | (?:story|content|article)\s+provided\s+by\s.{0,60}
      | this\s+(?:story|article)\s+is\s+part\s+of\b.{0,300}
      | this\s+(?:article|story|piece)\s+(?:is\s+(?:more\s+than|over)\s+\d+\s+\w+\s+old
          |was\s+(?:first|originally)\s+published|has\s+been\s+(?:corrected|amended|updated)
          |is\s+from\s+our\s+archives?).{0,300}
    )$""",
)
_FURNITURE = re.compile(
    r"""(?ix)
        we\s+use\s+cookies | (?:accept|manage|reject)\s+(?:all\s+)?cookies
      | cookie\s+(?:policy|settings|preferences)
      | by\s+(?:continuing|using)\s+(?:to\s+(?:browse|use)\s+)?(?:this|our)\s+(?:site|website)
      | subscribe\s+(?:now\s+)?to\s+(?:continue|read|keep\s+reading|unlock)
      | ^continue\s+reading\b | continue\s+reading\s+(?:with|for)\s+(?:a|an|our|unlimited)
      | (?:this|the\s+rest\s+of\s+this)\s+(?:article|story|content)\s+is\s+
          (?:for|available\s+to|reserved\s+for)\s+(?:paying\s+)?(?:subscribers|members)
      | (?:already\s+a\s+subscriber|subscribers?\s+only|premium\s+(?:content|article))
      | you\s*(?:'|’)?ve\s+(?:reached|used)\s+your\s+(?:free\s+)?(?:article|monthly|story)
      | you\s+have\s+(?:reached|used)\s+your\s+(?:free\s+)?(?:article|monthly|story)
      | (?:sign\s+in|log\s+in|register(?:\s+for\s+free)?)\s+to\s+(?:continue|read|unlock|keep)
      | unlock\s+(?:this|full|unlimited)\s+(?:article|access|story)
      | sign\s+up\s+(?:to|for)\s+(?:our|the)\s+[\w\s]{0,30}newsletter
      | (?:enter|your)\s+email\s+address\s+to\s+(?:subscribe|receive)
      | web\s+browser\s+is\s+no\s+longer\s+supported | update\s+your\s+browser
      | watch\s+more\s+of\s+our\s+videos | \bfreeview\s+\d+ | ad-lite\s+subscription
      | checking\s+permissions\s+before\s+loading | thank\s+you\s+for\s+signing\s+up
      | this\s+copy\s+is\s+for\s+your\s+personal,?\s+non-commercial\s+use
      | pay\s+as\s+you\s+feel | help\s+keep\s+us\s+ad[\s-]free | support\s+(?:our|independent)\s+journalism
      | suspend\w*\s+(?:article\s+)?comment | community\s+(?:guidelines|standards|experience)
    """,
)
_BIO = re.compile(
    r"""(?x)^(?:[A-Z][\w'’.-]+\s+){1,3}(?:is|was|has\s+been|joined\s+.{1,60}?\s+as)\s+
        (?:a|an|the|our)\s+(?:[\w-]+\s+){0,4}?
        (?:editor|journalist|correspondent|reporter|writer|columnist|contributor|freelancer
           |founder\s+and\s+editor|author)\b""",
)
_BIO_SIGNAL = re.compile(
    r"(?i)holds\s+a\s+degree|follow\s+(?:him|her|them)\s+on|can\s+be\s+reached\s+at"
    r"|has\s+appeared\s+on\s+(?:national\s+)?(?:radio|television|tv)|you\s+can\s+(?:follow|contact)"
)
_JOURNALISM = re.compile(
    r"(?i)\b(?:editor|journalist|correspondent|reporter|writer|columnist|commentary|contributor)"
)
# A source signature or a link run into the last sentence: "… in the exercise.__The
# Nation", "… to win the contract. read more".
_SIGNATURE_END = re.compile(
    r"(?<=[.!?\"”])(?:\s*_{2,}\s*[A-Z][\w.&'’ -]{1,40}|\s+(?i:read\s+more|more\s*…)"
    r"|\s+(?i:read\s+(?:the\s+)?(?:full|more|whole)\b[^.!?]{0,60}?(?:at|on|via)\s+this\s+link)\W*)$"
)
# An editor's note run into the end of a paragraph: "… on Tuesday. [update: it was …]".
_INLINE_NOTE = re.compile(r"(?<=[.!?\"”])\s*\[[A-Za-z][\w'’ ]{0,20}:[^\[\]]{1,400}\]$")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
# The signature under an embedded social post: "— Jo Doe (@jodoe) March 11, 2024".
_POST_SIGNATURE = re.compile(
    rf"[—–-]\s*[^()\n—–]{{0,60}}(?:\([^()\n]{{0,30}}\)\s*)?\(@\w{{1,30}}\)\s+{_MONTH}\s+\d{{1,2}},\s+\d{{4}}\s*"
)
_POST_MAX_CHARS = 400


def drop_social_posts(lines: list[str]) -> list[str]:
    """Lines without embedded social posts: the signature line ("— Jo Doe (@jodoe) March 11,
    2024") and the post's text on the line above it, or, when all of it is run into one
    line, the post up to its signature."""
    kept: list[str] = []
    for line in lines:
        match = _POST_SIGNATURE.search(line)
        if match is None:
            kept.append(line)
        elif not line[: match.start()].strip():
            if kept and kept[-1].strip() and len(kept[-1]) <= _POST_MAX_CHARS:
                kept.pop()
            rest = line[match.end() :]
            if rest.strip():
                kept.append(rest)
        elif match.start() <= _POST_MAX_CHARS:
            kept.append(line[match.end() :])
        else:
            kept.append(line)
    return kept


# A photo gallery's counter on its own line: "1 of 5", "Photo 2/12", "3 / 8 photos".
GALLERY_COUNTER = re.compile(
    r"""(?ix)^(?:(?:photo|image|picture|slide|gallery)s?\s*:?\s*)?\d{1,3}\s*(?:of|/)\s*\d{1,3}
        (?:\s*[-–|:]?\s*(?:photos?|images?|pictures?|slides?))?$"""
)
_FURNITURE_MAX_CHARS = 300
_NAV_SEPARATOR = re.compile(r"\s+[|›>»/•·]\s+|\s*[›»]\s*")
_NAV_LABEL = re.compile(r"^(?i:you\s+are\s+here|breadcrumbs?)\s*:?\s*")
_NAME_LINE = re.compile(r"^(?:[A-Z][\w'’.-]+\s?){2,4}$")
_WS = re.compile(r"[ \t\r\f\v]+")
_SUBSTANTIVE_WORDS = 12


def split_paragraphs(text: str) -> list[str]:
    """Split on blank lines; join wrapped lines inside a paragraph; squash spaces."""
    text = fix_c1_controls(text).replace("\r\n", "\n").replace("\r", "\n")
    blocks = re.split(r"\n\s*\n", text)
    paragraphs = []
    for block in blocks:
        joined = " ".join(line.strip() for line in block.split("\n") if line.strip())
        joined = _WS.sub(" ", joined).strip()
        if joined:
            paragraphs.append(joined)
    return paragraphs


def _is_bio(paragraph: str) -> bool:
    if _BIO.search(paragraph):
        return True
    return bool(_BIO_SIGNAL.search(paragraph)) and bool(_JOURNALISM.search(paragraph))


def is_navigation(paragraph: str) -> bool:
    """A breadcrumb or menu line: three or more short items between separators."""
    if paragraph.lstrip().startswith("|"):
        return False  # a table row
    paragraph = _NAV_LABEL.sub("", paragraph.strip())
    items = [item.strip() for item in _NAV_SEPARATOR.split(paragraph)]
    return (
        len(items) >= 3
        and not any(any(c.isdigit() for c in item) for item in items)
        and all(0 < len(item.split()) <= 3 for item in items)
        and not any(item[-1:] in ".!?" for item in items)
    )


def is_furniture(paragraph: str) -> bool:
    """Share/byline/caption lines, notices, teasers, navigation; short cookie, paywall or
    newsletter notices."""
    if _DROP.match(paragraph) or is_navigation(paragraph) or GALLERY_COUNTER.match(paragraph):
        return True
    return len(paragraph) <= _FURNITURE_MAX_CHARS and bool(_FURNITURE.search(paragraph))


def _is_tail_marker(paragraph: str, *, late: bool = True) -> bool:
    if len(paragraph) > 120 or paragraph.endswith("."):
        return False
    return bool(_TAIL.match(paragraph)) or (
        late and bool(_TAIL_LATE.match(paragraph) or _TAIL_CONTACT.match(paragraph))
    )


def is_tail_line(line: str) -> bool:
    """A line that opens the trailing comments, contact or related block ("Leave a Reply",
    "CONTACT US", "You may also like")."""
    line = line.strip()
    return _is_tail_marker(line, late=False) or (
        len(line) <= 120 and bool(_TAIL_CONTACT.match(line))
    )


def _tail_start(paragraphs: list[str]) -> int:
    """Index of the first paragraph of the trailing furniture (comments, bio, related).

    A bio-like paragraph only counts near the end (in the last three, or just before a
    comments/related marker), so a story about a reporter keeps its second half.
    """
    half = len(paragraphs) // 2
    for index, paragraph in enumerate(paragraphs):
        if index == 0:
            continue
        if _is_tail_marker(paragraph, late=index >= half):
            return index
        near_end = len(paragraphs) - index <= 3 or any(
            _is_tail_marker(p) for p in paragraphs[index + 1 : index + 4]
        )
        if index >= half and near_end and _is_bio(paragraph):
            return index
    return len(paragraphs)


def clean_paragraphs(paragraphs: list[str]) -> list[str]:
    """Drop furniture paragraphs and cut the trailing comment/bio/related section."""
    kept = paragraphs[: _tail_start(paragraphs)]
    kept = [p for p in kept if not is_furniture(p)]
    while kept and _NAME_LINE.match(kept[-1]) and len(kept) > 1:
        kept.pop()  # the author's name line above a bio box
    return kept


def _cut_at_comment_section(text: str) -> str:
    """Cut where the quote engine's body-end finder says comments or a bio start."""
    try:
        end = int(article_body_end(text))
    except Exception:  # a helper's heuristic must never break extraction
        logger.warning("article_body_end failed; keeping own guards only", exc_info=True)
        return text
    if 0.3 * len(text) <= end < len(text):
        cut = text.rfind(PARAGRAPH_SEPARATOR, 0, end + 1)
        return text[: cut if cut > 0 else end].rstrip()
    return text


def clean_text(text: str, *, title: str = "", one_paragraph_per_line: bool = False) -> str:
    """Plain text -> clean body: paragraphs joined by a blank line, furniture removed.

    ``one_paragraph_per_line`` suits extractor output, where every line is a block.
    """
    if one_paragraph_per_line:
        text = fix_c1_controls(text).replace("\r", "\n").replace("\n", "\n\n")
    paragraphs = split_paragraphs(text)
    # The comments or related block ends the story before the top is looked at, so a
    # teaser there is never taken for a dateline that the body starts at.
    paragraphs = body_proper(
        paragraphs[: _tail_start(paragraphs)], title, scene_captions=not one_paragraph_per_line
    )
    paragraphs = [_INLINE_NOTE.sub("", _SIGNATURE_END.sub("", p)) for p in paragraphs]
    body = PARAGRAPH_SEPARATOR.join(clean_paragraphs(paragraphs))
    return _cut_at_comment_section(body)


_SHORT_LEAD_WORDS = 7


def lead_paragraph(text: str) -> str:
    """The first substantive paragraph (not a byline, caption or dateline); a short
    one-sentence opening ("One unit is riding high on new wheels.") when the body opens
    with it."""
    paragraphs = [p for p in text.split(PARAGRAPH_SEPARATOR) if not p.startswith(("•", "- "))]
    first = paragraphs[0] if paragraphs else ""
    if (
        len(first.split()) >= _SHORT_LEAD_WORDS
        and first[:1].isupper()
        and first[-1:] in ".!?"
        and first.count(". ") == 0
    ):
        return first
    for paragraph in paragraphs:
        if len(paragraph.split()) >= _SUBSTANTIVE_WORDS and paragraph[-1:] in '.!?"”’)':
            return paragraph
    return paragraphs[0] if paragraphs else ""
