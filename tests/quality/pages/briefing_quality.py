"""Briefing quality on real excerpts: headline, lead, no furniture, right topics.

For each excerpt of the development set (see ``corpus.py``) the text goes the way
``sitrep brief file.txt`` takes it (plain text, no title given), and the briefing is
checked against what a reader expects::

    python3 -m uv run python -m tests.quality.pages.briefing_quality [-v]

A briefing is right when all four hold: the headline is the page's title line (empty
when the excerpt has none), the summary opens with the first sentence of the body
proper (and does not repeat the headline), no furniture string appears in the headline,
summary or quotes, and the topics are the expected ones (all required ones, nothing
outside ``topics`` + ``also_ok``).
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from summaries.models import Briefing
from summaries.pipeline import brief_article
from summaries.text import article_from_text
from summaries.topics import Lexicon
from tests.quality.pages.corpus import Excerpt, load

ROOT = Path(__file__).parents[3]
CHECKS = ("headline", "lead", "furniture", "topics")


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip().casefold()


def brief(excerpt: Excerpt, lexicon: Lexicon) -> Briefing:
    article = article_from_text(excerpt.text, url=excerpt.url)
    _quotes, briefing = brief_article(article, lexicon=lexicon)
    return briefing


def check(excerpt: Excerpt, briefing: Briefing) -> dict[str, bool]:
    expect = excerpt.expect
    headline, summary = _norm(briefing.headline), _norm(briefing.summary)
    leads = [_norm(lead) for lead in expect["lead"]]
    shown = " ".join([briefing.headline, briefing.summary, *(q.text for q in briefing.quotes)])
    topics = set(briefing.topics)
    return {
        "headline": headline == _norm(expect["headline"]),
        "lead": any(summary.startswith(lead) for lead in leads)
        and not (headline and summary.startswith(headline)),
        "furniture": not any(_norm(f) in _norm(shown) for f in expect["furniture"]),
        "topics": set(expect["topics"]) <= topics <= set(expect["topics"]) | set(expect["also_ok"]),
    }


def evaluate(
    excerpts: Iterable[Excerpt], lexicon: Lexicon, verbose: bool = False
) -> dict[str, float]:
    counts = dict.fromkeys((*CHECKS, "all"), 0)
    total = 0
    for excerpt in excerpts:
        briefing = brief(excerpt, lexicon)
        result = check(excerpt, briefing)
        total += 1
        for name, ok in result.items():
            counts[name] += ok
        counts["all"] += all(result.values())
        if verbose and not all(result.values()):
            failed = ",".join(name for name, ok in result.items() if not ok)
            print(f"- {excerpt.id} [{failed}]")
            print(f"    headline: {briefing.headline!r}")
            print(f"    summary:  {briefing.summary[:160]!r}")
            print(f"    topics:   {briefing.topics} (expected {excerpt.expect['topics']})")
    return {name: count / max(1, total) for name, count in counts.items()} | {"n": total}


def lexicon() -> Lexicon:
    return Lexicon.from_toml_text((ROOT / "config" / "topics.toml").read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    shares = evaluate(load(), lexicon(), args.verbose)
    print(f"{int(shares['n'])} excerpts")
    for name in (*CHECKS, "all"):
        print(f"{name:<10} {shares[name]:.2f}")


if __name__ == "__main__":
    main()
