"""Story clustering, measured on labelled same-event / different-event pairs."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from summaries.models import Briefing
from summaries.stories import (
    SAME_STORY_THRESHOLD,
    StoryFeatures,
    StoryMatcher,
    briefing_features,
    cluster,
    feature_similarity,
    story_features,
    story_similarity,
)
from summaries.stories.features import (
    ENTITY_WEIGHT,
    RARITY_FLOOR,
    anchors_conflict,
    rarity,
)
from summaries.stories.matcher import _terms

PAIRS_FILE = Path(__file__).parents[1] / "fixtures" / "stories" / "pairs.jsonl"
PAIRS: list[dict[str, Any]] = [
    json.loads(line) for line in PAIRS_FILE.read_text(encoding="utf-8").splitlines() if line
]
PRECISION_FLOOR = 0.9
RECALL_FLOOR = 0.9
HOLDOUT_PRECISION_FLOOR = 0.75
HOLDOUT_RECALL_FLOOR = 0.6


def as_briefing(side: dict[str, str], **changes: Any) -> Briefing:
    briefing = Briefing(
        headline=side["title"],
        url=f"https://{side['source'].replace(' ', '').lower()}.example/{abs(hash(side['title']))}",
        source=side["source"],
        summary=side["lead"],
        published=datetime.fromisoformat(side["published"].replace("Z", "+00:00")),
    )
    return replace(briefing, **changes)


def test_labelled_pairs_cover_same_events_and_near_misses() -> None:
    same = [p for p in PAIRS if p["same"]]
    near = [p for p in PAIRS if not p["same"] and p["note"].startswith("near miss")]
    assert len(same) >= 20 and len(near) >= 15
    assert any("NATO" in p["note"] for p in near)


def pair_metrics(pairs: list[dict[str, Any]]) -> tuple[float, float]:
    tp = fp = fn = 0
    for pair in pairs:
        score = story_similarity(as_briefing(pair["a"]), as_briefing(pair["b"]))
        predicted = score >= SAME_STORY_THRESHOLD
        tp += predicted and pair["same"]
        fp += predicted and not pair["same"]
        fn += (not predicted) and pair["same"]
    return tp / max(1, tp + fp), tp / max(1, tp + fn)


@pytest.mark.parametrize(
    ("split", "precision_floor", "recall_floor"),
    [
        ("tune", PRECISION_FLOOR, RECALL_FLOOR),
        # Written after tuning and never tuned on: the honest figure, kept as a guard.
        ("holdout", HOLDOUT_PRECISION_FLOOR, HOLDOUT_RECALL_FLOOR),
    ],
)
def test_precision_and_recall_on_labelled_pairs(
    split: str, precision_floor: float, recall_floor: float
) -> None:
    pairs = [p for p in PAIRS if p["split"] == split]
    precision, recall = pair_metrics(pairs)
    print(f"\nstory pairs [{split}]: n={len(pairs)} precision={precision:.2f} recall={recall:.2f}")
    assert precision >= precision_floor
    assert recall >= recall_floor


def test_similarity_is_symmetric_and_bounded() -> None:
    for pair in PAIRS[:10]:
        a, b = as_briefing(pair["a"]), as_briefing(pair["b"])
        assert story_similarity(a, b) == pytest.approx(story_similarity(b, a))
        assert 0.0 <= story_similarity(a, b) <= 1.0 + 1e-9
        assert story_similarity(a, a) == pytest.approx(1.0)


def test_time_window_separates_identical_text() -> None:
    a = as_briefing(PAIRS[0]["a"])
    assert a.published is not None
    later = replace(a, published=a.published + timedelta(days=5))
    assert story_similarity(a, later) == 0.0
    assert story_similarity(a, later, window=timedelta(days=7)) == pytest.approx(1.0)


def test_cluster_groups_same_event_pairs_and_keeps_near_misses_apart() -> None:
    same = [p for p in PAIRS if p["same"]][:8]
    briefings: list[Briefing] = []
    for pair in same:
        briefings += [as_briefing(pair["a"]), as_briefing(pair["b"])]
    groups = cluster(briefings)
    assert sorted(groups) == [[i, i + 1] for i in range(0, len(briefings), 2)]


def test_cluster_handles_undated_and_empty_input() -> None:
    assert cluster([]) == []
    a = as_briefing(PAIRS[0]["a"], published=None)
    b = as_briefing(PAIRS[0]["b"], published=None)
    assert cluster([a, b]) == [[0, 1]]


def matcher_with(*stories: tuple[Briefing, int]) -> StoryMatcher:
    matcher = StoryMatcher()
    for briefing, story in stories:
        matcher.add(briefing_features(briefing), story, briefing.url)
    return matcher


def test_matcher_joins_the_matching_story_only() -> None:
    same = next(p for p in PAIRS if p["same"] and "Kharkiv" in p["a"]["title"])
    other = next(p for p in PAIRS if p["same"] and "Leopard" in p["a"]["title"])
    matcher = matcher_with((as_briefing(other["a"]), 7), (as_briefing(same["a"]), 11))
    assert matcher.assign(briefing_features(as_briefing(same["b"]))) == 11
    unrelated = next(p for p in PAIRS if "Odesa" in p["b"]["lead"])
    assert matcher.assign(briefing_features(as_briefing(unrelated["b"]))) is None
    moved = as_briefing(same["b"], published=datetime(2027, 1, 1, tzinfo=UTC))
    assert matcher.assign(briefing_features(moved)) is None
    again = as_briefing(same["a"])
    assert matcher.assign(briefing_features(again), again.url) is None  # itself: not a match


def test_later_evidence_merges_two_stories_into_the_oldest() -> None:
    when = datetime(2026, 3, 4, 9, tzinfo=UTC)
    first = Briefing(
        headline="Harbour squadron orders two survey ships from Tyneside yard",
        url="https://a.example/1",
        source="A",
        summary="The Port Ellery harbour squadron ordered two survey ships on Friday.",
        published=when,
    )
    second = Briefing(
        headline="Tyneside yard wins £40m survey ship order",
        url="https://b.example/2",
        source="B",
        summary="A Tyneside yard won a £40 million order for two survey ships for Port Ellery.",
        published=when,
    )
    both = Briefing(
        headline="Tyneside yard to build two survey ships for Port Ellery harbour squadron",
        url="https://c.example/3",
        source="C",
        summary="The Port Ellery harbour squadron ordered two survey ships from a Tyneside "
        "yard in a £40m order on Friday.",
        published=when,
    )
    matcher = StoryMatcher(threshold=0.3)
    matcher.add(briefing_features(first), 5, first.url)
    matcher.add(briefing_features(second), 9, second.url)
    assert matcher.story_of(9) == 9
    assert matcher.assign(briefing_features(both), both.url) == 5
    assert matcher.take_merges() == {9: 5}
    assert matcher.story_of(9) == 5 and matcher.take_merges() == {}

    # The same evidence without a date joins one story and merges nothing: with no time,
    # unrelated stories would chain together through it.
    undated = StoryMatcher(threshold=0.3)
    undated.add(briefing_features(first), 5, first.url)
    undated.add(briefing_features(second), 9, second.url)
    assert undated.assign(briefing_features(replace(both, published=None))) in (5, 9)
    assert undated.take_merges() == {} and undated.story_of(9) == 9


def test_a_briefing_without_summary_or_headline_still_finds_its_story() -> None:
    """A caption dropped as the lead leaves an empty summary; a text without a title line
    leaves an empty headline: the other half carries the match."""
    when = datetime(2026, 3, 4, 9, tzinfo=UTC)
    full = Briefing(
        headline="Valmark navy picks Orrin yard for four patrol ships",
        url="https://a.example/1",
        source="A",
        summary="The Valmark navy selected the Orrin yard to build four patrol ships.",
        published=when,
    )
    title_only = replace(full, url="https://b.example/2", summary="")
    lead_only = replace(
        full,
        url="https://c.example/3",
        headline="",
        summary="Orrin yard chosen by the Valmark navy to build four patrol ships.",
    )
    matcher = matcher_with((full, 3))
    assert matcher.assign(briefing_features(title_only)) == 3
    assert matcher.assign(briefing_features(lead_only)) == 3


def test_plan_gives_placeholders_and_resolve_swaps_them() -> None:
    same = next(p for p in PAIRS if p["same"] and "Kharkiv" in p["a"]["title"])
    a, b = as_briefing(same["a"]), as_briefing(same["b"])
    matcher = StoryMatcher()
    now = datetime(2026, 3, 1, tzinfo=UTC)
    planned = matcher.plan([(briefing_features(a), a.url), (briefing_features(b), b.url)], now)
    assert planned[0] < 0 and planned[0] == planned[1]
    matcher.resolve({planned[0]: 42}, {a.url})
    assert len(matcher) == 1
    assert matcher.assign(briefing_features(b)) == 42


def test_a_story_gone_from_the_store_maps_to_the_new_one_its_articles_started() -> None:
    """Another process merged story 42 away; this one stored a briefing of it meanwhile,
    and the store put that into a new story 77: later briefings of it join 77."""
    same = next(p for p in PAIRS if p["same"] and "Kharkiv" in p["a"]["title"])
    a, b = as_briefing(same["a"]), as_briefing(same["b"])
    matcher = StoryMatcher()
    matcher.add(briefing_features(a), 42, a.url)
    assert matcher.plan([(briefing_features(b), b.url)]) == [42]
    matcher.resolve({42: 77}, {b.url})
    assert matcher.story_of(42) == 77
    assert matcher.assign(briefing_features(a), "https://elsewhere.example/x") == 77


def test_a_batch_that_was_not_stored_leaves_the_matcher_usable() -> None:
    same = next(p for p in PAIRS if p["same"] and "Kharkiv" in p["a"]["title"])
    a, b = as_briefing(same["a"]), as_briefing(same["b"])
    matcher = StoryMatcher()
    now = datetime(2026, 3, 1, tzinfo=UTC)
    matcher.plan([(briefing_features(a), a.url)], now)
    matcher.resolve({}, set())  # the store refused the batch: its entries are dropped
    later = now + timedelta(days=30)  # past the window: the oldest (dropped) entry expires
    assert matcher.plan([(briefing_features(b), b.url)], later)[0] < 0
    assert len(matcher) == 1


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Poland signs $4.75 billion Patriot deal", "Poland signs $4.75bn Patriot deal"),
        ("Poland signs $4,75 billion Patriot deal", "Poland signs $4.75bn Patriot deal"),
        ("U.S. approves Patriot sale to Poland", "United States approves Patriot sale to Poland"),
        ("US approves Patriot sale to Poland", "U.S. approves Patriot sale to Poland"),
        ("Russian navy seizes ships", "Russia navy seizes ships"),
        ("Defense ministry signs programme", "Defence ministry signs program"),
        ("Britain's navy orders drones", "British navy orders drones"),
        ("Emirati air force buys drones", "United Arab Emirates air force buys drones"),
        ("Vietnamese coast guard seizes boat", "Vietnam coast guard seizes boat"),
        ("New Zealand frigate visits port", "New Zealander frigate visits port"),
    ],
)
def test_written_differently_is_the_same_term(one: str, other: str) -> None:
    a, b = story_features(one, ""), story_features(other, "")
    assert set(a.weights) == set(b.weights)


def test_a_possessive_country_is_the_country() -> None:
    """ "Switzerland's government" names Switzerland: no country conflict with "Swiss"."""
    owned = story_features("", "Switzerland's government backs 36 fighter jets from the US.")
    named = story_features("", "The Swiss government picks new fighter jets.")
    assert owned.countries == {"CH", "US"} and named.countries == {"CH"}
    assert story_features("Iran’s guards seize tanker", "").countries == {"IR"}


def test_reports_naming_different_countries_of_one_event_still_meet() -> None:
    """Invented: one report names who stole the records (China), the other whose they were
    (Britain). Countries with none in common lower the score, but only a little: the two
    are one story."""
    thieves = launch(
        "https://a.example/1",
        "Hackers tied to China stole payroll records from defence contractor",
        "Hackers tied to China stole the payroll records of thousands of service personnel "
        "from a defence contractor's network, officials said.",
    )
    victims = launch(
        "https://b.example/2",
        "Payroll records of British troops stolen in contractor hack",
        "The payroll records of thousands of British service personnel were stolen from a "
        "defence contractor's network in a hack, ministers said.",
    )
    a, b = briefing_features(thieves), briefing_features(victims)
    assert a.countries == {"CN"} and b.countries == {"GB"}
    unnamed = feature_similarity(replace(a, countries=frozenset()), b)
    assert feature_similarity(a, b) == pytest.approx(0.7 * unnamed)
    assert cluster([thieves, victims]) == [[0, 1]]


def test_united_states_is_not_britain() -> None:
    assert story_features("United States deploys jets", "").countries == frozenset({"US"})
    assert story_features("United Kingdom deploys jets", "").countries == frozenset({"GB"})


def test_batch_clustering_of_every_labelled_briefing_agrees_with_labels() -> None:
    """All pair sides in one batch: single-link chains must not merge near misses."""
    sides: dict[tuple[str, str], Briefing] = {}
    for pair in PAIRS:
        for side in (pair["a"], pair["b"]):
            sides.setdefault((side["title"], side["published"]), as_briefing(side))
    keys = list(sides)
    groups = cluster([sides[key] for key in keys])
    group_of = {index: g for g, members in enumerate(groups) for index in members}
    position = {key: index for index, key in enumerate(keys)}
    tp = fp = fn = 0
    for pair in PAIRS:
        i = position[(pair["a"]["title"], pair["a"]["published"])]
        j = position[(pair["b"]["title"], pair["b"]["published"])]
        together = group_of[i] == group_of[j]
        tp += together and pair["same"]
        fp += together and not pair["same"]
        fn += (not together) and pair["same"]
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(
        f"\nbatch clustering: {len(keys)} briefings -> {len(groups)} stories, "
        f"precision={precision:.2f} recall={recall:.2f}"
    )
    assert precision >= PRECISION_FLOOR and recall >= RECALL_FLOOR


def test_different_sums_of_money_are_different_deals() -> None:
    a = story_features("Poland signs $4.75bn Patriot deal with Raytheon", "")
    same = story_features("Poland signs $4,75 billion Patriot deal with Raytheon", "")
    other = story_features("Poland signs $7.6bn Patriot deal with Raytheon", "")
    assert a.amounts == same.amounts == {"4.8bn"}
    assert story_features("Frigates worth £1.25bn", "").amounts == {"1.3bn"}
    assert feature_similarity(a, other) < feature_similarity(a, same)


def test_sums_in_different_currencies_do_not_disagree() -> None:
    kroner = story_features("Denmark orders Caesar howitzers for 58 billion kroner", "")
    dkr = story_features("Denmark orders Caesar howitzers for DKr58bn", "")
    euros = story_features("Denmark orders Caesar howitzers worth €7.7bn", "")
    dollars = story_features("Denmark orders Caesar howitzers worth $9.1bn", "")
    more_euros = story_features("Denmark orders Caesar howitzers worth €2.1bn", "")
    assert kroner.amounts == dkr.amounts == {"58bn"}
    no_sum = replace(euros, amounts=frozenset())
    assert feature_similarity(kroner, euros) == pytest.approx(feature_similarity(kroner, no_sum))
    assert feature_similarity(dkr, euros) == pytest.approx(feature_similarity(dkr, no_sum))
    assert feature_similarity(euros, dollars) > feature_similarity(euros, more_euros)


def test_different_weekdays_are_different_events() -> None:
    sunday = story_features("Varnland fires a rocket into the sea", "It fired on Sunday morning.")
    weekend = story_features("Varnland fires rocket into sea", "The launch came at the weekend.")
    thursday = story_features("Varnland fires a rocket into the sea", "It fired on Thursday.")
    assert sunday.days == {"sunday"} and weekend.days == {"saturday", "sunday"}
    assert feature_similarity(sunday, weekend) >= SAME_STORY_THRESHOLD
    undated = replace(thursday, days=frozenset())
    assert feature_similarity(sunday, thursday) < 0.6 * feature_similarity(sunday, undated)


def test_different_counts_of_the_same_thing_are_different_orders() -> None:
    five = story_features("", "A deal has been signed to build five new navy frigates.")
    nine = story_features("", "The navy signed the contract for nine Hunter class frigates.")
    also_five = story_features("", "The navy signed the contract for 5 frigates.")
    designation = story_features("", "The navy signed the contract for Type 26 frigates.")
    assert five.counts == {"frigat": {"5"}}  # "new" and "navy" are not what is counted
    assert nine.counts == {"hunter": {"9"}, "class": {"9"}, "frigat": {"9"}}
    assert designation.counts == {}  # "Type 26" names the class, it does not count
    assert feature_similarity(nine, also_five) < 0.6 * feature_similarity(five, also_five)


def test_different_steps_of_one_procurement_are_different_events() -> None:
    shortlisted = story_features(
        "Three yards shortlisted for Varnland's corvettes", "Varnland shortlisted three yards."
    )
    won = story_features(
        "Kestrel Yards won Varnland's corvette contract", "Varnland selected Kestrel Yards."
    )
    also_won = story_features("Varnland picks Kestrel Yards to build its corvettes", "")
    ahead = story_features("Varnland set to sign corvette deal with Kestrel Yards next week", "")
    signed = story_features("Varnland signs corvette deal with Kestrel Yards", "")
    assert shortlisted.done == {"shortlist"} and won.done == also_won.done == {"select"}
    assert not ahead.done and ahead.ahead == {"sign"} and signed.done == {"sign"}
    assert story_features("Varnland won't be buying corvettes", "").done == set()
    assert story_features("", "The contract delivered on a promise.").done == set()
    no_step = replace(shortlisted, done=frozenset())
    assert feature_similarity(won, shortlisted) < 0.6 * feature_similarity(won, no_step)
    assert feature_similarity(ahead, signed) < 0.6 * feature_similarity(
        ahead, replace(signed, done=frozenset())
    )
    assert feature_similarity(won, also_won) == pytest.approx(
        feature_similarity(won, replace(also_won, done=frozenset()))
    )


def test_a_step_ahead_on_the_day_it_was_done_is_the_same_event() -> None:
    will_sign = story_features("", "Varnland says it will sign the corvette deal on Wednesday.")
    signed = story_features("", "Varnland signed the corvette deal on Wednesday.")
    plain = replace(signed, done=frozenset())
    assert feature_similarity(will_sign, signed) == pytest.approx(
        feature_similarity(will_sign, plain)
    )


def test_different_designators_of_one_family_are_different_systems() -> None:
    """Invented: two missile tests of the same kind; "Vel-3" and "Vel-4" are two systems."""
    first = story_features(
        "Varnland test-fires Vel-3 ballistic missile",
        "Varnland successfully test-fired the nuclear-capable Vel-3 ballistic missile from "
        "an island off its east coast, the defence ministry said.",
    )
    second = story_features(
        "Varnland test-fires Vel-4 ballistic missile",
        "Varnland successfully test-fired the nuclear-capable Vel-4 ballistic missile from "
        "an island off its east coast, the defence ministry said.",
    )
    variant = replace(first, designators={"vel": frozenset({"3b"})})  # "Vel-3B": a variant
    assert first.designators == {"vel": {"3"}} and second.designators == {"vel": {"4"}}
    assert feature_similarity(first, second) < 0.5 * feature_similarity(first, variant)
    classes = story_features("", "The navy signed for Type 26 frigates and Block 3 radars.")
    assert classes.designators == {"type": {"26"}, "block": {"3"}}
    title = story_features("Navy Buys 45 Jets", "")
    assert title.designators == {}  # a headline in title case: capitals mark no names


def test_a_count_matches_any_specific_word_of_its_noun_phrase() -> None:
    """Invented: "90 additional Kestrel jets" and "93 Kestrel fighters" count one thing."""
    ninety = story_features(
        "", "Varnland will buy 90 additional Kestrel jets to replace its fleet."
    )
    ninety_three = story_features(
        "", "Varnland plans to buy 93 Kestrel fighters to replace its fleet."
    )
    also = story_features("", "Varnland plans to buy 93 Kestrel jets to replace its fleet.")
    assert ninety.counts["kestrel"] == {"90"} and ninety_three.counts["kestrel"] == {"93"}
    assert feature_similarity(ninety, ninety_three) < 0.6 * feature_similarity(ninety_three, also)


def launch(url: str, headline: str, summary: str, published: datetime | None = None) -> Briefing:
    return Briefing(headline=headline, url=url, source="X", summary=summary, published=published)


def test_a_story_takes_no_briefing_that_names_another_day_than_a_member() -> None:
    """Invented: two Varnland launches on different days and an undated report that names
    no day. Read in order without times, the undated one joins the Friday launch, and the
    Sunday launch, although as close to it as to anything, does not chain onto that story."""
    friday = launch(
        "https://a.example/1",
        "Varnland fires ballistic missile",
        "Varnland fired a ballistic missile into the Grey Sea on Friday, Ostria's defence "
        "ministry said.",
    )
    bridge = launch(
        "https://b.example/2",
        "Varnland fires ballistic missile into sea",
        "Varnland fired a ballistic missile into the Grey Sea, Ostria said.",
    )
    sunday = launch(
        "https://c.example/3",
        "Varnland fires ballistic missile, Ostria says",
        "Varnland fired a ballistic missile into the Grey Sea on Sunday, Ostria's military said.",
    )
    features = [briefing_features(b) for b in (friday, bridge, sunday)]
    assert feature_similarity(features[1], features[2]) >= SAME_STORY_THRESHOLD  # a link
    assert cluster([friday, bridge, sunday]) == [[0, 1], [2]]
    # Without a day in the first report, the three are one story.
    no_day = replace(friday, summary=friday.summary.replace(" on Friday", ""))
    assert cluster([no_day, bridge, sunday]) == [[0, 1, 2]]


def test_a_story_takes_no_briefing_that_names_another_system_than_a_member() -> None:
    """Invented: the Vel-3 test's story does not take a Vel-4 test through a report that
    names neither."""
    vel3 = launch(
        "https://a.example/1",
        "Varnland test-fires Vel-3 missile",
        "Varnland test-fired the Vel-3 missile from Kesh island, the defence ministry said.",
    )
    plain = launch(
        "https://b.example/2",
        "Varnland test-fires nuclear-capable missile",
        "Varnland test-fired a nuclear-capable missile from Kesh island.",
    )
    vel4 = launch(
        "https://c.example/3",
        "Varnland test-fires nuclear-capable Vel-4 missile",
        "Varnland test-fired the nuclear-capable Vel-4 missile from Kesh island.",
    )
    assert cluster([vel3, plain, vel4]) == [[0, 1], [2]]


def bag(*terms: str) -> StoryFeatures:
    weights = dict.fromkeys(terms, 1.0)
    return StoryFeatures(weights, math.sqrt(len(weights)), None)


def test_a_story_is_joined_through_its_members_as_a_whole_not_its_best_one() -> None:
    """A briefing at the threshold with one member of a two-member story and sharing
    nothing with the other is not linked to the story; with the first member alone, it
    is (the link a chain would be made of)."""
    first = bag("alpha", "bravo", "charlie", "delta", "echo")
    second = bag("alpha", "bravo", "charlie", "foxtrot", "golf")
    newcomer = bag("delta", "echo", "hotel", "india", "juliett", "kilo", "lima", "mike")
    assert feature_similarity(newcomer, first) >= SAME_STORY_THRESHOLD
    assert feature_similarity(newcomer, second) == 0.0
    alone = StoryMatcher()
    alone.add(first, 1)
    assert alone.assign(newcomer) == 1
    story = StoryMatcher()
    story.add(first, 1)
    story.add(second, 1)
    assert story.assign(newcomer) is None
    # A briefing close to both members joins.
    assert story.assign(bag("alpha", "bravo", "charlie", "delta", "foxtrot")) == 1


def test_later_evidence_does_not_merge_stories_of_different_days() -> None:
    """Invented: a dated report naming no day is close to the Friday launch and to the
    Sunday launch; it joins one, and the two stay apart."""
    when = datetime(2026, 3, 4, 9, tzinfo=UTC)
    text = "Varnland fired a ballistic missile into the Grey Sea {day}, Ostria said."
    friday = launch("https://a.example/1", "", text.format(day="on Friday"), when)
    sunday = launch("https://b.example/2", "", text.format(day="on Sunday"), when)
    bridge = launch("https://c.example/3", "", text.format(day="again"), when)
    matcher = matcher_with((friday, 1), (sunday, 2))
    assert matcher.assign(briefing_features(bridge), bridge.url) in (1, 2)
    assert matcher.take_merges() == {}


def test_different_dates_are_different_events() -> None:
    """Invented: the same drill on two dates written in the text; one date written two ways
    is one event."""
    text = "Varnland's navy held a live-fire drill in the Grey Sea on {date}, the ministry said."
    march = story_features("", text.format(date="March 5"))
    also_march = story_features("", text.format(date="5th of March"))
    october = story_features("", text.format(date="14 October"))
    assert march.dates == also_march.dates == {"3-5"} and october.dates == {"10-14"}
    assert story_features("", "In March 2017 and March 5 million people voted.").dates == set()
    assert feature_similarity(march, october) < 0.6 * feature_similarity(march, also_march)


def test_a_step_reported_as_thought_done_is_still_ahead() -> None:
    """Invented: "is thought to have selected" is a report ahead of the selection."""
    tipped = story_features(
        "", "Varnland is thought to have selected Kestrel Yards for its corvettes."
    )
    selected = story_features("", "Varnland selected Kestrel Yards to build its corvettes.")
    assert tipped.ahead == {"select"} and not tipped.done
    assert selected.done == {"select"}
    assert feature_similarity(tipped, selected) < 0.6 * feature_similarity(
        replace(tipped, ahead=frozenset()), selected
    )


def test_an_ordinal_counts_like_a_number() -> None:
    """Invented: the alliance's 9th and 10th members joining are two accessions."""
    ninth = story_features("", "Varnland became the Kesh Pact's 9th member on Thursday.")
    tenth = story_features("", "Ostria became the Kesh Pact's 10th member on Thursday.")
    assert ninth.counts == {"member": {"9th"}} and tenth.counts == {"member": {"10th"}}
    assert story_features("", "on the 5th of March").counts == {}  # a date, no count


