"""What each page shows, computed from the store (no HTML here)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote as urlquote

from bot.store.pauses import PlatformPauses
from bot.store.web import QuoteQuery
from bot.web.charts import Chart, buckets, by_bucket, chart

if TYPE_CHECKING:
    from bot.web.panel import WebPanel

FEED_PAGE = 200
STATES = ("pending", "sending", "failed", "dead", "sent")
SPANS = (
    ("24 h", timedelta(hours=24), timedelta(hours=1)),
    ("7 days", timedelta(days=7), timedelta(hours=6)),
)


async def overview_view(panel: WebPanel) -> dict[str, Any]:
    now = panel.clock()
    web = panel.store.web
    since = now - timedelta(days=7, hours=6)
    articles = await web.hourly("articles", since)
    sent = await web.hourly("sent", since)
    samples = await web.hourly_samples(since)
    sections: list[tuple[str, list[Chart]]] = []
    for label, span, step in SPANS:
        starts = buckets(now, span, step)
        failed, commands, seconds = _sampled(samples, starts, step)
        latency = [1000 * s / c if c else 0.0 for s, c in zip(seconds, commands, strict=True)]
        sections.append(
            (
                label,
                [
                    chart(
                        "Articles ingested", "articles", starts, by_bucket(articles, starts, step)
                    ),
                    chart("Deliveries sent", "sent", starts, by_bucket(sent, starts, step)),
                    chart("Deliveries failed", "failed", starts, failed),
                    chart("Command latency (mean)", "ms", starts, latency),
                ],
            )
        )
    counts = await web.delivery_counts()
    columns, workers = await web.workers()
    return {
        "sections": sections,
        "states": _state_totals(counts),
        "now": now,
        "worker_columns": columns,
        "workers": workers,
    }


def _sampled(
    samples: dict[int, tuple[int, int, float]], starts: list[datetime], step: timedelta
) -> tuple[list[float], list[float], list[float]]:
    """Hourly (failed, commands, seconds) summed into the buckets."""
    columns = [{h: v[i] for h, v in samples.items()} for i in range(3)]
    failed, commands, seconds = (by_bucket(c, starts, step) for c in columns)
    return failed, commands, seconds


def _state_totals(counts: dict[tuple[str, str], int]) -> dict[str, int]:
    totals = dict.fromkeys(STATES, 0)
    for (_platform, state), n in counts.items():
        totals[state] = totals.get(state, 0) + n
    return totals


async def feeds_view(
    panel: WebPanel, *, status: str, q: str, sort: str, page: int
) -> dict[str, Any]:
    page = max(page, 1)
    rows, total = await panel.store.web.feed_rows(
        now=panel.clock(),
        status=status,
        text=q,
        sort=sort,
        offset=(page - 1) * FEED_PAGE,
        limit=FEED_PAGE,
    )
    return {"feeds": rows, "total": total, "page": page, "pages": max(1, -(-total // FEED_PAGE))}


async def deliveries_view(panel: WebPanel, state: str) -> dict[str, Any]:
    state = state if state in STATES else "dead"
    web = panel.store.web
    now = panel.clock()
    counts = await web.delivery_counts()
    pauses = await panel.store.pauses.summary(now)  # every sender's, from the store
    platforms = sorted({p for p, _ in counts} | set(pauses))
    return {
        "state": state,
        "states": STATES,
        "platforms": platforms,
        "counts": counts,
        "pauses": [pauses.get(p) or PlatformPauses(p) for p in platforms],
        "now": now,
        "rows": await web.delivery_rows(state),
    }


async def subs_view(panel: WebPanel, platform: str) -> dict[str, Any]:
    rows = await panel.store.web.subscription_rows(platform)
    return {"subs": rows, "platform": platform}


def _day(text: str) -> datetime | None:
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        return None


async def quotes_view(panel: WebPanel, args: dict[str, str]) -> dict[str, Any]:
    until = _day(args["until"])
    query = QuoteQuery(
        speaker=args["speaker"].strip(),
        topic=args["topic"].strip(),
        feed_id=int(args["feed"]) if args["feed"].strip().isdigit() else None,
        since=_day(args["since"]),
        until=until + timedelta(days=1) if until else None,
    )
    web = panel.store.web
    hits = await web.search_quotes(query)
    return {
        "hits": [(h, fragment_link(h.article_url, h.text)) for h in hits],
        "speakers": await web.top_speakers(),
        "topics": panel.topic_names(),
    }


def fragment_link(url: str, text: str) -> str:
    """A link that scrolls to and highlights the quote (the Text Fragments syntax)."""
    words = text.split()
    if not url or not words:
        return url
    base = url.split("#", 1)[0]
    if len(words) <= 8:
        return f"{base}#:~:text={_enc(' '.join(words))}"
    return f"{base}#:~:text={_enc(' '.join(words[:4]))},{_enc(' '.join(words[-4:]))}"


def _enc(text: str) -> str:
    return urlquote(text, safe="")
