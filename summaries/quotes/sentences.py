"""Sentence splitting of an article's masked narrative.

``sentence_bounds`` cuts a paragraph of the narrative (quote interiors blanked) into
sentences at full stops, question and exclamation marks, skipping the full stops of
abbreviations ("Gen.", "Mr.") and of initials inside names ("John F. Kennedy").
"""

from __future__ import annotations

import re

from summaries.quotes.cues import wordset

_ABBREVIATIONS = wordset(
    "gen lt col maj brig capt cmdr cdr adm mr mrs ms dr st no sgt cpl rep sen gov rev "
    "prof jr sr inc ltd co corp vs e.g i.e a.m p.m u.s u.k u.n lieut sec dept govt approx "
    "est fig jan feb mar apr jun jul aug sep sept oct nov dec mt ft pte snr sqn ldr wg flt gp "
    "cmdre cpt spc pfc"
)
_SENTENCE_END = re.compile(
    r"[.!?…][\"'”’»\x94\x92)]*\s+(?=[\"'“‘«\x93\x91(]?[A-Z0-9]|[\"'“‘«\x93\x91]\x00)"
)


def sentence_bounds(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``masked[start:end]`` (quote interiors blanked) into sentences."""
    out: list[tuple[int, int]] = []
    s = start
    for m in _SENTENCE_END.finditer(masked, start, end):
        word = masked[max(start, m.start() - 6) : m.start()].split()[-1:] or [""]
        abbrev = word[0].lower().lstrip("(")
        if masked[m.start()] == "." and (abbrev in _ABBREVIATIONS or _initial(masked, m)):
            continue
        out.append((s, m.end()))
        s = m.end()
    if s < end:
        out.append((s, end))
    return out


def _initial(masked: str, m: re.Match[str]) -> bool:
    """ "John F. Kennedy": a capital initial between capitalised words, not "on X. The"."""
    before = masked[max(0, m.start() - 30) : m.start()].split()
    after = masked[m.end() : m.end() + 1]
    if not before or len(before[-1]) != 1 or not before[-1].isupper():
        return False
    return len(before) >= 2 and before[-2][:1].isupper() and after.isalpha()
