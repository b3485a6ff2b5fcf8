"""Story assignment at ingest: an in-memory index of recent briefings' story features.

The same event reported by several outlets becomes one story. Each new briefing is
compared (``summaries.stories``) only with recent briefings that share at least two
distinctive terms, found through an inverted index, so assignment stays cheap however
many articles arrive. The index is rebuilt from the store at start; a story missed by
another process sharing the store only costs a separate story, never a wrong quote.
"""

from __future__ import annotations

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


@dataclass(frozen=True, slots=True)
class _Entry:
    key: int
    story_id: int
    features: StoryFeatures
    url: str
    added: datetime


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

    def __len__(self) -> int:
        return len(self._entries)

    def assign(self, briefing: Briefing) -> int | None:
        """The story id of the most similar recent briefing, or ``None`` for a new story."""
        target = briefing_features(briefing)
        shared: defaultdict[int, int] = defaultdict(int)
        for term in _terms(target):
            members = self._postings.get(term)
            if members and len(members) <= CROWDED:
                for key in members:
                    shared[key] += 1
        best, best_score = None, self._threshold
        for key, count in shared.items():
            entry = self._entries[key]
            if count < 2 or (entry.url and entry.url == briefing.url):
                continue
            if not within_window(target.published, entry.features.published, self._window):
                continue
            score = feature_similarity(target, entry.features)
            if score >= best_score:
                best, best_score = entry.story_id, score
        return best

    def add(self, briefing: Briefing, story_id: int, now: datetime) -> None:
        features = briefing_features(briefing)
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
        entry = self._entries.pop(key)
        for term in _terms(entry.features):
            members = self._postings.get(term)
            if members is not None:
                members.discard(key)
                if not members:
                    del self._postings[term]
