"""Story assignment at ingest: an in-memory index of recent briefings' story features.

The same event reported by several outlets becomes one story. Each new briefing is
compared (``summaries.stories``) only with recent briefings that share at least two
distinctive terms, found through an inverted index, so assignment stays cheap however
many articles arrive. The index is rebuilt from the store at start; a story missed by
another process sharing the store only costs a separate story, never a wrong quote.
"""

from __future__ import annotations

import sys
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import datetime, timedelta

from summaries.models import Briefing
from summaries.stories import (
    SAME_STORY_THRESHOLD,
    STORY_WINDOW,
    WORD_WEIGHT,
    StoryFeatures,
    briefing_features,
    feature_similarity,
    within_window,
)

MAX_ENTRIES = 20_000
CROWDED = 400  # a term shared by more recent briefings than this does not select candidates
TOP_CANDIDATES = 20  # compared in full: those sharing the most distinctive terms


@dataclass(slots=True)
class _Entry:
    key: int
    story_id: int
    features: StoryFeatures
    url: str
    added: datetime


def _compact(features: StoryFeatures) -> StoryFeatures:
    """The same features with interned terms: the vocabulary is shared by thousands of
    entries, so each term string is kept once."""
    weights = {sys.intern(t): w for t, w in features.weights.items()}
    return StoryFeatures(
        weights=weights,
        norm=features.norm,
        published=features.published,
        countries=features.countries,
    )


def _terms(features: StoryFeatures) -> list[str]:
    return [t for t, w in features.weights.items() if w >= WORD_WEIGHT and " " not in t]


class StoryIndex:
    def __init__(
        self, *, threshold: float = SAME_STORY_THRESHOLD, window: timedelta = STORY_WINDOW
    ) -> None:
        self._threshold = threshold
        self._window = window
        self._entries: dict[int, _Entry] = {}
        self._order: deque[int] = deque()
        self._postings: defaultdict[str, set[int]] = defaultdict(set)
        self._next_key = 0
        self._placeholder = 0

    def __len__(self) -> int:
        return len(self._entries)

    def assign(self, briefing: Briefing, features: StoryFeatures | None = None) -> int | None:
        """The story id of the most similar recent briefing, or ``None`` for a new story."""
        target = features or briefing_features(briefing)
        shared: defaultdict[int, int] = defaultdict(int)
        for term in _terms(target):
            members = self._postings.get(term)
            if members and len(members) <= CROWDED:
                for key in members:
                    shared[key] += 1
        best, best_score = None, self._threshold
        ranked = sorted((c, k) for k, c in shared.items() if c >= 2)[-TOP_CANDIDATES:]
        for _count, key in ranked:
            entry = self._entries[key]
            if entry.url and entry.url == briefing.url:
                continue
            if not within_window(target.published, entry.features.published, self._window):
                continue
            score = feature_similarity(target, entry.features)
            if score >= best_score:
                best, best_score = entry.story_id, score
        return best

    def plan(
        self, briefings: list[tuple[Briefing, StoryFeatures | None]], now: datetime
    ) -> list[int]:
        """Story ids for a batch of new briefings, in order: an existing story, or a
        negative placeholder for a new one (later briefings of the batch may join it).
        Call :meth:`resolve` with the store's real ids afterwards."""
        planned: list[int] = []
        for briefing, features in briefings:
            story = self.assign(briefing, features)
            if story is None:
                self._placeholder -= 1
                story = self._placeholder
            self.add(briefing, story, now, features)
            planned.append(story)
        return planned

    def resolve(self, new_ids: dict[int, int], stored_urls: set[str]) -> None:
        """Swap placeholders for real story ids; forget briefings that were not stored."""
        for key in list(self._entries):
            entry = self._entries[key]
            if entry.story_id < 0:
                if entry.url not in stored_urls or entry.story_id not in new_ids:
                    self._drop(key)
                else:
                    entry.story_id = new_ids[entry.story_id]

    def add(
        self,
        briefing: Briefing,
        story_id: int,
        now: datetime,
        features: StoryFeatures | None = None,
    ) -> None:
        features = _compact(features or briefing_features(briefing))
        key = self._next_key
        self._next_key += 1
        self._entries[key] = _Entry(key, story_id, features, briefing.url, now)
        self._order.append(key)
        for term in _terms(features):
            self._postings[term].add(key)
        while len(self._order) > MAX_ENTRIES or (
            self._order and now - self._entries[self._order[0]].added > self._window
        ):
            self._drop(self._order.popleft())

    def _drop(self, key: int) -> None:
        entry = self._entries.pop(key, None)
        if entry is None:
            return
        for term in _terms(entry.features):
            members = self._postings.get(term)
            if members is not None:
                members.discard(key)
                if not members:
                    del self._postings[term]
