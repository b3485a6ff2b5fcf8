"""Convert PolNeAR (train and dev splits only) to our quote gold format.

PolNeAR (github.com/networkdynamics/PolNeAR) annotates attributions as brat standoff:
Source, Cue and Content spans tied by an ``E`` relation. Our gold wants each direct
quotation (text between quote marks inside an attributed Content), its speaker (the
fullest name the article gives for the Source, found through the CoreNLP coreference
chains the corpus ships) and its kind (``full`` or ``partial``).

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
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET  # the corpus's own CoreNLP files, not web input

from tests.quality.quotes.classes import tag_polnear

HERE = Path(__file__).parent
CACHE = HERE / "cache"
DEFAULT_GIT_DIR = Path("/work/.mirror/networkdynamics+PolNeAR/repo")
SPLITS = ("train", "dev")
# A quotation, or one paragraph of a quotation that runs on into a paragraph reopening
# with a mark (each paragraph is then its own gold quote, like the engine's spans).
_QUOTED = re.compile(r"[“\"]\s*([^“”\"\n]+?)\s*(?:[”\"]|(?=\n\s*[“\"]))")
_PRONOUNS = frozenset(
    ["he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "his", "their", "its"]
)


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    pos: str
    ner: str = "O"


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


def parse_ann(ann: str) -> list[dict[str, list[tuple[int, int]]]]:
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


def parse_corenlp(xml: str) -> tuple[list[Token], list[list[tuple[int, int]]]]:
    """Tokens with character offsets and POS; coreference chains as token-index ranges."""
    root = ET.fromstring(xml)
    tokens: list[Token] = []
    sent_base: dict[str, int] = {}
    for sent in root.iter("sentence"):
        if sent.get("id") is None or sent.find("tokens") is None:
            continue
        sent_base[str(sent.get("id"))] = len(tokens)
        for tok in sent.iter("token"):
            tokens.append(
                Token(
                    int(tok.findtext("CharacterOffsetBegin", "0")),
                    int(tok.findtext("CharacterOffsetEnd", "0")),
                    tok.findtext("POS", ""),
                    tok.findtext("NER", "O"),
                )
            )
    chains = []
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
        chains.append(ranges)
    return tokens, chains


def _proper_runs(tokens: list[Token], a: int, b: int) -> list[tuple[int, int]]:
    """The runs of proper-noun tokens in tokens[a:b], in order."""
    runs = []
    i = a
    while i < b:
        if tokens[i].pos.startswith("NNP"):
            j = i
            while j < b and tokens[j].pos.startswith("NNP"):
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _proper_run(tokens: list[Token], a: int, b: int) -> tuple[int, int] | None:
    """The longest run of proper-noun tokens in tokens[a:b]."""
    return max(_proper_runs(tokens, a, b), key=lambda r: r[1] - r[0], default=None)


def _is_person(tokens: list[Token], run: tuple[int, int]) -> bool:
    return any(tokens[k].ner == "PERSON" for k in range(*run))


# Where the head phrase of a Source ends: an apposition, a relative clause or an affiliation.
_HEAD_ENDS = frozenset({",", "(", "-lrb-", "who", "whose", "--", "of", "at", "with", "from", "for"})


def _person_run(tokens: list[Token], a: int, b: int, text: str = "") -> tuple[int, int] | None:
    """The person a stretch of tokens names: the last person-tagged proper-noun run of its
    first phrase (up to a comma, bracket, relative pronoun or "of/at/with"), which is its head ("Clinton
    spokesman Brian Fallon" is Brian Fallon; "Jo Bell, who backed Sen. Ann Roe," is Jo
    Bell), else the first such run anywhere in it."""
    cut = b
    for k in range(a, b):
        if text[tokens[k].start : tokens[k].end].lower() in _HEAD_ENDS:
            cut = k
            break
    runs = [r for r in _proper_runs(tokens, a, b) if _is_person(tokens, r)]
    head = [r for r in runs if r[1] <= cut]
    if head:
        return head[-1]
    return runs[0] if runs else None


def speaker_of(text: str, source: list[tuple[int, int]], tokens: list[Token], chains) -> str:  # type: ignore[no-untyped-def]
    """The fullest name for a Source span, by the shared annotation rules.

    The person the Source names comes first ("Larry Noble, an attorney with the Campaign
    Legal Center" is Larry Noble, not the centre); a surname is completed only by a longer
    mention of the same name in its coreference chain (never by another chain member,
    which CoreNLP often merges wrongly); a pronoun or a role takes the person of its chain;
    an organisation speaks only when the Source names no person. Without a name, the
    Source keeps its description.
    """
    if not source:
        return ""
    s, e = min(a for a, _ in source), max(b for _, b in source)
    idx = [i for i, t in enumerate(tokens) if t.start >= s and t.end <= e]
    if not idx:
        return text[s:e]
    a, b = idx[0], idx[-1] + 1
    title_end = text.find("\n")

    def words(run: tuple[int, int]) -> str:
        # a run never spans paragraphs ("X.\n\nSexton" is Sexton)
        return text[tokens[run[0]].start : tokens[run[1] - 1].end].rsplit("\n", 1)[-1]

    def chain_runs() -> list[tuple[int, int]]:
        out = []
        for chain in chains:
            if not any(ma <= a < mb or a <= ma < b for ma, mb in chain):
                continue
            for ma, mb in chain:
                run = _person_run(tokens, ma, mb)
                if run is None or tokens[run[0]].start < title_end or run[1] - run[0] > 4:
                    continue  # the headline's capitalised words are not a name
                out.append(run)
        return out

    person = _person_run(tokens, a, b, text)
    if person is not None:
        if person[1] - person[0] >= 2:
            return words(person)
        surname = words(person).lower()
        same = [r for r in chain_runs() if surname in words(r).lower().split()]
        best = max(same, key=lambda r: r[1] - r[0], default=person)
        return words(best)
    own = _proper_run(tokens, a, b)
    if own is not None and own[1] == b and own[1] - own[0] >= 2:
        return words(own)  # the Source is itself a proper name: an organisation
    people = chain_runs()
    if people:
        return words(max(people, key=lambda r: r[1] - r[0]))
    if text[s:e].lower() in _PRONOUNS:
        near = _person_before(tokens, a, title_end)
        if near is not None:
            return words(near)
    if own is not None and own[1] == b:
        return words(own)  # "Reuters", "NATO"
    return text[s:e]


def _person_before(tokens: list[Token], a: int, title_end: int) -> tuple[int, int] | None:
    """The last run of PERSON tokens (CoreNLP NER) in the 80 tokens before ``a``: the
    usual antecedent of a pronoun source the coreference chains missed."""
    i = a - 1
    while i >= max(0, a - 80) and tokens[i].start > title_end:
        if tokens[i].ner == "PERSON":
            j = i
            while j > 0 and tokens[j - 1].ner == "PERSON":
                j -= 1
            return (j, i + 1)
        i -= 1
    return None


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


def quotes_of(text: str, relations, tokens, chains) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """Each quotation inside an attributed Content, given to the innermost attribution
    that holds it ("A reported that B said: '...'" is B's quote, not A's)."""
    marks = text.replace("``", '\x01"').replace("''", '\x01"')  # wire ''Q'': same offsets
    found: dict[int, tuple[int, re.Match[str], int, object]] = {}
    for rel in relations:
        for cs, ce in rel.get("Content", []):
            lo, hi = max(0, cs - 2), min(len(text), ce + 2)
            for m in _QUOTED.finditer(marks, lo, hi):
                if not m.group(1).split():
                    continue
                held = found.get(m.start(1))
                if held is None or ce - cs < held[0]:
                    found[m.start(1)] = (ce - cs, m, cs, rel)
    out: list[dict[str, object]] = []
    for _, m, cs, rel in found.values():
        out.append(
            {
                "quote": text[m.start(1) : m.end(1)],
                "start": m.start(1),
                "end": m.end(1),
                "speaker": speaker_of(text, rel.get("Source", []), tokens, chains),  # type: ignore[attr-defined]
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
        tokens, chains = parse_corenlp(parse)
        relations = parse_ann(repo.read(f"data/{split}/attributions/{ann}"))
        quotes = quotes_of(text, relations, tokens, chains)
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
