"""A briefing as a weighted bag of story terms, and the similarity of two bags.

Names and numbers (what distinguishes one event from another) weigh more, generic
defence vocabulary weighs less, and so does a word common in English (wordfreq's list:
"attack", "said", "Russia" count for less than "ransomware", "Oreshnik", "Przewodow"), and
adjacent-term pairs keep "defence ministers" apart from "foreign ministers". Terms are normalised first (``summaries.stories.normalise``):
amounts, spellings, abbreviations and demonyms, so that "U.S."/"US"/"United States",
"Russian"/"Russia" and "$4.75bn"/"$4.75 billion" are the same term.

Some things two reports of one event never disagree on lower the score when they do:
the countries it is about (a little: one report may name who struck and another only who
was struck), sums of money in the same currency, the weekday or date it
happened ("on Sunday"/"on Thursday", a weekend is both days, and a weekday is the days
either side of it too; "March 5"/"14 October"),
counts of the same thing ("five new frigates"/"nine Hunter class frigates"; a count
matches any specific word of its noun phrase: "90 additional Eurofighter Typhoons"/"93
Eurofighters"), the designator of the system ("Type 26"/"Type 31", "Agni-4"/"Agni-5": one
family, another number; "F-35A" is a variant of "F-35"; "Type 26" designates, it does not
count), and the step of a procurement, test or exercise it reports: shortlisted, selected,
signed, delivered, commissioned, begun ("shortlisted"/"won the contract" are two events, and
so are "set to sign"/"signed" or "thought to have selected"/"selected", unless both name the
day: "will sign on Wednesday" is that signing). Nor on what happened, a test of a system
or a drill ("test-launched a missile"/"ordered nuclear exercises"), nor on the named thing
of one kind it is about ("Challenger 2 tanks"/"Leopard tanks", "Su-24 jet"/"F-4 jet", the
"Nord Stream"/"Balticconnector" pipeline), unless a text names the other's too; nor on the
kind of thing it is about, a missile strike or a drone attack (a drone is an aircraft). Two
weekdays a day apart do not disagree: "Tuesday night" in Washington is "early Wednesday" in
Baghdad, and a report of the next day names the day it was told. Another weekday, date or
designator is also what keeps a briefing out of a story (:func:`anchors_conflict`, used
by the matcher).
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache
from typing import NamedTuple

import snowballstemmer

from summaries.models import Briefing
from summaries.stories.normalise import COUNTRIES, canonical_word, currencies, normalise_text

SAME_STORY_THRESHOLD = 0.25
STORY_WINDOW = timedelta(hours=72)
ENTITY_WEIGHT = 1.8
NUMBER_WEIGHT = 1.8
WORD_WEIGHT = 1.0
# Generic words ("defence minister", "navy", "plan") count a little: two reports of one
# event share them as context, and each one's norm holds them, so a lone shared specific
# word ("frigates") counts for less beside them.
GENERIC_WEIGHT = 0.5
BIGRAM_FACTOR = 0.7
TITLE_BOOST = 1.3
# Countries named, none in common: weak evidence of another event (one report names who
# struck or bought, another who was struck or sold), so it lowers the score only a little.
COUNTRY_CONFLICT_FACTOR = 0.7
AMOUNT_CONFLICT_FACTOR = 0.6  # both name sums of money, none the same: another deal
COUNT_CONFLICT_FACTOR = 0.5  # "five frigates" and "nine frigates": another order
DAY_CONFLICT_FACTOR = 0.5  # both name the day it happened, never the same: another time
STAGE_CONFLICT_FACTOR = 0.5  # "shortlisted"/"won", "set to sign"/"signed": another step
DESIGNATOR_CONFLICT_FACTOR = 0.4  # "Type 26"/"Type 31", "Agni-5"/"Agni-Prime 2": another system
KIND_CONFLICT_FACTOR = 0.5  # a test and a drill: another event
THING_CONFLICT_FACTOR = 0.4  # "Challenger 2 tanks"/"Leopard tanks": another pledge
PLATFORM_CONFLICT_FACTOR = 0.6  # a missile strike and a drone attack: another event
# How common a word is in English (its Zipf frequency: log10 of its uses per billion
# words, from wordfreq's list) scales its weight down: "attack", "said", "Russia" count for
# less than "ransomware", "Oreshnik", "Przewodow".
ZIPF_COMMON = 7.0  # as common as "the": scaled down to RARITY_FLOOR
ZIPF_RARE = 4.0  # as rare as "missile", "pipeline" or rarer: weighs what its category says
RARITY_FLOOR = 0.4
# A term selects candidates for comparison when it weighs at least this (every word:
# INDEX_WEIGHT <= WORD_WEIGHT x RARITY_FLOOR) and is not generic (``GENERIC_TERMS``).
INDEX_WEIGHT = 0.4

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*[a-z]*|\w+(?:[-'’]\w+)*")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_STOPWORDS = _word_set(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers him his how i if in into is
    it its itself just me more most my no nor not now of off on once only or other our out
    over own same she should so some such than that the their them then there these they
    this those through to too under until up very was we were what when where which while
    who whom why will with would you your yet its it's said says say saying told tells
    according per via amid over after new"""
)
_GENERIC = _word_set(
    """defence defense military minister ministry government official officials country
    countries nation national force forces armed army navy air week year month day today
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december announce announced
    statement report reported spokesperson spokesman spokeswoman agency plan plans deal
    agreement contract order ordered first second third two three four five six
    security"""
)


