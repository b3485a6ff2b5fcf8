"""Digest composition: grouping, ranking, quote of the day, filters, empty windows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from summaries.digest import (
    EMPTY_FILTERED,
    EMPTY_WINDOW,
    DigestFilter,
    compose_digest,
    matches_filter,
)
from summaries.models import Briefing, Quote, QuoteKind, Speaker, SpeakerKind

SINCE = datetime(2026, 3, 4, 0, 0, tzinfo=UTC)
UNTIL = SINCE + timedelta(days=1)


def q(
    text: str, speaker: str = "", kind: QuoteKind = "full", speaker_kind: SpeakerKind = "person"
) -> Quote:
    return Quote(
        text=text,
        start=0,
        end=len(text),
        speaker=speaker,
        kind=kind,
        speaker_kind=speaker_kind if speaker else "unknown",
    )


def b(
    headline: str,
    source: str,
    hour: float,
    *,
    story_id: int | None = None,
    quotes: tuple[Quote, ...] = (),
    topics: tuple[str, ...] = (),
    summary: str = "",
    url: str = "",
) -> Briefing:
    speakers = tuple(Speaker(name=x.speaker, kind=x.speaker_kind) for x in quotes if x.speaker)
    return Briefing(
        headline=headline,
        url=url or f"https://{source.replace(' ', '').lower()}.example/{abs(hash(headline))}",
        source=source,
        summary=summary or headline + " today.",
        quotes=quotes,
        topics=topics,
        speakers=speakers,
        published=SINCE + timedelta(hours=hour),
        quote_links=tuple(f"https://x.example/#:~:text={i}" for i, _ in enumerate(quotes)),
        story_id=story_id,
    )


RUTTE = q("Europe is stepping up and taking more responsibility for its own defence,", "Mark Rutte")
CARROW = q("Four hulls, one design, one yard, and a steady drumbeat of work.", "Helen Carrow")
SHORT = q("Yes,", "an official", speaker_kind="unnamed")
NAVY = b(
    "Navy orders four motherships",
    "Northern Defence Journal",
    9,
    story_id=1,
    quotes=(CARROW,),
    topics=("naval", "procurement"),
)
NAVY2 = b("Appledore wins mothership deal", "Maritime Wire", 11, story_id=1, topics=("naval",))
NAVY3 = b("Four motherships for the navy", "Allied Wire", 12, story_id=1, topics=("naval",))
NATO = b(
    "Rutte says Europe is stepping up",
    "Allied Wire",
    20,
    story_id=2,
    quotes=(RUTTE, SHORT),
    topics=("NATO",),
)
CYBER = b(
    "Danish ports hit by cyber attack", "Nordic Defence Post", 22, story_id=3, topics=("cyber",)
)
OLD = b("Old story", "Allied Wire", -24 * 10, story_id=4)  # past the 7-day age limit
ALL = [NATO, CYBER, NAVY, NAVY2, NAVY3, OLD]


def test_stories_ranked_by_outlets_quotes_and_recency() -> None:
    digest = compose_digest(ALL, since=SINCE, until=UNTIL)
    headlines = [s.lead.headline for s in digest.stories]
    assert headlines == [
        "Navy orders four motherships",  # three outlets
        "Rutte says Europe is stepping up",  # quotes
        "Danish ports hit by cyber attack",
    ]
    navy = digest.stories[0]
    assert navy.lead is NAVY, "the briefing with quotes leads its story"
    assert navy.also_reported_by == ("Maritime Wire", "Allied Wire")
    assert navy.story_id == 1
    assert digest.stories[0].score > digest.stories[1].score > digest.stories[2].score
    assert digest.left_out == 0 and digest.empty_message == ""
    assert digest.extra["articles"] == "5"


def test_max_stories_and_left_out() -> None:
    digest = compose_digest(ALL, since=SINCE, until=UNTIL, max_stories=2, title="Morning")
    assert len(digest.stories) == 2 and digest.left_out == 1
    assert digest.title == "Morning" and digest.since == SINCE and digest.until == UNTIL


def test_quote_of_the_day_is_a_substantive_named_quote_with_link() -> None:
    digest = compose_digest(ALL, since=SINCE, until=UNTIL)
    assert digest.quote_of_the_day in (RUTTE, CARROW)
    assert digest.quote_of_the_day != SHORT
    owner = NATO if digest.quote_of_the_day == RUTTE else NAVY
    assert digest.quote_of_the_day is not None
    index = owner.quotes.index(digest.quote_of_the_day)
    assert digest.quote_of_the_day_link == owner.quote_links[index]
    assert digest.quote_of_the_day_source == owner.source


def test_briefings_without_story_id_are_clustered() -> None:
    one = b(
        "NATO raises ammunition stockpile targets as ministers meet in Brussels",
        "Allied Wire",
        10,
        summary="NATO defence ministers agreed in Brussels on Thursday to raise stockpile "
        "targets for 155mm shells and air defence interceptors.",
    )
    two = b(
        "Allies agree higher munitions stockpile goals at Brussels defence ministerial",
        "Northern Defence Journal",
        12,
        summary="Defence ministers from NATO agreed higher targets for stocks of 155mm "
        "artillery shells and interceptors in Brussels.",
    )
    digest = compose_digest([one, two, CYBER], since=SINCE, until=UNTIL)
    assert len(digest.stories) == 2
    assert len(digest.stories[0].also_reported_by) == 1


def test_empty_window_says_so_briefly() -> None:
    digest = compose_digest([OLD], since=SINCE, until=UNTIL)
    assert digest.stories == () and digest.quote_of_the_day is None
    assert digest.empty_message == EMPTY_WINDOW and len(digest.empty_message) < 80
    filtered = compose_digest(
        ALL, since=SINCE, until=UNTIL, filters=DigestFilter(topics=("space",))
    )
    assert filtered.stories == () and filtered.empty_message == EMPTY_FILTERED


def test_late_arrivals_are_kept_up_to_the_age_limit() -> None:
    """The caller picked these by when sitrep stored them; publication dates only age out."""
    late = b("Published three days before the window", "Allied Wire", -72, story_id=9)
    stale = b("Published a month before the window", "Allied Wire", -24 * 30, story_id=8)
    digest = compose_digest([late, stale], since=SINCE, until=UNTIL)
    assert [s.lead.headline for s in digest.stories] == [late.headline]
    assert digest.extra["articles"] == "1"
    tight = compose_digest([late], since=SINCE, until=UNTIL, max_age=timedelta(days=2))
    assert tight.stories == () and tight.empty_message == EMPTY_WINDOW
    everything = compose_digest([late, stale], since=SINCE, until=UNTIL, max_age=None)
    assert len(everything.stories) == 2


def test_filter_parts_given_as_lists_work() -> None:
    f = DigestFilter(topics=["naval"], speakers=["carrow"])  # type: ignore[arg-type]
    assert matches_filter(NAVY, f)


def test_naive_window_and_undated_briefings() -> None:
    undated = Briefing(headline="Undated", url="https://u.example/1", source="U", summary="")
    digest = compose_digest(
        [undated, NAVY], since=SINCE.replace(tzinfo=None), until=UNTIL.replace(tzinfo=None)
    )
    assert len(digest.stories) == 2


def test_filters_topics_feeds_speakers() -> None:
    def shown(f: DigestFilter) -> list[str]:
        digest = compose_digest(ALL, since=SINCE, until=UNTIL, filters=f)
        return [s.lead.headline for s in digest.stories]

    assert shown(DigestFilter(topics=("Cyber",))) == ["Danish ports hit by cyber attack"]
    assert shown(DigestFilter(feeds=("nordicdefencepost.example",))) == [
        "Danish ports hit by cyber attack"
    ]
    assert shown(DigestFilter(speakers=("rutte",))) == ["Rutte says Europe is stepping up"]
    assert shown(DigestFilter(topics=("naval",), feeds=("Maritime Wire",))) == [
        "Appledore wins mothership deal"
    ]


def test_matches_filter_for_instant_alerts() -> None:
    assert matches_filter(NATO, None) and matches_filter(NATO, DigestFilter())
    assert matches_filter(NATO, DigestFilter(speakers=("Mark Rutte",)))
    assert not matches_filter(NATO, DigestFilter(speakers=("Rutt",)))
    assert matches_filter(NAVY, DigestFilter(feeds=("Northern Defence Journal",)))
    assert not matches_filter(NAVY, DigestFilter(feeds=("example",)))
    assert not matches_filter(NAVY, DigestFilter(topics=("naval",), speakers=("rutte",)))
