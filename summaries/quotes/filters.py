"""Quote marks that do not mark quotations: scare quotes, titles, nicknames and the
headlines of a related-articles block.

Kept apart from ``quotes`` so the rules that drop a span read in one place. Every
function here is pure and works on offsets into the article text.
"""

from __future__ import annotations

import re

from summaries.quotes.attribution import Cue, is_label_cue
from summaries.quotes.cues import CUE_VERBS, WEAK_CUES, bare, wordset
from summaries.quotes.phrase_words import tokens_of
from summaries.quotes.spans import QuoteSpan

_TITLE_SMALL_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "a", "an", "to", "at"})
_SENTENCE_CLOSERS = frozenset(".!?:;…\"'”’»\x94\x92)")


_NICKNAME = re.compile(r"[A-Z][\w'’.\-]*\s+$")


def is_nickname(text: str, span: QuoteSpan) -> bool:
    """ "Rudolph “Reb” Butler": a nickname inside a name, not a quotation."""
    words = text[span.start : span.end].split()
    if len(words) != 1 or not words[0][:1].isupper() or span.close_at < 0:
        return False
    before = _NICKNAME.search(text, max(0, span.open_at - 30), span.open_at)
    after = text[span.close_at + 1 : span.close_at + 3]
    return before is not None and after[:1] == " " and after[1:2].isupper()


