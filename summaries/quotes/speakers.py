"""Speaker phrases: parse "NATO Secretary General Mark Rutte" into name and role, tell
people from organisations and unnamed sources, and keep the article's cast of people so
that "Rutte", "the minister" and "he" can be resolved to a full name. The tokens and
single-word tests the parser builds on live in ``phrase_words``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from summaries.quotes.cues import (
    CUE_VERBS,
    DOCUMENTS,
    FEMALE_NAMES,
    KNOWN_ORGS,
    MALE_NAMES,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    ORG_WORDS,
    PERSON_NOUNS,
    PLACES,
    PRONOUNS,
    RANK_WORDS,
    bare,
    trim_token,
    wordset,
)
from summaries.quotes.phrase_words import (
    DETERMINERS,
    OFFICE_ACRONYMS,
    POSSESSIVE_PRONOUNS,
    RANK_EXPANSION,
    clean_role,
    gender_hint,
    is_acronym,
    is_capitalised,
    is_name_token,
    is_office_acronym,
    is_title_word,
    looks_org,
    name_token_set,
    phrase_tokens,
    spells_acronym,
    strip_junk,
    tokens_of,
)

MentionKind = Literal["person", "unnamed", "organisation", "pronoun", "role"]

_NOT_ROLE_START = wordset(
    "who which whose whom himself herself themselves itself in at on during after before "
    "while when as with without from by for to speaking asked according adding saying "
    "not also however though although because if since until"
)
_ROLE_STOP = frozenset({"the", "a", "an", "former", "then", "new", "top", "of", "for"})


@dataclass(frozen=True, slots=True)
class Mention:
    """A speaker phrase as written: a name, a description, an organisation or a pronoun."""

    kind: MentionKind
    text: str
    role: str = ""
    gender: str = ""


@dataclass(slots=True)
class Person:
    name: str
    role: str = ""
    male: int = 0
    female: int = 0
    last_seen: int = -1
    aliases: set[str] = field(default_factory=set)

    @property
    def gender(self) -> str:
        if self.male > self.female:
            return "m"
        if self.female > self.male:
            return "f"
        return ""

    def tokens(self) -> frozenset[str]:
        return name_token_set(self.name)


_LINKS = frozenset({"of", "for", "in", "at", "from", "the"})
_NOT_SPEAKERS = frozenset(
    ["hms", "uss", "usns", "rfa", "hmcs", "hmas", "hnlms", "ins", "exercise", "operation"]
)
_EVENT_WORDS = frozenset(
    [
        "show",
        "speech",
        "debate",
        "debates",
        "programme",
        "program",
        "podcast",
        "interview",
        "hearing",
        "summit",
        "conference",
        "exercise",
        "drill",
        "festival",
        "ceremony",
        "parade",
        "games",
        "championship",
        "championships",
        "tournament",
        "awards",
    ]
)
_AFFILIATION = re.compile(r"\s+(?:of|at|from)\s+(?:the\s+)?(?=[A-Z])")


@lru_cache(maxsize=65536)
def parse_phrase(phrase: str) -> Mention | None:
    """Classify one speaker phrase (no appositive) as written in the article."""
    tokens = tokens_of(phrase)
    if len(tokens) > 2 and is_acronym(tokens[-1]) and _spelled_out(tokens[-1], tokens[-7:-1]):
        phrase = " ".join(tokens[:-1])  # "Central Command (CENTCOM)": the name it stands for
    glued = _name_then_title(tokens_of(phrase))
    if glued is not None:
        return glued
    affiliated = _affiliated_person(phrase)
    if affiliated is not None:
        return affiliated
    return _parse_simple(phrase)


def _spelled_out(acronym: str, words: list[str]) -> bool:
    return any(spells_acronym(acronym, words[i:]) for i in range(len(words)))


def _name_then_title(tokens: list[str]) -> Mention | None:
    """ "Jane Roe President and Chief Executive Officer of Acme": a full name with its title
    glued after it (no comma), as press releases write it."""
    k = 0
    while (
        k < len(tokens)
        and is_name_token(tokens[k])
        and bare(tokens[k]) not in NAME_PARTICLES | CUE_VERBS
    ):
        k += 1
    if k < 2 or k >= len(tokens) or not is_capitalised(tokens[k]) or not is_title_word(tokens[k]):
        return None
    if bare(tokens[0]) not in MALE_NAMES | FEMALE_NAMES:
        return None  # "Acme Defence Director ..." is not a name
    name = tokens[:k]
    return Mention("person", " ".join(name), " ".join(tokens[k:]), gender_hint(name, []))


def _affiliated_person(phrase: str) -> Mention | None:
    """ "Analyst Sophie Brandt of the Hanse Institute": the person, with the organisation
    in the role. Only for a full name before "of/at/from" ("Secretary of State John
    Healey" and "Bank of England" stay as they are)."""
    match = _AFFILIATION.search(phrase)
    if match is None:
        return None
    head, org = phrase[: match.start()], phrase[match.end() :].strip()
    person = _parse_simple(head)
    if person is None or person.kind != "person" or len(person.text.split()) < 2 or not org:
        return None
    role = f"{person.role}, {org}" if person.role else org
    return Mention("person", person.text, role=role, gender=person.gender)


_OWNERS = frozenset({"his", "her", "its", "their"})
_WHEN_WORDS = wordset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight"
)
_ING_NAMES = wordset("irving sterling ewing")


