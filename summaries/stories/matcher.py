"""One story matcher for ingestion and digests: recent briefings indexed by their terms.

A new briefing is compared only with recent briefings that share at least two
distinctive terms (an inverted index; a term shared by very many is not used to select),
the best-sharing few in full. (A batch, :func:`cluster`, keeps each term's briefings as the
bits of one int and adds them up bit-sliced: the same candidates, without visiting each
briefing; a long-lived matcher keeps sets, which stay small for rare terms.) It joins the
most similar story at or above the threshold that it is linked to as a whole: its mean
similarity with the story's recent members reaches a lower bar, and it names no other
weekday, date or designator than any of them (so a report that names no day does not
chain Friday's launch and Sunday's into one story). When it reaches the merge threshold
with several such stories, later evidence has joined them and they are merged into one
(the oldest id is kept, and the merge is reported so the store can follow), unless their
members name different days or designators. Publication times only guard: briefings further apart than the window are
never compared. Story ids are the caller's; negative ids are placeholders that
:meth:`StoryMatcher.resolve` swaps for real ones.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict, deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from itertools import compress, repeat
from operator import eq, gt
from typing import Any

from summaries.models import Briefing
from summaries.stories.features import (
    GENERIC_TERMS,
    INDEX_WEIGHT,
    SAME_STORY_THRESHOLD,
    STORY_WINDOW,
    StoryFeatures,
    anchors_conflict,
    briefing_features,
    feature_similarity,
    within_window,
)

MAX_ENTRIES = 20_000
CROWDED = 400  # a term shared by more recent briefings than this does not select candidates
TOP_CANDIDATES = 20  # compared in full: those sharing the most distinctive terms
MIN_SHARED = 2  # distinctive terms two briefings must share to be compared at all
MERGE_FACTOR = 1.5  # two stories merge when a briefing reaches this × threshold with both
# A briefing joins a story when its mean similarity with the story's members (the LINKED
# most recent) reaches LINK_FACTOR × threshold and it conflicts with none of them.
LINK_FACTOR = 0.7
LINKED = 6


@dataclass(slots=True)
class _Entry:
    key: int
    story: int
    features: StoryFeatures
    url: str
    added: datetime | None


def _compact(features: StoryFeatures) -> StoryFeatures:
    """The same features with interned terms (the vocabulary is shared by thousands)."""
    weights = {sys.intern(t): w for t, w in features.weights.items()}
    return replace(features, weights=weights)


def _terms(features: StoryFeatures) -> list[str]:
    return [
        t
        for t, w in features.weights.items()
        if w >= INDEX_WEIGHT and " " not in t and t not in GENERIC_TERMS
    ]


def _top_candidates(shared: Counter[int]) -> list[int]:
    """The TOP_CANDIDATES keys sharing the most terms (at least MIN_SHARED; the newest
    among equals), from the least to the most sharing.

    The same as sorting every (count, key) pair and taking the last few, without sorting
    the hundreds that share a term or two: counts are small, so the cutoff count comes from
    their histogram; keys above it are all taken, and the newest at it (C-level filters).
    """
    histogram = Counter(shared.values()) if len(shared) > TOP_CANDIDATES else {}
    above = 0  # keys sharing more than ``count``
    for count in sorted(histogram, reverse=True):
        if count < MIN_SHARED:
            break
        if above + histogram[count] >= TOP_CANDIDATES:
            counts, keys = shared.values(), shared.keys()
            newest = sorted(compress(keys, map(eq, counts, repeat(count))))
            more = compress(keys, map(gt, counts, repeat(count)))
            ranked = sorted([(shared[key], key) for key in more])
            ranked[:0] = [(count, key) for key in newest[above - TOP_CANDIDATES :]]
            return [key for _count, key in ranked]
        above += histogram[count]
    # Fewer than TOP_CANDIDATES share enough: all of them.
    return [key for _count, key in sorted([(c, k) for k, c in shared.items() if c >= MIN_SHARED])]


class StoryMatcher:
    """Recent briefings' story features; assigns, merges and forgets stories."""

    def __init__(
        self,
        *,
        threshold: float = SAME_STORY_THRESHOLD,
        window: timedelta = STORY_WINDOW,
        max_entries: int = MAX_ENTRIES,
    ) -> None:
        self._threshold = threshold
        self._merge_threshold = threshold * MERGE_FACTOR
        self._window = window
        self._max_entries = max_entries
        self._entries: dict[int, _Entry] = {}
        self._order: deque[int] = deque()
        self._postings: defaultdict[str, set[int]] = defaultdict(set)
        self._merged: dict[int, int] = {}  # story id -> the story it was merged into
        self._link_threshold = threshold * LINK_FACTOR
        self._members: defaultdict[int, list[int]] = defaultdict(list)  # story -> keys, in order
        self._pending_merges: dict[int, int] = {}
        self._next_key = 0
        self._placeholder = 0
        self._last_terms: tuple[Mapping[str, float], list[str]] | None = None

    def _terms_of(self, features: StoryFeatures) -> list[str]:
        """:func:`_terms`, once for a briefing that is assigned and then added."""
        last = self._last_terms
        if last is not None and last[0] is features.weights:
            return last[1]
        terms = _terms(features)
        self._last_terms = (features.weights, terms)
        return terms

    def __len__(self) -> int:
        return len(self._entries)

    def story_of(self, story: int) -> int:
        """The story ``story`` has been merged into (itself when never merged)."""
        while story in self._merged:
            story = self._merged[story]
        return story

    def scores(self, features: StoryFeatures, url: str = "") -> dict[int, float]:
        """Best similarity per (current) story among the candidates, at or above threshold,
        for the stories the briefing may join: the best one it is linked to as a whole (see
        :meth:`_linked`), and those at the merge threshold it is linked to."""
        best: dict[int, float] = {}
        known: dict[int, float] = {}
        entries, threshold, window = self._entries, self._threshold, self._window
        published = features.published
        for key in self._candidates(features):
            entry = entries[key]
            if url and entry.url == url:
                continue
            other = entry.features.published
            if published is not None and other is not None and abs(published - other) > window:
                continue  # within_window, inline: this loop is the digest's hot path
            score = feature_similarity(features, entry.features)
            known[key] = score
            if score >= threshold:
                story = self.story_of(entry.story)
                best[story] = max(best.get(story, 0.0), score)
        linked: dict[int, float] = {}
        for story in sorted(best, key=best.__getitem__, reverse=True):
            score = best[story]
            if linked and score < self._merge_threshold:
                break
            if self._linked(features, url, story, known):
                linked[story] = score
        return linked

    def _recent(self, story: int) -> list[int]:
        """Keys of the story's LINKED most recent members."""
        return self._members.get(story, [])[-LINKED:]

    def _linked(
        self, features: StoryFeatures, url: str, story: int, known: dict[int, float]
    ) -> bool:
        """Whether the briefing is linked to the story as a whole: its mean similarity with
        the story's (recent) members reaches the link threshold, and it names no other
        weekday or designator than one of them (:func:`anchors_conflict`). A briefing that
        matches one member and none of the rest does not join (no chains of weak links)."""
        entries, window = self._entries, self._window
        total = 0.0
        count = 0
        unknown: list[StoryFeatures] = []  # members not compared yet
        for key in self._recent(story):
            entry = entries[key]
            if url and entry.url == url:
                continue
            if not within_window(features.published, entry.features.published, window):
                continue
            if anchors_conflict(features, entry.features):
                return False
            count += 1
            score = known.get(key)
            if score is None:
                unknown.append(entry.features)
            else:
                total += score
        needed = self._link_threshold * count
        for member in unknown:  # similarities are never negative: compare only while short
            if total >= needed:
                break
            total += feature_similarity(features, member)
        return total >= needed

    def _compatible(self, story: int, other: int) -> bool:
        """No member of one story names another weekday or designator than a member of the
        other: later evidence does not merge two missile tests."""
        entries = self._entries
        theirs = [entries[key].features for key in self._recent(other)]
        return not any(
            anchors_conflict(entries[key].features, features)
            for key in self._recent(story)
            for features in theirs
        )

    def _candidates(self, features: StoryFeatures) -> list[int]:
        """Keys of the recent briefings to compare ``features`` with (see
        :func:`_top_candidates`)."""
        shared: Counter[int] = Counter()
        postings = self._postings
        for term in self._terms_of(features):
            members = postings.get(term)
            if members and len(members) <= CROWDED:
                shared.update(members)
        return _top_candidates(shared)

    def _index(self, key: int, terms: list[str]) -> None:
        for term in terms:
            self._postings[term].add(key)

    def _unindex(self, key: int, terms: list[str]) -> None:
        for term in terms:
            members = self._postings.get(term)
            if members is not None:
                members.discard(key)
                if not members:
                    del self._postings[term]

    def assign(self, features: StoryFeatures, url: str = "") -> int | None:
        """The story this briefing belongs to, or ``None`` for a new one. Stories it
        joins together are merged into the oldest of them (see :meth:`take_merges`)."""
        found = self.scores(features, url)
        if not found:
            return None
        best = max(found, key=lambda s: found[s])
        joined = [s for s, score in found.items() if score >= self._merge_threshold]
        if features.published is None or not joined:
            joined = [best]  # an undated briefing is no evidence that two stories are one
        elif len(joined) > 1:
            first = max(joined, key=lambda s: found[s])
            joined = [s for s in joined if s == first or self._compatible(first, s)]
        keep = min(joined, key=lambda s: (s < 0, abs(s)))  # a real id before a placeholder
        for story in joined:
            if story != keep:
                self._merged[story] = keep
                self._pending_merges[story] = keep
                self._members[keep] = sorted(self._members[keep] + self._members.pop(story, []))
        return keep

    def add(
        self, features: StoryFeatures, story: int, url: str = "", added: datetime | None = None
    ) -> None:
        """Remember a briefing of ``story``; forget those past the window or the cap."""
        key = self._next_key
        self._next_key += 1
        compact = _compact(features)
        self._entries[key] = _Entry(key, story, compact, url, added)
        self._members[self.story_of(story)].append(key)
        self._order.append(key)
        self._index(key, [sys.intern(term) for term in self._terms_of(features)])
        while self._order and (len(self._order) > self._max_entries or self._expired(added)):
            self._drop(self._order.popleft())

    def _expired(self, now: datetime | None) -> bool:
        oldest_entry = self._entries.get(self._order[0])
        if oldest_entry is None:  # dropped by ``resolve`` (its batch was not stored)
            return True
        oldest = oldest_entry.added
        return now is not None and oldest is not None and now - oldest > self._window

    def plan(
        self, items: Sequence[tuple[StoryFeatures, str]], now: datetime | None = None
    ) -> list[int]:
        """Story ids for a batch of new briefings (features, url), in order: an existing
        story, or a new negative placeholder (later items of the batch may join it)."""
        planned: list[int] = []
        for features, url in items:
            story = self.assign(features, url)
            if story is None:
                self._placeholder -= 1
                story = self._placeholder
            self.add(features, story, url, now)
            planned.append(story)
        return [self.story_of(story) for story in planned]

    def take_merges(self) -> dict[int, int]:
        """Merges since the last call: merged story id -> the id it now belongs to."""
        merges = {old: self.story_of(new) for old, new in self._pending_merges.items()}
        self._pending_merges.clear()
        return merges

    def resolve(self, new_ids: dict[int, int], stored_urls: set[str]) -> None:
        """Swap placeholders for real story ids; forget briefings that were not stored.

        A positive key is a story that is gone from the store (another process merged
        it away): its briefings here now count as members of the story it maps to."""
        for key in list(self._entries):
            entry = self._entries[key]
            if entry.story >= 0:
                continue
            if entry.url not in stored_urls or entry.story not in new_ids:
                self._drop(key)
            else:
                entry.story = new_ids[entry.story]
        self._merged = {
            new_ids.get(old, old): new_ids.get(new, new) for old, new in self._merged.items()
        }
        for old, new in new_ids.items():
            if old > 0 and new != old:
                self._merged[old] = new
        self._members.clear()
        for key, entry in self._entries.items():  # in the order they were added
            self._members[self.story_of(entry.story)].append(key)

    def _drop(self, key: int) -> None:
        entry = self._entries.pop(key, None)
        if entry is None:
            return
        self._unindex(key, _terms(entry.features))
        story = self.story_of(entry.story)
        members = self._members.get(story)
        if members is not None and key in members:
            members.remove(key)
            if not members:
                del self._members[story]


