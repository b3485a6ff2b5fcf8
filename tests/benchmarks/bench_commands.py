"""Benchmark: chat command latency with 1,000,000 quotes in the store.

Run: ``python3 -m uv run python tests/benchmarks/bench_commands.py``
     (``--quotes 200000`` for a quick look; ``--db PATH`` keeps and reuses the filled store)

Measures ``/latest``, ``/quotes SPEAKER`` and ``/search TERMS`` end to end: from queueing the
update at the loopback fake Bot API (tests/fakes/botapi.py) to the reply being recorded
there, through the real python-telegram-bot long polling, the TelegramAdapter, the command
layer and a SQLite store. Beside each, the raw store query (``store.articles.latest`` /
``quotes_by_speaker`` / ``search``) is timed as the floor, and ``/start`` (no store) is
the baseline: the round trip through PTB and the fake alone. Target: p95 <= 50 ms.

The store is filled with bulk inserts through SQLAlchemy Core on the store's own tables
(articles with briefings, and their quotes); the FTS triggers of the migrations keep the
full-text indexes in step as they would in production.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import itertools
import json
import logging
import os
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bot.app import App
from bot.settings import load_settings
from bot.store import Store
from bot.store.codec import join_list
from bot.store.quotes import last_name_key, speaker_key
from bot.store.tables import articles, quotes, stories
from tests.fakes.botapi import FakeBotAPI

FTS = importlib.import_module("bot.migrations.versions.0002_full_text_search")
USER = 5150
TARGET_P95_MS = 50.0
QUOTES_PER_ARTICLE = 8
BATCH = 5_000
START = datetime(2026, 8, 1, tzinfo=UTC)

# Our own vocabulary, in wire style.
SUBJECTS = [
    "the frigate programme",
    "the air defence battery",
    "the drone order",
    "the shipyard",
    "the missile stockpile",
    "the Baltic patrol",
    "the radar upgrade",
    "the tank fleet",
    "the satellite launch",
    "the cyber unit",
    "the submarine refit",
    "the artillery contract",
    "the training mission",
    "the logistics hub",
    "the border brigade",
    "the fighter squadron",
]
VERBS = [
    "will be ready",
    "has slipped",
    "needs more money",
    "is on schedule",
    "must be doubled",
    "cannot wait",
    "is under review",
    "was never funded",
    "is ahead of plan",
    "will move north",
]
WHEN = [
    "by the spring",
    "before winter",
    "this year",
    "within weeks",
    "after the summit",
    "once parliament agrees",
    "next quarter",
    "by the end of the decade",
]
TOPICS = ("NATO", "naval", "air defence", "drones", "missiles", "cyber", "land", "industry")
OUTLETS = ("Northern Wire", "Harbour Defence News", "Capital Security Daily", "Industry Brief")
FIRST = [
    "Anna",
    "Kadri",
    "Peter",
    "Jonas",
    "Mira",
    "Tomas",
    "Elena",
    "Lars",
    "Ines",
    "Piotr",
    "Sofia",
    "Marek",
    "Ruth",
    "Aleks",
    "Nina",
    "Oskar",
    "Leila",
    "Henrik",
    "Dana",
    "Viktor",
    "Greta",
    "Pavel",
    "Irena",
    "Mateus",
    "Karin",
    "Emil",
    "Zofia",
    "Bruno",
    "Hanna",
    "Felix",
]
LAST = [
    "Tamm",
    "Lindqvist",
    "Kowalczyk",
    "Berg",
    "Okafor",
    "Novak",
    "Haddad",
    "Sorensen",
    "Meyer",
    "Duarte",
    "Virtanen",
    "Kaminski",
    "Andersen",
    "Rossi",
    "Petrov",
    "Moreau",
    "Jansen",
    "Costa",
    "Laine",
    "Nowak",
    "Fischer",
    "Holm",
    "Varga",
    "Silva",
    "Ozturk",
    "Weber",
    "Dvorak",
    "Kovacs",
    "Mazur",
    "Aalto",
    "Brandt",
    "Lund",
    "Ferrari",
    "Horvat",
    "Ivanova",
    "Kral",
    "Lehto",
    "Marin",
    "Nagy",
    "Olsen",
]
ROLES = [
    "Defence Minister",
    "Chief of Defence",
    "Rear Admiral",
    "Deputy Minister for Industry",
    "committee chair",
    "NATO spokesperson",
    "Air Force commander",
    "procurement chief",
]


def speakers(count: int) -> list[tuple[str, str]]:
    rng = random.Random(3)
    names = [f"{f} {last}" for last in LAST for f in FIRST]
    rng.shuffle(names)
    return [(name, rng.choice(ROLES)) for name in names[:count]]


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} {rng.choice(WHEN)}"


def article_rows(
    first_id: int, count: int, cast: list[tuple[str, str]], weights: list[float], rng: random.Random
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    story_rows, article_list, quote_list = [], [], []
    for n in range(first_id, first_id + count):
        at = START + timedelta(seconds=n * 30)
        said = [sentence(rng) for _ in range(QUOTES_PER_ARTICLE)]
        who = rng.choices(cast, weights, k=QUOTES_PER_ARTICLE)
        headline = f"{sentence(rng)}, officials say ({n})"
        paras = [f"{headline}."] + [
            f"“{s},” {role} {name} said." for s, (name, role) in zip(said, who, strict=True)
        ]
        text = "\n\n".join(paras)
        topics = tuple(rng.sample(TOPICS, 2))
        source = OUTLETS[n % len(OUTLETS)]
        url = f"https://news.example.org/{n}"
        qs = []
        for i, (s, (name, role)) in enumerate(zip(said, who, strict=True)):
            start = text.index(s)
            qs.append(
                {
                    "text": s,
                    "start": start,
                    "end": start + len(s),
                    "speaker": name,
                    "role": role,
                    "kind": "full",
                    "speaker_kind": "person",
                }
            )
            quote_list.append(
                {
                    "article_id": n,
                    "position": i,
                    "text": s,
                    "speaker": name,
                    "speaker_key": speaker_key(name),
                    "speaker_last": last_name_key(name),
                    "role": role,
                    "kind": "full",
                    "speaker_kind": "person",
                    "start": start,
                    "end": start + len(s),
                    "created_at": at,
                }
            )
        briefing = {
            "headline": headline,
            "url": url,
            "source": source,
            "summary": f"{headline}.",
            "quotes": qs[:3],
            "topics": list(topics),
            "speakers": [{"name": q["speaker"], "role": q["role"], "kind": "person"} for q in qs],
            "published": at.isoformat(),
            "quote_links": [],
        }
        story_rows.append({"id": n, "title": headline, "first_seen_at": at, "last_seen_at": at})
        article_list.append(
            {
                "id": n,
                "story_id": n,
                "url": url,
                "url_key": f"k{n}",
                "guid": url,
                "title": headline,
                "source": source,
                "published_at": at,
                "created_at": at,
                "text": text,
                "lead": f"{headline}.",
                "summary": f"{headline}.",
                "topics": join_list(topics),
                "briefing": briefing,
                "quote_count": QUOTES_PER_ARTICLE,
            }
        )
    return story_rows, article_list, quote_list


def fill(path: Path, total_quotes: int) -> float:
    """Bulk-load ``total_quotes`` quotes (and their articles); returns seconds taken."""
    started = time.perf_counter()
    engine = sa.create_engine(f"sqlite:///{path}")
    cast = speakers(1_000)
    weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(cast))]
    rng = random.Random(11)
    count = total_quotes // QUOTES_PER_ARTICLE
    triggers = [sql for sql in FTS.SQLITE_UP if sql.startswith("CREATE TRIGGER")]
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA synchronous=OFF")
        for sql in triggers:  # index once at the end: faster than row by row
            conn.exec_driver_sql(f"DROP TRIGGER {sql.split()[2]}")
        for first in range(1, count + 1, BATCH):
            rows = article_rows(first, min(BATCH, count + 1 - first), cast, weights, rng)
            conn.execute(stories.insert(), rows[0])
            conn.execute(articles.insert(), rows[1])
            conn.execute(quotes.insert(), rows[2])
            if first // BATCH % 20 == 0:
                print(f"  {first * QUOTES_PER_ARTICLE:>9,} quotes", flush=True)
        for sql in triggers:
            conn.exec_driver_sql(sql)
        for table in ("articles_fts", "quotes_fts"):
            conn.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
        conn.exec_driver_sql(SPEAKERS_SUMMARY)  # what ingestion keeps up to date row by row
        conn.exec_driver_sql("ANALYZE")
    engine.dispose()
    return time.perf_counter() - started


Row = tuple[str, list[float], list[float] | None]
Case = tuple[str, Callable[[int], str], Callable[[Store, int], Awaitable[list[Any]]] | None, bool]
MID = [name for name, _ in speakers(1_000)][40:50]  # mid-frequency speakers
RARE = [name for name, _ in speakers(1_000)][990:1000]  # a few hundred quotes each
TERMS = ["frigate programme", "shipyard winter", "radar upgrade review", "drone order"]
# (row, command for run i, the store call it rests on, required by the issue)
CASES: list[Case] = [
    ("/start (baseline)", lambda i: "/start", None, True),
    ("/latest", lambda i: "/latest", lambda s, i: s.articles.latest(5), True),
    (
        "/quotes SPEAKER",
        lambda i: f"/quotes {MID[i % 10]}",
        lambda s, i: s.articles.quotes_by_speaker(MID[i % 10], 5),
        True,
    ),
    (
        "/search TERMS",
        lambda i: f"/search {TERMS[i % 4]}",
        lambda s, i: s.articles.search(TERMS[i % 4], 5),
        True,
    ),
    (
        "/quotes RARE",
        lambda i: f"/quotes {RARE[i % 10]}",
        lambda s, i: s.articles.quotes_by_speaker(RARE[i % 10], 5),
        False,
    ),
    (
        "/quotes NO-MATCH",
        lambda i: f"/quotes Nobody Known{i}",
        lambda s, i: s.articles.quotes_by_speaker(f"Nobody Known{i}", 5),
        False,
    ),
    (
        "/who NAME",
        lambda i: f"/who {MID[i % 10]}",
        lambda s, i: s.articles.speakers(MID[i % 10], limit=5),
        False,
    ),
]


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


READERS = 1000
PAUSE = 0.05  # > 1/30 s: the overall bucket (30 messages/s) has drained between rounds
_turn = itertools.count()


async def round_trip(api: FakeBotAPI, text: str) -> float:
    """ms from queueing the update to the first reply message being recorded.

    Each round comes from the next of ``READERS`` private chats: replies keep Telegram's
    per-chat pace (about one message a second), so one chat firing commands back to back
    would measure that pace, not the command; likewise rounds are ``PAUSE`` apart so the
    overall 30 messages/s bucket is empty (its pace under load is measured by
    tests/integration/test_reply_burst.py)."""
    user = USER + next(_turn) % READERS
    if user not in api.users:
        api.add_user(user, f"Reader {user}")
    await asyncio.sleep(PAUSE)  # a user's think time: the bot's overall pace is not measured
    before = len(api.messages(user))
    t0 = time.monotonic()
    api.queue_message(user, user, text)
    got = await api.wait_for_messages(user, before + 1, timeout=30)
    reply = got[before]
    if "Sorry, something went wrong" in reply.plain_text:
        raise RuntimeError(f"{text!r} failed")
    return (reply.sent_at - t0) * 1000


async def floor(
    store: Store, call: Callable[[Store, int], Awaitable[list[Any]]], runs: int
) -> list[float]:
    samples = []
    for i in range(runs):
        t0 = time.perf_counter()
        await call(store, i)
        samples.append((time.perf_counter() - t0) * 1000)
    return samples


async def measure(db: Path, runs: int, extra_runs: int) -> list[Row]:
    async with FakeBotAPI() as api:
        settings = load_settings(
            env={
                "SITREP_DATA_DIR": str(db.parent),
                "DATABASE_URL": f"sqlite+aiosqlite:///{db}",
                "TELEGRAM_BOT_TOKEN": api.token,
                "TELEGRAM_API_BASE_URL": api.base_url,
            }
        ).model_copy(update={"feeds": []})
        app = App(settings)
        await app.initialize()
        adapter = app.telegram_adapter(poll_timeout=10)
        await adapter.initialize()
        await adapter.start()
        rows: list[Row] = []
        try:
            assert len(await app.store.articles.search(TERMS[0], 5)) == 5
            assert len(await app.store.articles.quotes_by_speaker(RARE[0], 5)) == 5
            for _name, command, _call, _required in CASES:
                await round_trip(api, command(0))  # warm up caches and connections
            for name, command, call, required in CASES:
                n = runs if required else extra_runs
                e2e = [await round_trip(api, command(i)) for i in range(n)]
                rows.append((name, e2e, await floor(app.store, call, n) if call else None))
        finally:
            await adapter.shutdown()
            await app.shutdown()
    return rows


SPEAKERS_SUMMARY = (
    "INSERT INTO speakers (key, name, last, role, quote_count, last_quoted_at) "
    "SELECT speaker_key, max(speaker), max(speaker_last), max(role), count(*), max(created_at) "
    "FROM quotes WHERE speaker_kind = 'person' AND speaker_key <> '' GROUP BY speaker_key"
)


def report(rows: list[Row], title: str) -> None:
    base = statistics.median(rows[0][1])
    print(
        f"\n{title:<22}{'p50 ms':>9}{'p95 ms':>9}{'store p50':>11}{'store p95':>11}"
        f"{'vs first':>10}  target p95 <= {TARGET_P95_MS:g} ms"
    )
    for name, e2e, store_ms in rows:
        p50, p95 = statistics.median(e2e), pct(e2e, 0.95)
        f50 = f"{statistics.median(store_ms):>11.1f}" if store_ms else f"{'—':>11}"
        f95 = f"{pct(store_ms, 0.95):>11.1f}" if store_ms else f"{'—':>11}"
        verdict = "ok" if p95 <= TARGET_P95_MS else "OVER"
        print(f"{name:<22}{p50:>9.1f}{p95:>9.1f}{f50}{f95}{p50 / base:>9.1f}x  {verdict}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quotes", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--extra-runs", type=int, default=10, help="for the informative rows")
    parser.add_argument("--db", type=Path, default=None, help="keep/reuse the store here")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.db"
        if not db.exists():
            store = Store(f"sqlite+aiosqlite:///{db}")
            await store.initialize()
            await store.shutdown()
            print(f"filling {db} with {args.quotes:,} quotes …")
            print(f"filled in {fill(db, args.quotes):.1f} s ({db.stat().st_size / 1e6:.0f} MB)")
        store = Store(f"sqlite+aiosqlite:///{db}")
        await store.initialize()
        print(f"store: {json.dumps(await store.articles.counts())}")
        await store.shutdown()
        report(await measure(db, args.runs, args.extra_runs), "end to end")


if __name__ == "__main__":
    asyncio.run(main())
