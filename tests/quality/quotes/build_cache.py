"""Rebuild the real-text defence gold set from the committed index and the local cache.

git holds ``defence_index.jsonl``: per excerpt its url, the ``search`` query ("pages"
corpus) that found it, the sha256 of the excerpt text, and the gold quotes as character
offsets with speaker, role and kind. The texts themselves are third-party writing and live
only in ``cache/defence/<id>.txt`` (gitignored). The pages corpus is reached through the
agent search tool, not from a script, so a missing text is re-saved by hand: run the query,
take the excerpt for the url, keep the paragraphs around the quotes (each saved text is a
selection of the excerpt's paragraphs, in order; ``length`` and ``sha256`` say whether the
selection is the same) and pipe it to ``python -m tests.quality.quotes.build_cache add ID``.
When the exact paragraphs kept are not known, save the whole excerpt to a scratch file outside
git and run ``python -m tests.quality.quotes.build_cache match ID RAWFILE``: it tries every
stretch of the excerpt, then every in-order selection of its paragraphs, and saves the one whose
length and sha256 are the index's. An excerpt that no selection reproduces (the stored text
changed) is saved again as the whole excerpt, cut after its last complete paragraph when the
excerpt stops mid-sentence, and re-annotated blind; its index entry gets the new length,
sha256 and offsets.

``python -m tests.quality.quotes.build_cache`` checks every text against its sha256, names the
missing or changed ones with their url and query, and writes ``cache/defence_dev.jsonl``,
``cache/defence_dev2.jsonl``, ``cache/defence_dev3.jsonl``, ``cache/defence_dev4.jsonl``,
``cache/defence_dev5.jsonl``, ``cache/defence_dev6.jsonl``, ``cache/defence_dev7.jsonl``,
``cache/defence_dev8.jsonl`` and ``cache/defence_heldout.jsonl`` for ``tests.quality.quotes_eval``.
A row names its split in an optional ``"split"`` field (``dev``, ``dev2``, ``dev3``, ``dev4``,
``dev5``, ``dev6``, ``dev7``, ``dev8`` or ``heldout``); ``dev3`` is a further diagnosis split, read
to find the engine's faults, never a measure of them. ``dev4`` is a second blind measure of
generalisation: excerpts from sites not used before, annotated before the engine was run on them and
scored once; once read to diagnose the engine it is a diagnosis split like ``dev3``. ``dev5`` is a
third blind measure, made the same way (sites mostly new to the index, queries and urls all new;
annotated and committed before the engine ran on them, scored once); once read it too becomes a
diagnosis split. ``dev6`` is a fourth blind measure, made the same way (sites mostly new to the
index, queries and urls all new, several regions and kinds of text: wire copy, press releases,
statements, many-voice round-ups, unnamed sources; annotated and committed before the engine ran on
them, scored once); once read it too becomes a diagnosis split. ``dev7`` is a fifth blind measure,
made the same way by hand from the pages corpus with queries, urls and sites all new to the index
(60 excerpts from 59 sites): wire copy, press releases, statements by bodies, many-voice round-ups,
unnamed sources, a Q&A transcript, machine-translated and machine-rewritten copy, forum and
aggregator pages with their furniture, from Asia, Africa, the Middle East, Latin America, Europe and
Australia. Every quotation in a saved text is gold except titles, names and scare quotes no one is
said to have spoken, and quotes in headline and subheading lines; a few excerpts have no gold quote
at all, only such not-quotes. It was annotated and committed before the engine ran on it, to be
scored once; once read it too becomes a diagnosis split. ``dev8`` is the final blind measure, made
the same way by hand from the pages corpus with queries, urls and sites all new to the index, dev7's
included (68 excerpts from 68 sites): wire copy, press releases, statements by armies, ministries,
embassies and companies, multi-paragraph quotes, many-voice round-ups, unnamed sources, titles
before names, quotes opened with a closing mark or with doubled apostrophes, machine-translated and
machine-rewritten copy, blog, forum and aggregator pages with their furniture, from Asia, Africa,
the Middle East, Latin America, Europe and Australia, on procurement, cyber, nuclear, naval, air,
land, space, terrorism and exercises. Its gold follows dev7's rules (every quotation except titles,
names, scare quotes no one is said to have spoken and quotes in headline and subheading lines;
speech set off after a colon without quote marks is not a quotation); two excerpts have no gold
quote at all. It was annotated and committed before the engine ran on it and is a FINAL measure:
scored once, at the end of the session, and never read to diagnose the engine. The first excerpts
had none: a third of them was held out by the hash of each id, and once that third had been read to
diagnose the engine it became ``dev2``. A row without the field still goes to ``dev`` when its hash
says dev; a row without the field that the hash would hold out is an error, so every new row must
say its split.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from tests.quality.quotes.classes import tag

HERE = Path(__file__).parent
INDEX = HERE / "defence_index.jsonl"
CACHE = HERE / "cache"
TEXTS = CACHE / "defence"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


SPLITS = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "heldout")


def is_held_out(article_id: str) -> bool:
    """A fixed third of the excerpts, by the hash of their id (the rule before ``split``)."""
    return int(hashlib.sha256(article_id.encode("utf-8")).hexdigest(), 16) % 3 == 0


def split_of(entry: dict[str, Any]) -> str | None:
    """The split a row belongs to, or None when the row does not say it and must."""
    split = entry.get("split")
    if split is None:
        return None if is_held_out(entry["id"]) else "dev"
    return split if split in SPLITS else None


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
    splits: dict[str, list[dict[str, Any]]] = {name: [] for name in SPLITS}
    problems = []
    for entry in index:
        split = split_of(entry)
        if split is None:
            problems.append(
                f"nosplit  {entry['id']}  split={entry.get('split')!r}: "
                f"give the row a split, one of {', '.join(SPLITS)}"
            )
            continue
        path = texts / f"{entry['id']}.txt"
        if not path.exists():
            problems.append(f"missing  {entry['id']}  url={entry['url']}  query={entry['query']!r}")
            continue
        text = path.read_text(encoding="utf-8")
        if sha256(text) != entry["sha256"]:
            problems.append(f"changed  {entry['id']}  url={entry['url']}  query={entry['query']!r}")
            continue
        splits[split].append(gold_record(entry, text))
    return splits, problems


def _add(article_id: str) -> int:
    TEXTS.mkdir(parents=True, exist_ok=True)
    text = sys.stdin.read()
    (TEXTS / f"{article_id}.txt").write_text(text, encoding="utf-8")
    sys.stdout.write(f"{article_id}: {len(text)} chars, sha256 {sha256(text)}\n")
    return 0


_JOINERS = ("\n\n", "\n", "\n\n\n")
_SEARCH_LIMIT = 2_000_000


def _units(raw: str) -> list[list[str]]:
    """The ways an excerpt splits into paragraphs: at blank lines, and at every line break."""
    blocks = [b for b in re.split(r"\n[ \t\u00a0]*\n\s*", raw) if b.strip()]
    lines = [line for line in raw.split("\n") if line.strip()]
    ways = [blocks, [b.strip() for b in blocks], lines, [line.strip() for line in lines]]
    unique: list[list[str]] = []
    for way in ways:
        if way not in unique:
            unique.append(way)
    return unique


def _in_order(parts: list[str], length: int, joiner: str = "", trim: bool = False) -> Iterator[str]:
    """Every in-order selection of ``parts`` that, joined, is ``length`` characters long.

    ``trim`` drops the whitespace a selection ends with (parts that keep their own line
    breaks). The walk gives up after a fixed number of steps, so it cannot run away.
    """
    steps = _SEARCH_LIMIT

    def walk(start: int, chosen: list[str], size: int) -> Iterator[str]:
        nonlocal steps
        text = joiner.join(chosen)
        if trim:
            text = text.rstrip()
        if len(text) == length:
            yield text
        for i in range(start, len(parts)):
            steps -= 1
            if steps < 0:
                return
            extra = len(parts[i]) + (len(joiner) if chosen else 0)
            if size + extra - (len(parts[i]) - len(parts[i].rstrip()) if trim else 0) <= length:
                chosen.append(parts[i])
                yield from walk(i + 1, chosen, size + extra)
                chosen.pop()

    yield from walk(0, [], 0)


def candidates(raw: str, length: int) -> Iterator[str]:
    """Texts the saved selection of ``raw`` may have been, all ``length`` characters long.

    First every stretch of the excerpt, then in-order selections of its paragraphs: joined
    by a fixed break, or keeping the break that followed each paragraph in the excerpt.
    """
    for text in (raw, raw.replace("\r\n", "\n")):
        for i in range(len(text) - length + 1):
            yield text[i : i + length]
        for parts in _units(text):
            for joiner in _JOINERS:
                yield from _in_order(parts, length, joiner)
        kept = [m.group(0) for m in re.finditer(r"[^\n]+(?:\n[ \t\u00a0]*\n\s*|\n|$)", text)]
        yield from _in_order(kept, length, trim=True)
        yield from _in_order(kept, length)


def match(entry: dict[str, Any], raw: str) -> str | None:
    """The selection of the raw excerpt whose sha256 is the index entry's, if any."""
    for text in candidates(raw, entry["length"]):
        if sha256(text) == entry["sha256"]:
            return text
    return None


