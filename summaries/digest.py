"""A window's briefings as a digest: top stories, a quote of the day, what was left out.

Briefings are grouped into stories (by ``Briefing.story_id`` when ingestion set one,
otherwise by clustering), ranked by importance (outlets reporting it, quotes, named
speakers, recency), and narrowed by a subscription's :class:`DigestFilter`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from urllib.parse import urlsplit

from summaries.briefing import quote_score
from summaries.models import Briefing, Digest, Quote, Story
from summaries.stories import cluster
from summaries.textfragment import text_fragment_url

DEFAULT_TITLE = "Defence digest"
EMPTY_WINDOW = "No new stories in this window."
EMPTY_FILTERED = "Nothing matched your filters in this window."
OUTLET_WEIGHT = 3.0
QUOTE_WEIGHT = 0.5
QUOTE_CAP = 10
SPEAKER_WEIGHT = 0.5
SPEAKER_CAP = 4
RECENCY_WEIGHT = 2.0
QOTD_MAX_WORDS = 50
MAX_AGE = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class DigestFilter:
    """A subscription's narrowing. Empty parts match everything; parts combine with AND.

    ``topics``: topic names (any of). ``feeds``: outlet names or hosts (any of).
    ``speakers``: names or surnames of people quoted (any of). Matching is
    case-insensitive; names match on word boundaries. Include/exclude words and patterns
    are the bot's one keyword filter (``bot.planning.filters``, RE2), applied beside this.
    """

    topics: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return not (self.topics or self.feeds or self.speakers)


@lru_cache(maxsize=1024)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    cleaned = [re.escape(" ".join(w.split())) for w in words if w.strip()]
    if not cleaned:
        return None
    alternatives = "|".join(w.replace(r"\ ", r"\s+") for w in cleaned)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


def _feed_matches(briefing: Briefing, feeds: tuple[str, ...]) -> bool:
    source = briefing.source.casefold()
    host = _host(briefing.url).casefold()
    for feed in feeds:
        wanted = feed.strip().casefold().removeprefix("www.")
        subdomain = "." in wanted and host.endswith("." + wanted)
        if wanted and (wanted == source or host == wanted or subdomain):
            return True
    return False


def _speaker_matches(briefing: Briefing, speakers: tuple[str, ...]) -> bool:
    pattern = _words_pattern(tuple(speakers))
    if pattern is None:
        return False
    names = [s.name for s in briefing.speakers] + [q.speaker for q in briefing.quotes]
    return any(pattern.search(name) for name in names if name)


def matches_filter(briefing: Briefing, filters: DigestFilter | None) -> bool:
    """True when ``briefing`` passes every non-empty part of ``filters``."""
    if filters is None or filters.is_empty():
        return True
    if filters.topics:
        wanted = {t.casefold() for t in filters.topics}
        if not any(t.casefold() in wanted for t in briefing.topics):
            return False
    if filters.feeds and not _feed_matches(briefing, filters.feeds):
        return False
    return not (filters.speakers and not _speaker_matches(briefing, filters.speakers))


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _fresh(briefing: Briefing, oldest: datetime | None) -> bool:
    """Undated briefings, and any briefing when no age limit is set, are kept."""
    if oldest is None or briefing.published is None:
        return True
    return _utc(briefing.published) >= oldest


def _group(briefings: Sequence[Briefing]) -> list[list[int]]:
    by_story: dict[int, list[int]] = {}
    loose: list[int] = []
    for index, briefing in enumerate(briefings):
        if briefing.story_id is None:
            loose.append(index)
        else:
            by_story.setdefault(briefing.story_id, []).append(index)
    groups = list(by_story.values())
    groups += [[loose[i] for i in group] for group in cluster([briefings[i] for i in loose])]
    return groups


def _lead_value(briefing: Briefing) -> tuple[float, float]:
    quality = sum(quote_score(q) for q in briefing.quotes) + (2.0 if briefing.summary else 0.0)
    earliest = -_utc(briefing.published).timestamp() if briefing.published else 0.0
    return quality, earliest


@dataclass(frozen=True, slots=True)
class _Ranked:
    story: Story
    members: tuple[Briefing, ...]
    latest: float


def _rank_story(members: list[Briefing], since: datetime, until: datetime) -> _Ranked:
    lead = max(members, key=_lead_value)
    dated = sorted(members, key=lambda b: _utc(b.published) if b.published else until)
    outlets: list[str] = []
    seen: set[str] = set()
    for member in dated:
        if member.source and member.source.casefold() not in seen:
            seen.add(member.source.casefold())
            outlets.append(member.source)
    also = tuple(o for o in outlets if o.casefold() != lead.source.casefold())
    quotes = sum(len(m.quotes) for m in members)
    named = {s.name.casefold() for m in members for s in m.speakers if s.kind == "person"}
    times = [_utc(m.published) for m in members if m.published]
    latest = max(times) if times else None
    span = (until - since).total_seconds() or 1.0
    recency = (latest - since).total_seconds() / span if latest else 0.5
    score = (
        OUTLET_WEIGHT * max(1, len(outlets))
        + QUOTE_WEIGHT * min(quotes, QUOTE_CAP)
        + SPEAKER_WEIGHT * min(len(named), SPEAKER_CAP)
        + RECENCY_WEIGHT * min(max(recency, 0.0), 1.0)
    )
    story = Story(lead=lead, also_reported_by=also, story_id=lead.story_id, score=score)
    return _Ranked(story, tuple(members), latest.timestamp() if latest else 0.0)


def _quote_of_the_day(ranked: Sequence[_Ranked]) -> tuple[Quote, Briefing, int] | None:
    best: tuple[float, Quote, Briefing, int] | None = None
    for position, item in enumerate(ranked):
        for briefing in item.members:
            for index, quote in enumerate(briefing.quotes):
                value = quote_score(quote) - 0.05 * position
                if len(quote.text.split()) > QOTD_MAX_WORDS:
                    value -= 2.0
                if best is None or value > best[0]:
                    best = (value, quote, briefing, index)
    return None if best is None else best[1:]


def compose_digest(
    briefings: Sequence[Briefing],
    *,
    since: datetime,
    until: datetime,
    max_stories: int = 10,
    filters: DigestFilter | None = None,
    title: str = DEFAULT_TITLE,
    max_age: timedelta | None = MAX_AGE,
) -> Digest:
    """Top ``max_stories`` stories of the window, best first, with a quote of the day.

    The window is the caller's: ``briefings`` are those sitrep *stored* in
    ``(since, until]`` (feeds surface articles late, so selecting by publication date
    would drop an article that arrives more than a window after it was published).
    Briefings published more than ``max_age`` before ``until`` are left out, so a new
    feed's backfill does not flood a digest; ``max_age=None`` keeps every one.
    """
    since, until = _utc(since), _utc(until)
    oldest = until - max_age if max_age is not None else None
    in_window = [b for b in briefings if _fresh(b, oldest)]
    selected = [b for b in in_window if matches_filter(b, filters)]
    if not selected:
        message = EMPTY_FILTERED if in_window else EMPTY_WINDOW
        return Digest(title=title, since=since, until=until, empty_message=message)
    ranked = [_rank_story([selected[i] for i in g], since, until) for g in _group(selected)]
    ranked.sort(key=lambda r: (-r.story.score, -r.latest, r.story.lead.headline))
    shown = ranked[: max(0, max_stories)]
    qotd = _quote_of_the_day(shown)
    link = source = ""
    if qotd is not None:
        quote, briefing, index = qotd
        link = (
            briefing.quote_links[index]
            if index < len(briefing.quote_links)
            else text_fragment_url(briefing.url, quote.text)
        )
        source = briefing.source
    return Digest(
        title=title,
        since=since,
        until=until,
        stories=tuple(r.story for r in shown),
        quote_of_the_day=qotd[0] if qotd else None,
        quote_of_the_day_link=link,
        quote_of_the_day_source=source,
        left_out=len(ranked) - len(shown),
        extra={
            "articles": str(len(selected)),
            "stories": str(len(ranked)),
            "filtered_out": str(len(in_window) - len(selected)),
        },
    )