@dataclass(frozen=True, slots=True)
class StoryFeatures:
    """A briefing's weighted terms, their norm and publication time."""

    weights: Mapping[str, float]
    norm: float
    published: datetime | None
    countries: frozenset[str] = frozenset()
    amounts: frozenset[str] = frozenset()  # "4.8bn": amounts rounded to two figures
    currencies: frozenset[str] = frozenset()  # of the amounts: "EUR", "DKK"
    days: frozenset[str] = frozenset()  # weekdays named ("on Sunday"; a weekend is both days)
    counts: Mapping[str, frozenset[str]] = field(default_factory=dict)  # frigat: {"5"}
    done: frozenset[str] = frozenset()  # stages reported done: "signed", "began"
    ahead: frozenset[str] = frozenset()  # stages still ahead: "set to sign", "will begin"
    designators: Mapping[str, frozenset[str]] = field(default_factory=dict)  # f: {"35a"}
    dates: frozenset[str] = frozenset()  # dates named: "3-5" for "March 5" or "5 March"
    things: Mapping[str, frozenset[str]] = field(default_factory=dict)  # tank: {"challeng"}
    kinds: frozenset[str] = frozenset()  # what happened: "test" (of one system), "drill"
    platforms: frozenset[str] = frozenset()  # kinds of thing named: "missile", "aircraft"


# A Snowball stemmer keeps the word it works on in itself, so two threads sharing one corrupt
# each other's words (IndexError or a wrong stem): each thread gets its own.
_STEMMERS = threading.local()


@cache
def _frequencies() -> dict[str, float]:
    """wordfreq's small English list (the words used at least once in a million), loaded
    once, when the first briefing is read (importing wordfreq takes a few hundred ms)."""
    import wordfreq

    return wordfreq.get_frequency_dict("en", wordlist="small")


def _zipf(word: str) -> float:
    """The word's Zipf frequency (0 when it is not in the list); a plural missing from the
    list as its singular, a compound ("test-fired") as its rarest part."""
    frequencies = _frequencies()
    frequency = frequencies.get(word)
    if frequency is None and word.endswith("s"):
        frequency = frequencies.get(word[:-1])
    if frequency is not None:
        return math.log10(frequency) + 9
    parts = [part for part in re.split(r"[-'’]", word) if part]
    return min(map(_zipf, parts)) if len(parts) > 1 else 0.0


def rarity(word: str) -> float:
    """The factor a (lowercase) word's weight is scaled by: 1 for a word as rare as
    "missile" or rarer ("hypersonic", "Przewodow"), down to RARITY_FLOOR for the commonest
    ("attack" 0.64, "new" 0.4)."""
    factor = (ZIPF_COMMON - _zipf(word)) / (ZIPF_COMMON - ZIPF_RARE)
    return min(1.0, max(RARITY_FLOOR, factor))


@lru_cache(maxsize=65536)
def _stem(token: str) -> str:
    """Snowball (Porter 2) stem of a token; numbers and amounts stay as they are."""
    token = token.removesuffix("'s").removesuffix("’s")
    if token[:1].isdigit():
        return token
    stemmer = getattr(_STEMMERS, "english", None)
    if stemmer is None:
        stemmer = _STEMMERS.english = snowballstemmer.stemmer("english")
    stem: str = stemmer.stemWord(token)
    return stem


