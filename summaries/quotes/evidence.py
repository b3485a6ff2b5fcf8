"""Evidence and confidence for a speaker: which words chose it, and how sure that is.

The confidence is a fixed prior per way of finding the speaker (own attribution by name
highest, a guess from the paragraph before lowest), lowered for speakers that do not look
like a name, organisation or description. It ranks and filters; it is not a probability.
"""

from __future__ import annotations

import re

from summaries.models import CueKind, SpeakerCue
from summaries.quotes.attribution import Cue

_BY_MENTION: dict[str, CueKind] = {
    "person": "name",
    "pronoun": "pronoun",
    "role": "role",
    "unnamed": "unnamed",
    "organisation": "organisation",
}
# Prior confidence per way the speaker was found.
PRIOR: dict[str, float] = {
    "name": 0.95,
    "organisation": 0.9,
    "unnamed": 0.85,
    "role": 0.8,
    "pronoun": 0.75,
    "adjacent": 0.7,
    "context": 0.6,
    "next": 0.5,
}
CONTINUATION_FACTOR = 0.95
_WORD = re.compile(r"[\w’'.-]+")
_ARTICLE_BEFORE = re.compile(r"\b(?:[Aa]n?|[Tt]he)\s+$")
_ODD_SPEAKER = re.compile(r"\b(?:Said|Says|Added|Told|Joked|Quote|I'll|I’ll)\b|^[a-z]")


def cue_kind(cue: Cue) -> CueKind:
    return _BY_MENTION.get(cue.mention.kind, "name")


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_’'"


def _whole_word(text: str, at: int, end: int) -> bool:
    """Whether text[at:end] is not part of a longer word ("he" is not in "the")."""
    return (at == 0 or not _word_char(text[at - 1])) and (
        end >= len(text) or not _word_char(text[end])
    )


def _word_at(text: str, word: str, lo: int, hi: int) -> int:
    """Where ``word`` stands as a whole word in text[lo:hi], or -1."""
    at = text.find(word, max(0, lo), max(0, hi))
    while at >= 0 and not _whole_word(text, at, at + len(word)):
        at = text.find(word, at + 1, max(0, hi))
    return at


def _last_word_at(text: str, word: str, lo: int, hi: int) -> int:
    """Like ``_word_at``, the last whole-word place of ``word`` in text[lo:hi]."""
    at = text.rfind(word, max(0, lo), max(0, hi))
    while at >= 0 and not _whole_word(text, at, at + len(word)):
        at = text.rfind(word, max(0, lo), at)
    return at


def cue_evidence(
    text: str, cue: Cue, kind: CueKind | None = None, masked: str | None = None
) -> SpeakerCue:
    """The cue's words as they stand in ``text`` (offsets index ``text`` exactly). The
    words are looked up in ``masked`` when given (quote interiors blanked, same offsets),
    as whole words, from the cue's own position first, so a cue is never found inside a
    quote or inside another word."""
    where = masked if masked is not None and len(masked) == len(text) else text
    words = _WORD.findall(cue.mention.text)
    article = len(words) > 1 and words[0] in {"a", "an", "the"}
    if article:
        words = words[1:]  # "a US official" is written "A US official" at a sentence start
    start = -1
    if words:
        start = _word_at(where, words[0], cue.at, cue.at + 120)
        if start < 0:
            start = _word_at(where, words[0], cue.at - 40, cue.at + 120)
        if start < 0:  # "Jo Roe, Club Patron and MP for Lower Marsh asked": far before
            start = _last_word_at(where, words[0], cue.at - 200, cue.at)
    if start < 0:
        start = min(max(cue.at, 0), len(text))
        end = start
        while end < len(text) and not text[end].isspace():
            end += 1
    else:
        end = start + len(words[0])
        for w in words[1:]:
            nxt = _word_at(where, w, end, end + 40)
            if nxt < 0:
                break
            end = nxt + len(w)
        before = _ARTICLE_BEFORE.search(where, max(0, start - 5), start) if article else None
        start = before.start() if before is not None else start
    return SpeakerCue(kind or cue_kind(cue), text[start:end], start, end)


def speaker_confidence(way: str, speaker: str) -> float:
    """Prior for ``way`` the speaker was found, lowered when it does not look like one."""
    if not speaker:
        return 0.0
    score = PRIOR.get(way, 0.5)
    if _ODD_SPEAKER.search(speaker) and not speaker.startswith(("a ", "an ", "the ")):
        score *= 0.5
    if len(speaker.split()) > 5:
        score *= 0.7
    return round(score, 3)
