"""Score quote extraction against a gold set, with comparable rules.

Gold is JSONL, one article a line: ``{"id", "text", "quotes": [{"quote", "speaker",
"kind"}], "patterns": [...]}`` (``patterns`` optional). Rules:

- a predicted quote matches a gold quote when their token-level F1 is >= 0.8 after
  normalising white space and quote marks;
- precision: a prediction is correct when it matches any gold quote (full or partial);
  recall: over ``full`` gold quotes;
- a speaker is correct when, ignoring case, honours, ranks and an office title before the
  name ("Sen. Sanders" is Sanders), one name's tokens are a subset of the other's; a
  pronoun is never correct;
- reported: quote precision, recall and F1; speaker accuracy on matched full quotes;
  end-to-end F1 (matched and speaker correct); the same per pattern;
- short partial quotes (``partial`` gold of one to three words): found when a prediction
  matches it as above (recall only; the speaker is not scored);
- what a reader sees: briefings and ``/quotes`` name a speaker only when its confidence
  clears ``briefing.min_speaker_confidence`` (``--threshold``, the setting's default unless
  given) and say "unattributed" otherwise. ``named`` is the share of matched full quotes
  shown with a speaker, ``named accuracy`` the speaker accuracy among them: the chance that a
  name a reader sees is the right one.

Run ``python -m tests.quality.quotes_eval GOLD.jsonl [--json] [--errors] [--part read|check]
[--threshold T]``.
``--part`` keeps half the articles, split by the parity of sha256(id): ``read`` (even) is
for diagnosis, ``check`` (odd) only for figures, so a fix can be checked on articles its
author never read.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bot.settings import BriefingSettings
from summaries.models import Quote
from summaries.quotes import extract_quotes
from summaries.quotes.cues import HONOURS, PRONOUNS, RANK_WORDS, wordset
from tests.quality.halves import PARTS, in_part

MATCH_F1 = 0.8
SHORT_PARTIAL_WORDS = 3  # issue #14: partial quotes of 1-3 words, found at >= .8 recall
_MARKS = re.compile("[\"'«»‹›“”„‟‘’‛\x91\x92\x93\x94]")
_TOKEN = re.compile(r"\w+")
_TITLE_WORDS = (HONOURS | RANK_WORDS | {"the"}) - {"general"}
_PRONOUN_SPEAKERS = frozenset(PRONOUNS) | {"him", "her", "them", "his", "hers", "their"}
# Office titles written before a name ("Secretary Clinton", "Sen. Sanders"): by the shared
# annotation rules they are the role, not part of the speaker's name.
_OFFICE_PREFIX = wordset(
    "president secretary senator sen rep representative gov governor mayor former vice "
    "congressman congresswoman chairman chairwoman minister premier chancellor"
)

Extractor = Callable[[str, str], list[Quote]]
# The threshold the bot applies by default (bot/settings.py), so the figure is what users see.
DEFAULT_THRESHOLD = BriefingSettings().min_speaker_confidence


@dataclass(slots=True)
class Tally:
    """Counts behind the figures for one slice of the gold set."""

    predicted: int = 0
    predicted_correct: int = 0
    predicted_e2e: int = 0
    gold_full: int = 0
    gold_full_matched: int = 0
    speaker_correct: int = 0
    gold_short: int = 0  # partial quotes of one to three words
    gold_short_matched: int = 0
    named: int = 0  # matched full quotes whose speaker confidence clears the threshold
    named_correct: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict[str, float]:
        p = _ratio(self.predicted_correct, self.predicted)
        r = _ratio(self.gold_full_matched, self.gold_full)
        e2e_p = _ratio(self.predicted_e2e, self.predicted)
        e2e_r = _ratio(self.speaker_correct, self.gold_full)
        return {
            "precision": p,
            "recall": r,
            "f1": _f1(p, r),
            "speaker_accuracy": _ratio(self.speaker_correct, self.gold_full_matched),
            "end_to_end_f1": _f1(e2e_p, e2e_r),
            "short_partial_recall": _ratio(self.gold_short_matched, self.gold_short),
            "named_share": _ratio(self.named, self.gold_full_matched),
            "named_accuracy": _ratio(self.named_correct, self.named),
        }


@dataclass(slots=True)
class Report:
    """Overall figures, per-pattern figures and the individual misses."""

    articles: int
    overall: dict[str, float]
    counts: dict[str, int]
    patterns: dict[str, dict[str, float]] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.overall["precision"]

    @property
    def recall(self) -> float:
        return self.overall["recall"]

    @property
    def f1(self) -> float:
        return self.overall["f1"]

    @property
    def speaker_accuracy(self) -> float:
        return self.overall["speaker_accuracy"]

    @property
    def end_to_end_f1(self) -> float:
        return self.overall["end_to_end_f1"]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def quote_tokens(text: str) -> list[str]:
    """Tokens of a quote after normalising quote marks, white space and case."""
    return _TOKEN.findall(_MARKS.sub(" ", text).lower())


def token_f1(a: Sequence[str], b: Sequence[str]) -> float:
    if not a or not b:
        return 0.0
    common = sum((Counter(a) & Counter(b)).values())
    if not common:
        return 0.0
    p, r = common / len(a), common / len(b)
    return 2 * p * r / (p + r)


def _name_tokens(name: str) -> set[str]:
    toks = [t.removesuffix("s") if t.endswith("'s") else t for t in _TOKEN.findall(name.lower())]
    toks = [t for t in toks if t not in _TITLE_WORDS and t != "s"]
    while len(toks) > 1 and toks[0] in _OFFICE_PREFIX:
        toks.pop(0)
    return set(toks)


def speaker_matches(predicted: str, gold: str) -> bool:
    """Ignoring case and titles, is one name's token set a subset of the other's?"""
    if predicted.strip().lower() in _PRONOUN_SPEAKERS:
        return False
    p, g = _name_tokens(predicted), _name_tokens(gold)
    if not p or not g:
        return not p and not g
    return p <= g or g <= p


def _score_article(
    record: Mapping[str, Any],
    predictions: list[Quote],
    errors: list[dict[str, str]],
    threshold: float = DEFAULT_THRESHOLD,
) -> Tally:
    tally = Tally(predicted=len(predictions))
    gold = list(record.get("quotes", []))
    gold_toks = [quote_tokens(str(g["quote"])) for g in gold]
    pred_toks = [quote_tokens(q.text) for q in predictions]
    art_id = str(record.get("id", ""))
    for q, pt in zip(predictions, pred_toks, strict=True):
        scores = [token_f1(pt, gt) for gt in gold_toks]
        best = max(range(len(gold)), key=lambda j: scores[j], default=-1)
        if best >= 0 and scores[best] >= MATCH_F1:
            tally.predicted_correct += 1
            if speaker_matches(q.speaker, str(gold[best]["speaker"])):
                tally.predicted_e2e += 1
        else:
            errors.append({"id": art_id, "error": "false_positive", "quote": q.text[:80]})
    for g, gt in zip(gold, gold_toks, strict=True):
        if g.get("kind", "full") != "full":
            if 1 <= len(gt) <= SHORT_PARTIAL_WORDS:
                tally.gold_short += 1
                found = any(token_f1(pt, gt) >= MATCH_F1 for pt in pred_toks)
                tally.gold_short_matched += found
                if not found:
                    errors.append({"id": art_id, "error": "missed_short", "quote": str(g["quote"])})
            continue
        tally.gold_full += 1
        scores = [token_f1(pt, gt) for pt in pred_toks]
        best = max(range(len(predictions)), key=lambda j: scores[j], default=-1)
        if best < 0 or scores[best] < MATCH_F1:
            errors.append({"id": art_id, "error": "missed", "quote": str(g["quote"])[:80]})
            continue
        tally.gold_full_matched += 1
        right = speaker_matches(predictions[best].speaker, str(g["speaker"]))
        if predictions[best].confidence >= threshold:
            tally.named += 1
            tally.named_correct += right
        if right:
            tally.speaker_correct += 1
        else:
            errors.append(
                {
                    "id": art_id,
                    "error": "wrong_speaker",
                    "quote": str(g["quote"])[:80],
                    "gold": str(g["speaker"]),
                    "predicted": predictions[best].speaker,
                }
            )
    return tally


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate(
    gold: str | Path | Iterable[Mapping[str, Any]],
    extractor: Extractor = extract_quotes,
    part: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> Report:
    """Score ``extractor`` on a gold set (a JSONL path or records), or one ``part`` of it;
    speakers below ``threshold`` confidence count as shown "unattributed"."""
    records = load_gold(gold) if isinstance(gold, str | Path) else list(gold)
    records = [r for r in records if in_part(str(r.get("id", "")), part)]
    total = Tally()
    by_pattern: dict[str, Tally] = {}
    errors: list[dict[str, str]] = []
    for record in records:
        predictions = extractor(str(record["text"]), str(record.get("title", "")))
        tally = _score_article(record, predictions, errors, threshold)
        total.add(tally)
        for pattern in record.get("patterns", []):
            by_pattern.setdefault(str(pattern), Tally()).add(tally)
    return Report(
        articles=len(records),
        overall=total.figures(),
        counts={name: getattr(total, name) for name in Tally.__slots__},
        patterns={name: t.figures() for name, t in sorted(by_pattern.items())},
        errors=errors,
    )


def render(report: Report, show_errors: bool = False) -> str:
    o = report.overall
    lines = [
        f"articles {report.articles}  predicted {report.counts['predicted']}  "
        f"gold full {report.counts['gold_full']}",
        f"quote P {o['precision']:.3f}  R {o['recall']:.3f}  F1 {o['f1']:.3f}  "
        f"speaker acc {o['speaker_accuracy']:.3f}  end-to-end F1 {o['end_to_end_f1']:.3f}",
        f"short partial quotes (1-{SHORT_PARTIAL_WORDS} words): {report.counts['gold_short']}, "
        f"recall {o['short_partial_recall']:.3f}",
        f"named (confidence >= threshold) {o['named_share']:.3f} of matched full quotes, "
        f"named accuracy {o['named_accuracy']:.3f}",
        "",
        f"{'pattern':34} {'P':>6} {'R':>6} {'spk':>6} {'e2e':>6}",
    ]
    for name, f in report.patterns.items():
        lines.append(
            f"{name:34} {f['precision']:6.3f} {f['recall']:6.3f} "
            f"{f['speaker_accuracy']:6.3f} {f['end_to_end_f1']:6.3f}"
        )
    if show_errors:
        lines.append("")
        lines.extend(json.dumps(e, ensure_ascii=False) for e in report.errors)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.quality.quotes_eval")
    parser.add_argument("gold", help="gold JSONL file")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--errors", action="store_true", help="list each miss")
    parser.add_argument(
        "--part", choices=PARTS, help="only articles whose sha256(id) is even (read) or odd (check)"
    )
    parser.add_argument(
        "--threshold",
        type=float,
        default=DEFAULT_THRESHOLD,
        help="speaker confidence below which a quote is shown unattributed",
    )
    args = parser.parse_args(argv)
    report = evaluate(args.gold, part=args.part, threshold=args.threshold)
    if args.json:
        data = report.as_dict()
        if not args.errors:
            data.pop("errors")
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render(report, args.errors) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