# The terms of generic words: too common in defence news to select candidates.
GENERIC_TERMS = _GENERIC | {_stem(canonical_word(word)) for word in _GENERIC}

_WEEKDAYS = {
    day: frozenset(days.split())
    for day, days in {
        "monday": "monday", "tuesday": "tuesday", "wednesday": "wednesday",
        "thursday": "thursday", "friday": "friday", "saturday": "saturday",
        "sunday": "sunday", "weekend": "saturday sunday",
    }.items()
}  # fmt: skip
_WEEK = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# A weekday and the days either side of it: "Tuesday night" in Washington is "early
# Wednesday" in Baghdad, and a report published the next day names the day it was told.
_NEAR_DAYS = {
    day: frozenset((_WEEK[i - 1], day, _WEEK[(i + 1) % 7])) for i, day in enumerate(_WEEK)
}


def _days_differ(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both name weekdays, and none of one is within a day of one of the other: "on
    Friday"/"on Sunday" are two events, "on Tuesday"/"on Wednesday" may be one."""
    return bool(a and b and not a & b and not any(_NEAR_DAYS[day] & b for day in a))


_COUNT_WORDS = dict(
    zip(
        ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"),
        map(str, range(2, 12)),
        strict=True,
    )
)
_ORDINAL_ENDS = frozenset(("st", "nd", "rd", "th"))
_IN_NOUN_PHRASE = frozenset(("new", "more", "other", "own"))  # stopwords that do not end one
_COUNT_RUN = 3  # a count's noun: the last of up to three words after it ("five new frigates")


class _Token(NamedTuple):
    term: str | None  # None: a stopword
    generic: bool
    country: str | None
    days: frozenset[str] | None
    number: str | None  # the number it counts things with ("five", "24")
    in_phrase: bool  # does not end a noun phrase
    rarity: float  # the factor its weight is scaled by (1 for a number)


@lru_cache(maxsize=65536)
def _token(lower: str) -> _Token:
    """What a lowercased token is: its term, country, weekday, count."""
    count = _COUNT_WORDS.get(lower)
    if lower.isdigit() and not (len(lower) == 4 and lower[:2] in ("19", "20")):  # not a year
        count = lower.lstrip("0") or "0"
    elif lower[-2:] in _ORDINAL_ENDS and lower[:-2].isdigit():  # "32nd member": the 32nd
        count = lower
    if lower in _STOPWORDS:
        term = None
        generic = False
    else:
        term = _stem(canonical_word(_base(lower)))
        if lower[:1].isdigit() and lower[-1] in "bmkn":
            amount = _AMOUNT_TOKEN.fullmatch(lower)
            if amount is not None:  # "$25.72bn" and "$26bn": one sum, rounded by one outlet
                term = _rounded(amount)
        generic = term in _GENERIC or lower in _GENERIC
    in_phrase = term is not None or lower in _IN_NOUN_PHRASE
    base = _base(lower)
    country = COUNTRIES.get(base)
    scale = 1.0 if term is None or generic or lower[:1].isdigit() else rarity(base)
    return _Token(term, generic, country, _WEEKDAYS.get(lower), count, in_phrase, scale)


def _base(lower: str) -> str:
    """Without the possessive: "Britain's" is Britain (the UK), "Iran's" Iran."""
    return lower.removesuffix("'s").removesuffix("’s")


@dataclass(slots=True)
class _Marks:
    """What a text names besides its terms: countries, weekdays, counts of things and
    designators ("F-35A", "Type 26": family -> the values it names)."""

    countries: set[str] = field(default_factory=set)
    days: set[str] = field(default_factory=set)
    counts: dict[str, set[str]] = field(default_factory=dict)
    designators: dict[str, set[str]] = field(default_factory=dict)
    things: dict[str, set[str]] = field(default_factory=dict)
    platforms: set[str] = field(default_factory=set)

    def count(self, number: str, phrase: list[_Token]) -> None:
        """``number`` counts its noun phrase's head and every specific word in it: "90
        additional Eurofighter Typhoons" counts Typhoons and Eurofighters. A generic head
        counts nothing: "in 30 years", "150 countries" are no count of what the event is
        about."""
        head = phrase[-1].term
        for token in phrase:
            if (
                token.term is not None
                and not token.generic
                and (token.term == head or not token.country)
            ):
                self.counts.setdefault(token.term, set()).add(number)

    def designate(self, family: str, value: str) -> None:
        self.designators.setdefault(family, set()).add(value)


# The kinds of thing an event is about one named instance of: "Challenger 2 tanks",
# "Sarmat intercontinental ballistic missile", "Nord Stream pipeline", "Su-24 jet".
_THING_KINDS = {
    word: kind
    for kind, words in {
        "tank": "tank tanks",
        "missile": "missile missiles rocket rockets",
        "jet": "jet jets fighter fighters aircraft plane planes warplane warplanes bomber bombers",
        "drone": "drone drones",
        "helicopter": "helicopter helicopters",
        "pipeline": "pipeline pipelines",
        "ship": "ship ships vessel vessels warship warships frigate frigates destroyer "
        "destroyers carrier carriers submarine submarines",
        "satellite": "satellite satellites",
        "bridge": "bridge",
    }.items()
    for word in words.split()
}
# The kinds of thing an event is about, where two reports of one event name at least one
# kind in common: a missile strike is not a drone attack (a drone is an aircraft, though).
# Not satellites: a satellite launch is a rocket's, which outlets may call a missile.
_PLATFORMS = {
    word: "aircraft" if kind in ("jet", "drone", "helicopter") else kind
    for word, kind in _THING_KINDS.items()
    if kind != "satellite"
}
_THING_GAP = 3  # lowercase words allowed between a name and its kind
_VARIANT = re.compile(r"(?<=\d)[a-z]+$")  # "f-35a": a variant of the F-35


_MONTHS = _word_set(
    """january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec"""
)
# "S-400", "F-35A", "Agni-5", "Air2030": letters, then a number (and maybe letters).
_DESIGNATOR = re.compile(r"([^\W\d_]+)-?(\d+(?:-?[^\W\d_]+\d*)?)")
_NOT_FAMILIES = _word_set("mid pre post early late over under top covid update")  # not systems


class _Things:
    """Reads the names of things, token by token: the capitalised words or designators
    just before a word of a kind (``_THING_KINDS``), up to ``_THING_GAP`` lowercase words
    apart ("RS-28 Sarmat super-heavy intercontinental ballistic missile"). An owner is no
    name: a country, a force ("Royal Navy ships"), a possessive ("Saab's")."""

    __slots__ = ("gap", "kind", "marks", "names")

    def __init__(self, marks: _Marks) -> None:
        self.marks = marks
        self.names: list[str] = []  # the names just read
        self.gap = 0  # lowercase words read since the last name
        self.kind: str | None = None  # the kind of the names, once the kind word ends

    def flush(self) -> None:
        if self.kind is not None:
            self.marks.things.setdefault(self.kind, set()).update(self.names)
        self.kind, self.names, self.gap = None, [], 0

    def read(self, raw: str, lower: str, token: _Token, sentence_start: bool) -> None:
        kind = _THING_KINDS.get(lower)
        if kind is not None:
            if self.names:  # "aircraft carrier": the last kind word is the kind
                self.kind, self.gap = kind, 0
            return
        if self.kind is not None:
            self.flush()
        names = self.names
        if token.number is not None and names and not self.gap and lower.isdigit():
            names[-1] = f"{names[-1]} {lower}"  # "Challenger 2", "Type 26"
        elif (
            token.term is None
            or token.generic
            or token.country is not None
            or token.days is not None
            or token.number is not None
            or lower.endswith(("'s", "’s"))
        ):
            self.names, self.gap = [], 0
        elif (raw[0].isupper() and not sentence_start and lower not in _MONTHS) or (
            raw[0].isalpha() and any(c.isdigit() for c in lower)
        ):
            if self.gap:
                self.names = names = []
            names.append(_VARIANT.sub("", token.term))
            self.gap = 0
        elif names:
            self.gap += 1
            if self.gap > _THING_GAP:
                self.names, self.gap = [], 0


@lru_cache(maxsize=4096)
def _system_terms(family: str, value: str) -> tuple[str, ...]:
    """The terms of a designator written as one token ("Zapad-2021", "F-18s", "F35A"): its
    one spelling first ("zapad-2021", "f-18", "f-35a"), then the system it is a variant of
    ("f-35") and its family's name ("zapad"), which the same designator written with a
    space ("Zapad 2021") gives as terms of their own too (with "zapad-2021" beside them)."""
    terms = [f"{family}-{value}"]
    base = _VARIANT.sub("", value)
    if base != value and base[-1:].isdigit():
        terms.append(f"{family}-{base}")
    if len(family) >= 3:
        name = _token(family).term
        if name is not None and not _token(family).generic:
            terms.append(name)
    return tuple(terms)


def _title_case(text: str) -> bool:
    """A headline Written Like This: its capitals do not mark names."""
    words = [w for w in text.split() if w[:1].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _weighted_terms(
    text: str, weights: dict[str, float], boost: float, marks: _Marks, *, headline: bool = False
) -> None:
    """Add ``text``'s terms and adjacent-term pairs to ``weights`` (keeping the maximum),
    and to ``marks`` the countries it names, the weekdays, the counts of things
    (noun -> numbers: "five new frigates" -> frigat: 5), the designators and the named
    things (kind -> names: "Challenger 2 tanks" -> tank: "challeng 2")."""
    previous: tuple[str, float] | None = None
    sentence_start = True
    count: str | None = None  # a count whose noun phrase is being read, and its words
    phrase: list[_Token] = []
    end = 0
    previous_raw = ""
    previous_token: _Token | None = None
    previous_at_start = True
    names = not (headline and _title_case(text))
    things = _Things(marks)
    for match in _TOKEN.finditer(text):
        raw = match.group()
        lower = raw.casefold()
        token = _token(lower)
        term, generic, country, day, number, in_phrase, scale = token
        if country is not None and raw != "pla":  # "PLA", the army; not the word
            marks.countries.add(country)
        if day is not None:
            marks.days |= day
        platform = _PLATFORMS.get(lower)
        if platform is not None:
            marks.platforms.add(platform)
        designated = False
        names_system: tuple[str, ...] = ()  # the system's terms, however it is written
        if not lower.isalpha():  # "F-35A", "26": perhaps a designator
            adjacent = match.start() == end + 1 and text[end] in " -"  # only a space between
            if raw[0].isalpha():
                found = _DESIGNATOR.fullmatch(lower)
                if found and found.group(1) not in _NOT_FAMILIES:
                    value = found.group(2).replace("-", "")
                    if value[-1] == "s" and value[-2:-1].isdigit():
                        value = value[:-1]  # "F-18s"
                    marks.designate(found.group(1), value)
                    names_system = _system_terms(found.group(1), value)
            elif (
                lower.isdigit()
                and adjacent
                and names
                and previous_raw[:1].isupper()
                and not previous_at_start
                and previous_token is not None
                and previous_token.term is not None
                and not (previous_token.country or previous_token.days)
                and _base(previous_raw.casefold()) not in _MONTHS
            ):
                # "Type 26", "Block 3", "Defender 2020": a designation, not a count
                marks.designate(_base(previous_raw.casefold()), lower)
                designated = True
                names_system = (f"{_base(previous_raw.casefold())}-{lower}",)
        if count is not None or number is not None:
            adjacent = match.start() == end + 1 and text[end] in " -"
            if count is not None and (
                not adjacent or not in_phrase or number is not None or len(phrase) == _COUNT_RUN
            ):
                if phrase:
                    marks.count(count, phrase)
                count = None
            if number is not None:
                if not (
                    designated or (lower.isdigit() and adjacent and previous_raw[:1].isupper())
                ):
                    count, phrase = number, []
            elif count is not None and term is not None:
                phrase.append(token)
        if names and (
            things.names
            or (
                term is not None
                and not (generic or country)
                and ((raw[0].isupper() and not sentence_start) or not lower.isalpha())
            )
        ):
            things.read(raw, lower, token, sentence_start)  # else no name starts here
        previous_raw = raw
        previous_token = token
        at_start = sentence_start
        previous_at_start = at_start
        end = match.end()
        sentence_start = text.startswith((". ", "? ", "! "), end)
        if term is None:
            previous = None
            continue
        if raw[0].isdigit():
            weight = NUMBER_WEIGHT * boost
        elif generic:
            weight = GENERIC_WEIGHT * boost
        elif raw[0].isupper() and not at_start:
            weight = ENTITY_WEIGHT * boost
        else:
            weight = WORD_WEIGHT * boost
        weight *= scale
        if names_system:
            if raw[0].isalpha():  # "F-18s", "F18": the system's one spelling
                term = names_system[0]
            for extra in names_system[1:] if raw[0].isalpha() else names_system:
                known = weights.get(extra)
                if known is None or weight > known:
                    weights[extra] = weight
        known = weights.get(term)
        if known is None or weight > known:
            weights[term] = weight
        if previous is not None:
            bigram = f"{previous[0]} {term}"
            pair_weight = BIGRAM_FACTOR * min(previous[1], weight)
            known = weights.get(bigram)
            if known is None or pair_weight > known:
                weights[bigram] = pair_weight
        previous = (term, weight)
    if count is not None and phrase:
        marks.count(count, phrase)
    things.flush()


def story_features(headline: str, summary: str, published: datetime | None = None) -> StoryFeatures:
    """Weighted term bag of a headline and its summary (the lead)."""
    raw = f"{headline} {summary}"
    headline, summary = normalise_text(headline), normalise_text(summary)
    weights: dict[str, float] = {}
    marks = _Marks()
    _weighted_terms(summary, weights, 1.0, marks)
    _weighted_terms(headline, weights, TITLE_BOOST, marks, headline=True)
    norm = math.sqrt(sum(w * w for w in weights.values()))
    amounts = frozenset(_rounded(m) for m in _AMOUNT_TOKEN.finditer(f"{headline} {summary}"))
    money = currencies(raw) if amounts else frozenset()
    done, ahead = _stages(raw)
    return StoryFeatures(
        weights,
        norm,
        published,
        frozenset(marks.countries),
        amounts,
        money,
        frozenset(marks.days),
        {noun: frozenset(numbers) for noun, numbers in marks.counts.items()},
        done,
        ahead,
        {family: frozenset(values) for family, values in marks.designators.items()},
        _dates(raw),
        {kind: frozenset(names) for kind, names in marks.things.items()},
        _kinds(raw),
        frozenset(marks.platforms),
    )


_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        ("Jan January", "Feb February", "Mar March", "Apr April", "May", "Jun June", "Jul July",
         "Aug August", "Sep Sept September", "Oct October", "Nov November", "Dec December"),
        start=1,
    )
    for name in names.split()
}  # fmt: skip
_MONTH_NAME = "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True))
_DATE = re.compile(
    rf"""(?x)\b(?:(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH_NAME})\.?
        |(?P<month2>{_MONTH_NAME})\.?\s+(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?(?![\d,.]*\d|\s*(?:million|billion|bn|m)\b)
        )\b"""
)