def _gerund_phrase(tokens: list[str]) -> bool:
    """ "Invading Egypt", "Owning Acme": a capitalised -ing word opening a phrase."""
    first = bare(tokens[0])
    return (
        len(tokens) > 1
        and tokens[0][:1].isupper()
        and len(first) >= 6
        and first.endswith("ing")
        and first not in _ING_NAMES | MALE_NAMES | FEMALE_NAMES
    )


def _parse_simple(phrase: str) -> Mention | None:
    tokens = strip_junk(tokens_of(phrase))
    while len(tokens) > 1 and bare(tokens[-1]) in _WHEN_WORDS:
        tokens = tokens[:-1]  # "Gen Jo Roe Saturday termed": the day is not the name
    if tokens and tokens[-1].endswith(("s’", "s'")) and len(tokens[-1]) > 3:
        tokens = [*tokens[:-1], tokens[-1][:-1]]  # "Sanders’ comments"
    if not tokens or _gerund_phrase(tokens):
        return None
    if all(bare(t) in DETERMINERS | {"the"} for t in tokens):
        return None
    if len(tokens) == 1 and bare(tokens[0]) in PRONOUNS:
        return Mention("pronoun", tokens[0], gender=PRONOUNS[bare(tokens[0])])
    if len(tokens) > 12:
        return None
    first = bare(tokens[0])
    lowered = [bare(t) for t in tokens]
    has_person_noun = any(t in PERSON_NOUNS for t in lowered)
    text = " ".join(tokens)
    if first in DETERMINERS or first.isdigit():
        if has_person_noun or not looks_org(tokens[1:]):
            return Mention("unnamed", describe(text))
        return Mention("organisation", _drop_the(tokens[1:]))
    if first == "the":
        return _definite(tokens)
    if first in _NOT_SPEAKERS and any(t.endswith(("'s", "’s")) for t in tokens[:-1]):
        return Mention("role", tokens[-1])  # "HMS Dauntless's captain": the ship's captain
    if first in POSSESSIVE_PRONOUNS or _person_possessive(tokens):
        if has_person_noun:
            return Mention("unnamed", describe(text))
        if first in _OWNERS and len(tokens) == 2 and lowered[1] in DOCUMENTS:
            return Mention("organisation", text.lower())  # "His statement": its issuer's words
        return None
    if first in NAME_PARTICLES and len(tokens) > 1 and is_capitalised(tokens[-1]):
        return _proper(tokens)  # "de Gaulle", "von der Leyen"
    if not is_capitalised(tokens[0]):
        if has_person_noun and lowered[-1] in PERSON_NOUNS and lowered[-1].endswith("s"):
            return Mention("unnamed", text)  # "officials", "senior officials"
        run = _trailing_name(tokens)
        if len(run) >= 2 and (has_person_noun or is_title_word(tokens[-3])):
            return _proper(tokens)  # "alliance head Jane Roe", "defence analyst Tom Lee"
        given = len(run) >= 2 and _given_name(run[0])
        if given and premodifiers(tokens[: len(tokens) - len(run)]):
            return _proper(tokens)  # "campaign manager Robby Mook", "political scientist ..."
        return None
    head = _described_head(tokens)
    if head:
        return Mention("unnamed", describe(text))  # "Senior army officials in Kent"
    return _proper(tokens)


