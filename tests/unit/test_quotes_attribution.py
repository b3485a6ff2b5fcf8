"""Attribution patterns, one table row per way wire copy says who spoke."""

from __future__ import annotations

import pytest

from summaries.quotes import extract_quotes

INTRO = "Britain will send more missiles to Ukraine, Defence Secretary John Healey said.\n\n"

# (text, [(quote text, speaker)]) — every quote in the text, in order.
PATTERNS: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "trail-name-said",
        INTRO + "“We will not let up,” Healey said.",
        [("We will not let up,", "John Healey")],
    ),
    (
        "trail-said-name",
        "“It is done,” said Mark Rutte, NATO's secretary general.",
        [("It is done,", "Mark Rutte")],
    ),
    (
        "trail-pronoun",
        INTRO + "“We will not let up,” he added.",
        [("We will not let up,", "John Healey")],
    ),
    (
        "lead-colon",
        "Mark Rutte said: “The alliance is strong.”",
        [("The alliance is strong.", "Mark Rutte")],
    ),
    (
        "lead-that",
        "Mark Rutte said that “the alliance is strong and getting stronger”.",
        [("the alliance is strong and getting stronger", "Mark Rutte")],
    ),
    (
        "told-bbc",
        "Gen Sir Patrick Sanders told the BBC: “We would run out of soldiers.”",
        [("We would run out of soldiers.", "Patrick Sanders")],
    ),
    (
        "told-reporters",
        "“We are ready,” Lt Gen Jane Doe, the army commander, told reporters.",
        [("We are ready,", "Jane Doe")],
    ),
    (
        "according-trail",
        "“The order is signed,” according to a senior US official.",
        [("The order is signed,", "a senior US official")],
    ),
    (
        "according-lead",
        "According to Mark Rutte, “the alliance has never been stronger”.",
        [("the alliance has never been stronger", "Mark Rutte")],
    ),
    (
        "statement-org",
        "“We monitored the ship throughout,” the Ministry of Defence said in a statement.",
        [("We monitored the ship throughout,", "Ministry of Defence")],
    ),
    (
        "kremlin",
        "“This is an invention,” the Kremlin said.",
        [("This is an invention,", "Kremlin")],
    ),
    (
        "unnamed-spokesperson",
        "A Ministry of Defence spokesperson said: “We will not hesitate.”",
        [("We will not hesitate.", "a Ministry of Defence spokesperson")],
    ),
    (
        "speaking-at",
        "Speaking at a summit in Vilnius, Giorgia Meloni said “Italy will do its part”.",
        [("Italy will do its part", "Giorgia Meloni")],
    ),
    (
        "split",
        INTRO + "“We are not going to let up,” he said. “Every week matters.”",
        [("We are not going to let up,", "John Healey"), ("Every week matters.", "John Healey")],
    ),
    (
        "split-comma",
        "“We are in this for the long haul,” Alexander Stubb said, “and we must plan.”",
        [
            ("We are in this for the long haul,", "Alexander Stubb"),
            ("and we must plan.", "Alexander Stubb"),
        ],
    ),
    (
        "continuation-paragraph",
        INTRO + "“We will not let up,” he said.\n\n“Every week matters.”",
        [("We will not let up,", "John Healey"), ("Every week matters.", "John Healey")],
    ),
    (
        "colon-paragraph",
        "Luke Pollard told MPs:\n\n“The numbers are not good enough.”",
        [("The numbers are not good enough.", "Luke Pollard")],
    ),
    (
        "separate-sentence",
        "“Our deterrence depends on it.” Defence Minister Taro Aso said this on Friday.",
        [("Our deterrence depends on it.", "Taro Aso")],
    ),
    (
        "wrote-on-x",
        "“Every Patriot saves lives,” Volodymyr Zelensky wrote on X.",
        [("Every Patriot saves lives,", "Volodymyr Zelensky")],
    ),
    (
        "quoted-as-saying",
        "“We are ready,” Defence Minister Aziz Nasirzadeh was quoted as saying by IRNA.",
        [("We are ready,", "Aziz Nasirzadeh")],
    ),
    (
        "relative-clause",
        "“We must be ready by 2028,” Air Chief Marshal Sir Richard Knighton, who became Chief "
        "of the Defence Staff in September, told MPs.",
        [("We must be ready by 2028,", "Richard Knighton")],
    ),
    (
        "said-role-then-name",
        "“We are watching,” said the head of the National Security Bureau, Jacek Siewiera.",
        [("We are watching,", "Jacek Siewiera")],
    ),
    (
        "dash-after-quote",
        "“Every Patriot saves lives.” — Volodymyr Zelensky (@ZelenskyyUa) May 5, 2026",
        [("Every Patriot saves lives.", "Volodymyr Zelensky")],
    ),
    (
        "quoted-him-as-saying",
        "Dmitry Peskov spoke on Monday.\n\n“We are watching,” TASS quoted Peskov as saying.",
        [("We are watching,", "Dmitry Peskov")],
    ),
    (
        "party-tag-appositive",
        "“I have yet to hear a reason,” Rep. Mike Rogers, R-Ala., chairman of the House "
        "Armed Services Committee, said.",
        [("I have yet to hear a reason,", "Mike Rogers")],
    ),
    (
        "post-on-x-is-a-noun",
        "“We engaged a drone,” U.S. Central Command said in a post on X. “No one was hurt.”",
        [
            ("We engaged a drone,", "U.S. Central Command"),
            ("No one was hurt.", "U.S. Central Command"),
        ],
    ),
    (
        "name-particles",
        "“We are ready,” said Ursula von der Leyen.\n\n“We are ready,” de Gaulle said.",
        [("We are ready,", "Ursula von der Leyen"), ("We are ready,", "de Gaulle")],
    ),
    (
        "arabic-article",
        "“We will stay,” al-Sudani said.",
        [("We will stay,", "al-Sudani")],
    ),
    (
        "aux-after-relative-clause",
        "Vice Adm. Brad Cooper, who commands naval forces in the region, has previously "
        "described the attacks as “unprecedented in modern naval history”.",
        [("unprecedented in modern naval history", "Brad Cooper")],
    ),
    (
        "colon-no-cue",
        "Polish Foreign Minister Radoslaw Sikorski was blunter: "
        "“If a drone comes, we shoot it down.”",
        [("If a drone comes, we shoot it down.", "Radoslaw Sikorski")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=i) for i, t, e in PATTERNS])