# Every date is a capitalised word and a day number, either way round: texts without one
# skip the slow pattern.
_DATE_HINT = re.compile(
    r"[JFMASOND][a-z]{2,8}\.?\s+\d|\d(?:st|nd|rd|th)?\s+(?:of\s+)?[JFMASOND][a-z]"
)


def _dates(text: str) -> frozenset[str]:
    """The dates ``text`` names, as month-day ("March 5", "5th of March": "3-5"); months
    are capitalised ("may 5" is not a date), a month and year ("March 2017") is not one."""
    if not _DATE_HINT.search(text):
        return frozenset()
    found = set()
    for match in _DATE.finditer(text):
        day = int(match.group("day") or match.group("day2"))
        month = _MONTH_NUMBERS[match.group("month") or match.group("month2")]
        if 1 <= day <= 31:
            found.add(f"{month}-{day}")
    return frozenset(found)


_AMOUNT_TOKEN = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(bn|tn|m|k)\b")


def _rounded(match: re.Match[str]) -> str:
    """Two significant figures: outlets round "$25.72 billion" to "$26 billion"."""
    value = Decimal(match.group(1))
    if value == 0:
        return f"0{match.group(2)}"
    quantum = Decimal(1).scaleb(value.adjusted() - 1)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    return f"{rounded.normalize():f}{match.group(2)}"


