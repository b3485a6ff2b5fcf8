"""The same event reported by several outlets is one story (pure: terms in, story ids out).

``features`` turns a briefing into a weighted bag of normalised terms (``normalise``) and
compares two bags; ``matcher`` is the one story matcher, used by ingestion (incrementally,
with the store's ids) and by digests (``cluster``, for briefings without a story).
"""

from summaries.stories.features import (
    SAME_STORY_THRESHOLD,
    STORY_WINDOW,
    WORD_WEIGHT,
    StoryFeatures,
    briefing_features,
    feature_similarity,
    story_features,
    story_similarity,
    within_window,
)
from summaries.stories.matcher import StoryMatcher, cluster

__all__ = [
    "SAME_STORY_THRESHOLD",
    "STORY_WINDOW",
    "WORD_WEIGHT",
    "StoryFeatures",
    "StoryMatcher",
    "briefing_features",
    "cluster",
    "feature_similarity",
    "story_features",
    "story_similarity",
    "within_window",
]