class _BatchMatcher(StoryMatcher):
    """A matcher for one batch (keys 0..n-1, all remembered): each term's briefings are
    the bits of one int, and a new briefing's candidates come from adding its terms' bit
    sets up bit-sliced (``levels[i]``: bit i of every briefing's count of shared terms),
    without visiting the briefings one by one. The same candidates as the sets; but an
    int spans every key up to its newest, too big for a long-lived matcher's rare terms."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._bits: dict[str, int] = {}

    def _index(self, key: int, terms: list[str]) -> None:
        bit = 1 << key
        bits = self._bits
        for term in terms:
            bits[term] = bits.get(term, 0) | bit

    def _unindex(self, key: int, terms: list[str]) -> None:
        keep = ~(1 << key)
        bits = self._bits
        for term in terms:
            members = bits.get(term, 0) & keep
            if members:
                bits[term] = members
            else:
                bits.pop(term, None)

    def _candidates(self, features: StoryFeatures) -> list[int]:
        levels: list[int] = []
        bits = self._bits
        for term in self._terms_of(features):
            members = bits.get(term)
            if members is None or members.bit_count() > CROWDED:
                continue
            carry = members
            for i, level in enumerate(levels):
                levels[i] = level ^ carry
                carry &= level
                if not carry:
                    break
            else:
                levels.append(carry)
        sharing = 0
        for level in levels:
            sharing |= level
        found: list[int] = []  # by (count, key), highest first
        for count in range((1 << len(levels)) - 1, MIN_SHARED - 1, -1):
            mask = sharing
            for i, level in enumerate(levels):
                mask = mask & level if count >> i & 1 else mask & ~level
                if not mask:
                    break
            while mask and len(found) < TOP_CANDIDATES:
                key = mask.bit_length() - 1
                found.append(key)
                mask ^= 1 << key
            if len(found) == TOP_CANDIDATES:
                break
        found.reverse()
        return found


def cluster(
    briefings: Sequence[Briefing],
    *,
    threshold: float = SAME_STORY_THRESHOLD,
    window: timedelta = STORY_WINDOW,
) -> list[list[int]]:
    """Group briefings (by index) into stories, oldest first, through :class:`StoryMatcher`;
    each group sorted, groups by first index."""
    matcher = _BatchMatcher(threshold=threshold, window=window, max_entries=len(briefings) + 1)
    earliest = datetime.min.replace(tzinfo=UTC)
    order = sorted(range(len(briefings)), key=lambda i: (briefings[i].published or earliest, i))
    story_of_index: dict[int, int] = {}
    for index in order:
        features = briefing_features(briefings[index])
        story = matcher.assign(features)
        story = index if story is None else story
        matcher.add(features, story)
        story_of_index[index] = story
    groups: dict[int, list[int]] = defaultdict(list)
    for index in range(len(briefings)):
        groups[matcher.story_of(story_of_index[index])].append(index)
    return sorted(groups.values(), key=lambda group: group[0])
