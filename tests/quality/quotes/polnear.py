"""Convert PolNeAR (train and dev splits only) to our quote gold format.

PolNeAR (github.com/networkdynamics/PolNeAR) annotates attributions as brat standoff:
Source, Cue and Content spans tied by an ``E`` relation. Our gold wants each direct
quotation (text between quote marks inside an attributed Content), its speaker (the name
the article gives for the Source: pronouns, relative pronouns and short references
resolved by ``polnear_sources`` with the CoreNLP parse the corpus ships, descriptions of
unnamed sources kept) and its kind (``full`` or ``partial``).

The texts stay out of git: this script reads them from a local snapshot of the repository
(``fetch`` brings one to /work/.mirror/networkdynamics+PolNeAR/repo) and writes
``cache/polnear_<split>.jsonl``. The test split is held out: nothing is ever tuned on it
and nobody reads it. ``--held-out-test`` converts it to ``cache/polnear_test.jsonl`` only to
be scored (``quotes_eval`` without ``--errors``) at the end of a round, the issue's
"speaker >= .90, end-to-end >= .88 on the test split".

Run ``python3 -m uv run python -m tests.quality.quotes.polnear [--git-dir DIR]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from xml.etree import ElementTree as ET  # the corpus's own CoreNLP files, not web input

from tests.quality.quotes.classes import tag_polnear
from tests.quality.quotes.polnear_sources import Parse, Resolver, Token

Relation = dict[str, list[tuple[int, int]]]

HERE = Path(__file__).parent
CACHE = HERE / "cache"
DEFAULT_GIT_DIR = Path("/work/.mirror/networkdynamics+PolNeAR/repo")
SPLITS = ("train", "dev")
# A quotation, or one paragraph of a quotation that runs on into a paragraph reopening
# with a mark (each paragraph is then its own gold quote, like the engine's spans).
_QUOTED = re.compile(r"[“\"]\s*([^“”\"\n]+?)\s*(?:[”\"]|(?=\n\s*[“\"]))")


class Repo:
    """Read files from a bare git directory."""

    def __init__(self, git_dir: Path) -> None:
        self.git_dir = git_dir

    def _git(self, *args: str) -> str:
        out = subprocess.run(
            ["git", f"--git-dir={self.git_dir}", *args], capture_output=True, check=True
        )
        return out.stdout.decode("utf-8")

    def names(self, folder: str) -> list[str]:
        return sorted(self._git("ls-tree", "--name-only", f"HEAD:{folder}").split())

    def read(self, path: str) -> str:
        return self._git("show", f"HEAD:{path}")


def _spans(field: str) -> list[tuple[int, int]]:
    out = []
    for part in field.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def parse_ann(ann: str) -> list[Relation]:
    """Each attribution relation as {"Source": spans, "Content": spans, "Cue": spans}."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    relations = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            label, _, where = parts[1].partition(" ")
            spans[parts[0]] = (label, _spans(where))
        elif parts[0].startswith("E"):
            relations.append(parts[1].split())
    out = []
    for rel in relations:
        roles: dict[str, list[tuple[int, int]]] = {}
        for arg in rel[1:]:
            role, _, tid = arg.partition(":")
            if tid in spans:
                roles.setdefault(role.rstrip("0123456789"), []).extend(spans[tid][1])
        out.append(roles)
    return out


def parse_corenlp(xml: str) -> Parse:
    """Tokens with character offsets, POS and NER; coreference chains as token-index
    ranges; each token's basic-dependency governor and label."""
    root = ET.fromstring(xml)
    parse = Parse([])
    sent_base: dict[str, int] = {}
    for sent in root.iter("sentence"):
        if sent.get("id") is None or sent.find("tokens") is None:
            continue
        base = sent_base[str(sent.get("id"))] = len(parse.tokens)
        for tok in sent.iter("token"):
            parse.tokens.append(
                Token(
                    int(tok.findtext("CharacterOffsetBegin", "0")),
                    int(tok.findtext("CharacterOffsetEnd", "0")),
                    tok.findtext("POS", ""),
                    tok.findtext("NER", "O"),
                )
            )
        parse.heads.extend([-1] * (len(parse.tokens) - base))
        parse.labels.extend([""] * (len(parse.tokens) - base))
        deps = next(
            (d for d in sent.iter("dependencies") if d.get("type") == "basic-dependencies"), None
        )
        for dep in deps if deps is not None else []:
            gov, child = dep.find("governor"), dep.find("dependent")
            if gov is None or child is None:
                continue
            at = base + int(child.get("idx", "0")) - 1
            parse.heads[at] = base + int(gov.get("idx", "0")) - 1 if gov.get("idx") != "0" else -1
            parse.labels[at] = dep.get("type", "")
    for chain in root.iter("coreference"):
        mentions = chain.findall("mention")
        if not mentions:
            continue
        ranges = []
        for m in mentions:
            base = sent_base.get(m.findtext("sentence", ""), 0)
            a = base + int(m.findtext("start", "1")) - 1
            b = base + int(m.findtext("end", "1")) - 1
            ranges.append((a, b))
        parse.chains.append(ranges)
    return parse


