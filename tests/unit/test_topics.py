"""Topic tags: word-sense guards for names, designations with a variant letter."""

from __future__ import annotations

from pathlib import Path

import pytest

from summaries.models import Article
from summaries.topics import Lexicon, mask_names, tag_topics

LEXICON = Lexicon.from_toml_text(
    (Path(__file__).parents[2] / "config" / "topics.toml").read_text(encoding="utf-8")
)


def topics(title: str, lead: str) -> tuple[str, ...]:
    return tag_topics(Article(text=lead, title=title, lead=lead), LEXICON)


@pytest.mark.parametrize(
    ("title", "lead", "wrong"),
    [
        (
            "Exercise Trident Shield opens on the northern coast",
            "Exercise Trident Shield brought two thousand soldiers to the northern coast.",
            "nuclear",
        ),
        (
            "Cargo flight lands at Harrow Air Base",
            "A cargo flight with medical supplies landed at Harrow Air Base on Monday.",
            "air power",
        ),
        (
            "Payroll data of Royal Navy, Army and Air Force personnel exposed",
            "Bank details of serving Royal Navy, Army and Air Force personnel were exposed.",
            "naval",
        ),
        (
            "Oil industry rattled by strait closure",
            "The global oil industry braced for higher prices after the strait closed.",
            "industry",
        ),
    ],
)
def test_names_do_not_tag_their_namesake(title: str, lead: str, wrong: str) -> None:
    assert wrong not in topics(title, lead)


def test_real_mentions_still_tag() -> None:
    assert "nuclear" in topics("Trident renewal approved", "The Trident programme was renewed.")
    assert "naval" in topics("A Royal Navy exercise", "The Royal Navy exercise began at sea.")
    assert "air power" in topics("Swiss pick the F-35A", "Switzerland picked the F-35A jet.")
    assert "air defence" in topics("S-400 parts arrive", "The first S-400 parts arrived.")


def test_mask_keeps_length_and_plain_text() -> None:
    text = "HMS Valiant sailed; the navy said so."
    masked = mask_names(text)
    assert len(masked) == len(text) and masked.endswith("sailed; the navy said so.")


def body_topics(text: str) -> tuple[str, ...]:
    """Topics of an untitled article whose lead is its first paragraph."""
    return tag_topics(Article(text=text, lead=text.split("\n\n")[0]), LEXICON)


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        (
            "The alliance began its autumn exercise in the north with about 9,000 troops.\n\n"
            "Troops from eleven countries will move by rail and road. More troops arrive "
            "next week, and navy personnel will crew the landing ships.",
            "personnel",
        ),
        (
            "The harbour authority said the training ground stays open; navy personnel and "
            "army personnel will share it with the coastguard's personnel.",
            "personnel",
        ),
        (
            "The country's nuclear weapons programme grew quickly in the nineties.\n\n"
            "Its space programme and a rail programme followed, the ministry said in a "
            "programme of talks.",
            "procurement",
        ),
    ],
)
def test_words_only_near_a_topic_do_not_tag_it(text: str, wrong: str) -> None:
    assert wrong not in body_topics(text)


def test_personnel_matters_still_tag_personnel() -> None:
    text = (
        "The navy missed its recruitment target for a third year, officials said.\n\n"
        "Retention of engineers is the worst problem, and reservists are being asked to "
        "serve longer."
    )
    assert "personnel" in body_topics(text)


def test_a_decisive_term_tags_on_one_mention_in_the_body() -> None:
    text = (
        "The prime minister congratulated the engineers on Monday after the test.\n\n"
        "The launch of the nuclear-capable Kestrel-4 from the eastern island went to plan, "
        "the ministry said."
    )
    assert "nuclear" in body_topics(text)
    # an ordinary term needs more than one mention in the body
    assert "nuclear" not in body_topics(text.replace("nuclear-capable", "nuclear"))


def test_decisive_terms_are_optional_in_a_lexicon() -> None:
    lexicon = Lexicon.from_dict({"topics": {"naval": ["frigate"]}})
    assert lexicon.decisive_matcher is None
    assert tag_topics("A frigate sailed.", lexicon) == ("naval",)
    sure = Lexicon.from_dict(
        {"topics": {"naval": {"terms": ["frigate"], "decisive": ["corvette"]}}}
    )
    article = Article(text="One\n\nTwo\n\nThe old corvette sailed at noon.", lead="One")
    assert tag_topics(article, sure) == ("naval",)


