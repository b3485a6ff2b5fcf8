"""sitrep's metrics with prometheus-client: counters, latency histograms for sends and
commands, and gauges read from the store when ``/metrics`` is scraped."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

# name -> (help, label, where in the store snapshot)
STORE_GAUGES = {
    "sitrep_articles": ("Articles in the store.", "", "articles"),
    "sitrep_quotes": ("Quotes in the store.", "", "quotes"),
    "sitrep_deliveries": ("Deliveries by state.", "state", "deliveries"),
    "sitrep_feeds": ("Feeds by state.", "state", "feeds"),
    "sitrep_subscriptions": ("Subscriptions by mode.", "mode", "subscriptions"),
    "sitrep_workers": ("Live sitrep processes sharing the store, by role.", "role", "workers"),
}


class _StoreGauges(Collector):
    """The store's counts as of the last scrape (refreshed by the HTTP handler)."""

    def __init__(self) -> None:
        self.snapshot: dict[str, dict[str, float]] = {}

    def collect(self) -> Iterator[Metric]:
        for name, (help_text, label, key) in STORE_GAUGES.items():
            values = self.snapshot.get(key, {})
            if not label:
                yield GaugeMetricFamily(name, help_text, value=values.get("", 0.0))
                continue
            family = GaugeMetricFamily(name, help_text, labels=[label])
            for value_label, value in sorted(values.items()):
                family.add_metric([value_label], value)
            yield family


class Metrics:
    """One registry per service (tests build many services in one process)."""

    def __init__(self) -> None:
        self.registry = r = CollectorRegistry()
        self.polls = Counter("sitrep_feed_polls", "Feed polls by outcome.", ["status"], registry=r)
        self.poll_errors = Counter(
            "sitrep_feed_errors", "Feed poll errors by kind.", ["kind"], registry=r
        )
        self.articles = Counter("sitrep_articles_ingested", "New articles stored.", registry=r)
        self.deliveries = Counter(
            "sitrep_delivery_events", "Delivery outcomes.", ["platform", "event"], registry=r
        )
        self.rate_limited = Counter(
            "sitrep_rate_limited", "429 responses received.", ["platform"], registry=r
        )
        self.send_seconds = Histogram(
            "sitrep_send_seconds",
            "Time to send one message to a chat platform.",
            ["platform"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.command_seconds = Histogram(
            "sitrep_command_seconds",
            "Chat command latency: update received to reply sent.",
            ["platform", "command"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self._store = _StoreGauges()
        r.register(self._store)

    def feed_polled(self, status: str, error_kind: str, new: int) -> None:
        self.polls.labels(status).inc()
        if error_kind:
            self.poll_errors.labels(error_kind).inc()
        if new:
            self.articles.inc(new)

    def delivery_event(self, kind: str, delivery: Any, detail: str) -> None:
        platform = getattr(delivery, "platform", "unknown")
        self.deliveries.labels(platform, kind).inc()
        if kind == "rate_limited":
            self.rate_limited.labels(platform).inc()

    def observe_send(self, platform: str, seconds: float) -> None:
        self.send_seconds.labels(platform).observe(seconds)

    def command_answered(self, platform: str, command: str, seconds: float) -> None:
        self.command_seconds.labels(platform, command).observe(seconds)

    def value(self, name: str, **labels: str) -> float:
        """One sample's value (0 when absent), e.g. ``value("sitrep_send_seconds_count", platform="telegram")``."""
        return self.registry.get_sample_value(name, labels) or 0.0

    def exposition(self, store_snapshot: dict[str, dict[str, float]]) -> bytes:
        """The Prometheus text format, with the store's counts as gauges."""
        self._store.snapshot = store_snapshot
        return generate_latest(self.registry)
