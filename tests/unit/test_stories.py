"""Story clustering, measured on labelled same-event / different-event pairs."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from summaries.models import Briefing
from summaries.stories import SAME_STORY_THRESHOLD, assign_story, cluster, story_similarity

PAIRS_FILE = Path(__file__).parents[1] / "fixtures" / "stories" / "pairs.jsonl"
PAIRS: list[dict[str, Any]] = [
    json.loads(line) for line in PAIRS_FILE.read_text(encoding="utf-8").splitlines() if line
]
PRECISION_FLOOR = 0.9
RECALL_FLOOR = 0.9
HOLDOUT_PRECISION_FLOOR = 0.75
HOLDOUT_RECALL_FLOOR = 0.6


def as_briefing(side: dict[str, str], **changes: Any) -> Briefing:
    briefing = Briefing(
        headline=side["title"],
        url=f"https://{side['source'].replace(' ', '').lower()}.example/{abs(hash(side['title']))}",
        source=side["source"],
        summary=side["lead"],
        published=datetime.fromisoformat(side["published"].replace("Z", "+00:00")),
    )
    return replace(briefing, **changes)


def test_labelled_pairs_cover_same_events_and_near_misses() -> None:
    same = [p for p in PAIRS if p["same"]]
    near = [p for p in PAIRS if not p["same"] and p["note"].startswith("near miss")]
    assert len(same) >= 20 and len(near) >= 15
    assert any("NATO" in p["note"] for p in near)


def pair_metrics(pairs: list[dict[str, Any]]) -> tuple[float, float]:
    tp = fp = fn = 0
    for pair in pairs:
        score = story_similarity(as_briefing(pair["a"]), as_briefing(pair["b"]))
        predicted = score >= SAME_STORY_THRESHOLD
        tp += predicted and pair["same"]
        fp += predicted and not pair["same"]
        fn += (not predicted) and pair["same"]
    return tp / max(1, tp + fp), tp / max(1, tp + fn)


@pytest.mark.parametrize(
    ("split", "precision_floor", "recall_floor"),
    [
        ("tune", PRECISION_FLOOR, RECALL_FLOOR),
        # Written after tuning and never tuned on: the honest figure, kept as a guard.
        ("holdout", HOLDOUT_PRECISION_FLOOR, HOLDOUT_RECALL_FLOOR),
    ],
)
def test_precision_and_recall_on_labelled_pairs(
    split: str, precision_floor: float, recall_floor: float
) -> None:
    pairs = [p for p in PAIRS if p["split"] == split]
    precision, recall = pair_metrics(pairs)
    print(f"\nstory pairs [{split}]: n={len(pairs)} precision={precision:.2f} recall={recall:.2f}")
    assert precision >= precision_floor
    assert recall >= recall_floor


def test_similarity_is_symmetric_and_bounded() -> None:
    for pair in PAIRS[:10]:
        a, b = as_briefing(pair["a"]), as_briefing(pair["b"])
        assert story_similarity(a, b) == pytest.approx(story_similarity(b, a))
        assert 0.0 <= story_similarity(a, b) <= 1.0 + 1e-9
        assert story_similarity(a, a) == pytest.approx(1.0)


def test_time_window_separates_identical_text() -> None:
    a = as_briefing(PAIRS[0]["a"])
    assert a.published is not None
    later = replace(a, published=a.published + timedelta(days=5))
    assert story_similarity(a, later) == 0.0
    assert story_similarity(a, later, window=timedelta(days=7)) == pytest.approx(1.0)


def test_cluster_groups_same_event_pairs_and_keeps_near_misses_apart() -> None:
    same = [p for p in PAIRS if p["same"]][:8]
    briefings: list[Briefing] = []
    for pair in same:
        briefings += [as_briefing(pair["a"]), as_briefing(pair["b"])]
    groups = cluster(briefings)
    assert sorted(groups) == [[i, i + 1] for i in range(0, len(briefings), 2)]


def test_cluster_handles_undated_and_empty_input() -> None:
    assert cluster([]) == []
    a = as_briefing(PAIRS[0]["a"], published=None)
    b = as_briefing(PAIRS[0]["b"], published=None)
    assert cluster([a, b]) == [[0, 1]]


def test_assign_story_joins_the_matching_story_only() -> None:
    same = next(p for p in PAIRS if p["same"] and "Kharkiv" in p["a"]["title"])
    other = next(p for p in PAIRS if p["same"] and "Leopard" in p["a"]["title"])
    candidates = [
        as_briefing(other["a"], story_id=7),
        as_briefing(same["a"], story_id=11),
        as_briefing(same["a"], story_id=None),
    ]
    assert assign_story(as_briefing(same["b"]), candidates) == 11
    unrelated = next(p for p in PAIRS if "Odesa" in p["b"]["lead"])
    assert assign_story(as_briefing(unrelated["b"]), candidates) is None
    assert assign_story(as_briefing(same["b"]), candidates[2:]) is None
    moved = as_briefing(same["b"], published=datetime(2027, 1, 1, tzinfo=UTC))
    assert assign_story(moved, candidates) is None


def test_batch_clustering_of_every_labelled_briefing_agrees_with_labels() -> None:
    """All pair sides in one batch: single-link chains must not merge near misses."""
    sides: dict[tuple[str, str], Briefing] = {}
    for pair in PAIRS:
        for side in (pair["a"], pair["b"]):
            sides.setdefault((side["title"], side["published"]), as_briefing(side))
    keys = list(sides)
    groups = cluster([sides[key] for key in keys])
    group_of = {index: g for g, members in enumerate(groups) for index in members}
    position = {key: index for index, key in enumerate(keys)}
    tp = fp = fn = 0
    for pair in PAIRS:
        i = position[(pair["a"]["title"], pair["a"]["published"])]
        j = position[(pair["b"]["title"], pair["b"]["published"])]
        together = group_of[i] == group_of[j]
        tp += together and pair["same"]
        fp += together and not pair["same"]
        fn += (not together) and pair["same"]
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(
        f"\nbatch clustering: {len(keys)} briefings -> {len(groups)} stories, "
        f"precision={precision:.2f} recall={recall:.2f}"
    )
    assert precision >= PRECISION_FLOOR and recall >= RECALL_FLOOR
