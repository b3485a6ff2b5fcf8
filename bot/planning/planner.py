"""The planner: due schedules become outbox rows. Schedules are rows in the store; the
runtime's ticks (:mod:`bot.runtime.scheduler`) only call in here.

- ``digests``: subscriptions whose ``next_digest_at`` has come -> one outbox row each.
- ``alerts``: new articles past each instant subscription's watermark -> outbox rows.
- ``housekeeping``: retention of old articles and finished deliveries.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.domain import Feed, Subscription
from bot.local_time import next_local_time, parse_hhmm, parse_zone
from bot.planning.filters import FilterError, TermFilter
from bot.platform import Profiles
from bot.replies import BriefingBlock, DigestBlock, Reply
from bot.settings import Settings
from bot.store import Store
from summaries.digest import DigestFilter, compose_digest, matches_filter
from summaries.models import Briefing

log = logging.getLogger(__name__)


def briefing_text(briefing: Briefing) -> str:
    quotes = " ".join(q.text for q in briefing.quotes)
    return f"{briefing.headline}\n{briefing.summary}\n{quotes}\n{' '.join(briefing.topics)}"


@dataclass(frozen=True)
class SubscriptionFilter:
    """What a subscription wants: topics, feeds or categories, speakers (``summaries``'
    DigestFilter) and include/exclude terms and patterns (RE2, linear time)."""

    digest: DigestFilter
    terms: TermFilter

    def matches(self, briefing: Briefing) -> bool:
        return matches_filter(briefing, self.digest) and (
            self.terms.empty or self.terms.matches(briefing_text(briefing))
        )

    def keep(self, briefings: list[Briefing]) -> list[Briefing]:
        if self.terms.empty:
            return briefings
        return [b for b in briefings if self.terms.matches(briefing_text(b))]


def subscription_filter(sub: Subscription, feeds: list[Feed] | None = None) -> SubscriptionFilter:
    """A feed reference in a subscription may name a feed or a whole category."""
    wanted = list(sub.feeds)
    for ref in sub.feeds:
        wanted += [f.name for f in feeds or [] if f.category and f.category.lower() == ref.lower()]
    try:
        terms = TermFilter.compile(sub.include_keywords, sub.exclude_keywords)
    except FilterError as exc:
        log.warning("subscription_id=%s filter terms ignored: %s", sub.id, exc)
        terms = TermFilter.compile()
    digest = DigestFilter(
        topics=sub.topics, feeds=tuple(dict.fromkeys(wanted)), speakers=sub.speakers
    )
    return SubscriptionFilter(digest, terms)


def next_digest_at(sub: Subscription, after: datetime) -> datetime:
    return next_local_time(
        after, parse_hhmm(sub.digest_time), parse_zone(sub.timezone), sub.weekdays
    )


class _Reads:
    """Store reads shared by the digests of one planning batch: most subscriptions due at
    the same minute share a window, so its briefings are read once, not once each."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._feeds: list[Feed] | None = None
        self._windows: dict[tuple[datetime, datetime], list[Briefing]] = {}

    async def feeds(self) -> list[Feed]:
        if self._feeds is None:
            self._feeds = await self._store.feeds.list()
        return self._feeds

    async def briefings(self, since: datetime, until: datetime) -> list[Briefing]:
        key = (since, until)
        if key not in self._windows:
            self._windows[key] = await self._store.articles.since(since, until)
        return self._windows[key]