def _match(article_id: str, raw_path: str) -> int:
    entries = {e["id"]: e for e in load_index()}
    if article_id not in entries:
        sys.stdout.write(f"{article_id}: not in the index\n")
        return 2
    raw = Path(raw_path).read_text(encoding="utf-8")
    text = match(entries[article_id], raw)
    if text is None:
        sys.stdout.write(f"{article_id}: no selection of {len(raw)} chars matches\n")
        return 1
    TEXTS.mkdir(parents=True, exist_ok=True)
    (TEXTS / f"{article_id}.txt").write_text(text, encoding="utf-8")
    sys.stdout.write(f"{article_id}: matched, {len(text)} chars saved\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.quality.quotes.build_cache")
    parser.add_argument("command", nargs="?", default="build", choices=["build", "add", "match"])
    parser.add_argument("id", nargs="?")
    parser.add_argument("raw", nargs="?", help="match: the whole excerpt, saved outside git")
    args = parser.parse_args(argv)
    if args.command == "match":
        if not args.id or not args.raw:
            parser.error("match needs an id and a raw file")
        return _match(args.id, args.raw)
    if args.command == "add":
        if not args.id:
            parser.error("add needs an id")
        return _add(args.id)
    splits, problems = build(load_index(INDEX), TEXTS)
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
