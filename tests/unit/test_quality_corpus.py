"""Rebuilding the real-excerpt cache: cut, trim, check the sha256, store; splits apart."""

from __future__ import annotations

import hashlib
import json
from itertools import combinations
from pathlib import Path

from tests.quality.pages import corpus

# Our own invented page, as a search answer would return it: header, caption, body, teaser.
ANSWER = (
    " date 2025-02-11 Harbour trials begin for the new tug\n\n"
    "Picture: the tug alongside\n\n"
    "The navy's new harbour tug began trials on Monday, the yard said.\n\n"
    "A second tug follows in the spring.\n\n"
    "Read more: other yard news"
)


def write_index(tmp_path: Path, text: str, **row: object) -> Path:
    index = tmp_path / "excerpts.jsonl"
    entry = {
        "id": "own",
        "url": "https://yard.example/tug",
        "chars": len(text),
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    } | row
    index.write_text(json.dumps(entry) + "\n", encoding="utf-8")
    return index


def test_the_opening_is_trimmed_checked_and_stored(tmp_path: Path) -> None:
    kept = ANSWER[: ANSWER.index("yard said.") + len("yard said.")]
    index, cache = write_index(tmp_path, kept), tmp_path / "cache"
    assert corpus.add("own", ANSWER, index_path=index, cache=cache)
    assert (cache / "own.txt").read_text(encoding="utf-8") == kept


def test_a_copy_without_its_leading_space_still_matches(tmp_path: Path) -> None:
    kept = ANSWER[:60]
    index, cache = write_index(tmp_path, kept), tmp_path / "cache"
    assert corpus.add("own", ANSWER.lstrip(), index_path=index, cache=cache)
    assert (cache / "own.txt").read_text(encoding="utf-8") == kept


def test_cut_spans_are_dropped_before_trimming(tmp_path: Path) -> None:
    start, end = ANSWER.index("\n\nA second"), ANSWER.index("\n\nRead more")
    kept = ANSWER[:start] + ANSWER[end:]
    index, cache = write_index(tmp_path, kept, cut=[[start, end]]), tmp_path / "cache"
    assert corpus.add("own", ANSWER, index_path=index, cache=cache)
    assert (
        (cache / "own.txt")
        .read_text(encoding="utf-8")
        .endswith("yard said.\n\nRead more: other yard news")
    )


def test_a_changed_text_is_not_stored(tmp_path: Path) -> None:
    index, cache = write_index(tmp_path, ANSWER), tmp_path / "cache"
    assert not corpus.add("own", ANSWER.replace("Monday", "Tuesday"), index_path=index, cache=cache)
    assert not (cache / "own.txt").exists()
    assert not corpus.add("other", ANSWER, index_path=index, cache=cache)


def test_rows_without_a_split_are_dev_and_the_splits_share_no_page_or_event() -> None:
    rows = corpus.index()
    assert {row.get("split", "dev") for row in rows} == set(corpus.SPLITS)
    by_split = {
        split: [row for row in rows if row.get("split", "dev") == split] for split in corpus.SPLITS
    }
    for one, other in combinations(corpus.SPLITS, 2):
        assert not {r["url"] for r in by_split[one]} & {r["url"] for r in by_split[other]}
        events = {r["event"] for r in by_split[one]} - {None}
        assert not events & {r["event"] for r in by_split[other]}


def test_the_held_out_split_comes_from_sites_the_dev_splits_do_not_use() -> None:
    rows = corpus.index()
    held = {corpus._site(r) for r in rows if r.get("split") == "heldout"}
    dev = {corpus._site(r) for r in rows if r.get("split", "dev") != "heldout"}
    assert held and not held & dev
