"""Benchmark: digest composition and per-article briefings.

Run: ``python3 -m uv run python tests/benchmarks/bench_digest.py``

Targets: a digest from 500 stories / 5,000 quotes in <= 200 ms; one briefing per
article (extraction excluded) in <= 5 ms. Medians are printed with a ratio against a
trivial baseline measured in the same run (one pass over the same data), so numbers
from different machines can be compared.
"""

from __future__ import annotations

import random
import re
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from summaries.briefing import compose_briefing
from summaries.digest import DigestFilter, compose_digest
from summaries.models import Article, Briefing, Quote, Speaker
from summaries.quotes import extract_quotes
from summaries.text import article_from_html, article_from_text
from summaries.topics import Lexicon

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "articles"
SINCE = datetime(2026, 3, 4, tzinfo=UTC)
UNTIL = SINCE + timedelta(days=1)
VOCABULARY = (
    "navy army frigate drone missile contract Ukraine NATO Brussels Kyiv Warsaw tank "
    "battery radar interceptor shipyard exercise minister budget order strike attack "
    "talks summit satellite cyber submarine Baltic Pacific Taiwan Red Sea Houthi fighter"
)
WORDS = VOCABULARY.split()
OUTLETS = (
    "Allied Wire",
    "Maritime Wire",
    "Northern Defence Journal",
    "Land Forces Wire",
    "Baltic Security Review",
    "Pacific Security Monitor",
)


def median_ms(func: Callable[[], object], repeat: int, number: int = 1) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            func()
        samples.append((time.perf_counter() - start) / number * 1000)
    return statistics.median(samples)


def synthetic_briefings(
    stories: int, per_story: int, quotes_each: int, *, ids: bool
) -> list[Briefing]:
    rng = random.Random(4)
    briefings = []
    for story in range(stories):
        topic = " ".join(rng.sample(WORDS, 5))
        for member in range(per_story):
            quotes = tuple(
                Quote(
                    text=" ".join(rng.choices(WORDS, k=rng.randint(3, 30))) + ".",
                    start=0,
                    end=10,
                    speaker=f"Speaker {rng.randint(1, 400)}",
                    role="Minister",
                    kind=rng.choice(("full", "full", "partial")),
                )
                for _ in range(quotes_each)
            )
            briefings.append(
                Briefing(
                    headline=f"{topic} {story}",
                    url=f"https://outlet{member}.example/{story}",
                    source=OUTLETS[(story + member) % len(OUTLETS)],
                    summary=f"{topic} reported on day {story} with {rng.choice(WORDS)}.",
                    quotes=quotes,
                    topics=tuple(rng.sample(("naval", "land", "NATO", "cyber", "Ukraine"), 2)),
                    speakers=tuple(Speaker(name=q.speaker) for q in quotes),
                    published=SINCE + timedelta(minutes=rng.randint(0, 1439)),
                    quote_links=tuple(
                        f"https://x.example/#:~:text={i}" for i in range(quotes_each)
                    ),
                    story_id=story if ids else None,
                )
            )
    return briefings


def fixture_articles() -> list[Article]:
    articles = []
    for path in sorted(FIXTURES.iterdir()):
        if path.suffix == ".html":
            articles.append(article_from_html(path.read_bytes(), f"https://x.example/{path.stem}"))
        elif path.suffix == ".txt":
            articles.append(
                article_from_text(path.read_text(encoding="utf-8"), url="https://x.example/t")
            )
    return articles


def report(label: str, median: float, baseline: float, target: float | None = None) -> None:
    verdict = ""
    if target is not None:
        verdict = f"  target <= {target:g} ms: {'ok' if median <= target else 'MISSED'}"
    print(f"  {label:<32} median {median:9.3f} ms  ratio {median / baseline:7.1f}x{verdict}")


def bench_digest() -> None:
    briefings = synthetic_briefings(500, 2, 5, ids=True)
    loose = synthetic_briefings(500, 2, 5, ids=False)
    quotes = sum(len(b.quotes) for b in briefings)
    narrow = DigestFilter(topics=("naval",), speakers=("Carrow", "Rutte"))
    baseline = median_ms(lambda: sorted(briefings, key=lambda b: b.published or SINCE), 15)
    digest = median_ms(lambda: compose_digest(briefings, since=SINCE, until=UNTIL), 15)
    filtered = median_ms(
        lambda: compose_digest(briefings, since=SINCE, until=UNTIL, filters=narrow), 15
    )
    clustered = median_ms(lambda: compose_digest(loose, since=SINCE, until=UNTIL), 5)
    print(f"digest: {len(briefings)} briefings / 500 stories / {quotes} quotes")
    report("baseline: sort by time", baseline, baseline)
    report("compose_digest, story ids set", digest, baseline, 200)
    report("compose_digest + filters", filtered, baseline, 200)
    report("compose_digest, clustering", clustered, baseline, 200)


def bench_briefing() -> None:
    lexicon = Lexicon.from_toml_text((ROOT / "config" / "topics.toml").read_text(encoding="utf-8"))
    articles = fixture_articles()
    seeds = sorted(Path("/work/shared/seeds").glob("000_*.txt"))
    articles += [
        article_from_text(p.read_text(encoding="utf-8"), url="https://x.example/s") for p in seeds
    ]
    prepared = [(a, extract_quotes(a.text, a.title)) for a in articles]
    token = re.compile(r"\w+")

    def baseline() -> None:
        for article, _ in prepared:
            token.findall(article.text)

    def briefings() -> None:
        for article, quotes in prepared:
            compose_briefing(article, quotes, lexicon=lexicon)

    n = len(prepared)
    base = median_ms(baseline, 31, 5) / n
    each = median_ms(briefings, 31, 5) / n
    print(f"briefing: {n} articles, per article (quotes precomputed; extraction excluded)")
    report("baseline: tokenise text once", base, base)
    report("compose_briefing + topics", each, base, 5)


if __name__ == "__main__":
    bench_digest()
    bench_briefing()