def test_weekdays_a_day_apart_do_not_disagree() -> None:
    """Invented: "Tuesday night" in one capital is "early Wednesday" in another, and a
    report of the next day names the day it was told; two days apart are two events."""
    night = story_features("", "Varnland fired rockets at two Ostrian bases on Tuesday night.")
    early = story_features("", "Varnland fired rockets at two Ostrian bases early Wednesday.")
    thursday = story_features("", "Varnland fired rockets at two Ostrian bases on Thursday.")
    sunday = story_features("", "Varnland fired rockets at two Ostrian bases on Sunday.")
    monday = story_features("", "Varnland fired rockets at two Ostrian bases on Monday.")
    assert night.days == {"tuesday"} and early.days == {"wednesday"}
    assert not anchors_conflict(night, early) and not anchors_conflict(sunday, monday)
    assert anchors_conflict(night, thursday) and anchors_conflict(early, sunday)
    assert feature_similarity(night, early) == pytest.approx(
        feature_similarity(night, replace(early, days=frozenset()))
    )
    assert feature_similarity(night, thursday) == pytest.approx(
        0.5 * feature_similarity(night, replace(thursday, days=frozenset()))
    )
    weekend = story_features("", "Varnland fired rockets at two Ostrian bases at the weekend.")
    assert not anchors_conflict(weekend, monday) and anchors_conflict(weekend, thursday)


