"""Stories across outlets on real coverage: pairwise precision/recall and B-cubed F1.

The excerpts that report an event (``event`` in the index) are briefed like plain text and
fed, oldest first, to the story matcher ingestion uses: the development split (the old
events: 10 covered by 2-8 outlets each, plus same-topic distractors such as other North
Korean launches or earlier stages of the same procurement), the second development split
(events covered by 3-4 outlets each, first annotated blind as a held-out set, with their own
same-kind distractors: other Agni tests, Finland's NATO accession beside Sweden's, an
earlier Canadian F-35 plan), the held-out split (fresh events and distractors, annotated
blind, for measuring only) and all in one stream. Run::

    python3 -m uv run python -m tests.quality.pages.story_quality [-v] [--split dev]
        [--part read|check]

``--part`` keeps half of a split's events, whole: ``read`` those whose event id has an even
sha256, ``check`` those with an odd one (tune on the first, measure on the second and never
list the second's joins and splits).

It reports the figures with the publication times the corpus gives (its date header, else
a date in the URL; the rest are undated, which the window treats as "any time") and with
all times removed (the text alone must carry the decision; the window is only a guard).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from itertools import combinations

from summaries.models import Briefing
from summaries.stories import SAME_STORY_THRESHOLD, StoryMatcher, briefing_features
from tests.quality.halves import PARTS, in_part
from tests.quality.pages.briefing_quality import brief, lexicon
from tests.quality.pages.corpus import SPLITS, Excerpt, load

NOW = datetime(2030, 1, 1, tzinfo=UTC)


def assign(briefings: Sequence[Briefing], threshold: float = SAME_STORY_THRESHOLD) -> list[int]:
    """Story ids in order, through the matcher ingestion uses (merges followed)."""
    matcher = StoryMatcher(threshold=threshold)
    planned = matcher.plan([(briefing_features(b), b.url) for b in briefings], NOW)
    return [matcher.story_of(story) for story in planned]


def pairwise(truth: Sequence[str], predicted: Sequence[int]) -> tuple[float, float]:
    tp = fp = fn = 0
    for i, j in combinations(range(len(truth)), 2):
        same, joined = truth[i] == truth[j], predicted[i] == predicted[j]
        tp += same and joined
        fp += joined and not same
        fn += same and not joined
    return tp / max(1, tp + fp), tp / max(1, tp + fn)


def bcubed_f1(truth: Sequence[str], predicted: Sequence[int]) -> float:
    n = len(truth)
    precision = recall = 0.0
    for i in range(n):
        cluster = {j for j in range(n) if predicted[j] == predicted[i]}
        gold = {j for j in range(n) if truth[j] == truth[i]}
        precision += len(cluster & gold) / len(cluster)
        recall += len(cluster & gold) / len(gold)
    precision, recall = precision / n, recall / n
    return 2 * precision * recall / (precision + recall)


_URL_DATE = re.compile(r"/(20\d\d)/(\d\d)/(\d\d)/|/(20\d\d)(\d\d)(\d\d)[-/]")


def published(excerpt: Excerpt) -> datetime | None:
    """The corpus's date for the excerpt, else a date in its URL, else unknown."""
    if excerpt.published is not None:
        return excerpt.published
    match = _URL_DATE.search(excerpt.url)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups() if g)
    return datetime(year, month, day, 12, tzinfo=UTC)


def story_set(
    split: str | None = None, part: str | None = None
) -> tuple[list[Excerpt], list[Briefing]]:
    excerpts = [e for e in load(split) if e.event and in_part(e.event, part)]
    excerpts.sort(key=lambda e: (published(e) or NOW, e.id))
    lex = lexicon()
    briefings = [replace(brief(e, lex), published=published(e)) for e in excerpts]
    return excerpts, briefings


def explain(excerpts: Sequence[Excerpt], predicted: Sequence[int]) -> None:
    """The stories that join two events, and the events split over two stories."""
    stories: dict[int, list[Excerpt]] = {}
    for excerpt, story in zip(excerpts, predicted, strict=True):
        stories.setdefault(story, []).append(excerpt)
    for story, members in stories.items():
        events = sorted({str(e.event) for e in members})
        if len(events) > 1:
            print(
                f"    joined: story {story}: " + ", ".join(f"{e.id} ({e.event})" for e in members)
            )
    for event in sorted({str(e.event) for e in excerpts}):
        split = sorted({p for e, p in zip(excerpts, predicted, strict=True) if e.event == event})
        if len(split) > 1:
            parts = [
                "+".join(
                    e.id
                    for e, p in zip(excerpts, predicted, strict=True)
                    if p == story and e.event == event
                )
                for story in split
            ]
            print(f"    split: {event}: " + " | ".join(parts))


def report(
    label: str, excerpts: Sequence[Excerpt], briefings: Sequence[Briefing], verbose: bool = False
) -> None:
    truth = [str(e.event) for e in excerpts]
    outlets = [truth.count(event) for event in sorted(set(truth))]
    dated = sum(b.published is not None for b in briefings)
    print(
        f"{label}: {len(excerpts)} articles ({dated} dated), {len(outlets)} events"
        f" ({sum(n >= 2 for n in outlets)} reported by 2+ outlets, {outlets.count(1)} single)"
    )
    for times, batch in (
        ("with times", list(briefings)),
        ("no times", [replace(b, published=None) for b in briefings]),
    ):
        predicted = assign(batch)
        precision, recall = pairwise(truth, predicted)
        f1 = bcubed_f1(truth, predicted)
        print(f"  {times:<11} pairwise P {precision:.2f} R {recall:.2f}  B-cubed F1 {f1:.2f}")
        if verbose:
            explain(excerpts, predicted)


def main() -> None:
    """Each split on its own (the old events, the dev2 ones and the held-out ones with their
    distractors), then all together in one stream."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list joins and splits")
    parser.add_argument(
        "--split", choices=SPLITS, action="append", help="only this split (repeatable)"
    )
    parser.add_argument(
        "--part",
        choices=PARTS,
        help="half of each split's events, whole: read (even sha256 of the event id) or check",
    )
    args = parser.parse_args()
    if args.part == "check" and args.verbose:
        parser.error("the check part is for measuring only: no -v")
    for split in args.split or (*SPLITS, None):
        excerpts, briefings = story_set(split, args.part)
        if not excerpts:  # dev3 gives no events
            continue
        label = split or "all"
        report(f"{label} ({args.part})" if args.part else label, excerpts, briefings, args.verbose)


if __name__ == "__main__":
    main()