def test_attribution_patterns(text: str, expected: list[tuple[str, str]]) -> None:
    got = [(q.text, q.speaker) for q in extract_quotes(text)]
    assert got == expected


def test_alias_resolves_to_full_name_and_role_is_separate() -> None:
    text = (
        "NATO Secretary General Mark Rutte arrived in Brussels.\n\n"
        "“We are stepping up,” Rutte said."
    )
    (q,) = extract_quotes(text)
    assert (q.speaker, q.role, q.speaker_kind) == ("Mark Rutte", "NATO Secretary General", "person")


def test_appositive_role() -> None:
    text = "John Healey, the Defence Secretary, visited Belfast.\n\n“We build here,” Healey said."
    (q,) = extract_quotes(text)
    assert (q.speaker, q.role) == ("John Healey", "Defence Secretary")


@pytest.mark.parametrize(
    ("prefix", "name", "role"),
    [
        ("Gen.", "Christopher Cavoli", "Gen."),
        ("Lt Gen", "Jane Doe", "Lt Gen"),
        ("Adm.", "Daryl Caudle", "Adm."),
        ("Air Chief Marshal Sir", "Richard Knighton", "Air Chief Marshal"),
        ("Dame", "Angela Eagle", ""),
        ("Secretary of State for Defence", "John Healey", "Secretary of State for Defence"),
    ],
)
def test_ranks_and_honours_leave_the_name(prefix: str, name: str, role: str) -> None:
    (q,) = extract_quotes(f"“We are ready,” {prefix} {name} said.")
    assert (q.speaker, q.role) == (name, role)


def test_pronoun_uses_gender_with_second_person_mid_article() -> None:
    text = (
        "Prime Minister Kristen Michal met Kaja Kallas in Tallinn.\n\n"
        "“We need a new package,” Michal said.\n\n"
        "Kallas said the bloc was working on new measures. “Every tanker counts,” she said.\n\n"
        "“Estonia is ready to do more,” he added."
    )
    assert [q.speaker for q in extract_quotes(text)] == [
        "Kristen Michal",
        "Kaja Kallas",
        "Kristen Michal",
    ]


