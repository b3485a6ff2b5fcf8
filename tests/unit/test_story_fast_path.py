"""The story matcher's fast path gives exactly what the plain algorithm gives.

The matcher and the term bags were restructured for speed (guarded aliases, one cached
term lookup per token, candidates by a count histogram, and in a batch counted
bit-sliced over per-term bit sets). The plain algorithm is written
out here once more, as it stood before, and both run on generated briefings: a small
vocabulary so that hundreds of briefings share terms, equal counts tie, stories merge,
some briefings are undated and some fall outside the window.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from summaries.models import Briefing
from summaries.stories import (
    StoryFeatures,
    StoryMatcher,
    briefing_features,
    cluster,
)
from summaries.stories import features as fast_features
from summaries.stories import matcher as fast_matcher
from summaries.stories.normalise import _ALIASES, _AMOUNT, COUNTRIES, _amount, canonical_word
from summaries.stories.normalise import normalise_text as fast_normalise
from tests.support.clock import Clock

WORDS = [
    "frigate",
    "drone",
    "missile",
    "contract",
    "Ukraine",
    "NATO",
    "Kyiv",
    "Warsaw",
    "tank",
    "radar",
    "shipyard",
    "exercise",
    "budget",
    "strike",
    "summit",
    "satellite",
    "submarine",
    "Baltic",
    "Taiwan",
    "Houthi",
    "fighter",
    "Poland",
    "Rheinmetall",
    "Japan",
    "Seoul",
    "Pentagon",
    "Russia",
    "Russian",
    "defense",
    "defence",
    "minister",
    "ministry",
    "order",
    "the",
    "of",
    "U.S.",
    "US",
    "United",
    "States",
    "Kingdom",
    "North",
    "Korean",
    "South",
    "Revolutionary",
    "Guards",
    "Ministry",
    "Defense",
    "UNITED",
    "unİted",
    "ſouth",
    "north",
    "İslamic",
    "$4.75bn",
    "$4,75",
    "billion",
    "€7.7bn",
    "58",
    "billion",
    "kroner",
    "DKr58",
    "1,200",
    "PLA",
    "pla",
    "army",
    "it's",
    "Navy's",
    "U.K.",
    "U.N.",
    "DPRK",
]


def plain_normalise(text: str) -> str:
    for pattern, replacement, _exact, _folded in _ALIASES:
        text = pattern.sub(replacement, text)
    return _AMOUNT.sub(_amount, text)


def plain_features(headline: str, summary: str, published: datetime | None) -> StoryFeatures:
    f = fast_features
    headline, summary = plain_normalise(headline), plain_normalise(summary)
    weights: dict[str, float] = {}

    def system(
        text: str, match: Any, before: Any, before_at_start: bool, names: bool
    ) -> tuple[str, ...]:
        """The designator's terms: "F-18s" as one token, or "Type 26" as two."""
        lower = match.group().casefold()
        if lower[0].isalpha() and not lower.isalpha():
            found = f._DESIGNATOR.fullmatch(lower)
            if not found or found.group(1) in f._NOT_FAMILIES:
                return ()
            value = found.group(2).replace("-", "")
            value = value[:-1] if value[-1] == "s" and value[-2].isdigit() else value
            return f._system_terms(found.group(1), value)
        if not (lower.isdigit() and names and before is not None and before.group()[0].isupper()):
            return ()
        name = f._base(before.group().casefold())
        token = f._token(before.group().casefold())
        if (
            before.end() + 1 != match.start()
            or text[before.end()] not in " -"
            or before_at_start
            or token.term is None
            or token.country
            or token.days
            or name in f._MONTHS
        ):
            return ()
        return (f"{name}-{lower}",)

    def weighted(text: str, boost: float) -> None:
        previous: tuple[str, float] | None = None
        sentence_start = True
        names = not (boost != 1.0 and f._title_case(text))
        before, before_at_start = None, True
        for match in f._TOKEN.finditer(text):
            raw = match.group()
            at_start = sentence_start
            sentence_start = text.startswith((". ", "? ", "! "), match.end())
            lower = raw.casefold()
            terms = system(text, match, before, before_at_start, names)
            before, before_at_start = match, at_start
            if lower in f._STOPWORDS:
                previous = None
                continue
            term = f._stem(canonical_word(lower))
            amount = f._AMOUNT_TOKEN.fullmatch(lower)
            if amount is not None:
                term = f._rounded(amount)
            generic = term in f._GENERIC or lower in f._GENERIC
            if raw[0].isdigit():
                weight = f.NUMBER_WEIGHT
            elif generic:
                weight = f.GENERIC_WEIGHT
            elif raw[0].isupper() and not at_start:
                weight = f.ENTITY_WEIGHT
            else:
                weight = f.WORD_WEIGHT
            weight *= boost
            if not (raw[0].isdigit() or generic):
                weight *= f.rarity(lower.removesuffix("'s").removesuffix("’s"))
            if terms and raw[0].isalpha():
                term, terms = terms[0], terms[1:]
            for extra in terms:
                weights[extra] = max(weights.get(extra, 0.0), weight)
            weights[term] = max(weights.get(term, 0.0), weight)
            if previous is not None:
                bigram = f"{previous[0]} {term}"
                pair = f.BIGRAM_FACTOR * min(previous[1], weight)
                weights[bigram] = max(weights.get(bigram, 0.0), pair)
            previous = (term, weight)

    weighted(summary, 1.0)
    weighted(headline, f.TITLE_BOOST)
    norm = math.sqrt(sum(w * w for w in weights.values()))
    words = f._TOKEN.findall(f"{headline} {summary}")
    countries = frozenset(
        COUNTRIES[w.casefold()]
        for w in words
        if w.casefold() in COUNTRIES and (w != "pla" or w == "PLA")
    )
    amounts = frozenset(f._rounded(m) for m in f._AMOUNT_TOKEN.finditer(f"{headline} {summary}"))
    return StoryFeatures(weights, norm, published, countries, amounts)