_NOT_PREMODIFIER = (
    wordset(
        "that this these those and or but so if then than as when while because which who "
        "whose whom what where there here not no also just only even still about after "
        "before by with without from into onto over under between against to at on in "
        "for of said says told asked"
    )
    | CUE_VERBS
    | frozenset(PRONOUNS)
    | POSSESSIVE_PRONOUNS
)


def premodifiers(tokens: list[str]) -> bool:
    """Are ``tokens`` (at most four) words that can describe the person named after them
    ("campaign manager", "political scientist", "former South Carolina Gov."), not a
    clause ("and that", "met with")?"""
    return 0 < len(tokens) <= 4 and all(
        (t.isalpha() and t.islower() and len(t) > 1 and bare(t) not in _NOT_PREMODIFIER)
        or (is_capitalised(t) and bare(t) not in PRONOUNS)
        for t in tokens
    )


def _described_head(tokens: list[str]) -> bool:
    """Is the phrase about a lower-case noun for people ("Senior army officials in Kent
    province", "Ruritania's joint chiefs of staff"), not a name or an office title?"""
    lowered = [bare(t) for t in tokens]
    head = head_noun(lowered)
    at = lowered.index(head)
    word = tokens[at]
    if not word.islower() or at == 0:
        return False
    return head in PERSON_NOUNS or (head.endswith("s") and head[:-1] in PERSON_NOUNS)


def _person_possessive(tokens: list[str]) -> bool:
    """ "Keir Starmer's spokesman": someone's aide, not the named person nor an office of a
    country or organisation ("NATO's secretary general")."""
    if bare(tokens[-1]) not in PERSON_NOUNS:
        return False
    for tok in tokens[:-1]:
        if tok.endswith(("'s", "’s")):
            owner = bare(tok)
            return not (
                owner in PLACES or owner in KNOWN_ORGS or owner in ORG_WORDS or tok[:-2].isupper()
            )
    return False


def _drop_the(tokens: list[str]) -> str:
    if tokens and bare(tokens[0]) == "the":
        tokens = tokens[1:]
    return " ".join(tokens)


_AGE = re.compile(r"(?:\d+|[a-z]+(?:-[a-z]+)?)-years?-old", re.IGNORECASE)
_AGE_NOUNS = {"man": "m", "boy": "m", "woman": "f", "girl": "f"}


def _age_reference(rest: list[str]) -> Mention | None:
    """ "the 42-year-old", "the 35-year-old woman": a person described only by age, who is
    referred back to like "he" or "she", never a name or an organisation."""
    if not _AGE.fullmatch(rest[0]) or len(rest) > 2:
        return None
    if len(rest) == 1:
        return Mention("pronoun", " ".join(rest), gender="s")
    gender = _AGE_NOUNS.get(bare(rest[1]))
    return Mention("pronoun", " ".join(rest), gender=gender) if gender else None