def test_pronoun_prefers_subject_over_object() -> None:
    text = (
        "Mark Rutte said the decision by Donald Trump was welcome.\n\n“It is a good day,” he said."
    )
    (q,) = extract_quotes(text)
    assert q.speaker == "Mark Rutte"


def test_role_reference_resolves_to_holder() -> None:
    text = (
        "Defence Secretary John Healey and Norwegian Foreign Minister Espen Barth Eide met.\n\n"
        "“This is the deepest partnership,” the Defence Secretary said.\n\n"
        "“The threat is real,” the foreign minister said."
    )
    assert [q.speaker for q in extract_quotes(text)] == ["John Healey", "Espen Barth Eide"]


def test_unresolved_pronoun_is_unknown_never_the_pronoun() -> None:
    (q,) = extract_quotes("“We are ready,” he said.")
    assert (q.speaker, q.speaker_kind) == ("", "unknown")


def test_unnamed_and_organisation_kinds() -> None:
    text = (
        "“All options are open,” a senior US official said.\n\n"
        "“This is an invention,” the Kremlin said."
    )
    kinds = [(q.speaker, q.speaker_kind) for q in extract_quotes(text)]
    assert kinds == [("a senior US official", "unnamed"), ("Kremlin", "organisation")]


def test_referring_back_to_an_unnamed_source() -> None:
    text = (
        "A US official, speaking on condition of anonymity, said Washington was told.\n\n"
        "“We were told shortly before,” the official said."
    )
    (q,) = extract_quotes(text)
    assert (q.speaker, q.speaker_kind) == ("a US official", "unnamed")


def test_generic_company_reference_resolves_to_named_company() -> None:
    text = (
        "BAE Systems has won a contract.\n\n“This secures jobs,” the company said in a statement."
    )
    (q,) = extract_quotes(text)
    assert (q.speaker, q.speaker_kind) == ("BAE Systems", "organisation")


def test_partial_quote_inside_writers_sentence() -> None:
    text = "Speaking in Oslo, Anna Lind described what she called a “quiet revolution in planning”."
    (q,) = extract_quotes(text)
    assert (q.text, q.kind, q.speaker) == ("quiet revolution in planning", "partial", "Anna Lind")


def test_scare_quotes_are_not_quotes() -> None:
    text = (
        "Moscow calls the war a so-called “special military operation”. The “shadow fleet” "
        "of tankers sails on. Its new “Project 22350” frigates are modern."
    )
    assert extract_quotes(text) == []


def test_full_quote_kinds() -> None:
    text = "Mark Rutte said: “We are ready.”\n\n“We are ready,” he said."
    assert [q.kind for q in extract_quotes(text)] == ["full", "full"]


@pytest.mark.parametrize(
    "text",
    [
        "The government published the “Strategic Defence Review 2025: Making Britain Safer”.",
        "Poland called for a “drone wall” on its border.",
        "Troops took part in Operation “Steadfast Dart” near the border.",
    ],
)
def test_titles_and_labels_are_not_quotes(text: str) -> None:
    assert extract_quotes(text) == []


def test_passive_told_by() -> None:
    (q,) = extract_quotes("“We are not ready,” I was told by a senior officer at the base.")
    assert (q.speaker, q.speaker_kind) == ("a senior officer", "unnamed")


def test_they_resolves_to_plural_source_named_in_narrative() -> None:
    text = (
        "Europe is planning a force for Ukraine, according to three diplomats.\n\n"
        "The diplomats said it could number 25,000. “It is a reassurance force,” they said."
    )
    (q,) = extract_quotes(text)
    assert q.speaker_kind == "unnamed" and "diplomats" in q.speaker


def test_it_resolves_to_named_company_not_generic_noun() -> None:
    text = (
        "Saab raised its forecast.\n\nThe Swedish company said orders rose. "
        "It said in a statement: “Demand remains very strong.”"
    )
    (q,) = extract_quotes(text)
    assert (q.speaker, q.speaker_kind) == ("Saab", "organisation")


def test_hard_wrapped_line_inside_a_quote() -> None:
    text = "Intro.\n“We will fight on the beaches\nand we will win,” Winston Smith said."
    (q,) = extract_quotes(text)
    assert q.text == "We will fight on the beaches\nand we will win,"
    assert q.speaker == "Winston Smith"


def test_read_more_lines_are_skipped() -> None:
    text = "Story.\n\nREAD MORE: ‘We will fight on’, says Healey\n\n“Real one,” Healey said."
    assert [q.text for q in extract_quotes(text)] == ["Real one,"]


