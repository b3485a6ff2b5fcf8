"""The poller: due feeds in, stored briefings out.

Each feed is refreshed in isolation with its own time limit; the outcome (new,
unchanged, error) is recorded on the feed row. Errors back off exponentially (capped)
and a feed that keeps failing is paused, visibly. Nothing one feed does delays the rest.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from bot.domain import Feed, FeedEntry
from bot.ingest.feedformat import FEED_ACCEPT, FeedFormatError, canonical_url
from bot.ingest.fetch import Fetcher, FetchError
from bot.ingest.processing import EntryText, NotAnArticle, Processed, Processor
from bot.local_time import utcnow
from bot.planning.filters import FilterError, TermFilter
from bot.settings import PollSettings
from bot.store import Store
from bot.store.articles import NewArticle
from bot.store.feeds import entry_key
from summaries.stories import STORY_WINDOW, StoryFeatures, StoryMatcher, briefing_features
from summaries.topics import Lexicon, is_defence_relevant

T = TypeVar("T")

log = logging.getLogger(__name__)
_TAG = re.compile(r"<[^>]+>")
Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class PollOutcome:
    feed_id: int
    name: str
    status: str  # "new" | "unchanged" | "error"
    new: int = 0
    error: str = ""
    error_kind: str = ""
    skipped: tuple[str, ...] = ()  # "URL: why it is not an article", never briefed

    @property
    def reason(self) -> str:
        """The error, or what was skipped and why."""
        if self.error or not self.skipped:
            return self.error
        count = len(self.skipped)
        return f"skipped {count} {'entry' if count == 1 else 'entries'}: " + "; ".join(self.skipped)


def text_length(fragment: str) -> int:
    return len(" ".join(html.unescape(_TAG.sub(" ", fragment)).split()))


class Poller:
    def __init__(
        self,
        store: Store,
        fetcher: Fetcher,
        processor: Processor,
        settings: PollSettings,
        *,
        clock: Clock = utcnow,
        lexicon: Lexicon | None = None,
        worker_id: str = "poller",
    ) -> None:
        self._lexicon = lexicon
        self.worker_id = worker_id
        self._store = store
        self._fetcher = fetcher
        self._processor = processor
        self._settings = settings
        self._clock = clock
        self._running: set[int] = set()
        self._writes: set[asyncio.Future[Any]] = set()
        self.stories = StoryMatcher()
        self._stories_loaded = False

    async def load_stories(self) -> None:
        """Fill the story index with the recent briefings in the store (once)."""
        if self._stories_loaded:
            return
        self._stories_loaded = True
        now = self._clock()
        for briefing in reversed(
            await self._store.articles.since(now - STORY_WINDOW, now, limit=20_000)
        ):
            if briefing.story_id is not None:
                features = briefing_features(briefing)
                self.stories.add(features, briefing.story_id, briefing.url, now)

    @property
    def running(self) -> frozenset[int]:
        """Ids of the feeds being polled right now."""
        return frozenset(self._running)

    async def _write(self, work: Awaitable[T]) -> T:
        """A store write that cancelling the poll (a shutdown) does not cut short: the
        caller stops waiting, the write finishes; :meth:`finish_writes` waits for it."""
        future = asyncio.ensure_future(work)
        self._writes.add(future)
        future.add_done_callback(self._writes.discard)
        return await asyncio.shield(future)

    async def finish_writes(self, timeout: float) -> int:  # noqa: ASYNC109
        """Wait (bounded) for store writes still under way; returns how many were cut."""
        if self._writes:
            await asyncio.wait(set(self._writes), timeout=timeout)
        return len(self._writes)

    async def poll_due(
        self, *, progress: Callable[[PollOutcome], None] | None = None, every_feed: bool = False
    ) -> list[PollOutcome]:
        """Poll every due feed this worker can claim, refilling free slots as feeds finish,
        until none is left to claim (other workers may hold the rest). ``every_feed``
        (``sitrep fetch``): every active feed not polled since this call began is due,
        claimed the same way, so none is fetched while another process holds it."""
        outcomes: list[PollOutcome] = []
        busy: set[asyncio.Task[PollOutcome]] = set()
        started = self._clock() if every_feed else None
        try:
            while True:
                for feed in await self._claim(self._settings.concurrency - len(busy), started):
                    busy.add(asyncio.create_task(self.poll_feed(feed), name=f"feed-{feed.id}"))
                if not busy:
                    return outcomes
                done, busy = await asyncio.wait(busy, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    outcomes.append(task.result())
                    if progress is not None:
                        progress(outcomes[-1])
        finally:
            for task in busy:
                task.cancel()

    async def _claim(self, room: int, polled_before: datetime | None = None) -> list[Feed]:
        s = self._settings
        feeds = await self._store.feed_claims.claim(
            self.worker_id,
            self._clock(),
            lease=timedelta(seconds=s.claim_lease_seconds),
            limit=room,
            per_host=s.per_host,
            polled_before=polled_before,
        )
        return [f for f in feeds if f.id not in self._running]

    async def poll_many(
        self, feeds: list[Feed], *, progress: Callable[[PollOutcome], None] | None = None
    ) -> list[PollOutcome]:
        slots = asyncio.Semaphore(self._settings.concurrency)

        async def one(feed: Feed) -> PollOutcome:
            async with slots:
                outcome = await self.poll_feed(feed)
            if progress is not None:
                progress(outcome)
            return outcome

        return list(await asyncio.gather(*(one(f) for f in feeds)))

    async def poll_feed(self, feed: Feed) -> PollOutcome:
        """Poll one feed; never raises (except cancellation)."""
        self._running.add(feed.id)
        try:
            async with asyncio.timeout(self._settings.feed_timeout):
                outcome = await self._refresh(feed)
        except TimeoutError:
            outcome = await self._record_error(
                feed, f"feed took longer than {self._settings.feed_timeout:g}s", "timeout"
            )
        except (FetchError, FeedFormatError) as exc:
            outcome = await self._record_error(feed, str(exc), getattr(exc, "kind", "format"))
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # one broken feed must never stop the others
            log.exception("feed_id=%s unexpected error while polling", feed.id)
            outcome = await self._record_error(
                feed, f"internal error: {type(exc).__name__}: {exc}", "internal"
            )
        finally:
            self._running.discard(feed.id)
        return outcome

    async def _refresh(self, feed: Feed) -> PollOutcome:
        s = self._settings
        fetched = await self._fetcher.get(
            feed.url,
            max_bytes=s.max_feed_bytes,
            etag=feed.etag,
            last_modified=feed.last_modified,
            accept=FEED_ACCEPT,
        )
        if fetched.not_modified:
            await self._record_success(
                feed,
                etag=fetched.etag or feed.etag,
                last_modified=fetched.last_modified or feed.last_modified,
            )
            log.debug("feed_id=%s not modified", feed.id)
            return PollOutcome(feed.id, feed.name, "unchanged")
        parsed = await self._processor.parse(fetched.body, fetched.url, fetched.content_type)
        entries = parsed.entries[: s.max_entries_per_poll]
        fresh = await self._unseen(feed, entries)
        if not feed.first_polled and len(fresh) > s.backfill:
            fresh.sort(key=lambda e: e.published or datetime.min.replace(tzinfo=UTC), reverse=True)
            skipped, fresh = fresh[s.backfill :], fresh[: s.backfill]
            await self._store.feeds.mark_seen(
                feed.id, [k for e in skipped for k in _keys(e)], now=self._clock()
            )
        stored, not_articles = await self._ingest(feed, fresh)
        name = feed.name if feed.name and feed.name != feed.url else (parsed.title or feed.name)
        outcome = PollOutcome(
            feed.id, name, "new" if stored else "unchanged", new=stored, skipped=tuple(not_articles)
        )
        await self._record_success(
            feed,
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            site_url=parsed.site_url[:2048],
            name=name[:200],
            last_error=outcome.reason[:1000],
        )
        log.info("feed_id=%s polled: %d entries, %d new", feed.id, len(entries), stored)
        return outcome

    async def _unseen(self, feed: Feed, entries: list[FeedEntry]) -> list[FeedEntry]:
        keys = [k for e in entries for k in _keys(e)]
        seen = await self._store.feeds.seen_keys(feed.id, keys)
        out: list[FeedEntry] = []
        batch: set[str] = set()
        for entry in entries:
            mine = _keys(entry)
            if any(k in seen or k in batch for k in mine):
                new_keys = [k for k in mine if k not in seen]
                if new_keys:  # a changed GUID (or link): remember the new key too
                    await self._store.feeds.mark_seen(feed.id, new_keys, now=self._clock())
                continue
            batch.update(mine)
            out.append(entry)
        return out

    async def _ingest(self, feed: Feed, entries: list[FeedEntry]) -> tuple[int, list[str]]:
        """Process new entries (concurrently) and store them in one transaction; returns how
        many were stored and, for each entry that is not an article, its URL and why."""
        if not entries:
            return 0, []
        keyed = [(entry, entry_key("u", canonical_url(entry.url))) for entry in entries]
        present = await self._store.articles.stored_keys([k for _, k in keyed])
        todo = [(e, k) for e, k in keyed if k not in present]
        results = await asyncio.gather(*(self._process(feed, e) for e, _ in todo))
        items: list[NewArticle] = []
        features: list[StoryFeatures | None] = []
        keep = self._feed_filter(feed)
        skipped = [done for done in results if isinstance(done, str)]
        notes = {
            k: done
            for (e, _), done in zip(todo, results, strict=True)
            if isinstance(done, str)
            for k in _keys(e)
        }
        # An entry whose processing failed unexpectedly stays unseen: the next poll tries it
        # again rather than losing it.
        failed = {id(e) for (e, _), done in zip(todo, results, strict=True) if done is None}
        for (entry, key), done in zip(todo, results, strict=True):
            if isinstance(done, Processed) and keep(done):
                items.append(NewArticle(key, entry.guid, done.article, done.quotes, done.briefing))
                features.append(done.features)
        await self.load_stories()
        now = self._clock()
        plan = self.stories.plan(
            [
                (_dated(f or briefing_features(i.briefing), now), i.briefing.url)
                for i, f in zip(items, features, strict=True)
            ],
            now,
        )
        stored, new_ids = await self._write(
            self._store.articles.add_batch(
                feed.id,
                items,
                plan,
                now=now,
                seen=(feed.id, [k for e in entries if id(e) not in failed for k in _keys(e)]),
                notes=notes,
            )
        )
        merges = {
            new_ids.get(old, old): new_ids.get(new, new)
            for old, new in self.stories.take_merges().items()
        }
        if merges := {old: new for old, new in merges.items() if old > 0 and new > 0}:
            await self._store.articles.merge_stories(merges, now=now)
        stored_keys = {key for _a, _s, key in stored}
        self.stories.resolve(new_ids, {i.briefing.url for i in items if i.url_key in stored_keys})
        return len(stored), skipped

    def _feed_filter(self, feed: Feed) -> Callable[[Processed], bool]:
        """The feed's include/exclude terms and, if enabled, the defence-relevance filter."""
        try:
            terms = TermFilter.compile(feed.include_keywords, feed.exclude_keywords)
        except FilterError as exc:  # stored before validation existed: never block the feed
            log.warning("feed_id=%s filter ignored: %s", feed.id, exc)
            terms = TermFilter.compile()
        lexicon = self._lexicon if feed.relevance_filter else None

        def keep(done: Processed) -> bool:
            text = f"{done.article.title}\n{done.article.text}"
            if not terms.empty and not terms.matches(text):
                return False
            return lexicon is None or is_defence_relevant(done.article, lexicon)

        return keep

    async def _process(self, feed: Feed, entry: FeedEntry) -> Processed | str | None:
        """The processed entry, or why it is not an article (``URL: reason``), or ``None``."""
        body, encoding = await self._entry_html(feed, entry)
        text = EntryText(
            url=entry.url,
            title=entry.title,
            source=feed.name,
            html=body,
            author=entry.author,
            published=entry.published,
            encoding=encoding,
        )
        try:
            return await self._processor.process(text)
        except NotAnArticle as exc:
            log.info("feed_id=%s not an article, skipped: %s (%s)", feed.id, entry.url, exc)
            return f"{entry.url}: {exc}"
        except asyncio.CancelledError:
            raise
        except Exception:  # one bad article never costs the rest of the feed
            log.exception("feed_id=%s cannot process %s; tried again next poll", feed.id, entry.url)
            return None

    async def _entry_html(self, feed: Feed, entry: FeedEntry) -> tuple[str | bytes, str | None]:
        """The entry's full text as the feed gives it, or its page when the feed has only a
        summary, with the page's declared encoding (``None``: detect from the page)."""
        s = self._settings
        content, summary = entry.content_html, entry.summary_html
        content_len, summary_len = text_length(content), text_length(summary)
        best = content if content_len >= summary_len else summary
        # content:encoded clearly beyond the teaser is the article, however short.
        full = content_len >= s.min_content_chars or (content_len > summary_len + 150)
        if full or summary_len >= s.min_content_chars or not s.fetch_pages:
            return best, None
        try:
            page = await self._fetcher.get(
                entry.url, max_bytes=s.max_page_bytes, accept="text/html,application/xhtml+xml"
            )
        except FetchError as exc:
            log.warning(
                "feed_id=%s page fetch failed (%s); using the feed's summary: %s",
                feed.id,
                exc.kind,
                entry.url,
            )
            return best, None
        return (page.body, page_charset(page.content_type)) if page.body else (best, None)

    async def _record_success(self, feed: Feed, *, last_error: str = "", **values: str) -> None:
        now = self._clock()
        update = self._store.feeds.update(
            feed.id,
            last_polled_at=now,
            last_success_at=now,
            error_count=0,
            last_error=last_error,
            first_polled=True,
            next_poll_at=now + timedelta(minutes=self._settings.interval_minutes),
            claimed_by="",
            claimed_until=None,
            **{k: v for k, v in values.items() if v},
        )
        await self._write(update)

    async def _record_error(self, feed: Feed, message: str, kind: str) -> PollOutcome:
        s = self._settings
        now = self._clock()
        errors = feed.error_count + 1
        delay = min(s.interval_minutes * 60 * 2 ** min(errors, 20), s.backoff_max_hours * 3600)
        values: dict[str, object] = {
            "last_polled_at": now,
            "error_count": errors,
            "last_error": message[:1000],
            "next_poll_at": now + timedelta(seconds=delay),
            "claimed_by": "",
            "claimed_until": None,
        }
        if errors >= s.pause_after_failures:
            values.update(
                paused=True,
                disabled_reason=f"paused after {errors} failures in a row; last: {message}"[:500],
            )
            log.warning("feed_id=%s paused after %d failures: %s", feed.id, errors, message)
        else:
            log.warning(
                "feed_id=%s poll failed (%s, %d in a row): %s", feed.id, kind, errors, message
            )
        await self._write(self._store.feeds.update(feed.id, **values))
        return PollOutcome(feed.id, feed.name, "error", error=message, error_kind=kind)


def _dated(features: StoryFeatures, now: datetime) -> StoryFeatures:
    """An undated briefing is matched as of its fetch time."""
    return features if features.published is not None else replace(features, published=now)


def _keys(entry: FeedEntry) -> list[str]:
    keys = [entry_key("u", canonical_url(entry.url))]
    if entry.guid and entry.guid != entry.url:
        keys.append(entry_key("g", entry.guid))
    return keys


def page_charset(content_type: str) -> str | None:
    match = re.search(r"charset=([\w.:-]+)", content_type, re.IGNORECASE)
    if not match:
        return None
    name = match.group(1).lower()
    # Pages labelled ISO-8859-1 are almost always windows-1252 (curly quotes at 0x93/0x94).
    return "cp1252" if name in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii") else name
