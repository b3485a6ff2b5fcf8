"""The bot's own state records (feeds, subscriptions, deliveries).

The core's values (articles, quotes, briefings) live in ``summaries.models``; these are
the operational records the store keeps around them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

DeliveryState = Literal["pending", "sending", "sent", "failed", "dead"]
SubscriptionMode = Literal["digest", "instant"]


@dataclass(frozen=True, slots=True)
class Feed:
    id: int
    url: str
    name: str
    category: str = ""
    site_url: str = ""
    etag: str = ""
    last_modified: str = ""
    next_poll_at: datetime | None = None
    last_polled_at: datetime | None = None
    last_success_at: datetime | None = None
    error_count: int = 0
    last_error: str = ""
    paused: bool = False
    disabled_reason: str = ""
    first_polled: bool = False
    item_count: int = 0
    relevance_filter: bool = False
    include_keywords: tuple[str, ...] = ()
    exclude_keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry as a feed lists it, before processing."""

    guid: str
    url: str
    title: str
    summary_html: str = ""
    content_html: str = ""
    author: str = ""
    published: datetime | None = None


@dataclass(frozen=True, slots=True)
class Subscription:
    id: int
    platform: str
    chat_id: str
    thread_id: str = ""
    mode: SubscriptionMode = "digest"
    digest_time: str = "07:00"
    timezone: str = "UTC"
    weekdays: tuple[int, ...] = ()
    topics: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    include_keywords: tuple[str, ...] = ()
    exclude_keywords: tuple[str, ...] = ()
    next_digest_at: datetime | None = None
    last_digest_at: datetime | None = None
    alert_watermark: int = 0
    active: bool = True
    deactivated_reason: str = ""
    chat_type: str = "private"
    created_by: str = ""


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    platform: str
    chat_id: str
    kind: str
    dedupe_key: str
    payload: list[dict[str, object]] = field(default_factory=list)
    thread_id: str = ""
    subscription_id: int | None = None
    state: DeliveryState = "pending"
    attempts: int = 0
    parts_sent: int = 0
    next_attempt_at: datetime | None = None
    last_error: str = ""
    created_at: datetime | None = None
    sent_at: datetime | None = None
    chat_type: str = "private"
