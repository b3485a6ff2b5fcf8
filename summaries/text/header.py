"""The top of an article: title line, kicker, byline, date lines, captions, dateline.

A page's text often opens with furniture before the body proper: a section label
("- DEFENSE & SECURITY"), the title (sometimes twice), the author's name, a date or
time line, photo captions with their credits ("… EPA-EFE/Mark Brake"), a standfirst,
and then the first paragraph, which may start with a dateline ("MOSCOW (Reuters) - ").
This module recognises each of these so the lead is the first paragraph of the body.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_LINE = re.compile(
    rf"""(?ix)^(?:in\s+|on\s+|(?:last\s+)?(?:updated|published|posted)(?:\s+on)?\s*[-–:]?\s*
        |[a-z]+(?:\s+[a-z]+)?\s*:\s*)?
        (?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?
        (?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}
          | \d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}
          | \d{{4}}-\d{{2}}-\d{{2}}
          | \d{{1,2}}[./]\d{{1,2}}[./]\d{{4}}
          | \d{{1,2}}:\d{{2}}(?::\d{{2}})?\s*(?:[ap]\.?m\.?)?\s*(?:[a-z]{{2,4}})?,?\s+.{{0,60}}
          | \d+\s+(?:minutes?|hours?|days?)\s+ago(?:\s+in\s+\w+)?
          | (?:[^\W\d_]{{3,12}},?\s+)?\d{{1,2}}\.?\s+(?:de\s+)?[^\W\d_]{{3,12}}\s+(?:de\s+)?\d{{4}}
        )(?:(?:,|\s*\|)?\s+(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?\s*(?:[ap]\.?m\.?)?(?:\s*[a-z]{{2,4}})?)?
        (?:\s+by\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){{0,3}})?\W*$""",
)
_HEADER_LINE = re.compile(
    r"""(?x)^(?:
        (?i:(?:region|theme|category|section|tags?|topics?|filed\s+under)\s*:.{0,40})
      | (?i:(?:trending|in\s+this\s+(?:article|story)|key\s*words|related\s+topics)\s*:.{0,80})
      | \(?@\w+\)?(?:\s+.{0,60})?
      | (?i:(?:text|words|photos?|photographs|pictures|video|story)\s+by\s+.{2,80})
      | (?i:by\s+)?(?:AFP|AP|Reuters|Associated\s+Press|PA|dpa|EFE|Xinhua|AAP|Jiji\s+Press)
          (?:\s+.{0,30}\bago\b.{0,20})?
      | (?i:\d+\s+min(?:ute)?s?\s+read)
      | (?i:the\s+views\s+(?:and\s+opinions\s+)?expressed\b.{0,200})
      | [·•]\s*.{0,30}
    )$""",
)
_LABEL = re.compile(r"^[-–•]\s*[A-Z0-9&/ ,.'’-]{2,40}$")  # "- DEFENSE & SECURITY"
_KICKER = re.compile(r"^(?:[-–•]\s*)?[A-Z0-9&/ ,.'’-]{2,40}$|^\S+$")
_PHOTO_MARKER = re.compile(
    r"""(?ix)^(?:
        (?:ap\s+|reuters\s+|afp\s+|pa\s+)?file\s+photo\b.{0,200}
      | (?:a\s+)?handout\s+(?:photo|picture|image)\b.{0,400}
      | (?:(?:image|photo|picture)\s+(?:credit|courtesy)|image|photo|picture|credit|graphic
          |representa(?:tional|tive)\s+(?:image|picture|photo)|file\s+(?:image|picture)
          |illustration|foto|фото)(?:\s*[:|]\s*.{0,200})?
      | (?:image|photo|picture)s?\s+(?:used\s+)?(?:is\s+)?(?:for|used\s+for)\s+
          representation(?:al)?(?:\s+purposes?)?(?:\s+only)?\.?
    )$""",
)
_CREDIT_END = re.compile(
    r"""(?x)(?:
        \b(?:EPA-EFE|EFE/EPA|EPA|AFP|REUTERS|AP\s+Photo|Getty\s+Images|Shutterstock)
          (?:[ /-][^.!?"”]{0,80})?
      | \b(?:HANDOUT|EDITORIAL\s+USE\s+ONLY(?:/NO\s+SALES)?)
      | \s[-–]\s?(?:AP|AFP|PA|Reuters)
      | -?\s?Credit\s*:\s*\S{1,30}
      | (?:(?<=[.!?]\s)|^)Credits?\s*:\s*\S[^.!?"”]{0,60}
      | \((?i:graphic|photo|image|picture|credit)s?(?:\s+(?i:source|credit|courtesy))?\s*:?\s[^)]{0,80}\)
      | \([^()]{0,60}\bphoto\s+(?:by|courtesy)\s[^()]{0,80}\)
      | \bvia\s+(?:Wikimedia\s+Commons|Flickr|Unsplash|Getty\s+Images|Shutterstock)\.?
      | \b[A-Z]{2,}(?:\s+[A-Z]{2,}){1,3}\s*\((?:REUTERS|Reuters|AFP|AP|EPA)\)
      | (?<=[.!?]\s)(?i:pic|picture|photo|image)\s*:\s*[A-Z][^.!?"”:]{1,50}
      | \([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*/\s*[A-Z][\w.&'’ -]{1,40}\)
      | (?<![\w/])[A-Z]{2,}(?:\s+[A-Z]{2,})*/[A-Z]{2,}(?:[\s-]+[A-Z]{2,}){0,3}
      | (?<=[.!?]\s)[A-Z]{2,}(?:\s+[A-Z]{2,})*/[A-Z][a-z'’-]+(?:\s+[A-Z][\w'’-]+){1,2}
      | (?<=[.!?]\s)[A-Z][a-z'’-]+(?:\s+[A-Z][\w'’-]+){1,2}\s*/\s*[A-Z][\w&'’.-]*
          (?:\s+[A-Z][\w&'’.-]*){0,2}
      | (?:(?<=[.!?]\s)|\s\|\s|[ \t][—–][ \t]|^)(?i:pic|picture|photo(?:graph)?|image|foto|фото)s?
          (?:\s*[:/]|\s+(?i:credit|courtesy(?:\s+of)?|by|source)\s*:?)\s*\S(?:[^.!?"”]|\.(?=\S)){0,60}
      | ©\s*[^.!?"”©]{1,60}
      | \[(?i:file\s+)?(?i:photo(?:graph)?|image|picture|pic|credit)s?(?:\s*[:/]\s*[^\]]{1,80})?\]
      | \((?:[A-Z][\w.&'’-]*\s+){1,4}(?i:photo|image|picture|handout)\)
      | \((?i:file\s+)?(?i:photo|image|picture)s?\)
      | (?<=[.!?]\s)[A-Z]{2,6}\s+(?i:photo|image|picture)
    )\s*$""",
)
# "MOSCOW (Reuters) - ", "WARSAW, Poland (AP) — ", "KAISERSLAUTERN, Germany — ",
# "Seoul/Tokyo, Dec. 17 (Jiji Press)—", "Moscow, 8 October 2022 (dpa) - ", "KAZAN, May 3. /TASS/. ",
# "Geneva, (APP - UrduPoint / … ) :", "WARSAW --- ", "BEIJING, Aug. 9 -- ",
# "Aug. 20 (UPI) -- " (no place), "New Delhi [India], April 28 (ANI): " (region in brackets),
# "January 19, 2007  Cambridge, Massachusetts  -  " (date first)
# (a capitalised word before a colon is not one: "SEE ALSO: …" is a teaser).
DATELINE = re.compile(
    r"""(?x)^(?:
        (?![^\s(]*['’]s\b)[A-Z][\w.'’/-]*(?:[ ,]+(?![^\s(]*['’]s\b)[A-Z][\w.'’/-]*){0,3}
          (?:\s*\[[A-Z][\w.'’ -]{1,30}\])?,?
          (?:,?\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\.?\s+[A-Z][a-z]{2,8}\.?)(?:,?\s+\d{4})?)?
          \s*\([^()]{1,80}\)\s*(?:[—–:-]{1,3}\s*|(?=[A-Z]))
      | [A-Z][\w.'’-]*(?:[ ,]+[A-Z][\w.'’-]*){0,3},?(?:\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\.?
          (?:,?\s+\d{4})?)?\s*/[A-Z][\w-]{1,15}/\.?\s*(?:[—–-]{1,3}\s*)?(?=[A-Z"“])
      | [A-Z]{3,}(?:[ ,/]+[A-Z][\w.'’]+){0,3}(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*[—–-]{1,3}\s*
      | [A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}(?:,\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)?
          (?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?)?\s+—\s+(?=[A-Z])
      | [A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?\s*\([^()]{1,40}\)\s*[—–:-]{1,3}\s*(?=[A-Z"“])
      | (?:[A-Z][\w.'’-]*(?:[ ,]+[A-Z][\w.'’-]*){0,3},\s+)?
          (?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?|\d{1,2}\s+[A-Z][a-z]{2,8})\s+\d{4}
          \s*[—–-]{1,3}\s+(?=[A-Z"“])
      | [A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}\s+[A-Z][\w.'’-]*(?:,?\s+[A-Z][\w.'’-]*){0,3}
          \s+[—–-]{1,3}\s+(?=[A-Z"“])
    """
    # "PORT ELLERY, SEPTEMBER 19, HARBOURPRESS. ", "Port Ellery, 19 September, Harbourwire: "
    rf"""
      | [A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,2}},\s+
          (?i:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})(?:,?\s+\d{{4}})?,\s+
          [A-Z][\w-]{{1,20}}\s*(?:[.:]|\s[—–-]{{1,2}})\s+(?=[A-Z"“])
    )""",
)
# What else a lead may open with before its first word: an agency tag ("(MENAFN) "), a
# place or a label with a colon ("HELSINKI: ", "Beijing: ", "New Delhi, Jan 31: ",
# "STORY: "), a byline run into the text ("By Jo Doe – Gazette Berlin – "), a photo credit
# run into the text ("Jo Doe/iStock Editorial via Getty Images ").
_LEAD_PREFIX = re.compile(
    r"""(?x)^(?:
        \([A-Z][A-Za-z]{1,15}\)\s*(?:[—–:-]{1,3}\s*)?(?=[A-Z"“])
      | \([A-Z][A-Za-z]{1,15}(?:\s+[A-Z][A-Za-z]{1,15}){1,2}\)\s*[—–:-]{1,3}\s*(?=[A-Z"“])
      | [A-Z][A-Z.'’/-]+(?:\s+[A-Z][A-Z.'’/-]+){0,2}\s*:\s+(?=[A-Z"“])
      | [A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?)?\s*:\s+
          (?=[A-Z])
      | [A-Z][\w-]*\.(?:com|net|org|co\.uk|ie|in|au)\s+[-–—]{1,2}\s+(?=[A-Z])
      | (?i:by)\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}
          (?:\s+[–—|]\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})?\s+[–—|]\s+(?=[A-Z"“])
      | (?:[\w.'’-]+(?:\s[\w.'’-]+)?/)?(?:iStock|Getty\s+Images|Shutterstock|Alamy)
          (?:\s+Editorial)?(?:\s+via\s+(?:Getty\s+Images|Shutterstock|Alamy))?\s+(?=[A-Z])
    )""",
)
# A meta line of short items between pipes, one of them a date, time or agency:
# "Reuters | Helsinki | Updated: 10-12-2021 18:53 IST | Created: 10-12-2021 18:10 IST".
_META_ITEM = re.compile(
    r"""(?ix)\d{1,2}:\d{2}|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\b(?:updated|published|created|posted)\b
        |^(?:AFP|AP|Reuters|PTI|IANS|ANI|dpa|Xinhua|TASS|staff|agencies)$""",
)
# Name particles that stay lower case inside a name ("Amir ul Haq", "Jan van der Berg").
_PARTICLE = r"(?:(?:al|el|ul|bin|ibn|van|von|der|den|de|da|di|du|la|le|dos|das)\s+)"
_BYLINE = re.compile(
    rf"""(?x)^(?:(?i:by|words\s+by|report(?:ing)?\s+by)
        |(?i:written|posted|edited|reviewed|compiled|produced|fact[-\s]checked)\s+(?i:by))
        \s*:?\s+[A-Z][\w.'’-]+
        (?:\s+(?:and\s+)?{_PARTICLE}{{0,2}}[A-Z][\w.'’-]+){{0,5}}(?:\s*[,|]\s*.{{0,80}})?$"""
)
# A name with its outlet in brackets: "Jo Doe (Harbour Gazette)".
_NAME_WITH_OUTLET = re.compile(r"^[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2}\s*\([A-Z][^()]{1,40}\)$")
_NAME_LINE = re.compile(r"^[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2}$")
_MARKER_LINE_MAX = 40
_TITLE_MAX_CHARS = 200
_TITLE_MIN_WORDS = 4
_TITLE_MAX_WORDS = 20  # a longer line is a sentence (a caption, a standfirst, the lead)
_HEADER_ZONE = 6  # paragraphs at the top that may still be header furniture
# Paragraphs at the top where one shown twice is a caption (under its picture and again in
# a gallery or beside the title), never the lead.
_REPEAT_ZONE_PARAGRAPHS = 10


# A full date ("September 19, 2023", "19 Sep 2023", "Tue 19 Sep 2023").
_FULL_DATE = re.compile(
    rf"(?i)\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}})\b"
)
_DATED_LINE_OTHER_WORDS = 4
_NO_SENTENCE_END = re.compile(r"[a-z]{2}[.!?]$")


def _is_dated_line(line: str) -> bool:
    """A line that is a date with a few words around it (a name, "First published on", a
    time): "Jo Doe | September 19, 2023", "19 September 2023 - 14:05"."""
    match = _FULL_DATE.search(line)
    if match is None or _NO_SENTENCE_END.search(line) or "@" in line:
        return False  # (a social post's signature, "— Jo Doe (@jodoe) March 4, 2025", stays)
    rest = re.findall(r"[A-Za-z]{2,}", line[: match.start()] + " " + line[match.end() :])
    return len(rest) <= _DATED_LINE_OTHER_WORDS


def is_header_line(line: str) -> bool:
    """A byline without "By", a date or time line, a handle, a section label, "3 min read",
    a meta line between pipes, a date with a few words around it, a name with its outlet,
    short labels between pipes ("Jo Doe | Harbour Gazette")."""
    line = line.strip()
    return (
        bool(_DATE_LINE.match(line) or _HEADER_LINE.match(line))
        or is_meta_line(line)
        or _is_dated_line(line)
        or bool(_NAME_WITH_OUTLET.match(line))
        or _is_short_items_between_pipes(line)
    )


def _is_short_items_between_pipes(line: str) -> bool:
    items = line.split(" | ")
    return (
        len(items) >= 2
        and not line.startswith("|")
        and all(
            0 < len(item.split()) < _TITLE_MIN_WORDS and item.strip()[-1:] not in ".!?"
            for item in items
        )
    )


# A credit in brackets that names a photographer or archive and an agency or owner, at
# the end of a caption-length paragraph: "(Jo Doe/AFP/Getty Images)", "(Source: Wikimedia
# Commons/Jo Doe)", "(Contributed photo/Harbour Authority)"; or a bracketed source line
# alone, "(Source: Harbour Authority)".
_SLASH_CREDIT_END = re.compile(
    r"\((?:[A-Z][a-z]+\s*:\s*)?[A-Z][^()/:]{0,40}(?:\s*/\s*[A-Z][^()/]{0,40}){1,3}\)\.?$"
)
# A one-sentence caption in the passive of picturing: "Patrol boats are pictured at …".
_PICTURED = re.compile(r"\b(?:is|are)\s+pictured\b")
_SOURCE_LINE = re.compile(r"^\((?i:source|photo|image|picture|credit)s?\s*:[^()]{1,80}\)$")
_CAPTION_MAX_WORDS = 40


def is_caption(paragraph: str) -> bool:
    """A photo caption: a "File photo:"/"Image:" marker, or a trailing photo credit (also
    in a table cell, "| The new drone … (Picture source: Harbour Aero) |")."""
    paragraph = paragraph.strip()
    if paragraph.startswith("| ") and paragraph.endswith(" |"):
        paragraph = paragraph[2:-2].strip()
    return bool(
        _PHOTO_MARKER.match(paragraph)
        or _CREDIT_END.search(paragraph)
        or _SOURCE_LINE.match(paragraph)
        or (
            len(paragraph.split()) <= _CAPTION_MAX_WORDS
            and bool(_SLASH_CREDIT_END.search(paragraph) or _PICTURED.search(paragraph))
        )
    )


# A credit on a line of its own: "Jo Doe / Harbour Gazette", "ATTA KENARE / AFP", and the
# tail of a credit cut off at its opening bracket, "Harbour Ministry via AP)".
_CREDIT_LINE = re.compile(
    r"""(?x)^(?:
        (?:(?i:source|photo|image|picture|credit)s?\s*:\s*)?
        (?:[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}\s*/\s*[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3}
          | [A-Z][\w.'’-]+\s*/\s*(?:AFP|AP|Reuters|EPA|Getty\s+Images|Shutterstock|Alamy)
          | [A-Z]{2,6}\s*/\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,2})
      | [^()]{2,60}\bvia\s+(?:AP|AFP|Reuters|EPA|Getty\s+Images)\)
    )$"""
)


def is_credit_line(line: str) -> bool:
    """A photo credit alone on its line."""
    return bool(_CREDIT_LINE.match(line.strip()))


def is_credit_only(line: str) -> bool:
    """A line that is nothing but a credit or photo marker ("GAZETTE/SAM LEE", "Photo: Jo
    Doe", "Harbour Ministry via AP)"), not a caption with its credit."""
    line = line.strip()
    if line.startswith("| "):  # a table row stands on its own
        return False
    credit = _CREDIT_END.search(line)
    return (
        is_credit_line(line)
        or bool(_PHOTO_MARKER.match(line) and len(line) <= _MARKER_LINE_MAX)
        or (
            credit is not None
            and (credit.start() == 0 or len(line.split()) <= _CREDIT_ONLY_WORDS)
            and not _HOLDS_SENTENCE.search(line)
        )
    )


_CREDIT_ONLY_WORDS = 8
_HOLDS_SENTENCE = re.compile(r"[a-z]{2}[.!?]\s")


# A caption names its picture in its first words: "In this June 18, 2017 file photo, …",
# "This combination of undated photos released … shows …", "These images show …",
# "Map showing where …", "Illustration of …". News sentences do not point at a picture.
_PHOTO_SENTENCE = re.compile(
    r"""(?x)^[\"“‘]?(?:
        FILE\s*[-–—]\s+
      | Pictured\s*:
      | (?:Screengrab|Screenshot|Still|Video\s+grab|Frame\s+grab)s?\s+(?:from|of|shows?)\s
      | (?:In\s+)?(?:This|These|this|these)\s+(?:[\w,.'’-]+\s+){0,8}?(?i:file\s+)?
          (?i:photo(?:graph)?s?|images?|pictures?|combination|handout|video\s+grab
            |screen\s?(?:shot|grab)s?|frame\s+grab)\b
      | (?:Illustration|Map|Graphic|Photo|Image|Picture|Screenshot|Screengrab)s?
          \s+(?:showing|shows?)\s
      | (?:Illustration|Map|Graphic|Photo|Image|Picture|Screenshot|Screengrab)s?
          \s+of\s(?![^.!?]*\b(?:is|are|was|were|has|have|had|will|would)\b)
    )""",
)
_CAPTION_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z])")
_ABBREVIATED = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Capt|Adm|Sgt|Cpl|Maj|St|No|vs|Gov|Sen|Rep|Jr|Sr"
    r"|Inc|Corp|Co|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec))\.[\"”’)]?$"
)


def names_its_picture(paragraph: str) -> bool:
    """A caption that opens by pointing at its picture ("In this file photo, …")."""
    return bool(_PHOTO_SENTENCE.match(paragraph.strip()))


def after_picture_caption(paragraph: str) -> str:
    """A paragraph that opens with a caption naming its picture: what follows the
    caption's sentence (the story, run into the caption on a one-line page), or ""."""
    text = paragraph.strip()
    for match in _CAPTION_SENTENCE_END.finditer(text):
        if not _ABBREVIATED.search(text[: match.start()]):
            return text[match.end() :]
    return ""


def strip_dateline(text: str) -> str:
    """The sentence without its leading dateline ("MOSCOW (Reuters) - ", "HELSINKI: "),
    agency tag ("(MENAFN) "), label ("STORY: ") or run-in photo credit."""
    text = DATELINE.sub("", text.lstrip(), count=1)
    for _ in range(2):
        stripped = _LEAD_PREFIX.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return text


def is_meta_line(line: str) -> bool:
    """Short items between pipes, one a date, a time or an agency ("Reuters | Helsinki |
    Updated: …")."""
    items = [item.strip() for item in line.split(" | ")]
    return (
        len(items) >= 3
        and all(0 < len(item.split()) <= 6 and item[-1:] not in ".!?" for item in items)
        and any(_META_ITEM.search(item) for item in items)
    )


def has_dateline(paragraph: str) -> bool:
    match = DATELINE.match(paragraph)
    return match is not None and len(paragraph) > match.end() + 20


# A caption about a person, not a headline: "Jo Doe, the harbour master, told the crews …".
_CAPTION_APPOSITIVE = re.compile(
    r"^[A-Z][\w'’.-]+(?:[ -][A-Z][\w'’.-]+){0,3},\s+(?:the|a|an|their|its|his|her)\s+[^,]{2,60},"
    r"\s+[a-z]"
)


def _opening(line: str) -> str:
    """The line without an opening quotation mark ("'Blasts' hit …" opens with a capital)."""
    return line.lstrip("'\"‘“«")


def looks_like_title(line: str) -> bool:
    """A title line: short, several words, capitalised, no closing full stop or pipe."""
    line = line.strip()
    words = line.split()
    return (
        not _CAPTION_APPOSITIVE.match(line)
        and _TITLE_MIN_WORDS <= len(words) <= _TITLE_MAX_WORDS
        and len(line) <= _TITLE_MAX_CHARS
        and _opening(line)[:1].isupper() | _opening(line)[:1].isdigit()
        and not line.endswith((".", "|", ":", ",", ";"))
        and not is_header_line(line)
        and not is_caption(line)
        and not names_its_picture(line)
        and not has_dateline(line)
    )


_TITLE_CASE_LABEL = re.compile(r"^[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,2}$")


def _is_kicker(line: str) -> bool:
    """A section or site label before the title: one word, a short line in capitals, or
    up to three capitalised words ("Complete News World", "Latest Stories")."""
    line = line.strip()
    return (bool(_KICKER.match(line)) and len(line.split()) <= 5) or bool(
        _TITLE_CASE_LABEL.match(line)
    )


_GLUED_LABEL = re.compile(r"^(?:article\s*image|image|photo)(?=[A-Z])")


def split_title(
    lines: list[str], skip: Callable[[str], bool] = lambda line: False
) -> tuple[str, list[str]]:
    """Plain-text lines -> (title, remaining lines) when the text opens with a title line.

    Leading kickers, header lines and photo credits (with the caption under a credit in
    its block) are skipped; a repeat of the title right after it is dropped. Without a
    title line the title is "" and the lines are returned unchanged. The title is looked
    for in the first few lines, not counting menu items (lines of a few words without a
    full stop: a site menu may list a dozen above the title).
    """
    credit_block = False  # a photo credit at the top: its caption follows in its block
    budget = _HEADER_ZONE
    for index, raw in enumerate(lines[:_TITLE_SEARCH_LINES]):
        line = _GLUED_LABEL.sub("", raw.strip())
        budget -= not _is_menu_item(line)
        if budget < 0:
            break
        credit_block = credit_block and bool(line)
        if credit_block and line[-1:] in '.!?"”’)':
            continue
        if is_credit_only(line):
            credit_block = True
            continue
        if not line or is_header_line(line) or _is_kicker(line) or _is_share_word(line):
            continue
        if skip(line) or _is_header_furniture(line, False, index + 1) or _is_short_label(line):
            continue
        if _is_indefinite_scene(line) or _is_top_caption(line):
            continue
        if (
            not looks_like_title(line)
            and describes_scene(line)
            and is_credit_only(_next_in_block(lines, index))
        ):
            continue  # a caption over its credit line
        rest = list(lines[index + 1 :])
        following = next(
            (
                x.strip()
                for x in rest
                if x.strip() and not is_header_line(x.strip()) and not _BYLINE.match(x.strip())
            ),
            "",
        )
        if _holds_next_title(line, following):
            continue
        wrapped = following[:1].islower() or line.split()[-1].casefold() in FUNCTION_WORDS
        if not looks_like_title(line) or not following or wrapped or _heads_caption(line, rest):
            return "", lines
        while rest and rest[0].strip().casefold() in ("", line.casefold()):
            rest.pop(0)
        return line, ["", *rest]
    return "", lines


_TITLE_SEARCH_LINES = 40
_MENU_ITEM_WORDS = 3


def _is_menu_item(line: str) -> bool:
    return 0 < len(line.split()) <= _MENU_ITEM_WORDS and line[-1:] not in '.!?"”’'


def _holds_next_title(line: str, following: str) -> bool:
    """A line that holds the title line under it whole, with more around it (a breadcrumb
    or site name run into the title): furniture; the title is the line under it."""
    return (
        len(following) < len(line)
        and following.casefold() in line.casefold()
        and looks_like_title(following)
    )


def _next_in_block(lines: list[str], index: int) -> str:
    return lines[index + 1].strip() if index + 1 < len(lines) else ""


def _is_top_caption(line: str) -> bool:
    """A photo caption above the title: one with its credit or photo marker, or one that
    names its picture ("In this photo, …"). (A plain scene sentence is not enough there: a
    page without a title may open on its lead written in the present.)"""
    return not looks_like_title(line) and (is_caption(line) or names_its_picture(line))


def _is_indefinite_scene(line: str) -> bool:
    """A caption, not a headline: a scene described in a sentence that opens with an
    indefinite article ("A crane lifts a section of the pier") — headlines drop articles
    unless written in title case."""
    words = line.split()
    return (
        words[0] in ("A", "An")
        and not all(w[:1].isupper() or w.casefold() in FUNCTION_WORDS for w in words)
        and describes_scene(line)
    )


def _is_short_label(line: str) -> bool:
    """Fewer words than a title and no sentence end ("World news", "Top stories"): a
    section label above the title, never the title itself."""
    return len(line.split()) < _TITLE_MIN_WORDS and line[-1:] not in '.!?"”’'


_TITLE_ZONE = 15  # non-empty lines at the top where a title may first show
_REPEAT_ZONE = 40  # non-empty lines at the top where it may show again
_TEXT_BEGUN = 2  # lines of sentence length after which the text has begun (one may be a promo)
_SUBSTANTIVE_WORDS = 12


def title_by_repeat(lines: list[str]) -> tuple[str, list[str]]:
    """A title-shaped line that the page shows twice near the top, first among its
    opening lines (a standfirst or caption may stand between the two showings): the
    title, and the lines after its second showing. ("", lines) when there is none; a line
    first shown after the text has begun is a subheading."""
    candidates: set[str] = set()
    shown = sentences = 0
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        shown += 1
        if shown > _REPEAT_ZONE:
            break
        folded = line.casefold()
        if folded in candidates:
            return line, ["", *lines[index + 1 :]]
        if len(line.split()) >= _SUBSTANTIVE_WORDS and line[-1:] in '.!?"”’':
            sentences += 1
        if shown <= _TITLE_ZONE and sentences < _TEXT_BEGUN and looks_like_title(line):
            candidates.add(folded)
    return "", lines


_LABEL_WORDS_MAX = 6


def _heads_caption(line: str, rest: list[str]) -> bool:
    """A name label over its photo caption ("Harbour Master Jo Reed" / "Jo Reed inspects
    the pier. GAZETTE/SAM LEE"), the two alone in their block: every word capitalised, and
    the caption names what the label's last two words name."""
    words = line.split()
    caption = rest[0].strip() if rest else ""
    return (
        len(words) <= _LABEL_WORDS_MAX
        and all(word[:1].isupper() for word in words)
        and bool(caption)
        and (len(rest) == 1 or not rest[1].strip())
        and is_caption(caption)
        and " ".join(words[-2:]) in caption
    )


# A line ending in one of these was wrapped mid-sentence: it is not a title.
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "and",
        "or",
        "but",
        "as",
        "that",
        "which",
        "who",
        "is",
        "are",
        "was",
        "were",
    ]
)
_SHARE_WORDS = frozenset({"email", "share", "print", "tweet", "news", "home", "menu"})


def _is_share_word(line: str) -> bool:
    return line.casefold().strip(" :") in _SHARE_WORDS


def drop_header_lines(lines: list[str], *, after_title: bool) -> list[str]:
    """Plain-text lines with the header furniture at the top removed: bylines (also a bare
    name right under the title or above a dateline), date and time lines, handles, short
    photo markers, captions ending in a pipe."""
    kept: list[str] = []
    seen = 0
    for index, line in enumerate(lines):
        text = line.strip()
        if not text:
            kept.append(line)
            continue
        seen += 1
        if seen <= _HEADER_ZONE and (
            _is_header_furniture(text, after_title, seen)
            or (text.endswith(" |") and not text.startswith("|"))
            or (_NAME_LINE.match(text) and _next_has_dateline(lines, index))
        ):
            continue
        kept.append(line)
    return kept


def drop_standfirst_above_byline(lines: list[str]) -> list[str]:
    """A single paragraph set above the byline or date lines at the top ("Standfirst.",
    "By Jo Doe", "March 4, 2025", then the text): a standfirst or caption, not the lead."""
    shown: list[int] = []
    for index, line in enumerate(lines):
        if line.strip():
            shown.append(index)
        if len(shown) > _HEADER_ZONE:
            break
    texts: list[int] = []
    for position, index in enumerate(shown, start=1):
        text = lines[index].strip()
        if _DATE_LINE.match(text) or _BYLINE.match(text) or is_meta_line(text):
            if len(texts) == 1 and position < len(shown):
                return [line for i, line in enumerate(lines) if i != texts[0]]
            if texts:
                break
            continue
        texts.append(index)
        if len(texts) > 1:
            break
    return lines


def _next_has_dateline(lines: list[str], index: int) -> bool:
    following = next((x.strip() for x in lines[index + 1 :] if x.strip()), "")
    return has_dateline(following)


def _is_header_furniture(line: str, after_title: bool, position: int) -> bool:
    if is_header_line(line) or _BYLINE.match(line) or _is_share_word(line):
        return True
    if len(line) <= _MARKER_LINE_MAX and (_PHOTO_MARKER.match(line) or _LABEL.match(line)):
        return True
    return after_title and position <= 2 and bool(_NAME_LINE.match(line))


def body_proper(
    paragraphs: list[str], title: str = "", *, scene_captions: bool = True
) -> list[str]:
    """Paragraphs without the header furniture: captions, header lines, repeated titles,
    and, when a paragraph near the top opens with a dateline or restates the one above it,
    everything before it. ``scene_captions``: a one-sentence scene description above the
    first narrating paragraph goes too (plain text keeps captions; an extractor's text
    from a page mostly does not, and there a present-tense feature lead is likelier)."""
    folded_title = title.strip().casefold()
    captions = [p for p in paragraphs[: _HEADER_ZONE + 1] if is_caption(p)]
    top = [p.strip().casefold() for p in paragraphs[:_REPEAT_ZONE_PARAGRAPHS]]
    shown_twice = {p for p in top if top.count(p) > 1 and p != folded_title}
    kept = [
        p
        for index, p in enumerate(paragraphs)
        if not (index < _REPEAT_ZONE_PARAGRAPHS and p.strip().casefold() in shown_twice)
        and not (
            index < _HEADER_ZONE
            and (
                is_header_line(p)
                or p.strip().casefold() == folded_title
                or any(c.startswith(p) for c in captions)  # a caption shown twice
            )
        )
        and not is_caption(p)
    ]
    # A caption that names its picture goes wherever it is in plain text, only near the
    # top in an extractor's text; the story run into it stays.
    reach = len(kept) if scene_captions else _HEADER_ZONE
    kept = [
        after_picture_caption(p) if index < reach and names_its_picture(p) else p
        for index, p in enumerate(kept)
    ]
    kept = [p for p in kept if p]
    kept = kept[_restated_lead(kept) :]
    if scene_captions:
        kept = _drop_scene_captions(kept)
    for index, paragraph in enumerate(kept[:_HEADER_ZONE]):
        if has_dateline(paragraph):
            return kept[index:]
    return kept


_FIRST_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“‘]?[A-Z])")
_WORD = re.compile(r"\w+")
_RESTATED_SHARE = 0.9  # of the shorter opening sentence's words found in the other (a copy)
_RESTATED_MIN_WORDS = 8


def _opening_words(paragraph: str) -> set[str]:
    return set(_WORD.findall(_FIRST_SENTENCE_END.split(paragraph, maxsplit=1)[0].casefold()))


def _restated_lead(paragraphs: list[str]) -> int:
    """Where the body starts when a paragraph near the top opens as the next one does (a
    teaser copied from the lead, word for word or nearly): at the later one, with
    everything above it (a standfirst, the teaser) header. 0 when no paragraph is restated."""
    for index in range(min(len(paragraphs), _HEADER_ZONE) - 1):
        first, second = _opening_words(paragraphs[index]), _opening_words(paragraphs[index + 1])
        smaller = min(len(first), len(second))
        if (
            smaller >= _RESTATED_MIN_WORDS
            and len(first & second) >= _RESTATED_SHARE * smaller
            and len(paragraphs[index]) < len(paragraphs[index + 1])  # the lead goes on
        ):
            return index + 1
    return 0


# A photo caption written as a plain sentence ("A white patch near the island shows the
# leak.", "Emergency crews carry out rescue work in the city on Thursday.") has no credit to
# give it away; what does is its grammar and its place. It describes a scene in the present
# tense, where a news sentence narrates: a past or perfect verb, a modal or future, a
# reporting verb, an attribution, a progressive or an intention ("is riding", "is set to",
# "intends to"). Such a one-sentence paragraph standing above the first narrating paragraph
# is a caption (or a headline-like teaser), not the lead.
_NARRATING_WORDS = frozenset((
    "was", "were", "had", "has", "have", "did", "does", "do", "said", "says", "say", "told",
    "made", "took", "came", "went", "became", "began", "gave", "found", "held", "left", "met",
    "sent", "shot", "struck", "won", "lost", "led", "brought", "bought", "sold", "built",
    "fought", "flew", "fell", "spent", "thought", "kept", "paid", "ran", "rose", "stood",
    "wrote", "written", "spoken", "known", "taken", "given", "been", "done", "gone", "will",
    "would", "could", "should", "may", "might", "must", "can", "cannot", "shall", "not",
))  # fmt: skip
# Words in -ed that are no past tense.
_NOT_PAST = frozenset((
    "need", "speed", "feed", "seed", "breed", "proceed", "exceed", "succeed", "hundred",
    "indeed", "bed", "shed",
))  # fmt: skip
_BE = frozenset(("is", "are", "be", "being", "been", "am"))
_DETERMINERS = frozenset(("a", "an", "the", "its", "their", "his", "her"))
# Past forms that are participles too ("a spot struck by missiles").
_PARTICIPLES = frozenset((
    "made", "found", "held", "left", "sent", "shot", "struck", "won", "lost", "led", "brought",
    "bought", "sold", "built", "fought", "paid", "kept", "spent", "written", "spoken", "known",
    "taken", "given", "done",
))  # fmt: skip
_BE_NARRATING = re.compile(
    r"(?i)(?:\b(?:is|are)|['’](?:s|re))\s+(?:\w+ing\b|to\b|(?:set|due|expected|likely|about|poised)\s+to\b"
    r"|an?\b|the\b|now\b|still\b)"
)
# "plans to", "wants to"; not a verb of speaking or moving with "to" before its object
# ("speaks to reporters", "waves to the crowd", "walks to the podium").
_INTENTION = re.compile(
    r"\b(?!(?:speak|talk|listen|wave|gesture|point|walk|respond|react|head|travel|turn)s\b)"
    r"[a-z]{3,}s\s+to\s+[a-z]"
)
_ATTRIBUTION = re.compile(r"(?i)\baccording\s+to\b")
_TOKEN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_SCENE_MIN_WORDS = 5
_SCENE_MAX_WORDS = 40
_INNER_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+[\"“‘(]?[A-Z]")


def narrates(paragraph: str) -> bool:
    """Whether a paragraph tells news rather than describes a picture: a past or perfect
    verb, a modal, a reporting verb, an attribution, a progressive, an intention."""
    if _BE_NARRATING.search(paragraph) or _INTENTION.search(paragraph):
        return True
    if _ATTRIBUTION.search(paragraph) or "n't" in paragraph or "n’t" in paragraph:
        return True
    raw = _TOKEN_WORD.findall(paragraph)
    words = [w.casefold() for w in raw]
    for index, word in enumerate(words):
        before = words[index - 1] if index else ""
        after = words[index + 1] if index + 1 < len(words) else ""
        # A participle that describes a noun ("a building destroyed by a missile", "the
        # damaged pier", "illuminated") is no finite verb.
        participle = after == "by" or before in _BE or before in _DETERMINERS
        if word in _NARRATING_WORDS and not (word in _PARTICIPLES and participle):
            return True
        if (
            len(word) >= 5
            and word.endswith("ed")
            and word not in _NOT_PAST
            and not participle
            and not raw[index][:1].isupper()
        ):
            return True
    return False


def describes_scene(paragraph: str) -> bool:
    """One plain sentence of caption length that describes rather than narrates: no
    quotation, no question, no second sentence, no narrating verb."""
    text = paragraph.strip()
    words = text.split()
    return (
        _SCENE_MIN_WORDS <= len(words) <= _SCENE_MAX_WORDS
        and text[:1].isupper()
        and not text.endswith(("?", ":", ","))
        and not _QUOTE_MARK.search(text)
        and not has_dateline(text)
        and not _INNER_SENTENCE_END.search(text.rstrip('.!?"”’) '))
        and not narrates(text)
    )


_QUOTE_MARK = re.compile(r"[\"“”«»]")
# A caption dates its picture in full ("… in Port Ellery on Monday, March 4, 2024."); a news
# sentence says "on Monday".
_DATED_END = re.compile(
    rf"(?i)\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+|\d{{1,2}}\s+{_MONTH}\s+)\d{{4}}\.?$"
)


def _drop_scene_captions(paragraphs: list[str]) -> list[str]:
    """The paragraphs without the scene captions above the first narrating one: a
    one-sentence description (or a run of them, a gallery's captions) followed by a longer
    paragraph that narrates, or by any that narrates when it dates its picture in full."""
    drop: set[int] = set()
    for index, paragraph in enumerate(paragraphs[:_HEADER_ZONE]):
        if narrates(paragraph):
            break
        # a gallery's captions stand in a row: the paragraph after the run is the one
        after = index + 1
        while after < len(paragraphs) and describes_scene(paragraphs[after]):
            after += 1
        following = paragraphs[after] if after < len(paragraphs) else ""
        if (
            describes_scene(paragraph)
            and narrates(following)
            and (
                len(following.split()) > len(paragraph.split())
                or bool(_DATED_END.search(paragraph))
            )
        ):
            drop.add(index)
    return [p for index, p in enumerate(paragraphs) if index not in drop]
