"""Benchmark: quote extraction and attribution per article.

Run: ``python3 -m uv run python tests/benchmarks/bench_quotes.py``

Targets: >= 500 articles/s warm and >= 300 cold in one process. Synthetic articles are built
from the development set (tests/fixtures/quotes/dev.jsonl) by joining stories until each
reaches ~1,200 tokens. When the real-text cache exists (tests/quality/quotes/cache, built by
``tests.quality.quotes.polnear`` and ``tests.quality.quotes.build_cache``), its defence
excerpts and PolNeAR articles are measured too, as they come. Medians are CPU time per article; the median is printed with a ratio against a naive regex-only
pass over the same articles in the same run, so figures from different machines compare.
"""

from __future__ import annotations

import json
import random
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from summaries.quotes import extract_quotes
from summaries.quotes.speakers import clear_caches

DEV = Path(__file__).parents[1] / "fixtures" / "quotes" / "dev.jsonl"
CACHE = Path(__file__).parents[1] / "quality" / "quotes" / "cache"
REAL_SETS = (
    "defence_dev",
    "defence_dev2",
    "defence_dev3",
    "defence_dev4",
    "polnear_dev",
)  # never the held-out texts
TARGET_TOKENS = 1200
_NAIVE = re.compile(r"[“\"]([^”\"\n]{3,})[”\"]")


def build_articles(count: int, seed: int = 7) -> list[str]:
    stories = [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines()]
    rng = random.Random(seed)
    articles = []
    for _ in range(count):
        parts: list[str] = []
        while sum(len(p.split()) for p in parts) < TARGET_TOKENS:
            parts.append(rng.choice(stories))
        articles.append("\n\n".join(parts))
    return articles


def real_articles() -> list[str]:
    """Texts of the real-text dev sets, if their cache was built (no network here)."""
    texts: list[str] = []
    for name in REAL_SETS:
        path = CACHE / f"{name}.jsonl"
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            texts.extend(json.loads(line)["text"] for line in lines if line.strip())
    return texts


def cold_extract(text: str) -> object:
    """Extraction with every word cache emptied first: no help from earlier articles."""
    clear_caches()
    return extract_quotes(text)


def naive(text: str) -> int:
    return sum(1 for _ in _NAIVE.finditer(text))


def per_article_ms(fn: Callable[[str], object], articles: list[str], rounds: int) -> float:
    """Median CPU time per article (process CPU clock, so other busy processes on the
    machine do not inflate it)."""
    samples = []
    for _ in range(rounds):
        for text in articles:
            t0 = time.process_time()
            fn(text)
            samples.append((time.process_time() - t0) * 1000)
    return statistics.median(samples)


def main() -> None:
    articles = build_articles(100)
    tokens = statistics.median(len(a.split()) for a in articles)
    for text in articles[:5]:
        extract_quotes(text)  # warm caches
    engine = per_article_ms(extract_quotes, articles, rounds=3)
    cold = per_article_ms(cold_extract, articles, rounds=1)
    baseline = per_article_ms(naive, articles, rounds=3)
    t0 = time.perf_counter()
    quotes = sum(len(extract_quotes(a)) for a in articles)
    wall = time.perf_counter() - t0
    print(f"articles: {len(articles)}  median tokens/article: {tokens:.0f}  quotes: {quotes}")
    print(f"extract_quotes median: {engine:.2f} ms/article = {1000 / engine:.0f} articles/s")
    print(f"cold caches median: {cold:.2f} ms/article = {1000 / cold:.0f} articles/s")
    print(f"wall clock, one pass: {len(articles) / wall:.0f} articles/s")
    print(f"naive regex baseline median: {baseline:.3f} ms/article")
    print(f"ratio engine/baseline: {engine / baseline:.0f}x")
    report_targets("synthetic", 1000 / engine, 1000 / cold)
    real = real_articles()
    if not real:
        print("real text: no cache (build it with tests.quality.quotes.polnear / build_cache)")
        return
    tokens = statistics.median(len(a.split()) for a in real)
    warm_real = per_article_ms(extract_quotes, real, rounds=3)
    cold_real = per_article_ms(cold_extract, real, rounds=1)
    print(f"real text: {len(real)} articles, median tokens/article: {tokens:.0f}")
    print(f"real warm median: {warm_real:.2f} ms/article = {1000 / warm_real:.0f} articles/s")
    print(f"real cold median: {cold_real:.2f} ms/article = {1000 / cold_real:.0f} articles/s")
    report_targets("real", 1000 / warm_real, 1000 / cold_real)


def report_targets(label: str, warm_rate: float, cold_rate: float) -> None:
    warm_ok, cold_ok = warm_rate >= 500, cold_rate >= 300
    print(
        f"{label}: target >= 500/s warm {'MET' if warm_ok else 'NOT MET'}, "
        f">= 300/s cold {'MET' if cold_ok else 'NOT MET'}"
    )


if __name__ == "__main__":
    main()