class PlainMatcher(StoryMatcher):
    """The candidate selection as first written: a set of keys per term, every briefing
    sharing a term counted, every (count, key) pair sorted."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sets: defaultdict[str, set[int]] = defaultdict(set)

    def add(self, features: StoryFeatures, story: int, *args: Any) -> None:
        for term in fast_matcher._terms(features):
            self.sets[term].add(self._next_key)
        super().add(features, story, *args)

    def _drop(self, key: int) -> None:
        entry = self._entries.get(key)
        if entry is not None:
            for term in fast_matcher._terms(entry.features):
                self.sets[term].discard(key)
        super()._drop(key)

    def _candidates(self, features: StoryFeatures) -> list[int]:
        shared: defaultdict[int, int] = defaultdict(int)
        for term in fast_matcher._terms(features):
            members = self.sets.get(term)
            if members and len(members) <= fast_matcher.CROWDED:
                for key in members:
                    shared[key] += 1
        ranked = sorted((c, k) for k, c in shared.items() if c >= fast_matcher.MIN_SHARED)
        return [key for _count, key in ranked[-fast_matcher.TOP_CANDIDATES :]]


def plain_cluster(briefings: list[Briefing]) -> list[list[int]]:
    matcher = PlainMatcher(max_entries=len(briefings) + 1)
    earliest = datetime.min.replace(tzinfo=UTC)
    order = sorted(range(len(briefings)), key=lambda i: (briefings[i].published or earliest, i))
    story_of_index: dict[int, int] = {}
    for index in order:
        b = briefings[index]
        features = briefing_features(b)
        story = matcher.assign(features)
        story = index if story is None else story
        matcher.add(features, story)
        story_of_index[index] = story
    groups: dict[int, list[int]] = defaultdict(list)
    for index in range(len(briefings)):
        groups[matcher.story_of(story_of_index[index])].append(index)
    return sorted(groups.values(), key=lambda group: group[0])


SYLLABLES = ["ka", "lo", "ven", "tar", "mis", "dor", "el", "ba", "run", "sel"]
# Invented names and words, capitalised or not, so that topics overlap as much as wanted.
INVENTED = [
    (a + b + c).capitalize() if i % 3 else a + b + c
    for i, (a, b, c) in enumerate(
        (a, b, c) for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES
    )
]


def generated(seed: int, count: int, vocabulary: int) -> list[Briefing]:
    rng = random.Random(seed)
    start = Clock().now
    words = WORDS + INVENTED[:vocabulary]
    briefings = []
    for i in range(count):
        topic = rng.randint(0, count // 3)
        local = random.Random(topic)
        headline = " ".join(local.sample(words, 6) + rng.sample(words, 2))
        summary = " ".join(local.sample(words, 8) + rng.sample(words, 3)) + ". " + rng.choice(words)
        hours = rng.choice((None, rng.uniform(0, 24), rng.uniform(0, 24 * 6)))
        published = None if hours is None else start + timedelta(hours=hours)
        briefings.append(
            Briefing(
                headline=headline,
                url=f"https://o{i % 5}.example/{i}",
                source=f"O{i % 5}",
                summary=summary,
                published=published,
            )
        )
    return briefings


@pytest.mark.parametrize(("seed", "vocabulary"), [(1, 0), (2, 100), (3, 400)])
def test_fast_clusters_equal_the_plain_algorithm(seed: int, vocabulary: int) -> None:
    briefings = generated(seed, 700, vocabulary)
    fast = cluster(briefings)
    assert fast == plain_cluster(briefings)
    assert len(fast) > 1 and any(len(group) > 2 for group in fast)  # not a trivial case


def test_fast_term_bags_equal_the_plain_ones() -> None:
    for b in generated(4, 300, len(WORDS)):
        fast = briefing_features(b)
        plain = plain_features(b.headline, b.summary, b.published)
        assert list(fast.weights.items()) == list(plain.weights.items())  # order: same sums
        assert (fast.norm, fast.countries, fast.amounts) == (
            plain.norm,
            plain.countries,
            plain.amounts,
        )


@pytest.mark.parametrize(
    "text",
    [
        "UNİTED STATES and the unıted kingdom",  # non-ASCII letters re folds to ASCII
        "ſouth Korean and North Atlantic Treaty Organization",
        "U.S.-made jets for the U. K. and the U.N.",
        "The DPRK and the Islamic Revolutionary Guard Corps",
        "Ministry of Defence pays €7.7bn, 58 billion kroner and DKr58",
        "No alias here, 12 tanks and 4 m of armour",
        "",
    ],
)
def test_guarded_aliases_equal_every_alias_applied(text: str) -> None:
    assert fast_normalise(text) == plain_normalise(text)


def bag(*terms: str) -> StoryFeatures:
    return StoryFeatures({term: 1.0 for term in terms}, math.sqrt(len(terms)), None)


@pytest.mark.parametrize("batch", [False, True])
def test_candidates_are_the_plain_ones(batch: bool) -> None:
    """The count histogram (a long-lived matcher, through thousands of forgotten
    briefings) and the bit-sliced counts (a batch) give the plain top candidates, the
    newest among equal counts."""
    rng = random.Random(7)
    vocabulary = [f"t{i}" for i in range(30)] + ["crowd"]
    cap, rounds = (5000, 3000) if batch else (600, 6000)
    kind = fast_matcher._BatchMatcher if batch else StoryMatcher
    fast, plain = kind(max_entries=cap), PlainMatcher(max_entries=cap)
    for i in range(rounds):
        terms = [*rng.sample(vocabulary[:30], rng.randint(2, 6)), "crowd"]
        for matcher in (fast, plain):
            matcher.add(bag(*terms), i)
        if i % 300 == 299:
            query = bag(*rng.sample(vocabulary, 5))
            assert fast._candidates(query) == plain._candidates(query)
            assert len(fast._candidates(query)) == fast_matcher.TOP_CANDIDATES
    assert len(fast) == min(cap, rounds)
    assert fast._candidates(bag("crowd", "nothing")) == []  # shared by all: crowded