def test_a_story_takes_a_report_of_the_day_after() -> None:
    """Invented: one strike told "on Tuesday" by one outlet and "on Wednesday" by another
    (the day it was reported) is one story; a strike on Friday is not."""
    text = "Varnland fired rockets at the Kesh air base {day}, wounding three Ostrian airmen."
    tuesday = launch(
        "https://a.example/1", "Rockets hit Kesh air base", text.format(day="on Tuesday")
    )
    bridge = launch("https://b.example/2", "Rockets hit Kesh air base", text.format(day="again"))
    wednesday = launch(
        "https://c.example/3", "Rockets hit Kesh air base", text.format(day="on Wednesday")
    )
    friday = launch(
        "https://d.example/4", "Rockets hit Kesh air base", text.format(day="on Friday")
    )
    assert cluster([tuesday, bridge, wednesday]) == [[0, 1, 2]]
    assert cluster([tuesday, bridge, friday]) == [[0, 1], [2]]


def test_different_named_things_of_one_kind_are_different_events() -> None:
    """Invented: two pledges of tanks (the Kestrel and the Harrow), two pipelines damaged;
    a report naming both, or one without a name, does not disagree."""
    kestrel = story_features(
        "Varnland to send Kestrel 2 tanks to Ostria",
        "Varnland will send a squadron of Kestrel 2 tanks to Ostria, its prime minister said.",
    )
    harrow = story_features(
        "Brennia to send Harrow tanks to Ostria",
        "Brennia will send a squadron of its Harrow main battle tanks to Ostria, its "
        "chancellor said.",
    )
    also_kestrel = story_features("", "Varnland is to send Kestrel tanks to Ostria.")
    both = story_features("", "After Varnland's Kestrel tanks, Brennia will send Harrow tanks.")
    unnamed = story_features("", "Varnland will send a squadron of tanks to Ostria.")
    assert kestrel.things == {"tank": {"kestrel 2"}} and harrow.things == {"tank": {"harrow"}}
    assert both.things == {"tank": {"kestrel", "harrow"}} and unnamed.things == {}
    plain = replace(harrow, things={})
    assert feature_similarity(kestrel, harrow) < 0.5 * feature_similarity(kestrel, plain)
    for other in (also_kestrel, both, unnamed):
        assert feature_similarity(kestrel, other) == pytest.approx(
            feature_similarity(kestrel, replace(other, things={}))
        )
    pipes = [
        story_features("", "Divers found the Grey Stream gas pipeline damaged on Sunday."),
        story_features("", "The Norlink gas pipeline was damaged by a ship's anchor."),
    ]
    assert [p.things for p in pipes] == [
        {"pipeline": {"grey", "stream"}},
        {"pipeline": {"norlink"}},
    ]
    # The owner is not the thing; the last kind word is the kind; a variant is the system.
    assert story_features("", "Four Royal Navy ships sailed.").things == {}
    assert story_features("", "The Chinese Brenn aircraft carrier sailed.").things == {
        "ship": {"brenn"}
    }
    assert story_features("", "It bought the Vel-35A fighter jet.").things == {"jet": {"vel-35"}}


