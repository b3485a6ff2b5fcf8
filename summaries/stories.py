"""The same event reported by several outlets is one story.

Each briefing becomes a weighted bag of headline and summary terms: names and numbers
(what distinguishes one event from another) weigh more, generic defence vocabulary
weighs less, and adjacent-term pairs keep "defence ministers" apart from "foreign
ministers". Two briefings belong to the same story when the cosine similarity of their
bags reaches a threshold and they were published within a time window. Pure Python;
an inverted index keeps clustering close to linear.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from summaries.models import Briefing

SAME_STORY_THRESHOLD = 0.28
STORY_WINDOW = timedelta(hours=48)
ENTITY_WEIGHT = 1.8
NUMBER_WEIGHT = 1.8
WORD_WEIGHT = 1.0
GENERIC_WEIGHT = 0.3
BIGRAM_FACTOR = 0.7
TITLE_BOOST = 1.3
MIN_SHARED = 2  # distinctive terms two briefings must share to be compared at all
COUNTRY_CONFLICT_FACTOR = 0.4

# Countries named (by name, adjective or capital) in the headline or lead: two briefings
# about disjoint sets of countries are rarely the same event (Dutch vs Danish F-35 buys).
_COUNTRY_TABLE = """
GB: uk britain british united kingdom london england scotland wales
US: us usa america american washington pentagon
FR: france french paris
DE: germany german berlin bundestag bundeswehr
IT: italy italian rome
ES: spain spanish madrid
NL: netherlands dutch hague amsterdam
BE: belgium belgian
DK: denmark danish copenhagen greenland
NO: norway norwegian oslo
SE: sweden swedish stockholm gotland
FI: finland finnish helsinki
EE: estonia estonian tallinn
LV: latvia latvian riga
LT: lithuania lithuanian vilnius
PL: poland polish warsaw
RO: romania romanian bucharest
BG: bulgaria bulgarian
GR: greece greek athens
TR: turkey turkish türkiye ankara istanbul
CZ: czech prague
SK: slovakia slovak
HU: hungary hungarian budapest
CA: canada canadian ottawa
UA: ukraine ukrainian kyiv kiev kharkiv odesa zelensky zelenskyy
RU: russia russian moscow kremlin putin
BY: belarus belarusian minsk
CN: china chinese beijing pla
TW: taiwan taiwanese taipei
JP: japan japanese tokyo
KR: korea korean seoul
KP: pyongyang
PH: philippines philippine manila
AU: australia australian canberra adelaide
IN: india indian delhi
PK: pakistan pakistani islamabad
IL: israel israeli jerusalem
IR: iran iranian tehran
YE: yemen yemeni houthi houthis hodeidah
SA: saudi riyadh
SY: syria syrian damascus
LB: lebanon lebanese hezbollah
CO: colombia colombian bogota
BR: brazil brazilian
"""
_COUNTRIES: dict[str, str] = {
    word: code
    for line in _COUNTRY_TABLE.strip().splitlines()
    for code, words in [line.split(":", 1)]
    for word in words.split()
}

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


@lru_cache(maxsize=65536)
def _stem(token: str) -> str:
    token = token.removesuffix("'s").removesuffix("’s")
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 4 and token.endswith(("ches", "shes", "sses", "xes")):
        return token[:-2]
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    if len(token) > 6 and token.endswith("ing"):
        return token[:-3]
    if len(token) > 6 and token.endswith("ed"):
        return token[:-2]
    return token


def _term_weight(raw: str, lower: str, term: str, sentence_start: bool) -> float:
    if raw[0].isdigit():
        return NUMBER_WEIGHT
    if term in _GENERIC or lower in _GENERIC:
        return GENERIC_WEIGHT
    if raw[0].isupper() and not sentence_start:
        return ENTITY_WEIGHT
    return WORD_WEIGHT


def _weighted_terms(text: str, weights: dict[str, float], boost: float) -> None:
    """Add ``text``'s terms and adjacent-term pairs to ``weights`` (keeping the maximum)."""
    previous: tuple[str, float] | None = None
    sentence_start = True
    for match in _TOKEN.finditer(text):
        raw = match.group()
        at_start = sentence_start
        sentence_start = text.startswith((". ", "? ", "! "), match.end())
        lower = raw.casefold()
        if lower in _STOPWORDS:
            previous = None
            continue
        term = _stem(lower)
        weight = _term_weight(raw, lower, term, at_start) * boost
        weights[term] = max(weights.get(term, 0.0), weight)
        if previous is not None:
            bigram = f"{previous[0]} {term}"
            pair_weight = BIGRAM_FACTOR * min(previous[1], weight)
            weights[bigram] = max(weights.get(bigram, 0.0), pair_weight)
        previous = (term, weight)


