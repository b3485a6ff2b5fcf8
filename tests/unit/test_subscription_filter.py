"""A subscription's narrowing: topics, feeds and speakers (summaries.digest.DigestFilter)
together with the one keyword filter (RE2 words and /patterns/, bot.planning.filters)."""

from __future__ import annotations

from bot.domain import Subscription
from bot.planning.planner import subscription_filter
from summaries.models import Briefing, Quote

NAVY = Briefing(
    headline="Navy orders four motherships",
    url="https://northern.example/navy",
    source="Northern Defence Journal",
    summary="Four hulls from one yard, officials said.",
    quotes=(Quote("A steady drumbeat of work.", 0, 26, "Helen Carrow"),),
    topics=("naval",),
)
NATO = Briefing(
    headline="Rutte says Europe is stepping up",
    url="https://allied.example/nato",
    source="Allied Wire",
    summary="Allies raise spending.",
    topics=("NATO",),
)


def sub(**kw: object) -> Subscription:
    return Subscription(id=1, platform="telegram", chat_id="1", **kw)  # type: ignore[arg-type]


def test_words_match_on_word_boundaries_in_headline_summary_and_quotes() -> None:
    assert subscription_filter(sub(include_keywords=("drumbeat",))).matches(NAVY)
    assert subscription_filter(sub(include_keywords=("stepping up",))).matches(NATO)
    assert not subscription_filter(sub(include_keywords=("step",))).matches(NATO)
    assert not subscription_filter(sub(exclude_keywords=("hulls",))).matches(NAVY)


def test_keywords_combine_with_topics_feeds_and_speakers() -> None:
    both = subscription_filter(sub(topics=("naval",), include_keywords=("drumbeat",)))
    assert both.matches(NAVY) and not both.matches(NATO)
    wrong_speaker = subscription_filter(sub(speakers=("Rutte",), include_keywords=("drumbeat",)))
    assert not wrong_speaker.matches(NAVY)
    assert subscription_filter(sub(include_keywords=("/mother(ship)?s/",))).matches(NAVY)
    kept = subscription_filter(sub(exclude_keywords=("hulls",))).keep([NAVY, NATO])
    assert kept == [NATO]
