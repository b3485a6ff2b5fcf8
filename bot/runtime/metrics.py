"""In-process counters, exposed in Prometheus text format by ``bot.runtime.health``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


@dataclass
class Metrics:
    polls: Counter[str] = field(default_factory=Counter)
    poll_errors: Counter[str] = field(default_factory=Counter)
    new_articles: int = 0
    deliveries: Counter[str] = field(default_factory=Counter)
    rate_limited: Counter[str] = field(default_factory=Counter)
    send_seconds_sum: Counter[str] = field(default_factory=Counter)
    send_count: Counter[str] = field(default_factory=Counter)
    commands: Counter[str] = field(default_factory=Counter)

    def feed_polled(self, status: str, error_kind: str, new: int) -> None:
        self.polls[status] += 1
        if error_kind:
            self.poll_errors[error_kind] += 1
        self.new_articles += new

    def delivery_event(self, kind: str, delivery: Any, detail: str) -> None:
        platform = getattr(delivery, "platform", "unknown")
        self.deliveries[f"{platform}:{kind}"] += 1
        if kind == "rate_limited":
            self.rate_limited[platform] += 1

    def observe_send(self, platform: str, seconds: float) -> None:
        self.send_seconds_sum[platform] += seconds  # type: ignore[assignment]
        self.send_count[platform] += 1

    def render(self, gauges: dict[str, dict[str, float]]) -> str:
        lines: list[str] = []

        def family(
            name: str, kind: str, help_text: str, samples: dict[str, float], label: str = ""
        ) -> None:
            lines.append(f"# HELP {name} {help_text}")
            lines.append(f"# TYPE {name} {kind}")
            if not samples:
                lines.append(f"{name} 0")
            for key, value in sorted(samples.items()):
                labels = ""
                if label:
                    parts = key.split(":") if ":" in key else [key]
                    names = label.split(",")
                    labels = (
                        "{"
                        + ",".join(
                            f'{n}="{_escape(v)}"' for n, v in zip(names, parts, strict=False)
                        )
                        + "}"
                    )
                lines.append(f"{name}{labels} {value:g}")

        family(
            "sitrep_feed_polls_total",
            "counter",
            "Feed polls by outcome.",
            dict(self.polls),
            "status",
        )
        family(
            "sitrep_feed_errors_total",
            "counter",
            "Feed poll errors by kind.",
            dict(self.poll_errors),
            "kind",
        )
        family(
            "sitrep_articles_ingested_total",
            "counter",
            "New articles stored.",
            {"": self.new_articles},
        )
        family(
            "sitrep_delivery_events_total",
            "counter",
            "Delivery outcomes.",
            dict(self.deliveries),
            "platform,event",
        )
        family(
            "sitrep_rate_limited_total",
            "counter",
            "429 responses received.",
            dict(self.rate_limited),
            "platform",
        )
        family(
            "sitrep_send_seconds_sum",
            "counter",
            "Time spent sending messages.",
            dict(self.send_seconds_sum),
            "platform",
        )
        family(
            "sitrep_send_seconds_count",
            "counter",
            "Messages sent (timed).",
            dict(self.send_count),
            "platform",
        )
        family(
            "sitrep_commands_total",
            "counter",
            "Chat commands answered.",
            dict(self.commands),
            "platform,command",
        )
        for name, (help_text, label, samples) in gauges_spec(gauges).items():
            family(name, "gauge", help_text, samples, label)
        return "\n".join(lines) + "\n"


def gauges_spec(
    gauges: dict[str, dict[str, float]],
) -> dict[str, tuple[str, str, dict[str, float]]]:
    return {
        "sitrep_articles": (
            "Articles in the store.",
            "",
            {"": gauges.get("store", {}).get("articles", 0)},
        ),
        "sitrep_quotes": (
            "Quotes in the store.",
            "",
            {"": gauges.get("store", {}).get("quotes", 0)},
        ),
        "sitrep_deliveries": ("Deliveries by state.", "state", gauges.get("deliveries", {})),
        "sitrep_feeds": ("Feeds by state.", "state", gauges.get("feeds", {})),
        "sitrep_subscriptions": ("Subscriptions by mode.", "mode", gauges.get("subscriptions", {})),
    }