def test_a_test_and_a_drill_are_different_events() -> None:
    """Invented: Varnland's leader in two reports, one of a missile test and one of drills;
    a report of both does not disagree."""
    test = story_features(
        "Varnland test-launches Vel missile",
        "Varnland has test-launched a nuclear-capable missile, President Oren Kask said.",
    )
    drill = story_features(
        "Kask orders nuclear drills",
        "President Oren Kask has ordered Varnland's forces to hold nuclear exercises.",
    )
    both = story_features("", "Varnland held nuclear drills and tested a missile.")
    assert test.kinds == {"test"} and drill.kinds == {"drill"}
    assert both.kinds == {"test", "drill"}
    plain = replace(drill, kinds=frozenset())
    assert feature_similarity(test, drill) < 0.6 * feature_similarity(test, plain)
    assert feature_similarity(test, both) == pytest.approx(
        feature_similarity(test, replace(both, kinds=frozenset()))
    )


def test_a_common_word_weighs_less_than_a_rare_one() -> None:
    """wordfreq's English list scales weights down for common words: "attack" and "said"
    less than "missile"; a word it does not list ("Kestrelnet") is rare; a plural missing
    from the list is its singular, a compound its rarest part."""
    assert rarity("said") == RARITY_FLOOR < rarity("attack") < rarity("missile") <= 1.0
    assert rarity("kestrelnet") == rarity("ransomware") == 1.0
    assert rarity("frigates") == rarity("frigate")
    assert rarity("test-fired") == max(rarity("test"), rarity("fired"))
    features = story_features("", "Hackers attack the Kestrelnet ransomware servers.")
    assert features.weights["attack"] < features.weights["ransomwar"]
    assert features.weights["kestrelnet"] == ENTITY_WEIGHT  # a name weighs what it did