def _headline_like(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 18 and line.rstrip()[-1] not in _SENTENCE_CLOSERS


def related_block(text: str, paras: list[tuple[int, int]]) -> set[int]:
    """Paragraph indices of a run of two or more headline-like lines ending the text: a
    related-articles block, whose quotes belong to other stories."""
    run: list[int] = []
    for k in range(len(paras) - 1, 0, -1):
        if not _headline_like(text[paras[k][0] : paras[k][1]]):
            break
        run.append(k)
    return set(run) if len(run) >= 2 else set()


def is_scare_quote(text: str, masked: str, ps: int, span: QuoteSpan, cue: Cue | None) -> bool:
    """A partial quote that is a label, not someone's words: "so-called", one or two words
    with no "called"/"described as", a title or name in Title Case, or a short phrase that no
    cue attributes. ``ps`` is the start of the quote's paragraph."""
    words = len(tokens_of(text[span.start : span.end]))
    before = masked[max(ps, span.open_at - 12) : span.open_at].lower()
    if "so-called" in before or _SO_CALLED_PAIR.search(
        masked, max(ps, span.open_at - 80), span.open_at
    ):
        return True  # so-called "A" and "B": the label covers both
    said = cue is None and _said_in_sentence(masked, ps, span)  # Roe said it was "solid"
    if words <= 2 and cue is None and not said and not is_label_cue(masked, ps, span.open_at):
        return True  # "Moscow's 'militarisation'": one or two words no one is said to say
    if cue is None and _title_case(text[span.start : span.end]):
        return True  # the "Strategic Defence Review 2025: Making Britain Safer"
    if words <= 6 and _title_case(text[span.start : span.end]) and _NAMED_BY.search(before):
        return True  # on CNN's "State of the Union," Roe said: a programme, not words
    if not re.search(r"[^\W\d_]", text[span.start : span.end]):
        return True  # "2016-06-29": no letters, no words
    if words <= _NAME_WORDS and _name_like(text[span.start : span.end], masked, ps, span.open_at):
        return True  # an "Israeli" ship, the "Central Command": a name, whoever speaks
    if (
        words <= _NAME_WORDS + 2
        and span.close_at >= 0
        and _NAMED_THING.match(text, span.close_at + 1)
    ):
        return True  # the "small yard, high fence" strategy: a name for a thing
    return cue is None and words <= 4 and not said


_SENTENCE_END = re.compile(r"[.!?]\s")
_NAME_WORDS = 4
_SO_CALLED_PAIR = re.compile(
    "so-called\\s*[\"'“‘«\x93\x91]\x00+[\"'”’»\x94\x92]\\s*(?:,|and|or)\\s*$", re.IGNORECASE
)
# A quote followed by one of these nouns (alone or as the second of a pair: the "A" and "B"
# operations) names the thing: a slogan, a code name, a label, not someone's words.
_NAMED_THING = re.compile(
    r"[\"'”’»\x94\x92]?(?:\s+(?:and|or)\s+[\"'“‘«\x93\x91][^\"'”’»\x94\x92]{1,40}[\"'”’»\x94\x92])?"
    r"\s+(?:operations?|organi[sz]ations?|groups?|movements?|doctrines?|strateg(?:y|ies)|"
    r"polic(?:y|ies)|initiatives?|campaigns?|programmes?|programs?|slogans?)\b"
)
# A speech word after one of these is a noun: "the term", "a post", "his remarks".
_DETERMINER = wordset("a an the his her its their this these those our my your")


_VERB_AFTER = re.compile(r"\s+([a-z]+)\b")


def is_quoted_source(text: str, span: QuoteSpan) -> bool:
    """ "“Sudan Tribune” reported": a name in quote marks that a speech verb follows at once
    is the source that speaks (a newspaper, a channel), not words it said."""
    quoted = text[span.start : span.end]
    if span.close_at < 0 or len(tokens_of(quoted)) > _NAME_WORDS or not _title_case(quoted):
        return False
    if quoted.rstrip()[-1:] in _SENTENCE_CLOSERS | {","}:
        return False  # "“Never,” Roe said": words with their own punctuation
    verb = _VERB_AFTER.match(text, span.close_at + 1)
    return verb is not None and verb.group(1) in CUE_VERBS and verb.group(1) not in WEAK_CUES


def _said_in_sentence(masked: str, ps: int, span: QuoteSpan) -> bool:
    """Does a speech verb stand earlier in the quote's own sentence ("Roe said on Monday
    that the tie was 'rock-solid'", "dismissed as 'false'")? Then a short quote is the
    speaker's words, not a label the writer put in marks."""
    head = masked[ps : span.open_at]
    ends = list(_SENTENCE_END.finditer(head))
    sentence = head[ends[-1].end() :] if ends else head
    toks = [bare(t) for t in tokens_of(sentence)]
    return any(
        t in CUE_VERBS
        and t not in WEAK_CUES
        and toks[i + 1 : i + 2] != ["for"]
        and (i == 0 or toks[i - 1] not in _DETERMINER)
        for i, t in enumerate(toks)
    )  # "called for a 'drone wall'" asks for a thing; "use the term 'X'" names a word


# What stands before a title, not before someone's words: a possessive or "on", "in".
_NAMED_BY = re.compile(r"(?:['’]s|\b(?:on|in|of|at|book|show|film|novel|programme|program))\s*$")


def _name_like(quoted: str, masked: str, ps: int, open_at: int) -> bool:
    """A short quote in Title Case that no speech or label verb introduces and that is no
    exclamation ("Sad!"): the name of a thing ("an 'Israeli' ship", "the 'Central
    Command'"), not words someone said."""
    if quoted.rstrip()[-1:] in {"!", "?"} or not _title_case(quoted):
        return False
    before = masked[max(ps, open_at - 40) : open_at].rstrip()
    last = (tokens_of(before) or [""])[-1]
    if bare(last) in CUE_VERBS or before.endswith(":"):
        return False
    return not is_label_cue(masked, ps, open_at)


def _title_case(text: str) -> bool:
    toks = [t for t in tokens_of(text) if t.lower() not in _TITLE_SMALL_WORDS]
    return bool(toks) and sum(1 for t in toks if t[:1].isupper() or t[:1].isdigit()) >= 0.8 * len(
        toks
    )


_LINE_CLOSERS = "\"'”’»\x94\x92 "
_TERMINAL = frozenset(".!?…:;),")
_DASH_AFTER_QUOTE = re.compile("[”\"’'»]\\s*[—–―]")
_SMALL = frozenset({"of", "the", "and", "for", "in", "on", "a", "an", "to", "at", "with", "by"})


def furniture_lines(text: str, paras: list[tuple[int, int]]) -> set[int]:
    """Lines that are page furniture, not narrative: headlines, subheadings, captions and
    teaser lines (short, no closing punctuation, or in Title Case), and code such as JSON.
    Quote marks there do not mark speech, and their words name no speaker. A line whose
    next line starts in lower case is a hard-wrapped sentence, not furniture."""
    out: set[int] = set()
    for k, (s, e) in enumerate(paras):
        line = text[s:e]
        wrapped = k + 1 < len(paras) and text[paras[k + 1][0]].islower()
        if not wrapped and _is_furniture(line):
            out.add(k)
    return out


def _is_furniture(line: str) -> bool:
    if line.startswith(("{", "[")) and '":' in line:
        return True  # JSON left in the page
    words = line.split()
    if not words or len(words) > 20 or _DASH_AFTER_QUOTE.search(line):
        return False  # “Q” — NAME: a quotation with its attribution
    core = line.rstrip(_LINE_CLOSERS)
    if core and core[-1] not in _TERMINAL:
        return True
    if len(words) < 4 or (words[1][:1].islower() and words[1] not in _SMALL):
        return False  # quick reject: not Title Case
    lettered = [w.strip("\"'“”‘’«»") for w in words]
    lettered = [w for w in lettered if w[:1].isalpha() and w.lower() not in _SMALL]
    capped = sum(1 for w in lettered if w[:1].isupper())
    return len(lettered) >= 4 and capped == len(lettered) and not core.endswith(":")
