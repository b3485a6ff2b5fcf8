"""Resolving what a speaker phrase refers to: offices ("the minister"), earlier unnamed
sources ("the official" after "a US official"), acronyms spelled out in the article
("UKMTO"), plural sources for "they", and bare military ranks.
"""

from __future__ import annotations

import re

from summaries.quotes.cues import PERSON_NOUNS, RANK_WORDS, bare
from summaries.quotes.phrase_words import (
    ACRONYM_LINKS,
    RANK_EXPANSION,
    spells_acronym,
    tokens_of,
)
from summaries.quotes.speakers import OFFICES, Mention, describe, head_noun, role_words


def is_office(role: str) -> bool:
    """Is a role reference an office one named person holds ("the minister"), rather than
    a generic source ("the official", "the spokesperson")?"""
    words = role_words(role)
    return bool(words & OFFICES)


def indefinite_antecedent(masked: str, role: str, before: int) -> str:
    """The earlier "a US official" that "the official" refers back to, if any."""
    words = [bare(t) for t in tokens_of(role)]
    head = head_noun(words) if words else ""  # "head" of "head of the Department of X"
    if not head:
        return ""
    pattern = re.compile(  # one noun phrase: words, or initials like "U.S.", no links
        r"\b(?:[Aa]n?|[Oo]ne|[Aa]nother)[ \t]+(?:(?!(?:the|a|an|of|to|in|on|at|by|for|from|with|"
        r"against|and|or)\b)(?:(?:[A-Z]\.){2,}|[\w'’-]+)[ \t]+){0,5}?" + re.escape(head) + r"\b"
        r"(?:\s+(?:for|at|with|from|in)\s+(?:the\s+)?(?:[A-Z][\w'’.-]*\s*)+)?"
    )
    found = ""
    for m in pattern.finditer(masked, 0, before):
        found = m.group(0).strip()
    return describe(found)


GENERIC_SOURCES = frozenset(
    {"official", "source", "expert", "analyst", "person", "insider", "witness", "observer"}
)
_SINGULAR_NOUNS = "|".join(
    sorted((n for n in PERSON_NOUNS if not n.endswith("s") or n == "witness"), key=len)[::-1]
)
_SOURCE_PHRASE = (  # "a local lawmaker": one noun phrase ending in a singular person noun
    r"\b[Aa]n?[ \t]+(?:(?!(?:the|a|an|of|to|in|on|at|by|for|and|or)\b)[\w'’-]+[ \t]+){0,4}?"
    r"(?:" + _SINGULAR_NOUNS + r")\b"
)
_SPEAKING_SOURCE = re.compile(
    r"(?:\b(?:said|says|told)[ \t]+("
    + _SOURCE_PHRASE
    + r"))|(?:("
    + _SOURCE_PHRASE
    + r")(?:,[^,.]{1,80},)?[ \t]+(?:said|says|told)\b)"
)


def speaking_source_before(masked: str, role: str, start: int, before: int) -> str:
    """ "the official" or "the expert" with no "an official" before it: the one unnamed
    source ("a local lawmaker said", "said a defence analyst") that the text between
    ``start`` and ``before`` has speak, if exactly one does."""
    words = [bare(t) for t in tokens_of(role)]
    if not words or head_noun(words) not in GENERIC_SOURCES:
        return ""
    found = {
        describe(m.group(1) or m.group(2)) for m in _SPEAKING_SOURCE.finditer(masked, start, before)
    }
    return found.pop() if len(found) == 1 else ""


_CAP_WORDS = re.compile(r"(?:[A-Z][\w'’\-]*\s+(?:(?:of|for|and|the|on)\s+)*){1,7}[A-Z][\w'’\-]*")


def expand_acronym(masked: str, acronym: str) -> str:
    """ "UKMTO" -> "UK Maritime Trade Operations", "CENTCOM" -> "Central Command", "MoD"
    -> "Ministry of Defence" when the article spells it out."""
    for m in _CAP_WORDS.finditer(masked):
        words = m.group(0).split()
        for i in range(len(words)):
            if len(words) - i < 2 or words[i].lower() in ACRONYM_LINKS:
                continue  # "ESPN's" is the acronym itself, not its spelling out
            if spells_acronym(acronym, words[i:]):
                return " ".join(words[i:])
    return acronym


def is_plural(mention: Mention) -> bool:
    """ "three diplomats", "officials" are plural; "one of the diplomats" is not."""
    toks = [bare(t) for t in tokens_of(mention.text)]
    if mention.kind != "unnamed" or not toks or toks[0] in {"one", "a", "an", "another"}:
        return False
    head = head_noun(toks)
    return (head in PERSON_NOUNS and head.endswith("s")) or head == "people"


def is_rank(role: str) -> bool:
    """Is a role only a military rank ("Lt. Col.")? A fuller role should replace it."""
    toks = [bare(t) for t in tokens_of(role)]
    return bool(toks) and all(t in RANK_WORDS or t in RANK_EXPANSION for t in toks)
