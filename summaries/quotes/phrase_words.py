"""Words of a speaker phrase: tokens and what single words tell.

Splitting a phrase into tokens (cached), and the word tests the phrase parser in
``speakers`` and the attribution rules build on: capitalised as a name is, a title or rank
word, a name token, a run that looks like an organisation or place, a gender hint from an
honour or first name. Also the clean-up of role words ("his deputy" -> "deputy") and of
leading conjunctions and trailing auxiliaries around a phrase.
"""

from __future__ import annotations

import re
from functools import lru_cache

from summaries.quotes.cues import (
    AUXILIARIES,
    CLAUSE_WORDS,
    FEMALE_HONOURS,
    FEMALE_NAMES,
    HONOURS,
    KNOWN_ORGS,
    MALE_HONOURS,
    MALE_NAMES,
    MULTIWORD_PLACES,
    NAME_PARTICLES,
    ORG_WORDS,
    PLACE_HEADS,
    PLACE_PREFIXES,
    PLACES,
    RANK_WORDS,
    ROLE_WORDS,
    bare,
    trim_token,
    wordset,
)

_TOKEN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿĀ-ſ0-9][\w'’.\-]*")
DETERMINERS = wordset("a an one two three four several some another many multiple")
_LEADING_JUNK = wordset(
    "but and or so yet however meanwhile still now also later earlier then instead "
    "indeed separately what as while when although though because if where whereas "
    "that whom by"
)
RANK_EXPANSION = {
    "gen": "general",
    "lt": "lieutenant",
    "lieut": "lieutenant",
    "col": "colonel",
    "maj": "major",
    "brig": "brigadier",
    "capt": "captain",
    "cmdr": "commander",
    "cdr": "commander",
    "adm": "admiral",
    "sgt": "sergeant",
    "cpl": "corporal",
    "sec": "secretary",
    "pm": "prime minister",
}
# Offices written as capital letters, as South Asian and military news does ("the DGP",
# "said DIG Jo Roe", "the ISPR DG"). Matched only in capitals: "dig" and "cds" are words.
# Letters that as often stand for a place or party ("DC", "MD", "SP") are left out.
OFFICE_ACRONYMS = {
    "DG": "director general",
    "DGP": "director general of police",
    "ADGP": "additional director general of police",
    "IGP": "inspector general of police",
    "IG": "inspector general",
    "DIG": "deputy inspector general",
    "SSP": "senior superintendent of police",
    "DCP": "deputy commissioner of police",
    "GOC": "general officer commanding",
    "COAS": "chief of army staff",
    "CDS": "chief of defence staff",
    "CNS": "chief of naval staff",
    "CJCS": "chairman of the joint chiefs of staff",
}
POSSESSIVE_PRONOUNS = wordset("his her their its our my your")
_REFLEXIVE = frozenset({"himself", "herself", "themselves", "itself"})


@lru_cache(maxsize=65536)
def name_token_set(name: str) -> frozenset[str]:
    return frozenset(t.lower().rstrip(".") for t in name.split())


def tokens_of(text: str) -> list[str]:
    return list(phrase_tokens(text))


@lru_cache(maxsize=65536)
def phrase_tokens(text: str) -> tuple[str, ...]:
    return tuple(trim_token(t) for t in _TOKEN.findall(text))


_ARABIC_ARTICLE = re.compile(r"(?:al|el|ad|ash|as|at|az|ibn|bin|ben|abu)-[A-Z]")


def is_capitalised(token: str) -> bool:
    """Capitalised as a name is, counting "al-Sudani" and digits."""
    return _is_cap(token)


def _is_cap(token: str) -> bool:
    return token[:1].isupper() or token[:1].isdigit() or bool(_ARABIC_ARTICLE.match(token))


def is_title_word(token: str) -> bool:
    b = bare(token)
    in_words = b in HONOURS or b in RANK_WORDS or b in ROLE_WORDS or b in RANK_EXPANSION
    return in_words or is_office_acronym(token)


def is_office_acronym(token: str) -> bool:
    """ "DGP", "IGP", "DG": an office written in capitals (not the word "dig")."""
    return token.rstrip(".,") in OFFICE_ACRONYMS


def is_name_token(token: str) -> bool:
    b = bare(token)
    if b in NAME_PARTICLES:
        return True
    if not _is_cap(token) or b in CLAUSE_WORDS or is_title_word(token):
        return False
    return not (token.endswith(("'s", "’s")) or b in ORG_WORDS)


def looks_org(tokens: list[str]) -> bool:
    lowered = [bare(t) for t in tokens]
    if any(t in ORG_WORDS or t in KNOWN_ORGS for t in lowered):
        return True
    joined = " ".join(lowered)
    if joined in KNOWN_ORGS or joined in PLACES or joined in MULTIWORD_PLACES:
        return True
    if len(tokens) > 1 and tokens[-1][:1].isupper() and lowered[-1] in PLACE_HEADS:
        return True  # "Lee County", "Aral Sea"
    if len(tokens) > 1 and lowered[0] in PLACE_PREFIXES and tokens[1][:1].isupper():
        return True  # "Fort Pierce", "Cape Breton"
    return len(tokens) == 1 and (lowered[0] in PLACES or tokens[0].isupper())


def gender_hint(name_tokens: list[str], prefix: list[str]) -> str:
    pre = {bare(t) for t in prefix}
    if pre & MALE_HONOURS:
        return "m"
    if pre & FEMALE_HONOURS:
        return "f"
    first = bare(name_tokens[0]) if name_tokens else ""
    if first in MALE_NAMES:
        return "m"
    if first in FEMALE_NAMES:
        return "f"
    return ""


def clean_role(words: list[str]) -> str:
    kept = [w for w in words if bare(w) not in _REFLEXIVE]
    # Honours stand right before the name ("Gen. Sir", "Air Marshal Lord"); inside a title
    # they are part of it ("First Sea Lord", "Lord Chancellor").
    while kept and bare(kept[-1]) in HONOURS:
        kept = kept[:-1]
    while kept and bare(kept[0]) in POSSESSIVE_PRONOUNS:
        kept = kept[1:]
    while kept and bare(kept[0]) in {"the", "a", "an"} | DETERMINERS:
        kept = kept[1:]
    while kept and bare(kept[-1]) in {"of", "for", "and", "the"}:
        kept = kept[:-1]
    return " ".join(kept)


# Words that open a sentence before a name but are never part of one ("Within Sanders'
# camp", "Neither Hillary Clinton nor", "Six Trump delegates"); months that are also
# surnames ("May", "June"), "The" and office words ("First Sea Lord", "Under Secretary")
# stay.
_NEVER_NAME_WORDS = wordset(
    "but and or so yet however meanwhile still separately later earlier now then also "
    "in on at as after before while when where if though although because since during "
    "for with without by from of to this that these those his her their its our my your "
    "it he she they we i you there here what which who whom whose how why finally "
    "instead indeed moreover furthermore nevertheless nonetheless thus therefore overall "
    "elsewhere across between amid following despite according not"
) | wordset(
    "within neither either nor thanks thank unlike like among upon beyond inside outside "
    "four five six seven eight nine ten dozens hundreds thousands"
)


def strip_junk(tokens: list[str]) -> list[str]:
    while len(tokens) > 1 and bare(tokens[0]) in _NEVER_NAME_WORDS and tokens[1][:1].isupper():
        tokens = tokens[1:]
    while tokens and bare(tokens[0]) in _LEADING_JUNK:
        tokens = tokens[1:]
    while tokens and bare(tokens[-1]) in AUXILIARIES:
        tokens = tokens[:-1]
    return tokens


ACRONYM_LINKS = frozenset({"of", "for", "and", "the", "on"})
_CAPITAL_PARTS = re.compile(r"^[A-Z][a-z]+(?:-[A-Z][a-z]+)+$")


def spells_acronym(acronym: str, words: list[str]) -> bool:
    """Do the words, in order, spell ``acronym`` from their beginnings? Each capitalised
    word gives a leading part ("CENT" of Central, "COM" of Command); a link word ("of")
    gives its first letter or nothing."""
    target = acronym.lower()
    memo: dict[tuple[int, int], bool] = {}
    # "Inter-Services Public Relations" spells "ISPR": each capitalised part of a hyphened
    # word gives letters as a word would
    words = [p for w in words for p in (w.split("-") if _CAPITAL_PARTS.match(w) else [w])]

    def go(i: int, k: int) -> bool:
        if k == len(words):
            return i == len(target)
        if (i, k) in memo:
            return memo[i, k]
        word = words[k].lower()
        ok = False
        if word in ACRONYM_LINKS and go(i, k + 1):
            ok = True
        n = 1
        while (
            not ok and n <= len(word) and i + n <= len(target) and target[i + n - 1] == word[n - 1]
        ):
            ok = go(i + n, k + 1)
            n += 1
        memo[i, k] = ok
        return ok

    return bool(words) and words[0][:1].isupper() and go(0, 0)


def is_acronym(text: str) -> bool:
    """ "UKMTO", "CENTCOM", "MoD": a short word of capitals (lower-case letters only
    between them, as for "of")."""
    if not 3 <= len(text) <= 10 or not text.isalpha() or not text[0].isupper():
        return False
    return text.isupper() or (sum(c.isupper() for c in text) >= 2 and text[-1].isupper())