def test_shared_surname_goes_to_the_person_named_last() -> None:
    text = (
        "President Toomas Hendrik Ilves visited the base.\n\n"
        "His son, Luukas Ilves, a reservist, was there. “We are ready,” Ilves said.\n\n"
        "Later the president spoke. “I am proud,” Toomas Hendrik Ilves said. "
        "“Very proud,” Ilves added."
    )
    assert [q.speaker for q in extract_quotes(text)] == [
        "Luukas Ilves",
        "Toomas Hendrik Ilves",
        "Toomas Hendrik Ilves",
    ]


def test_nickname_inside_a_name_is_not_a_quote() -> None:
    text = "“There is work to do,” said Rudolph “Reb” Butler, a senior advisor."
    (q,) = extract_quotes(text)
    assert q.text == "There is work to do,"
    assert {"Rudolph", "Butler"} <= set(q.speaker.split())


def test_double_apostrophe_wire_quotes() -> None:
    text = "''This will ensure flexibility,'' said a Pentagon spokesman, Lt. Col. Rick Lehner."
    (q,) = extract_quotes(text)
    assert (q.text, q.speaker, q.role) == (
        "This will ensure flexibility,",
        "Rick Lehner",
        "Pentagon spokesman",
    )


def test_person_of_an_organisation_is_the_speaker() -> None:
    text = "Not everyone is convinced. Analyst Sophie Brandt of the Hanse Institute called the plan “a slogan in search of a budget”."
    (q,) = extract_quotes(text)
    assert (q.speaker, q.kind, q.speaker_kind) == ("Sophie Brandt", "partial", "person")
    assert "Hanse Institute" in q.role


def test_honour_inside_a_title_stays_in_the_role() -> None:
    text = "First Sea Lord Admiral Sir Ben Key said the fleet was ready. “We are at sea today,” Key said."
    (q,) = extract_quotes(text)
    assert (q.speaker, q.role) == ("Ben Key", "First Sea Lord Admiral")


def test_clause_after_a_comma_quote_names_its_speaker_whatever_the_verb() -> None:
    text = (
        "Sarah Klein asked about the rally. “Can it happen?” she said.\n\n"
        "Paul Brant answered with a smile: “It can happen when you are old.”\n\n"
        "“You know, it happens,” Klein went on, as if she had not heard him. “But you get over it.”"
    )
    speakers = [q.speaker for q in extract_quotes(text)]
    assert speakers == ["Sarah Klein", "Paul Brant", "Sarah Klein", "Sarah Klein"]


def test_writer_after_a_comma_quote_is_no_speaker() -> None:
    text = "Paul Brant spoke at the rally.\n\n“We will win,” I'd guess, is what he meant."
    (q,) = extract_quotes(text)
    assert q.speaker != "I'd"


def test_quote_after_a_sentence_about_a_new_person_is_theirs() -> None:
    text = (
        "Paul Brant spoke first. “We will win,” he said.\n\n"
        "Sarah Klein was less sure. “We will see.”"
    )
    speakers = [q.speaker for q in extract_quotes(text)]
    assert speakers == ["Paul Brant", "Sarah Klein"]


def test_a_surname_that_is_an_office_word_is_the_named_person() -> None:
    text = (
        "Paula Brant spoke in Ohio on Monday. Michael Seaman, a voter, said he had heard "
        "enough from Brant.\n\n“The party is taking a risk,” Seaman said. “It could lose us.”"
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Michael Seaman", "Michael Seaman"]


def test_he_is_the_person_named_as_subject_not_one_merely_mentioned_since() -> None:
    text = (
        "Paul Brant spoke at the rally on Monday. The crowd cheered when the event turned to "
        "a meeting with Sen. Jared Klein.\n\n“I have a friend in the Senate who works hard,” "
        "he said."
    )
    (q,) = extract_quotes(text)
    assert q.speaker == "Paul Brant"


def test_a_capitalised_cue_word_inside_a_name_is_not_the_verb() -> None:
    told = "Paula Brant spoke on Monday.\n\nBrant told the Harbour Post, “These are hard times.”"
    assert [q.speaker for q in extract_quotes(told)] == ["Paula Brant"]
    reported = "“These are hard times,” the Harbour Post reported."
    assert [q.speaker for q in extract_quotes(reported)] == ["Harbour Post"]