def _definite(tokens: list[str]) -> Mention | None:
    rest = tokens[1:]
    if not rest:
        return None
    aged = _age_reference(rest)
    if aged is not None:
        return aged
    lowered = [bare(t) for t in rest]
    name_run = _trailing_name(rest)
    after_link = len(name_run) < len(rest) and bare(rest[-len(name_run) - 1]) in _LINKS
    after_link = after_link or _coordinated_tail(rest, len(rest) - len(name_run))
    if after_link and not any(bare(t) in MALE_NAMES | FEMALE_NAMES for t in name_run):
        name_run = []  # "the former interior minister of Lower Saxony": a place, no name
    if name_run and len(name_run) < len(rest) and not looks_org(name_run):
        return _proper(rest)
    head = head_noun(lowered)
    if is_office_acronym(rest[lowered.index(head)]):
        return Mention("role", " ".join(rest))  # "the DGP", "the ISPR DG"
    if head in PERSON_NOUNS or head in RANK_WORDS or head in RANK_EXPANSION or head in OFFICES:
        plural = head.endswith("s") and not head.endswith("ss")  # "boss" is one person
        if plural and head not in {"officials", "sources"} | {"ministers"}:
            return Mention("unnamed", " ".join(tokens))
        if head in {"officials", "sources"}:
            return Mention("unnamed", " ".join(tokens))
        return Mention("role", " ".join(rest))
    if looks_org(rest) or head in ORG_WORDS:
        return Mention("organisation", " ".join(rest))
    if all(is_capitalised(t) for t in rest):
        return Mention("organisation", " ".join(rest))
    return None


def _coordinated_tail(tokens: list[str], k: int) -> bool:
    """Is ``tokens[k:]`` the last part of a body named after "of" or "for" ("the head of
    the Department of Defence, Civil Protection and Sport"): it follows "and", and
    capitalised words and "and" run back to the link?"""
    if not 0 < k < len(tokens) or bare(tokens[k - 1]) not in {"and", "&"}:
        return False
    j = k - 1
    while j >= 0 and (is_capitalised(tokens[j]) or bare(tokens[j]) in {"and", "&"}):
        j -= 1
    return 0 <= j < k - 2 and bare(tokens[j]) in _LINKS


def head_noun(lowered: list[str]) -> str:
    """The noun a phrase is about: the word before "of"/"for"/"at", else the last word."""
    for i, t in enumerate(lowered):
        if t in {"of", "for", "at", "with", "from", "in"} and i > 0:
            return lowered[i - 1]
    return lowered[-1]


def _trailing_name(tokens: list[str]) -> list[str]:
    run: list[str] = []
    for k in range(len(tokens) - 1, -1, -1):
        tok, b = tokens[k], bare(tokens[k])
        if b in NAME_SUFFIXES and not run:
            run.insert(0, tok)
            continue
        title = is_capitalised(tok) and is_title_word(tok) and tok.isalpha()
        if not run and k > 0 and title and _given_name(tokens[k - 1]):
            run.insert(0, tok)  # "Michael Seaman", "Anna Marshal": a surname that is a title
            continue
        if is_name_token(tok) or (re.fullmatch(r"[A-Z]\.", tok) and run):
            run.insert(0, tok)
            continue
        break
    while run and bare(run[0]) in NAME_PARTICLES:
        run = run[1:]
    core = [t for t in run if bare(t) not in NAME_PARTICLES and not re.fullmatch(r"[A-Z]\.", t)]
    ranked = len(run) < len(tokens) and bare(tokens[len(tokens) - len(run) - 1]) in RANK_WORDS
    if len(core) == 4 and ranked:
        return run  # "Lieutenant General Kanwal Jeet Singh Dhillon": a rank, then four names
    if len(core) > 3:  # "Space Policy John Plumb": start at a known first name, else keep 3
        known = [i for i, t in enumerate(run) if bare(t) in MALE_NAMES or bare(t) in FEMALE_NAMES]
        run = run[known[0] :] if known else run[-3:]
    return run


def _given_name(token: str) -> bool:
    return token[:1].isupper() and bare(token) in MALE_NAMES | FEMALE_NAMES


_PARTY_TAG = re.compile(r"^\(?(?:[RDI]|[RDI]-[A-Z][\w.]*)\)?,?$")