def story_features(headline: str, summary: str, published: datetime | None = None) -> StoryFeatures:
    """Weighted term bag of a headline and its summary (the lead)."""
    weights: dict[str, float] = {}
    _weighted_terms(summary, weights, 1.0)
    _weighted_terms(headline, weights, TITLE_BOOST)
    norm = math.sqrt(sum(w * w for w in weights.values()))
    words = _TOKEN.findall(f"{headline} {summary}".casefold())
    countries = frozenset(
        _COUNTRIES[w] for w in words if w in _COUNTRIES and w not in ("us", "pla")
    ) | _capitalised_countries(f"{headline} {summary}")
    return StoryFeatures(weights=weights, norm=norm, published=published, countries=countries)


def _capitalised_countries(text: str) -> frozenset[str]:
    """US and PLA only count in capitals ("us" is a pronoun)."""
    return frozenset(
        _COUNTRIES[word.casefold()] for word in re.findall(r"\b(?:US|USA|PLA)\b", text)
    )


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
    small, large = (a, b) if len(a.weights) <= len(b.weights) else (b, a)
    dot = sum(w * large.weights[t] for t, w in small.weights.items() if t in large.weights)
    score = dot / (a.norm * b.norm)
    if a.countries and b.countries and not a.countries & b.countries:
        score *= COUNTRY_CONFLICT_FACTOR
    return score


def story_similarity(a: Briefing, b: Briefing, *, window: timedelta = STORY_WINDOW) -> float:
    """Similarity of two briefings; 0 when published further apart than ``window``."""
    if not within_window(a.published, b.published, window):
        return 0.0
    return feature_similarity(briefing_features(a), briefing_features(b))


def _candidate_pairs(features: Sequence[StoryFeatures]) -> Iterable[tuple[int, int]]:
    """Pairs sharing at least two distinctive single terms (names, numbers, words).

    Terms found in more than a twentieth of the briefings (at least 20) do not block,
    so a day of "NATO" stories is not compared all against all.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for index, feature in enumerate(features):
        for term, weight in feature.weights.items():
            if weight >= WORD_WEIGHT and " " not in term:
                postings[term].append(index)
    crowded = max(20, len(features) // 20)
    blocking = {term: members for term, members in postings.items() if len(members) <= crowded}
    for index, feature in enumerate(features):
        shared: dict[int, int] = defaultdict(int)
        for term in feature.weights:
            for other in blocking.get(term, ()):
                if other > index:
                    shared[other] += 1
        yield from ((index, other) for other, count in shared.items() if count >= MIN_SHARED)


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def cluster(
    briefings: Sequence[Briefing],
    *,
    threshold: float = SAME_STORY_THRESHOLD,
    window: timedelta = STORY_WINDOW,
) -> list[list[int]]:
    """Group briefings (by index) into stories; each group sorted, groups by first index."""
    features = [briefing_features(b) for b in briefings]
    parent = list(range(len(briefings)))
    for i, j in _candidate_pairs(features):
        if not within_window(features[i].published, features[j].published, window):
            continue
        if feature_similarity(features[i], features[j]) >= threshold:
            parent[_find(parent, i)] = _find(parent, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for index in range(len(briefings)):
        groups[_find(parent, index)].append(index)
    return sorted(groups.values(), key=lambda group: group[0])


def assign_story(
    new: Briefing,
    recent_candidates: Iterable[Briefing],
    *,
    threshold: float = SAME_STORY_THRESHOLD,
    window: timedelta = STORY_WINDOW,
) -> int | None:
    """The ``story_id`` of the most similar recent briefing, or None for a new story.

    Only candidates with a ``story_id`` can be joined; ingestion gives every new
    article a story (its own when this returns None).
    """
    target = briefing_features(new)
    best_id: int | None = None
    best_score = threshold
    for candidate in recent_candidates:
        if candidate.story_id is None or (candidate.url and candidate.url == new.url):
            continue
        if not within_window(new.published, candidate.published, window):
            continue
        score = feature_similarity(target, briefing_features(candidate))
        if score >= best_score:
            best_id, best_score = candidate.story_id, score
    return best_id