class Planner:
    """Turns due schedules into outbox rows. Safe to run in several processes at once:
    a subscription advances only if nobody advanced it first, and every row has a
    dedupe key."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        clock: Callable[[], datetime],
        profiles: Profiles,
    ) -> None:
        self.store = store
        self.settings = settings
        self.clock = clock
        self.profiles = profiles

    def _render(self, platform: str, reply: Reply) -> list[dict[str, Any]]:
        return self.profiles[platform].render_parts(reply)

    async def digest_for(
        self,
        sub: Subscription,
        until: datetime,
        since: datetime | None = None,
        *,
        reads: _Reads | None = None,
    ) -> Reply:
        """The digest of ``sub``'s window: what sitrep stored since its last digest (a
        new subscription's first digest covers one window), so each article is in exactly
        one of a subscription's digests; articles older than the age limit are left out.

        ``reads`` shares the store reads among the subscriptions planned in one batch.
        """
        if since is None:
            window = timedelta(hours=self.settings.digest.window_hours)
            since = sub.last_digest_at or until - window
        reads = reads or _Reads(self.store)
        briefings = await reads.briefings(since, until)
        wanted = subscription_filter(sub, await reads.feeds())
        digest = compose_digest(
            wanted.keep(briefings),
            since=since,
            until=until,
            max_stories=self.settings.digest.max_stories,
            filters=wanted.digest,
            max_age=self.settings.digest.max_article_age,
        )
        return Reply(blocks=(DigestBlock(digest),))

    async def plan_digests(self, *, batch: int = 500) -> int:
        """Plan every due digest (in batches), so a morning peak is planned in one tick."""
        planned = 0
        for _ in range(10_000):
            subs = await self.store.subscriptions.due_digests(self.clock(), batch)
            if not subs:
                break
            planned += await self._plan(subs)
        return planned

    async def _plan(self, subs: list[Subscription]) -> int:
        now = self.clock()
        grace = timedelta(minutes=self.settings.digest.grace_minutes)
        planned = 0
        reads = _Reads(self.store)
        for sub in subs:
            due = sub.next_digest_at
            assert due is not None
            following = next_digest_at(sub, max(now, due))
            key = f"digest:{sub.id}:{due:%Y%m%dT%H%M}"
            target = {
                "platform": sub.platform,
                "chat_id": sub.chat_id,
                "thread_id": sub.thread_id,
                "chat_type": sub.chat_type,
                "subscription_id": sub.id,
            }
            if now - due > grace:
                delivery = {
                    **target,
                    "kind": "digest",
                    "dedupe_key": key,
                    "payload": [],
                    "state": "skipped",
                    "last_error": f"missed by {now - due} (grace {grace})",
                }
                last = sub.last_digest_at
                log.warning(
                    "subscription_id=%s digest due %s skipped: beyond the grace window", sub.id, due
                )
            else:
                reply = await self.digest_for(sub, now, reads=reads)
                delivery = {
                    **target,
                    "kind": "digest",
                    "dedupe_key": key,
                    "payload": self._render(sub.platform, reply),
                }
                last = now
                planned += 1
            await self.store.subscriptions.advance(sub.id, due, following, last, delivery, now=now)
        return planned

    async def plan_alerts(self) -> int:
        planned = 0
        subs = await self.store.subscriptions.instant()
        if not subs:
            return 0
        low = min(s.alert_watermark for s in subs)
        fresh = await self.store.articles.after_id(low, limit=500)
        if not fresh:
            return 0
        now = self.clock()
        feeds = await self.store.feeds.list()
        for sub in subs:
            wanted = subscription_filter(sub, feeds)
            mine = [b for b in fresh if (b.article_id or 0) > sub.alert_watermark]
            if not mine:
                continue
            top = max(b.article_id or 0 for b in mine)
            rows = []
            for briefing in mine:
                if not wanted.matches(briefing):
                    continue
                reply = Reply(blocks=(BriefingBlock(briefing),))
                rows.append(
                    {
                        "platform": sub.platform,
                        "chat_id": sub.chat_id,
                        "thread_id": sub.thread_id,
                        "chat_type": sub.chat_type,
                        "subscription_id": sub.id,
                        "kind": "alert",
                        "dedupe_key": f"alert:{sub.id}:{briefing.article_id}",
                        "payload": self._render(sub.platform, reply),
                    }
                )
            planned += await self.store.subscriptions.advance_watermark(
                sub.id, sub.alert_watermark, top, rows, now=now
            )
        return planned

    async def housekeeping(self) -> None:
        now = self.clock()
        r = self.settings.retention
        articles = await self.store.articles.delete_older_than(now - timedelta(days=r.article_days))
        deliveries = await self.store.deliveries.delete_finished_before(
            now - timedelta(days=r.delivery_days)
        )
        if articles or deliveries:
            log.info(
                "housekeeping: removed %d old articles and %d finished deliveries",
                articles,
                deliveries,
            )