# The steps of one procurement, test or exercise; two reports of one event name the same
# step, done or still ahead. A base form counts only after "to", "will" ("set to sign",
# "to be delivered"); nouns ("deliveries", "signing") are not counted.
def _forms(table: str) -> dict[str, str]:
    return {word: stage for line in table.strip().splitlines() for stage, words in
            [line.split(":")] for word in words.split()}  # fmt: skip


_DONE = _forms("""
tender: tendered
shortlist: shortlisted shortlists
select: selected selects picked picks chose chosen chooses won wins
sign: signed signs finalised finalized finalises finalizes inked inks
deliver: delivered delivers
commission: commissioned commissions
begin: began begins begun started starts commenced commences
""")
_BASE = _forms("""
tender: tender
shortlist: shortlist
select: select pick choose win
sign: sign finalise finalize ink
deliver: deliver
commission: commission
begin: begin start commence
""")
_DONE_PAIRS = {
    ("preferred", "bidder"): "select", ("handed", "over"): "deliver", ("hands", "over"): "deliver",
    ("entered", "service"): "commission", ("enters", "service"): "commission",
    ("entered", "into"): "commission", ("kicked", "off"): "begin", ("kicks", "off"): "begin",
}  # fmt: skip
_BASE_PAIRS = {
    ("hand", "over"): "deliver", ("enter", "service"): "commission",
    ("enter", "into"): "commission", ("kick", "off"): "begin",
}  # fmt: skip
_FIRST_OF_PAIR = frozenset(first for first, _second in (*_DONE_PAIRS, *_BASE_PAIRS))
_AHEAD = frozenset(["to", "will", "would", "shall", "may", "might", "could"])
_STAGE_WORDS = "|".join(sorted({*_DONE, *_BASE, *_FIRST_OF_PAIR}, key=len, reverse=True))
_CANDIDATE = re.compile(rf"\b(?:{_STAGE_WORDS})\b")
_NEXT_WORD = re.compile(r"\s+([a-z]+)")
_LAST_WORDS = re.compile(r"(?:\b([a-z]+)\s+)?\b([a-z]+)\s+$")  # the two words before