def _kind(text: str, content_start: int, open_at: int, inner: str) -> str:
    before = text[content_start:open_at].rstrip()
    line_start = text.rfind("\n", 0, open_at) + 1
    if not text[line_start:open_at].strip():
        return "full"
    if not inner[:1].isupper():
        return "partial"
    if not before or before[-1] in ":,.!?":
        return "full"
    return "partial"


def speakers_of(text: str, relations: list[Relation], parse: Parse) -> list[str]:
    """Each relation's speaker, resolved in the order the sources appear, so a pronoun
    can take the named source before it."""
    resolver = Resolver(text, parse)
    out = [""] * len(relations)

    def where(i: int) -> int:
        spans = relations[i].get("Source") or relations[i].get("Cue") or [(len(text), 0)]
        return min(a for a, _ in spans)

    for i in sorted(range(len(relations)), key=where):
        out[i] = resolver.speaker(relations[i].get("Source", []), relations[i].get("Cue", []))
    return out


def quotes_of(text: str, relations: list[Relation], parse: Parse) -> list[dict[str, object]]:
    """Each quotation inside an attributed Content, given to the innermost attribution
    that holds it ("A reported that B said: '...'" is B's quote, not A's)."""
    marks = text.replace("``", '\x01"').replace("''", '\x01"')  # wire ''Q'': same offsets
    found: dict[int, tuple[int, re.Match[str], int, int]] = {}
    for r, rel in enumerate(relations):
        for cs, ce in rel.get("Content", []):
            lo, hi = max(0, cs - 2), min(len(text), ce + 2)
            for m in _QUOTED.finditer(marks, lo, hi):
                if not m.group(1).split():
                    continue
                held = found.get(m.start(1))
                if held is None or ce - cs < held[0]:
                    found[m.start(1)] = (ce - cs, m, cs, r)
    speakers = speakers_of(text, relations, parse) if found else []
    out: list[dict[str, object]] = []
    for _, m, cs, r in found.values():
        out.append(
            {
                "quote": text[m.start(1) : m.end(1)],
                "start": m.start(1),
                "end": m.end(1),
                "speaker": speakers[r],
                "kind": _kind(marks, cs, m.start(), m.group(1)),
            }
        )
    out.sort(key=lambda q: int(str(q["start"])))
    return out


def convert(repo: Repo, split: str, held_out: bool = False) -> Iterator[dict[str, object]]:
    """Gold records of one split; the test split only when ``held_out`` says so."""
    if split not in SPLITS and not (held_out and split == "test"):
        raise SystemExit(f"split {split!r} is held out or unknown; use one of {SPLITS}")
    anns = repo.names(f"data/{split}/attributions")
    for name in repo.names(f"data/{split}/text"):
        stem = name.removesuffix(".txt")
        ann = next((a for a in anns if a.rsplit("_", 1)[0] == stem), None)
        if ann is None:
            continue
        try:
            parse = repo.read(f"data/{split}/corenlp/{name}.xml")
        except subprocess.CalledProcessError:
            continue  # no parse in the snapshot (files over 4 MiB are left out): no names
        text = repo.read(f"data/{split}/text/{name}")
        relations = parse_ann(repo.read(f"data/{split}/attributions/{ann}"))
        quotes = quotes_of(text, relations, parse_corenlp(parse))
        yield {
            "id": stem,
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "text": text,
            "quotes": quotes,
            "patterns": tag_polnear(text, quotes),
        }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.quality.quotes.polnear")
    parser.add_argument("--git-dir", type=Path, default=DEFAULT_GIT_DIR)
    parser.add_argument("--split", choices=SPLITS, action="append")
    parser.add_argument("--out", type=Path, default=CACHE, help="folder for the JSONL files")
    parser.add_argument(
        "--held-out-test", action="store_true", help="convert the test split, for scoring only"
    )
    args = parser.parse_args(argv)
    if not args.git_dir.exists():
        sys.stderr.write(
            f"no PolNeAR snapshot at {args.git_dir}: fetch github:networkdynamics/PolNeAR\n"
        )
        return 1
    args.out.mkdir(exist_ok=True)
    for split in ["test"] if args.held_out_test else args.split or SPLITS:
        records = list(convert(Repo(args.git_dir), split, args.held_out_test))
        path = args.out / f"polnear_{split}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n = sum(len(r["quotes"]) for r in records)  # type: ignore[arg-type,misc]
        sys.stdout.write(f"{path}: {len(records)} articles, {n} quotes\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