def _proper(tokens: list[str]) -> Mention | None:
    if bare(tokens[0]) in _NOT_SPEAKERS:
        return None  # "HMS Daring", "Exercise Steadfast Defender": ships and events
    post: list[str] = []
    while len(tokens) > 2 and _PARTY_TAG.match(tokens[-1]):
        tokens = tokens[:-1]  # "Bernie Sanders (I-VT)", "Lee Bright (R)": the party
    while len(tokens) > 2 and tokens[-1].isupper() and is_title_word(tokens[-1]):
        post, tokens = [tokens[-1], *post], tokens[:-1]  # "Kevan Jones MP"
    name = _trailing_name(tokens)
    prefix = tokens[: len(tokens) - len(name)]
    while name and prefix and bare(prefix[-1]) in NAME_PARTICLES:
        name = [prefix[-1], *name]  # "de Gaulle", "von der Leyen"
        prefix = prefix[:-1]
    name, prefix = _office_words_out(name, prefix)
    if name and bare(name[-1]) in _EVENT_WORDS:
        return None  # "The Steve Harvey Morning Show", "Obama Speech": events, not people
    while len(name) >= 2 and bare(name[-1]) in CUE_VERBS:
        name = name[:-1]  # "Smith Joked", "Lindsey Graham Says": the verb glued on
    if not name:
        if is_office_acronym(tokens[-1]):
            return Mention("role", " ".join(tokens))  # "IGP", "ISPR DG"
        if looks_org(tokens):
            return Mention("organisation", _drop_the(tokens))
        head = head_noun([bare(t) for t in tokens])
        if head in OFFICES or head in RANK_WORDS:
            return Mention("role", " ".join(tokens))
        if head in PERSON_NOUNS:
            return Mention("unnamed", " ".join(tokens))  # "Ukrainian officials"
        return None
    first_name = bare(name[0]) in MALE_NAMES or bare(name[0]) in FEMALE_NAMES
    if not first_name and _listed_body(prefix):
        return Mention("organisation", " ".join(tokens))  # "Civil Protection and Sport"
    if not first_name and _office_of_place(prefix):
        return Mention("role", " ".join(tokens))  # "Labour MP for Barnsley Central"
    if prefix and bare(prefix[-1]) in {"of", "for"} and not first_name and looks_org(tokens):
        return Mention("organisation", _drop_the(tokens))
    if not prefix and looks_org(name):
        return Mention("organisation", " ".join(name))
    place_prefix = bool(prefix) and all(bare(t) in PLACES or bare(t) in KNOWN_ORGS for t in prefix)
    if place_prefix and len(name) == 1 and looks_org(tokens):
        return Mention("organisation", " ".join(tokens))
    if not prefix and bare(name[-1]) in ORG_WORDS:
        return Mention("organisation", " ".join(name))
    role = clean_role(prefix) or " ".join(post)
    return Mention("person", " ".join(name), role=role, gender=gender_hint(name, prefix))


def _listed_body(prefix: list[str]) -> bool:
    """Does a capitalised run follow "X Y and" ("Civil Protection and Sport"), two or more
    capitalised words with no given name? Then it ends the name of a body, not a person."""
    if len(prefix) < 3 or bare(prefix[-1]) not in {"and", "&"}:
        return False
    words = prefix[:-1]
    k = len(words)
    while k > 0 and is_capitalised(words[k - 1]) and bare(words[k - 1]) not in {"and", "&"}:
        k -= 1
    run = words[k:]
    return len(run) >= 2 and not any(_given_name(t) for t in run)


def _office_of_place(prefix: list[str]) -> bool:
    """Does the text before a capitalised run end with an office "for" or "of" ("MP for",
    "Member for Heywood and")? Then the run is a constituency or body, not a name."""
    k = len(prefix)
    while k > 0 and bare(prefix[k - 1]) not in {"for", "of"}:
        if bare(prefix[k - 1]) != "and" and not is_capitalised(prefix[k - 1]):
            return False
        body_word = is_title_word(prefix[k - 1]) or bare(prefix[k - 1]) in ORG_WORDS
        if body_word and is_capitalised(prefix[k - 1]):
            return False  # "Inspector General of Police Jo Roe": the body ends before the name
        k -= 1
    if k < 2 or bare(prefix[k - 1]) not in {"for", "of"}:
        return False
    office = bare(prefix[k - 2])
    listed = office in PERSON_NOUNS or office in OFFICES or office in _SEAT_WORDS
    return listed or is_office_acronym(prefix[k - 2])