def test_reports_sharing_rare_words_join_and_common_words_do_not() -> None:
    """Invented: three reports of one ransomware attack on the Norlink pipeline, each in its
    own words; a report of an attack on a police station shares as many common words with
    the first ("money, not trouble", "check every ... in future")."""
    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    texts = [
        ("Ransomware gang says it wanted money, not trouble", "The gang behind the ransomware "
         "attack that shut the Norlink pipeline said it only wanted money and would check "
         "every target in future."),
        ("Norlink pipeline shut after ransomware attack", "A ransomware attack has closed the "
         "Norlink pipeline, which carries half the fuel used on the coast, the operator said."),
        ("Fuel shortages spread as Norlink stays shut", "Drivers queued for fuel as the "
         "Norlink pipeline stayed shut for a third day after the ransomware attack."),
        ("Police say station attack was about money", "Police said the attack on the station "
         "was about money, not trouble, and that they would check every car in future."),
    ]  # fmt: skip
    reports = [
        Briefing(
            headline=headline,
            url=f"https://o{i}.example/{i}",
            source=f"O{i}",
            summary=summary,
            published=start + timedelta(hours=i),
        )
        for i, (headline, summary) in enumerate(texts)
    ]
    assert cluster(reports) == [[0, 1, 2], [3]]
    gang, closed, police = (briefing_features(reports[i]) for i in (0, 1, 3))
    assert feature_similarity(gang, closed) > 1.5 * feature_similarity(gang, police)