def _stages(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The steps ``text`` reports done and the steps it reports still ahead."""
    done: set[str] = set()
    ahead: set[str] = set()
    text = text.lower()
    for match in _CANDIDATE.finditer(text):
        word, end = match.group(), match.end()
        nxt = _NEXT_WORD.match(text, end)
        following = nxt.group(1) if nxt else ""
        pair = (word, following)
        stage = _DONE.get(word) or _DONE_PAIRS.get(pair)
        base = None if stage else _BASE.get(word) or _BASE_PAIRS.get(pair)
        if stage is None and base is None:
            continue
        if stage == "deliver" and following == "on":
            continue  # "delivered on a promise"
        if text[end : end + 1] in ("'", "’"):
            continue  # "won't"
        last = _LAST_WORDS.search(text, max(0, match.start() - 24), match.start())
        before = last.group(2) if last else ""
        if before in ("be", "have"):  # "to be delivered", "thought to have selected"
            before = last.group(1) if last else ""
        if before in _AHEAD:
            ahead.add(stage or base or "")
        elif stage is not None:
            done.add(stage)
    return frozenset(done), frozenset(ahead)


# What happened, where two reports of one event never differ: a test of a system (one
# launch) or a drill (an exercise of forces).
_KINDS = re.compile(
    r"""(?xi)\b(?:(?P<test>test(?:s|ed|ing)?|test-(?:fire[sd]?|fired|launch(?:e[sd])?))
        |(?P<drill>drills?|exercises?|war\s?games|manoeuvres|maneuvers))\b"""
)

_KIND_HINTS = ("test", "drill", "exercise", "war game", "wargame", "manoeuvre", "maneuver")


def _kinds(text: str) -> frozenset[str]:
    """What ``text`` reports happened: a test, a drill, or both (or neither)."""
    lowered = text.lower()
    if not any(hint in lowered for hint in _KIND_HINTS):
        return frozenset()
    return frozenset(match.lastgroup or "" for match in _KINDS.finditer(text))


def briefing_features(briefing: Briefing) -> StoryFeatures:
    return story_features(briefing.headline, briefing.summary, briefing.published)


def within_window(a: datetime | None, b: datetime | None, window: timedelta) -> bool:
    """True when either time is unknown or they are at most ``window`` apart."""
    if a is None or b is None:
        return True
    return abs(a - b) <= window


def feature_similarity(a: StoryFeatures, b: StoryFeatures) -> float:
    """Weighted cosine similarity of two term bags (0..1), ignoring time."""
    if not a.norm or not b.norm:
        return 0.0
    small, large = (
        (a.weights, b.weights) if len(a.weights) <= len(b.weights) else (b.weights, a.weights)
    )
    dot = sum([w * large[t] for t, w in small.items() if t in large])
    score = dot / (a.norm * b.norm)
    if a.countries and b.countries:
        ca, cb = _core(a.countries), _core(b.countries)
        if not ca & cb:
            score *= COUNTRY_CONFLICT_FACTOR
    if a.amounts and b.amounts and not a.amounts & b.amounts and _comparable(a, b):
        score *= AMOUNT_CONFLICT_FACTOR
    if (a.days and b.days and _days_differ(a.days, b.days)) or (
        a.dates and b.dates and not a.dates & b.dates
    ):
        score *= DAY_CONFLICT_FACTOR
    if a.counts and b.counts and _counts_differ(a.counts, b.counts):
        score *= COUNT_CONFLICT_FACTOR
    if (a.done or a.ahead) and (b.done or b.ahead) and _stages_differ(a, b):
        score *= STAGE_CONFLICT_FACTOR
    if a.designators and b.designators and _designators_differ(a.designators, b.designators):
        score *= DESIGNATOR_CONFLICT_FACTOR
    if a.kinds and b.kinds and a.kinds.isdisjoint(b.kinds):
        score *= KIND_CONFLICT_FACTOR
    if a.things and b.things and _things_differ(a, b):
        score *= THING_CONFLICT_FACTOR
    if a.platforms and b.platforms and a.platforms.isdisjoint(b.platforms):
        score *= PLATFORM_CONFLICT_FACTOR
    return score


def _things_differ(a: StoryFeatures, b: StoryFeatures) -> bool:
    """Both name a thing of one kind and neither text names the other's ("Challenger 2
    tanks"/"Leopard tanks", "Nord Stream"/"Balticconnector pipeline")."""
    for kind, names in a.things.items():
        others = b.things.get(kind)
        if (
            others is not None
            and names.isdisjoint(others)
            and not any(name in b.weights for name in names)
            and not any(name in a.weights for name in others)
        ):
            return True
    return False


def anchors_conflict(a: StoryFeatures, b: StoryFeatures) -> bool:
    """Whether two briefings name what one event cannot have twice: another weekday or
    date, or another designator of one family ("Agni-4"/"Agni-5"). A story takes no briefing that
    conflicts so with one of its members.

    Sums, counts, steps and countries only lower the score: one report gives the deal's
    sum and another the price of one ship, one counts the ships and another the sailors,
    one has a delivery "begun" and another "delivered"."""
    return bool(
        (a.days and b.days and _days_differ(a.days, b.days))
        or (a.dates and b.dates and not a.dates & b.dates)
        or (a.designators and b.designators and _designators_differ(a.designators, b.designators))
    )


def _designators_differ(a: Mapping[str, frozenset[str]], b: Mapping[str, frozenset[str]]) -> bool:
    """Both name a designator of one family, none the same ("Type 26"/"Type 31", "Agni-5"/
    "Agni-4"); a variant is the same system ("F-35"/"F-35A")."""
    for family, values in a.items():
        others = b.get(family)
        if (
            others is not None
            and values.isdisjoint(others)
            and not any(_variant(x, y) or _variant(y, x) for x in values for y in others)
        ):
            return True
    return False


def _variant(value: str, of: str) -> bool:
    """``value`` is ``of`` with a variant letter: "35a" of "35"."""
    return value.startswith(of) and value[len(of) :].isalpha()


def _stages_differ(a: StoryFeatures, b: StoryFeatures) -> bool:
    """Both report steps done, none the same ("shortlisted"/"won"); or one reports done
    what the other has still ahead ("set to sign"/"signed")."""
    if a.done and b.done and a.done.isdisjoint(b.done):
        return True
    if a.days & b.days:
        return False  # "will sign on Wednesday" / "signed on Wednesday": one signing
    return bool((a.ahead - a.done) & (b.done - b.ahead) or (b.ahead - b.done) & (a.done - a.ahead))


def _counts_differ(a: Mapping[str, frozenset[str]], b: Mapping[str, frozenset[str]]) -> bool:
    """Both count the same thing, with no number in common ("five"/"nine" frigates)."""
    return any(noun in b and numbers.isdisjoint(b[noun]) for noun, numbers in a.items())


def _comparable(a: StoryFeatures, b: StoryFeatures) -> bool:
    """Sums are comparable unless both give currencies and no currency is the same."""
    return not (a.currencies and b.currencies and a.currencies.isdisjoint(b.currencies))


@lru_cache(maxsize=4096)
def _core(countries: frozenset[str]) -> frozenset[str]:
    """The countries a story is about: the US only when no other is named (it is named
    in most defence stories as a party, supplier or ally). Cached: every comparison asks,
    and a day's briefings name a few hundred sets of countries."""
    return countries - {"US"} or countries


def story_similarity(a: Briefing, b: Briefing, *, window: timedelta = STORY_WINDOW) -> float:
    """Similarity of two briefings; 0 when published further apart than ``window``."""
    if not within_window(a.published, b.published, window):
        return 0.0
    return feature_similarity(briefing_features(a), briefing_features(b))
