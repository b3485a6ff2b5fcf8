"""A loopback server with many feeds, for benchmarks: run as a separate process.

``python -m tests.benchmarks.feedfarm PORT FEEDS ENTRIES`` serves /feed/N.xml (RSS with
full content:encoded, ETag/304 aware) and /_hits (how often each feed was fetched, and
the count per User-Agent). Articles are variations of our own fixtures.
"""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from datetime import timedelta
from html import escape

from aiohttp import web

from tests.support.wire import load_articles

BASE = load_articles()


PEOPLE = [
    ("Defence Secretary", "Alan Pryce", "he"),
    ("General", "Maria Okafor", "she"),
    ("Admiral", "Tomas Lindqvist", "he"),
    ("Foreign Minister", "Ines Carvalho", "she"),
    ("Air Marshal", "Rupert Dale", "he"),
    ("Colonel", "Yusuf Demir", "he"),
    ("Chief of Staff", "Hanna Berg", "she"),
    ("Minister", "Piotr Nowicki", "he"),
    ("spokeswoman", "Lena Fischer", "she"),
    ("Commander", "Ravi Menon", "he"),
    ("Senator", "Grace Whitfield", "she"),
    ("analyst", "Oskar Holm", "he"),
]
PLACES = [
    "Gdansk",
    "Tallinn",
    "Riga",
    "Vilnius",
    "Kraków",
    "Narvik",
    "Plymouth",
    "Norfolk",
    "Okinawa",
    "Darwin",
    "Constanta",
    "Varna",
    "Kiel",
    "Toulon",
    "Rota",
    "Souda Bay",
    "Keflavik",
    "Bodø",
    "Oulu",
    "Aalborg",
]
SYSTEMS = [
    "frigates",
    "air defence batteries",
    "armoured vehicles",
    "patrol aircraft",
    "submarines",
    "drones",
    "radars",
    "howitzers",
    "helicopters",
    "minehunters",
    "tankers",
    "satellites",
    "interceptors",
    "corvettes",
]
VERBS = [
    "orders",
    "deploys",
    "tests",
    "upgrades",
    "retires",
    "leases",
    "buys",
    "moves",
    "fields",
    "doubles",
]
COUNTRIES = [
    "Poland",
    "Estonia",
    "Norway",
    "Japan",
    "Australia",
    "Romania",
    "Germany",
    "Canada",
    "Finland",
    "Denmark",
    "Italy",
    "Spain",
    "Greece",
    "Sweden",
    "Netherlands",
    "Portugal",
]


def synthetic(feed: int, n: int) -> tuple[str, list[str]]:
    """A unique, wire-style article (title, paragraphs) from word pools."""
    import random

    rng = random.Random(feed * 1000 + n)
    country, place, system, verb = (
        rng.choice(COUNTRIES),
        rng.choice(PLACES),
        rng.choice(SYSTEMS),
        rng.choice(VERBS),
    )
    (role, name, pronoun), (role2, name2, pronoun2) = rng.sample(PEOPLE, 2)
    number, money = rng.randint(2, 60), rng.randint(40, 900)
    surname, surname2 = name.split()[-1], name2.split()[-1]
    title = f"{country} {verb} {number} {system} for {place} in £{money}m plan ({feed}-{n})"
    paragraphs = [
        f"{country} {verb} {number} {system} to {place}, officials said on day {n} of the review, in a plan worth about £{money} million.",
        f"{role} {name} said the decision reflected a changed threat picture. “We cannot defend {place} with promises, we need {system} that work on day one,” {pronoun} told reporters.",
        f"{surname} added that the first units would arrive within {rng.randint(2, 18)} months. “This is about readiness, not headlines,” {pronoun} said.",
        f"Not everyone agreed. {role2} {name2} warned that the budget was stretched. “Every pound spent in {place} is a pound not spent on training,” {pronoun2} said.",
        f"“We will watch the costs closely,” {surname2} added, describing the plan as “ambitious but fragile”.",
        f"The ministry said reference {feed}-{n} covered maintenance contracts with {rng.randint(2, 9)} firms in {rng.choice(PLACES)}.",
    ]
    return title, paragraphs


def feed_xml(feed: int, entries: int, port: int) -> bytes:
    items = []
    for n in range(entries):
        title, paragraphs = synthetic(feed, n)
        uid = f"{feed}-{n}"
        html = "".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs)
        when = (BASE[0].published - timedelta(minutes=n + feed % 50)).strftime(
            "%a, %d %b %Y %H:%M:%S +0000"
        )
        items.append(
            f"<item><title>{escape(title)}</title><link>http://127.0.0.1:{port}/a/{uid}</link>"
            f"<guid>urn:bench:{uid}</guid><pubDate>{when}</pubDate><description>{escape(paragraphs[0][:150])}</description>"
            f"<content:encoded><![CDATA[{html}]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Bench feed {feed}</title><link>http://127.0.0.1:{port}/</link>{''.join(items)}</channel></rss>"
    ).encode()


def main() -> None:
    port, feeds, entries = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    bodies = {f"/feed/{i}.xml": feed_xml(i, entries, port) for i in range(feeds)}
    etags = {k: '"' + hashlib.sha1(v).hexdigest()[:16] + '"' for k, v in bodies.items()}
    hits: Counter[str] = Counter()
    agents: Counter[str] = Counter()

    async def handle(request: web.Request) -> web.Response:
        if request.path == "/_hits":  # what was fetched, and by whom (User-Agent)
            return web.json_response({"paths": hits, "agents": agents})
        body = bodies.get(request.path)
        if body is not None:
            hits[request.path] += 1
            agents[request.headers.get("User-Agent", "")] += 1
        if body is None:
            return web.Response(status=404)
        etag = etags[request.path]
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(
            body=body, headers={"ETag": etag, "Content-Type": "application/rss+xml"}
        )

    app = web.Application()
    app.router.add_get("/{tail:.*}", handle)
    print("ready", flush=True)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


if __name__ == "__main__":
    main()