_SEAT_WORDS = wordset("mp mps member members msp mep td senator representative")


def _office_words_out(name: list[str], prefix: list[str]) -> tuple[list[str], list[str]]:
    """ "Secretary of War Pete Hegseth": the words after "of" belong to the office, up to
    the first name ("Pete"), so the name is "Pete Hegseth" and the role keeps "War"."""
    link = [bare(t) for t in prefix[-2:]]
    if not link or not (link[-1] in {"of", "for"} or link == ["of", "the"]):
        return name, prefix
    if not any(bare(t) in MALE_NAMES | FEMALE_NAMES for t in name[1:]):
        return name, prefix
    while len(name) > 2 and bare(name[0]) not in MALE_NAMES | FEMALE_NAMES:
        prefix, name = [*prefix, name[0]], name[1:]
    return name, prefix


# "senior director of the Centre for Naval and Air Power at the Harbour Policy Institute":
# an office with its body's full name runs to about this many words.
_APPOSITIVE_WORDS = 18


def is_appositive(part: str) -> bool:
    """Does a comma-delimited part describe the name before it ("the Defence Secretary")?"""
    toks = tokens_of(part)
    if not toks:
        return False
    first = bare(toks[0])
    if first in {"who", "which", "whose", "whom", "himself", "herself"}:
        return len(toks) <= 40
    if first.endswith("ing") and toks[0].islower() and len(toks) <= 25:
        return True  # "responding to the minister's comments": a clause about the subject
    if len(toks) > _APPOSITIVE_WORDS:
        return False
    if first in {"the", "a", "an"} or first in POSSESSIVE_PRONOUNS:
        return True
    if any(bare(t) in CUE_VERBS and not t.endswith("ing") for t in toks):
        return False  # a clause ("Rutte said NATO's core strength ..."), not a description
    if not is_capitalised(toks[0]) or toks[0].endswith(("'s", "’s")):
        return True
    if is_title_word(toks[0]) and len(toks) <= 8 and {"of", "for"} & {bare(t) for t in toks}:
        # "Head of Acme Programmes", not "Lt. Col. Rick Lehner"
        return all(
            is_title_word(t) or is_capitalised(t) or bare(t) in _LINKS | {"and"} for t in toks
        )
    return all(is_title_word(t) or looks_org([t]) for t in toks)


def appositive_role(part: str) -> str:
    """The role an appositive gives ("the Defence Secretary"), or "" for a clause
    ("who retired last year", "speaking in Belfast", "asked whether ...")."""
    toks = tokens_of(part)
    if not toks or len(toks) > _APPOSITIVE_WORDS:
        return ""
    first = toks[0]
    low = bare(first)
    if low in _NOT_ROLE_START or (first.islower() and low.endswith(("ing", "ed"))):
        return ""
    return clean_role(toks)


def role_words(role: str) -> set[str]:
    out: set[str] = set()
    for tok in tokens_of(role):
        b = bare(tok)
        out.update(OFFICE_ACRONYMS.get(tok, RANK_EXPANSION.get(b, b)).split())
    return out - _ROLE_STOP


OFFICES = wordset(
    "minister secretary president premier chancellor chief general admiral commander "
    "ambassador envoy governor mayor senator chairman chairwoman chair director head "
    "leader king queen prince marshal colonel captain major lieutenant brigadier "
    "commissioner ceo executive founder"
)


def describe(text: str) -> str:
    """An unnamed source's description as it reads mid-sentence: "A US official" -> "a US
    official"."""
    first, _, rest = text.partition(" ")
    if first.lower() in DETERMINERS | {"the"} and rest:
        return f"{first.lower()} {rest}"
    return text


def clear_caches() -> None:
    """Empty the word and phrase caches (bounded anyway; used to measure cold runs)."""
    for cached in (bare, trim_token, phrase_tokens, name_token_set, parse_phrase):
        cached.cache_clear()