def test_the_word_list_ships_with_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing is downloaded: the list loads with every connection refused."""
    import socket

    from summaries.stories import features

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    features._frequencies.cache_clear()
    try:
        assert rarity("kestrelnet") == 1.0 and rarity("attack") < rarity("missile") < 1.0
    finally:
        features._frequencies.cache_clear()


def test_a_missile_strike_and_a_drone_attack_are_different_events() -> None:
    """Invented: Varnland's leader in a report of a missile strike on Ostria and in one of
    drones sent at his palace; a report of both, or of an aircraft for the drone, does not
    disagree."""
    missile = story_features(
        "Kask says new weapon fired on Ostria",
        "President Oren Kask said Varnland fired a medium-range ballistic missile at Brenn.",
    )
    drones = story_features(
        "Varnland says Ostria tried to kill Kask with drones",
        "Varnland said it shot down two Ostrian drones aimed at President Oren Kask.",
    )
    both = story_features("", "Varnland fired missiles and drones at Ostria, Kask said.")
    aircraft = story_features("", "Varnland shot down two Ostrian aircraft near Kask's palace.")
    assert missile.platforms == {"missile"} and drones.platforms == {"aircraft"}
    plain = replace(drones, platforms=frozenset())
    assert feature_similarity(missile, drones) < 0.7 * feature_similarity(missile, plain)
    for one, other in ((missile, both), (drones, both), (drones, aircraft)):
        assert feature_similarity(one, other) == pytest.approx(
            feature_similarity(one, replace(other, platforms=frozenset()))
        )
    # A satellite's launch is a rocket's: no kind to disagree on.
    assert story_features("", "Varnland launched a spy satellite.").platforms == frozenset()


def test_shared_context_counts_a_little_and_a_lone_word_less() -> None:
    """Invented: two reports of one purchase share its count, its jets and their context
    (the defence minister, a plan); two other events share only their frigates."""
    plan = story_features(
        "",
        "The Varnish defence minister angered her coalition partners by announcing a plan "
        "to buy 45 fighter jets from Ostria, 30 of which would carry bombs.",
    )
    same_plan = story_features(
        "",
        "Varnland plans to purchase 90 Kestrels as well as 45 Ostrian-made fighter jets to "
        "replace its ageing Harrow and Merlin fleet, the defence minister announced on Tuesday.",
    )
    milestone = story_features(
        "Frigate project to reach milestone",
        "Work on the anti-submarine frigates is set to reach an important milestone this "
        "month, the defence ministry said.",
    )
    deal = story_features(
        "",
        "A deal has been signed for the construction of new frigates for the national navy, "
        "the government announced on Friday.",
    )
    assert feature_similarity(plan, same_plan) >= SAME_STORY_THRESHOLD
    assert feature_similarity(milestone, deal) < SAME_STORY_THRESHOLD


def test_generic_words_do_not_select_candidates() -> None:
    """Generic words weigh enough to count but are too common to pick whom to compare."""
    features = story_features("Defence ministry orders frigates", "The navy said so.")
    assert "frigat" in _terms(features)
    assert not {"defenc", "ministri", "order", "navi"} & set(_terms(features))


def test_a_duration_or_a_generic_noun_is_no_count() -> None:
    """Invented: "in ten years" and "the largest in 30 years" count no thing of the deal,
    and neither do "150 countries"; the jets are still counted."""
    first = story_features("", "Varnland will buy 88 Kestrel jets, delivered over ten years.")
    second = story_features("", "Varnland buys 88 Kestrel jets, its largest order in 30 years.")
    assert first.counts == {"kestrel": {"88"}, "jet": {"88"}}
    assert second.counts == first.counts
    assert story_features("", "Ransomware hit 150 countries.").counts == {}


def test_a_sum_rounded_by_one_outlet_is_the_same_term() -> None:
    """Invented: "$14.2 billion" and "$14bn" are one sum, as the amounts say already."""
    exact = story_features("", "Varnland signs a $14.2 billion deal for 88 Kestrel jets.")
    rounded = story_features("", "Varnland signs a $14bn deal for 88 Kestrel jets.")
    assert "14bn" in exact.weights and "14bn" in rounded.weights
    assert exact.amounts == rounded.amounts == {"14bn"}


def test_a_designator_is_one_term_however_it_is_written() -> None:
    """Invented: "Vostok-2031" and "Vostok 2031" are one exercise, "K-18s" and "K18" one
    jet, and a "K-35B" is a K-35; the other year of the exercise still conflicts."""
    hyphen = story_features("Exercise Vostok-2031 starts", "Troops gather at 14 ranges.")
    spaced = story_features("", "Varnland and Ostria will hold the joint exercise Vostok 2031.")
    assert {"vostok-2031", "vostok"} <= hyphen.weights.keys() & spaced.weights.keys()
    assert "k-18" in story_features("", "Varnland buys 45 K-18s.").weights
    assert "k-18" in story_features("", "Varnland buys 45 K18 jets.").weights
    assert "k-35" in story_features("", "Varnland buys the K-35B.").weights
    earlier = story_features("", "Varnland and Ostria will hold the joint exercise Vostok 2027.")
    assert anchors_conflict(earlier, spaced) and not anchors_conflict(hyphen, spaced)


def test_stemming_from_many_threads_gives_the_same_stems_as_one() -> None:
    """Ingest processes entries in threads; a stemmer shared between them corrupted words
    (IndexError, and an article lost under load)."""
    import sys
    import threading

    from summaries.stories.features import _stem

    stems = ["deploy", "nation", "operat", "arm", "sanction", "patrol", "intercept", "modernis"]
    suffixes = ["ing", "ed", "ation", "ional", "ers", "ness", "ful", "ively", "izes", "alism"]
    words = [f"{stem}{suffix}" for stem in stems for suffix in suffixes]
    words = [f"{w}{'x' * n}" for n in range(6) for w in words]
    expected = {w: _stem.__wrapped__(w) for w in words}  # uncached: every call stems
    failures: list[BaseException] = []

    def stem_all(offset: int) -> None:
        try:
            for i in range(len(words)):
                word = words[(i + offset) % len(words)]
                if _stem.__wrapped__(word) != expected[word]:
                    raise AssertionError(word)
        except BaseException as exc:
            failures.append(exc)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=stem_all, args=(k * 37,)) for k in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert failures == []
