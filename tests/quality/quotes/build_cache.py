"""Rebuild the real-text defence gold set from the committed index and the local cache.

git holds ``defence_index.jsonl``: per excerpt its url, the ``search`` query ("pages"
corpus) that found it, the sha256 of the excerpt text, and the gold quotes as character
offsets with speaker, role and kind. The texts themselves are third-party writing and live
only in ``cache/defence/<id>.txt`` (gitignored). The pages corpus is reached through the
agent search tool, not from a script, so a missing text is re-saved by hand: run the query,
take the excerpt for the url, keep the paragraphs around the quotes (each saved text is a
selection of the excerpt's paragraphs, in order; ``length`` and ``sha256`` say whether the
selection is the same) and pipe it to ``python -m tests.quality.quotes.build_cache add ID``.

``python -m tests.quality.quotes.build_cache`` checks every text against its sha256, names
the missing or changed ones with their url and query, and writes ``cache/defence_dev.jsonl``
and ``cache/defence_heldout.jsonl`` for ``tests.quality.quotes_eval``. The held-out third is
fixed by the hash of each id, not chosen by hand.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.quality.quotes.classes import tag

HERE = Path(__file__).parent
INDEX = HERE / "defence_index.jsonl"
CACHE = HERE / "cache"
TEXTS = CACHE / "defence"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_held_out(article_id: str) -> bool:
    """A fixed third of the excerpts, by the hash of their id."""
    return int(hashlib.sha256(article_id.encode("utf-8")).hexdigest(), 16) % 3 == 0


def load_index(path: Path = INDEX) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def gold_record(entry: dict[str, Any], text: str) -> dict[str, Any]:
    quotes = [
        {
            "quote": text[q["start"] : q["end"]],
            "start": q["start"],
            "end": q["end"],
            "speaker": q["speaker"],
            "role": q.get("role", ""),
            "kind": q["kind"],
        }
        for q in entry["quotes"]
    ]
    return {
        "id": entry["id"],
        "url": entry["url"],
        "text": text,
        "quotes": quotes,
        "patterns": tag(text, quotes),
    }


def build(
    index: list[dict[str, Any]], texts: Path = TEXTS
) -> tuple[dict[str, list[dict[str, Any]]], list[str]]:
    """Gold records by split, and a line for each text that is missing or changed."""
    splits: dict[str, list[dict[str, Any]]] = {"dev": [], "heldout": []}
    problems = []
    for entry in index:
        path = texts / f"{entry['id']}.txt"
        if not path.exists():
            problems.append(f"missing  {entry['id']}  url={entry['url']}  query={entry['query']!r}")
            continue
        text = path.read_text(encoding="utf-8")
        if sha256(text) != entry["sha256"]:
            problems.append(f"changed  {entry['id']}  url={entry['url']}  query={entry['query']!r}")
            continue
        split = "heldout" if is_held_out(entry["id"]) else "dev"
        splits[split].append(gold_record(entry, text))
    return splits, problems


def _add(article_id: str) -> int:
    TEXTS.mkdir(parents=True, exist_ok=True)
    text = sys.stdin.read()
    (TEXTS / f"{article_id}.txt").write_text(text, encoding="utf-8")
    sys.stdout.write(f"{article_id}: {len(text)} chars, sha256 {sha256(text)}\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.quality.quotes.build_cache")
    parser.add_argument("command", nargs="?", default="build", choices=["build", "add"])
    parser.add_argument("id", nargs="?")
    args = parser.parse_args(argv)
    if args.command == "add":
        if not args.id:
            parser.error("add needs an id")
        return _add(args.id)
    splits, problems = build(load_index())
    for line in problems:
        sys.stdout.write(line + "\n")
    for name, records in splits.items():
        path = CACHE / f"defence_{name}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n = sum(len(r["quotes"]) for r in records)
        sys.stdout.write(f"{path}: {len(records)} excerpts, {n} quotes\n")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