@pytest.mark.parametrize(
    ("text", "wrong", "kept"),
    [
        (  # a ship type, not a missile story
            "The guided-missile destroyer Harbour Light joined the fleet at a ceremony on the "
            "quay, with her crew and sponsors aboard.\n\nThe guided missile cruiser Tern and "
            "two guided-missile frigates saluted the destroyer as she left.",
            "missiles",
            "naval",
        ),
        (  # a launch site's name, not air power
            "The navigation satellite lifted off from Bramble Point Air Force Station on "
            "Thursday evening, reaching orbit an hour later.\n\nThe satellite is the third of "
            "a constellation of six.",
            "air power",
            "space",
        ),
        (  # where the tanks were made, not a story about that country
            "The regiment has 45 Russian-made tanks, delivered in the spring and now on the "
            "border after two months of army trials.\n\nThe Russian-built engines were "
            "replaced, and the tank crews finished their training.",
            "Russia",
            "land",
        ),
        (  # the means of carrying a warhead, not a purchase
            "The submarine force is the most formidable of the nuclear weapons delivery "
            "platforms, the review said, and its warheads will be renewed.\n\nThe delivery "
            "systems of the other two legs are older.",
            "procurement",
            "nuclear",
        ),
        (  # a tank that holds fuel, and a think tank, are not armour
            "A fuel truck exploded on the bridge and set the fuel tanks of a freight train on "
            "fire, a think-tank analyst said, and the bridge's water tank burst.\n\nThe "
            "bridge carries the railway line over the strait.",
            "land",
            "",
        ),
        (  # a whole armed force named an army, not the land forces
            "The Northland People's Liberation Army held naval drills off the coast, and the "
            "navy said the frigates would stay at sea.\n\nThe drills will last three days.",
            "land",
            "naval",
        ),
        (  # an order given, not an order placed
            "The president has ordered the formation of a coastguard drone unit, the navy "
            "said.\n\nThe drone unit will patrol the strait.",
            "procurement",
            "drones",
        ),
        (  # a service named only as the one that said something
            "Drones struck two depots overnight, and the Northland Air Force said it had shot "
            "down twelve drones over the capital.\n\nThe drone attack was the largest so far.",
            "air power",
            "drones",
        ),
    ],
)
def test_words_in_another_sense_do_not_tag(text: str, wrong: str, kept: str) -> None:
    tags = body_topics(text)
    assert wrong not in tags and (not kept or kept in tags)


def test_missiles_and_air_power_still_tag_in_their_own_sense() -> None:
    assert "missiles" in body_topics(
        "The army fired two guided missiles at the range, and a third missile failed.\n\n"
        "The cruise missile test was the first this year."
    )
    assert "air power" in body_topics(
        "The air force will buy twelve fighter jets, and the Air Force said the first "
        "squadron would be ready by spring.\n\nThe fighter order is the largest in decades."
    )


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        (
            "Sailors are leaving the fleet faster than ever, despite a pay rise over the "
            "summer.\n\nThe navy recruited just 900 sailors, and the recruitment drive will "
            "continue.",
            "personnel",
        ),
        (
            "Northland will extend its compulsory military service from four months to a "
            "year, the president said.\n\nThe islands face growing pressure from abroad.",
            "personnel",
        ),
        (
            "The governor said on Tuesday that conscientious objectors may serve in the "
            "military as medics.\n\nThe rule takes effect next year.",
            "personnel",
        ),
        (
            "Northland's ministry said veterans with a disability would be allowed to keep "
            "serving in the armed forces.\n\nThe ministry gave no figures.",
            "personnel",
        ),
        (
            "Ostmark has received an order for flares worth more than a million crowns, the "
            "company said on Friday.\n\nThe flares will be made at its northern plant.",
            "procurement",
        ),
        (
            "The navy will procure four patrol boats for the harbour squadron.\n\nThe boats "
            "are to be procured from a yard in the north by the end of the decade.",
            "procurement",
        ),
        (
            "Northland will buy twelve patrol aircraft from Ostmark, the minister announced "
            "on Tuesday.\n\nThe first aircraft are due next spring.",
            "procurement",
        ),
        (
            "The navy will acquire four patrol boats, the ministry said on Monday.\n\nThe "
            "boats will replace vessels built in the 1980s.",
            "procurement",
        ),
        (
            "Defence company Ostmark said its subsidiary won a contract for flares from two "
            "air forces.\n\nThe defence company will make the flares at its plant.",
            "industry",
        ),
    ],
)
def test_general_defence_vocabulary_tags(text: str, topic: str) -> None:
    assert topic in body_topics(text)


def test_a_new_military_service_is_a_branch_not_conscription() -> None:
    text = (
        "The president signed the act that created the Space Corps, a brand new military "
        "service, on Friday.\n\nThe corps will run the satellite constellation."
    )
    assert "personnel" not in body_topics(text)


def test_background_late_in_a_one_paragraph_story_is_not_the_lead() -> None:
    text = (
        "The president signed the nuclear treaty withdrawal into law on Thursday, officials said. "
        "The move follows a vote in parliament last month. Lawmakers debated for two days. "
        "The treaty bans nuclear tests, and nuclear tests have become rare. Only Korea has "
        "held one this century."
    )
    assert "Indo-Pacific" not in body_topics(text)
    assert "nuclear" in body_topics(text)
