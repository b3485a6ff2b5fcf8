"""One regression case per class of page furniture, on our own text: the furniture never
reaches the article text, the headline is the title line and the summary is the lead."""

from __future__ import annotations

import pytest

from summaries.pipeline import brief_article
from summaries.text import article_from_html, article_from_text

TITLE = "Harbour patrol boats move to the northern pier"
LEAD = (
    "Two patrol boats of the Port Ellery harbour squadron moved to the northern pier on "
    "Tuesday while the old slipway is rebuilt."
)
BODY = (
    "Engineers expect the work to take eleven weeks, the harbour authority said.\n\n"
    "Fishing crews will use the southern channel until the temporary buoys are removed."
)

# class -> (text placed between the title and the lead, a string that must not survive)
HEADER_FURNITURE = {
    "caption with marker": ("File photo: a patrol boat at the old slipway", "File photo"),
    "caption with credit": (
        "A patrol boat leaves the harbour at dawn, 3 March. EPA-EFE/JANE DOE",
        "EPA-EFE",
    ),
    "credit line": ("Image: Harbour Gazette", "Image:"),
    "byline": ("By Alex Morgan and Sam Reed", "Alex Morgan"),
    "byline with a role after a comma": ("Alex Morgan, Defence Correspondent", "Correspondent"),
    "reading time": ("Reading time: 4 minutes", "Reading time"),
    "image id": ("QX7RZ2KD9WLM4HT8PV3NCY6BJA", "QX7RZ2"),
    "caption marked file photo in brackets": (
        "Two patrol boats moored at the northern pier (file photo)",
        "moored",
    ),
    "bare name under the title": ("Alex Morgan", "Alex Morgan"),
    "date line": ("March 4, 2025", "March 4"),
    "updated date line with a dash": ("Updated - March 4, 2025 05:40 am GMT", "05:40"),
    "published on, with a time": ("Published on Mar 4, 2025, 04:59 pm", "04:59"),
    "date and time between pipes": ("March 4, 2025 | 10:02 AM", "10:02"),
    "time with a full stop": ("Tue 4 Mar 2025 10.02 GMT", "10.02"),
    "numeric date": ("04.03.2025", "04.03"),
    "posted with a byline": ("Posted March 4, 2025 by Alex Morgan", "Posted"),
    "time line": ("09:15 GMT, March 4, 2025 (updated 10:02 GMT)", "09:15"),
    "date and time with seconds": ("Date:2025-03-04 09:15:02", "09:15"),
    "min read": ("·3 min read", "min read"),
    "archive notice": ("This article is more than 5 years old", "years old"),
    "correction notice": ("Correction: an earlier version gave the wrong pier.", "Correction"),
    "editor's note": ("Editor's note: please add the map before publishing.", "Editor's note"),
    "share line": ("Share this article", "Share this"),
    "subscribe line": ("Subscribe to our channel: harbour news every day", "Subscribe"),
    "navigation": ("Home › News › Harbour", "Home"),
    "section label": ("- HARBOUR NEWS", "HARBOUR NEWS"),
    "handle": ("@harbourgazette", "@harbourgazette"),
    "meta line between pipes": (
        "Harbour Wire | Port Ellery | Updated: 04-03-2025 09:15 GMT | Created: 04-03-2025 08:40 GMT",
        "Updated",
    ),
    "caption with a picture credit": (
        "A patrol boat at the northern pier. Picture: Harbour Gazette",
        "Picture:",
    ),
    "subscribe word": ("Subscribe", "Subscribe"),
    "table of contents": ("Table of Contents", "Contents"),
    "labelled date line": ("Harbours: June 1, 2002", "Harbours:"),
    "date line with a time": ("As of: May 7, 2024 11:59 am", "As of"),
    "date line with 'at' a time": ("Updated March 4, 2025 at 14:49 PM ET", "Updated"),
    "date line in another language": ("martes, 4 de marzo de 2025", "marzo"),
    "photo credit marker": ("Photo Credit: Seaman Jo Reed, Harbour Squadron", "Jo Reed"),
    "opinion disclaimer": (
        "The views expressed by contributors are their own and not the view of the Gazette",
        "views expressed",
    ),
    "caption with a courtesy credit": (
        "A welder at the northern pier, 3 March. (Harbour Authority photo courtesy of "
        "Ellery Yards/Released)",
        "welder",
    ),
    "caption with a commons credit": (
        "The harbour crest.\nHarbour crest via Wikimedia Commons.",
        "crest",
    ),
    "caption with a name and agency credit": (
        "The harbour master at the pier on Tuesday.JO REED (REUTERS)",
        "JO REED",
    ),
    "originally appeared notice": ("(Article originally appeared courtesy of", "originally"),
    "logo caption": ("Harbour Gazette News Foundation logo", "logo"),
    "byline with a role": ("Alex Morgan Investigative Reporter, Harbours", "Alex Morgan"),
    "font size control": ("Font Size:", "Font Size"),
    "byline with a name particle": ("by Amir ul Haq", "ul Haq"),
    "breaking news notice": ("This is a breaking news story and will be updated.", "breaking"),
    "ad slot marker": ("[ad_1]", "[ad_"),
}
TAIL_FURNITURE = {
    "read more teaser": ("READ MORE Ferry timetable changes for the summer", "Ferry timetable"),
    "related teaser": ("Read more: New lighthouse keeper appointed", "lighthouse"),
    "more teaser": ("More… Dredging starts at the marina next month", "Dredging"),
    "source line": ("Source: Harbour Gazette", "Source:"),
    "developing story": ("Developing story – more to come", "Developing"),
    "more to follow": ("More to follow.", "follow"),
    "ad slot marker": ("[ad_2]", "[ad_"),
    "hashtags": ("#harbour #portellery", "#harbour"),
    "other news": ("Other news", "Other news"),
    "reporting credit": ("Additional reporting by Sam Reed", "Sam Reed"),
    "contributed reporting": ("Sam Reed contributed reporting from Port Ellery.", "Sam Reed"),
    "e-mail line": ("alex.morgan@gazette.example twitter.com/alexmorgan", "alex.morgan"),
    "copyright": ("© Harbour Gazette 2025", "Harbour Gazette 2025"),
    "updated at": ("Updated at 1:23 p.m.", "Updated at"),
    "most read": ("Most read in harbour news", "Most read"),
    "also read with a pipe": ("Also read | Ferry timetable changes for the summer", "Ferry"),
    "courtesy line": ("Courtesy of Harbour Radio", "Courtesy"),
    "source address": ("from https://gazette.example/harbour/1234", "https://"),
    "agency sign-off": ("–HW", "–HW"),
    "desk initials": ("ab/cd/ef", "ab/cd/ef"),
    "ad break": ("- ADVERTISEMENT - CONTINUE READING BELOW -", "ADVERTISEMENT"),
    "donation appeal": (
        "This site runs on reader support. Please help keep us ad-free.",
        "ad-free",
    ),
    "comment policy": (
        "To improve our community experience, we are temporarily suspending article commenting",
        "commenting",
    ),
    "developing story sentence": ("This is a developing story and will be updated.", "developing"),
    "back to top": ("Back to top button", "Back to top"),
    "original article line": ("Original article on Harbour Gazette.", "Original article"),
    "story provided by": ("Story provided by HarbourWire.com", "provided by"),
    "part of a series notice": (
        "This story is part of the Gazette's daily harbour report brought to you by Ellery Yards.",
        "part of",
    ),
    "promo line": ("The Gazette's harbour blog brings you the best in shipping news.", "blog"),
    "click here": ("Looking for the latest harbour timetable? Click here.", "Click here"),
    "previously on": ("Previously on Harbour Watch: a new dredger arrives", "dredger"),
    "page views and comments": ("12 views0 comments", "views"),
}


@pytest.mark.parametrize("case", sorted(HEADER_FURNITURE))
def test_header_furniture_is_removed_and_the_lead_survives(case: str) -> None:
    furniture, marker = HEADER_FURNITURE[case]
    text = f"{TITLE}\n\n{furniture}\n\n{LEAD}\n\n{BODY}"
    article = article_from_text(text)
    assert marker not in article.text
    _quotes, briefing = brief_article(article)
    assert briefing.headline == TITLE
    assert briefing.summary.startswith(LEAD)
    assert marker not in briefing.summary


@pytest.mark.parametrize("case", sorted(TAIL_FURNITURE))
def test_teasers_and_trailing_lines_are_removed(case: str) -> None:
    furniture, marker = TAIL_FURNITURE[case]
    article = article_from_text(f"{TITLE}\n\n{LEAD}\n\n{furniture}\n\n{BODY}")
    assert marker not in article.text
    assert LEAD in article.text and BODY.split("\n\n")[1] in article.text


def test_dateline_is_not_part_of_the_summary() -> None:
    for dateline in (
        "PORT ELLERY (Harbour Wire) - ",
        "PORT ELLERY — ",
        "Port Ellery, (HW) :",
        "PORT ELLERY: ",
        "Ellery: ",
        "Port Ellery, Mar 4: ",
        "(HARBOURWIRE) ",
        "STORY: ",
        "JaneDoe/iStock Editorial via Getty Images ",
        "Port Ellery — ",
        "HarbourWire.com - ",
        "Port Ellery, 8 October 2022 (HW/Gazette) - ",
        "Port Ellery, October 8, 2022 (HW) — ",
        "By Alex Morgan – Harbour Gazette Ellery – ",
        "By Alex Morgan | ",
        "PORT ELLERY, May 28. /HW/. ",
        "PORT ELLERY, Aug. 9 -- ",
        "Aug. 9 (HW) -- ",
        "March 4, 2019  Port Ellery, Northland  -   ",
        "PORT ELLERY, March 4, 2024 /HarbourWire/ -- ",
        "Port Ellery, March 4, 2024 – ",
        "March 4, 2024 — ",
        "Port Ellery [Northland], March 4 (HW): ",
        "(Harbour Wire) - ",
        "Port Ellery, 4 March 2024 — ",
        "Port Ellery, Northland — ",
        "Port Ellery, March 4 — ",
        "Port Ellery, March 4th: ",
        "Port Ellery, September 4: ",
        "PORT ELLERY, SEPTEMBER 19, HARBOURPRESS. ",
        "Port Ellery, 19 September, Harbourwire: ",
    ):
        article = article_from_text(f"{TITLE}\n\n{dateline}{LEAD}\n\n{BODY}")
        _quotes, briefing = brief_article(article)
        assert briefing.summary.startswith(LEAD), dateline


def test_standfirst_and_captions_before_a_dateline_are_header() -> None:
    text = (
        f"{TITLE}\n\nA patrol boat moored at the old slipway last winter\n\n"
        f"By Alex Morgan | Harbour Gazette\n\nPORT ELLERY (HW) — {LEAD}\n\n{BODY}"
    )
    _quotes, briefing = brief_article(article_from_text(text))
    assert briefing.summary.startswith(LEAD)


def test_title_line_followed_directly_by_the_text() -> None:
    article = article_from_text(f"{TITLE}\n{LEAD}\n{BODY}")
    assert article.title == TITLE
    assert article.text.startswith(LEAD)


def test_repeated_title_is_dropped() -> None:
    article = article_from_text(f"News\n{TITLE}\n{TITLE}\n\n{LEAD}\n\n{BODY}")
    assert article.title == TITLE
    assert TITLE not in article.text


def test_browser_notice_is_not_the_title() -> None:
    text = f"Your web browser is no longer supported. Update it here\n\n{TITLE}\n\n{LEAD}"
    assert article_from_text(text).title == TITLE


def test_text_without_a_title_line_has_no_headline_and_does_not_repeat_the_lead() -> None:
    _quotes, briefing = brief_article(article_from_text(f"{LEAD}\n\n{BODY}"))
    assert briefing.headline == ""
    assert briefing.summary.startswith(LEAD)


def test_html_caption_credit_and_share_line_never_lead() -> None:
    html = (
        f"<html><head><meta property='og:title' content='{TITLE}'></head><body><article>"
        "<p>A patrol boat leaves the harbour at dawn. REUTERS/Jane Doe</p>"
        f"<p>Share this article</p><p>{LEAD}</p>"
        + "".join(f"<p>{p}</p>" for p in BODY.split("\n\n"))
        + "</article></body></html>"
    )
    article = article_from_html(html)
    assert "REUTERS" not in article.text and "Share this" not in article.text
    _quotes, briefing = brief_article(article)
    assert briefing.headline == TITLE and briefing.summary.startswith(LEAD)


def test_section_label_above_the_title_is_not_the_title() -> None:
    article = article_from_text(f"- HARBOUR NEWS\n{TITLE}\n\n{LEAD}\n\n{BODY}")
    assert article.title == TITLE
    assert "HARBOUR NEWS" not in article.text


def test_table_rows_are_not_navigation() -> None:
    rows = "| Boat | Pier | Weeks |\n\n| Kestrel | North | 11 |\n\n| Osprey | North | 11 |"
    article = article_from_text(f"{TITLE}\n\n{LEAD}\n\n{rows}\n\n{BODY}")
    assert "| Kestrel | North | 11 |" in article.text


def test_furniture_line_under_the_last_sentence_goes_but_wrapped_text_stays() -> None:
    text = f"{TITLE}\n\n{LEAD}\nDeveloping story – more to come\n\n{BODY}"
    assert "Developing story" not in article_from_text(text).text
    wrapped = (
        f"{TITLE}\n\nThe harbour master said there was\nmore to come, and the boats left.\n\n{BODY}"
    )
    assert "more to come, and the boats left." in article_from_text(wrapped).text


def test_page_chrome_around_the_title_is_not_the_title() -> None:
    for chrome in ("top of page", "fbpx Skip to content", "Skip to main content"):
        text = f"{chrome}\n\n{TITLE}\n\nTable of Contents\n\n{LEAD}\n\n{BODY}\n\nbottom of page"
        article = article_from_text(text)
        assert article.title == TITLE, chrome
        for furniture in (chrome, "Table of Contents", "bottom of page"):
            assert furniture not in article.text


CAPTION = "Two patrol boats wait at the old slipway in Port Ellery on 3 March."


def test_a_caption_shown_twice_never_leads() -> None:
    text = f"Subscribe\n{CAPTION}\n\n{CAPTION} (Jane Doe/Harbour Gazette)\n\n{LEAD}\n\n{BODY}"
    article = article_from_text(text)
    assert "Subscribe" not in article.text and "old slipway in" not in article.text
    _quotes, briefing = brief_article(article)
    assert briefing.headline == "" and briefing.summary.startswith(LEAD)


def test_the_heading_of_a_caption_is_not_the_title() -> None:
    text = (
        "Harbour Master Jo Reed\nJo Reed inspects the rebuilt pier. HARBOUR GAZETTE/SAM LEE"
        f"\n\n{LEAD}\n\n{BODY}"
    )
    article = article_from_text(text)
    _quotes, briefing = brief_article(article)
    assert briefing.headline == "" and briefing.summary.startswith(LEAD)
    assert "Harbour Master" not in article.text and "SAM LEE" not in article.text


def test_a_headline_over_its_caption_stays_the_title() -> None:
    caption = "Two patrol boats moved to the northern pier on Tuesday. GAZETTE/SAM LEE"
    for text in (
        f"{TITLE}\n{caption}\n\n{LEAD}\n\n{BODY}",
        f"Harbour Patrol Boats Move North\n{caption}\n\n{LEAD}\n\n{BODY}",
    ):
        article = article_from_text(text)
        _quotes, briefing = brief_article(article)
        assert briefing.headline == text.split("\n")[0] and briefing.summary.startswith(LEAD)
        assert "SAM LEE" not in article.text


def test_a_caption_about_a_person_is_not_the_title() -> None:
    text = (
        "Jo Reed, the harbour master, told the crews that the pier would reopen in May"
        f"\n\n{LEAD}\n\n{BODY}"
    )
    _quotes, briefing = brief_article(article_from_text(text))
    assert briefing.headline == "" and briefing.summary.startswith(LEAD)


def test_a_title_above_a_separate_caption_stays_the_title() -> None:
    text = f"{TITLE}\n\n{CAPTION} Picture: Harbour Gazette\n\n{LEAD}\n\n{BODY}"
    _quotes, briefing = brief_article(article_from_text(text))
    assert briefing.headline == TITLE and briefing.summary.startswith(LEAD)


def test_a_short_story_followed_by_a_comment_form_and_teasers_keeps_its_lead() -> None:
    lead = (
        "The harbour board confirmed the purchase of two pilot boats for 4 million pounds, "
        "its largest order in thirty years. \u201cThe old boats are worn out,\u201d the "
        "harbour master said."
    )
    text = (
        f"{lead}\n\nLeave a Reply\n\nYour email address will not be published. Required "
        "fields are marked *\n\nYou May Also Like\n\nFerry Company\u2019s (FERRY.L) Harbour app was "
        "down for hundreds of users on\u2026\n\nLighthouse keepers vote to strike"
    )
    article = article_from_text(text)
    assert "Ferry" not in article.text and "Leave a Reply" not in article.text
    _quotes, briefing = brief_article(article)
    assert briefing.summary.startswith("The harbour board confirmed the purchase")


def test_embedded_social_posts_leave_the_text() -> None:
    post = "Proud of the crews who brought both boats home tonight."
    signature = "\u2014 Jo Reed (@harbourjo) March 4, 2025"
    after = "The board will meet again on Friday to agree the winter timetable."
    on_its_own = f"{TITLE}\n\n{LEAD}\n{post}\n{signature}\n{after}\n\n{BODY}"
    run_in = f"{TITLE}\n\n{LEAD}\n\n{post} @harbourboard {signature} {after}\n\n{BODY}"
    for text in (on_its_own, run_in):
        article = article_from_text(text)
        assert "Proud of the crews" not in article.text and "@harbourjo" not in article.text
        assert LEAD in article.text and after in article.text


def test_a_source_name_or_link_run_into_the_last_sentence_is_cut() -> None:
    for tail in ("__Harbour Gazette", " read more"):
        article = article_from_text(f"{TITLE}\n\n{LEAD}\n\n{BODY}{tail}")
        assert article.text.endswith("buoys are removed."), tail


def test_list_items_are_not_sign_offs_and_a_run_in_picture_credit_needs_a_sentence() -> None:
    items = "- GPS\n- radar\n- VHF radio\n- Photos: Kestrel, Osprey and Tern"
    text = f"{TITLE}\n\n{LEAD}\n\n{BODY}\n\n{BODY}\n\nEach boat now carries:\n\n{items}"
    article = article_from_text(text)
    for item in items.split("\n"):
        assert item in article.text, item


def test_a_contact_or_related_block_inside_the_last_block_ends_the_text() -> None:
    text = (
        f"{TITLE}\n\n{LEAD}\nEngineers expect the work to take eleven weeks.\n"
        "© Harbour Gazette 2025\nCONTACT US\n\nSend your stories to desk@gazette.example\n\n"
        "Garden news: the biggest marrow ever grown on the island went on show on Saturday."
    )
    article = article_from_text(text)
    assert article.text.endswith("eleven weeks.")
    _quotes, briefing = brief_article(article)
    assert briefing.summary.startswith(LEAD)


def test_blog_teasers_and_section_news_labels_are_not_text() -> None:
    text = (
        f"{TITLE}\n\n{LEAD}\n\n{BODY}\n\nPopular posts from this blog\n\n"
        "The lighthouse at the end of the pier\n\nQuotes of the day 4th March 2025"
    )
    assert "lighthouse" not in article_from_text(text).text
    teaser = "Sport news: the harbour regatta moves to a Sunday start this summer."
    assert "regatta" not in article_from_text(f"{TITLE}\n\n{LEAD}\n\n{teaser}\n\n{BODY}").text
    good = "Good news: the harbour regatta will go ahead this summer after all."
    assert good in article_from_text(f"{TITLE}\n\n{LEAD}\n\n{BODY}\n\n{good}").text


def test_a_comment_count_above_the_story_does_not_end_the_text() -> None:
    text = f"{TITLE}\n12 Comments\n{LEAD}\n\n{BODY}"
    article = article_from_text(text)
    assert LEAD in article.text and BODY.split("\n\n")[1] in article.text


def test_a_title_run_into_the_first_sentence_leaves_the_sentence_as_the_summary() -> None:
    for joint in (": ", " | Harbour Gazette: ", " – "):
        text = f"{TITLE} | Harbour Gazette\n\n{TITLE}{joint}{LEAD}\n\n{BODY}"
        _quotes, briefing = brief_article(article_from_text(text))
        assert briefing.headline == TITLE, joint
        assert briefing.summary.startswith(LEAD), joint


def test_a_title_repeated_as_a_whole_sentence_is_still_skipped() -> None:
    _quotes, briefing = brief_article(article_from_text(f"{TITLE}\n\n{TITLE}.\n\n{LEAD}"))
    assert briefing.summary.startswith(LEAD)


def test_a_run_in_link_does_not_push_the_lead_onto_a_caption() -> None:
    text = (
        f"{TITLE}\n\n{LEAD} Read the full Harbour Gazette story at this link …\n\n"
        "Two patrol boats at the northern pier. (Picture source Harbour Board)\n\n"
        "Read More\n\nSource link: by Harbour Gazette at"
    )
    article = article_from_text(text)
    assert article.text == LEAD
    _quotes, briefing = brief_article(article)
    assert briefing.summary.startswith(LEAD)


def test_a_contact_link_in_a_menu_above_the_story_does_not_end_it() -> None:
    text = f"Home\n\nHarbour news\n\nContact Us\n\n{TITLE}\n\n{LEAD}\n\n{BODY}"
    article = article_from_text(text)
    assert LEAD in article.text and BODY.split("\n\n")[1] in article.text


def test_short_labels_above_the_title_are_not_the_title() -> None:
    text = f"Complete Harbour World\n\nLatest Stories\n\n{TITLE}\n\n{LEAD}\n\n{BODY}"
    _quotes, briefing = brief_article(article_from_text(text))
    assert briefing.headline == TITLE
    assert briefing.summary.startswith(LEAD)


def test_a_standfirst_above_the_title_repeated_is_not_the_lead() -> None:
    standfirst = "The move frees the slipway for rebuilding and bore the marks of a rush job."
    text = f"{TITLE}\n\n{standfirst}\n\n{TITLE}\n\n{LEAD}\n\n{BODY}"
    _quotes, briefing = brief_article(article_from_text(text))
    assert briefing.headline == TITLE
    assert briefing.summary.startswith(LEAD)
    # a title that is not repeated keeps its first paragraph as the lead
    _quotes, plain = brief_article(article_from_text(f"{TITLE}\n\n{standfirst}\n\n{BODY}"))
    assert plain.summary.startswith(standfirst)


def test_a_short_one_sentence_opening_is_the_lead() -> None:
    opening = "One harbour squadron is riding high on new boats."
    text = f"{TITLE}\n\n{opening}\n\n{LEAD}\n\n{BODY}"
    _quotes, briefing = brief_article(article_from_text(text))
    assert briefing.summary.startswith(opening)
    # a short caption-like line without a full stop is still passed over
    text = f"{TITLE}\n\nThe northern pier at dawn\n\n{LEAD}\n\n{BODY}"
    _quotes, briefing = brief_article(article_from_text(text))
    assert briefing.summary.startswith(LEAD)


def test_a_short_label_run_into_the_first_block_is_not_the_lead() -> None:
    text = f"Harbour patrol boats\n{LEAD}\n\n{BODY}"
    article = article_from_text(text)
    _quotes, briefing = brief_article(article)
    assert briefing.summary.startswith(LEAD)
    # a hard-wrapped first sentence stays one sentence
    wrapped = "Two patrol boats of the Port Ellery harbour squadron moved\nto the northern pier."
    _quotes, briefing = brief_article(article_from_text(f"{wrapped}\n\n{BODY}"))
    assert briefing.summary.startswith(
        "Two patrol boats of the Port Ellery harbour squadron moved to"
    )


def test_a_key_points_box_above_the_story_is_not_the_lead() -> None:
    points = (
        "  • The slipway will be rebuilt over eleven weeks.\n"
        "  • Fishing crews move to the southern channel."
    )
    _quotes, briefing = brief_article(article_from_text(f"{TITLE}\n\n{points}\n\n{LEAD}\n\n{BODY}"))
    assert briefing.summary.startswith(LEAD)


def test_a_section_label_of_a_few_lower_case_words_is_not_the_title() -> None:
    _quotes, briefing = brief_article(article_from_text(f"Harbour news\n\n{TITLE}\n\n{LEAD}"))
    assert briefing.headline == TITLE
    assert briefing.summary.startswith(LEAD)


def test_a_title_opening_with_a_quotation_mark_is_the_title() -> None:
    for title in (
        "'Rush job' leaves harbour slipway closed for weeks",
        "‘Rush job’ leaves harbour slipway closed for weeks",
    ):
        _quotes, briefing = brief_article(article_from_text(f"\n{title}\n{LEAD}\n{BODY}"))
        assert briefing.headline == title
        assert briefing.summary.startswith(LEAD)


def test_a_title_shown_twice_below_a_long_page_header_is_the_title() -> None:
    header = "\n".join(
        [
            *("HARBOUR GAZETTE", "Mar 4, 2025 | ", "0", "Sponsor: Ellery Yards", "back", "topic"),
            "Sponsor: Ellery Yards: the finest moorings on the coast, open every single day.",
        ]
    )
    standfirst = "The slipway closes for eleven weeks while engineers rebuild it from the keel up."
    text = f"{header}\n\n{TITLE}\n\n{standfirst}\nA boat at dawn\n{TITLE}\n\n{LEAD}\n\n{BODY}"
    _quotes, briefing = brief_article(article_from_text(text))
    assert briefing.headline == TITLE
    assert briefing.summary.startswith(LEAD)
    # a title-shaped line repeated only far down (a subheading) does not make a title
    sub = "Harbour crews wait for the rebuild"
    far = f"{LEAD}\n\n" + "\n\n".join([BODY] * 3) + f"\n\n{sub}\n\n{sub}\n\n{BODY}"
    assert article_from_text(far).title == ""


ONE_PER_LINE_FURNITURE = {
    "caption": "A patrol boat leaves the harbour at dawn on Monday",
    "credit": "Jane Doe/Harbour Gazette",
    "teaser": "Harbour crews strike over pay as ferries halt",
    "min read line": "Jane Doe · 3 min read · Nov 16, 2021",
    "run-on tweet": "The crews cheered the move. pic.twitter.com/AbCd12EfGh",
}


@pytest.mark.parametrize("case", sorted(ONE_PER_LINE_FURNITURE))
def test_furniture_lines_in_text_written_one_paragraph_per_line_stay_out_of_the_lead(
    case: str,
) -> None:
    furniture = ONE_PER_LINE_FURNITURE[case]
    second = "Engineers expect the work to take eleven weeks, the harbour authority said."
    for text in (
        "\n".join([TITLE, furniture, LEAD, second]),
        "\n".join([TITLE, LEAD, furniture, second]),
    ):
        _quotes, briefing = brief_article(article_from_text(text))
        assert briefing.headline == TITLE
        assert briefing.summary.startswith(LEAD)
        assert furniture not in briefing.summary


def test_hard_wrapped_text_stays_one_paragraph() -> None:
    wrapped = (
        "Two patrol boats of the Port Ellery harbour squadron moved to the\n"
        "northern pier on Tuesday while the old slipway is rebuilt by the U.S.\n"
        "Army Corps of Engineers, the harbour authority said on Tuesday evening.\n"
        "The work is expected to take eleven weeks."
    )
    article = article_from_text(f"{TITLE}\n\n{wrapped}\n\n{BODY}")
    assert article.lead.startswith("Two patrol boats")
    assert "rebuilt by the U.S. Army Corps of Engineers" in article.lead


def test_a_section_path_after_the_title_is_not_part_of_it() -> None:
    for suffix in (" | Harbour Gazette", " | World | News"):
        _quotes, briefing = brief_article(article_from_text(f"{TITLE}{suffix}\n\n{LEAD}"))
        assert briefing.headline == TITLE


def test_a_member_comments_block_ends_the_text() -> None:
    tail = "Member comments\n\nLog in here to leave a comment.\n\nFERRIES\n\n"
    teaser = "Ferry crews recruit forty hackers for the cyber unit"
    article = article_from_text(f"{TITLE}\n\n{LEAD}\n\n{BODY}\n\n{tail}{teaser}\n\n{LEAD}")
    assert BODY.split("\n\n")[1] in article.text
    assert "comment" not in article.text and "hackers" not in article.text


def test_a_long_caption_line_ending_in_its_credit_is_not_run_into_the_lead() -> None:
    caption = (
        "© Gazette. FILE PHOTO: The flag of the harbour squadron flies over the northern pier "
        "of Port Ellery during the spring review of the patrol fleet, March 2, 2021. "
        "GAZETTE/Jane Doe"
    )
    lead = (
        "(Gazette) – Harbour Works (NYSE:) Inc is nearing a deal to rebuild the old slipway "
        "of Port Ellery, ten months after an earlier tender fell through, people familiar "
        "with the matter said on Saturday."
    )
    second = (
        "The squadron's two patrol boats moved to the northern pier on Tuesday while the "
        "harbour authority looks for a contractor, a spokesman said on Friday evening, "
        "adding that the work could take until the autumn of next year to be finished."
    )
    _quotes, briefing = brief_article(article_from_text("\n".join([caption, lead, second])))
    assert briefing.summary.startswith("Harbour Works (NYSE:) Inc is nearing a deal")
    assert "FILE PHOTO" not in briefing.summary


def test_a_section_label_before_the_title_is_not_part_of_it() -> None:
    text = f"Harbour works | {TITLE}\n\n{LEAD}\n\n{BODY}"
    _quotes, briefing = brief_article(article_from_text(text))
    assert briefing.headline == TITLE
    # a title that only has a pipe in the middle keeps both halves
    both = "Patrol boats move north | Fishing crews use the southern channel"
    _quotes, briefing = brief_article(article_from_text(f"{both}\n\n{LEAD}\n\n{BODY}"))
    assert briefing.headline == both


def test_a_teaser_copied_from_the_lead_and_the_standfirst_above_it_are_header() -> None:
    standfirst = (
        "Moving the boats cost the squadron eleven weeks of patrols and an estimated "
        "two million pounds."
    )
    teaser = LEAD.replace("on Tuesday", "on Tuesday morning")
    text = f"{standfirst}\n\n{teaser}\n\n{LEAD} {BODY}"
    _quotes, briefing = brief_article(article_from_text(text))
    assert briefing.summary.startswith(LEAD)
    assert "two million" not in briefing.summary


def test_a_lead_followed_by_a_different_paragraph_stays_the_lead() -> None:
    text = f"{LEAD}\n\n{BODY}"
    article = article_from_text(text)
    assert article.text.startswith(LEAD)


def test_an_editors_note_in_brackets_at_the_end_of_the_lead_is_cut() -> None:
    note = "[update: it was a tug, not a patrol boat (the squadron said).]"
    article = article_from_text(f"{TITLE}\n\n{LEAD} {note}\n\n{BODY}")
    _quotes, briefing = brief_article(article)
    assert briefing.summary.startswith(LEAD)
    assert "update" not in article.text
    # brackets inside a quote are the writer's, not a note
    quoted = 'The captain said "[the boats] will be back by June."'
    assert quoted in article_from_text(f"{TITLE}\n\n{LEAD}\n\n{quoted}").text


SCENE_CAPTIONS = (
    "A crane lifts a section of the new slipway at Port Ellery.",
    "Harbour workers carry out repairs at the old slipway on Monday.",
    "Two patrol boats sit at anchor off the northern pier, in Port Ellery",
    "Lights of the harbour office are reflected in the water at dusk.",
    "A harbour worker stands at a pier struck by a storm surge in March.",
    "Divers inspect the damaged hull of a patrol boat hit by a tug, in Port Ellery",
    "Harbour master Jo Reed speaks to reporters in Port Ellery on Monday, March 4, 2024.",
)


@pytest.mark.parametrize("caption", SCENE_CAPTIONS)
def test_a_plain_scene_caption_above_the_lead_is_not_the_lead(caption: str) -> None:
    for text in (f"{TITLE}\n\n{caption}\n\n{LEAD}\n\n{BODY}", f"{caption}\n{LEAD}\n{BODY}"):
        article = article_from_text(text)
        _quotes, briefing = brief_article(article)
        assert briefing.summary.startswith(LEAD), text
        assert caption not in article.text


@pytest.mark.parametrize(
    "lead",
    [
        "One harbour unit is riding high on new boats.",
        "The harbour squadron is set to move its boats to the northern pier.",
        "The harbour authority intends to rebuild the old slipway.",
        "Patrol boats have moved to the northern pier.",
        "The slipway will close for eleven weeks.",
        "The harbour authority closed the old slipway for repairs.",
        "Fire destroyed a moored patrol boat at the northern pier.",
        "Time is not on the harbour master's side.",
        "It's raining on the northern pier as the boats come in.",
        "PORT ELLERY (Gazette) — New doubt hangs over the harbour as two boats wait.",
    ],
)
def test_a_short_narrating_lead_stays_the_lead(lead: str) -> None:
    article = article_from_text(f"{TITLE}\n\n{lead}\n\n{LEAD}\n\n{BODY}")
    _quotes, briefing = brief_article(article)
    assert briefing.summary.startswith(lead.split(" — ")[-1])  # dateline stripped


def test_a_scene_sentence_after_the_lead_stays() -> None:
    scene = "A crane lifts a section of the new slipway at Port Ellery."
    article = article_from_text(f"{TITLE}\n\n{LEAD}\n\n{scene}\n\n{BODY}")
    assert scene in article.text


def test_a_caption_opening_with_an_indefinite_article_is_not_the_title() -> None:
    caption = "An inspector walks along the rebuilt pier at Port Ellery"
    article = article_from_text(f"{caption}\n\n{TITLE}\n\n{LEAD}\n\n{BODY}")
    assert article.title == TITLE
    _quotes, briefing = brief_article(article_from_text(f"{caption}\n{LEAD}\n{BODY}"))
    assert briefing.headline == "" and briefing.summary.startswith(LEAD)
    # a headline in title case may open with one
    titled = "A Dozen Patrol Boats Move to the Northern Pier"
    assert article_from_text(f"{titled}\n\n{LEAD}\n\n{BODY}").title == titled


@pytest.mark.parametrize(
    "caption",
    [
        "In this March 3, 2025 file photo, a patrol boat of the harbour squadron is moored at "
        "the old slipway in Port Ellery",
        "This combination of undated photos released Monday by the harbour authority shows "
        "the two patrol boats",
        "These images show the northern pier before the work began",
        "Map showing where the patrol boats will moor",
        "Illustration of the new pier, courtesy Harbour Authority.",
    ],
)
def test_a_caption_that_names_its_picture_is_neither_title_nor_lead(caption: str) -> None:
    # one paragraph per line, no title line: the caption opens the page
    article = article_from_text(f"{caption}\n{LEAD}\n{BODY}")
    _quotes, briefing = brief_article(article)
    assert briefing.headline == ""
    assert briefing.summary.startswith(LEAD)
    assert caption[:20] not in article.text


def test_the_story_run_into_a_caption_that_names_its_picture_stays() -> None:
    text = (
        "In this photo released by the harbour authority, a patrol boat leaves the old "
        f"slipway on Saturday, March 1, 2025. {LEAD}\n{BODY}"
    )
    article = article_from_text(text)
    _quotes, briefing = brief_article(article)
    assert briefing.headline == ""
    assert briefing.summary.startswith(LEAD)
    assert "In this photo" not in article.text


def test_a_sentence_about_this_year_is_no_caption() -> None:
    lead = "In this year's budget, the harbour authority set aside money for two new boats."
    _quotes, briefing = brief_article(article_from_text(f"{TITLE}\n\n{lead}\n\n{BODY}"))
    assert briefing.summary.startswith(lead)


@pytest.mark.parametrize(
    "caption",
    [
        "Two patrol boats at the old slipway last winter. (Jane Doe/HW/Harbour Images)",
        "The harbour squadron has ordered two more boats. (Source: Harbour Archive/Jane Doe)",
        "The northern pier before the work began (Contributed photo/Harbour Authority)",
        "(Source: Harbour Authority of Port Ellery)",
    ],
)
def test_a_caption_ending_in_a_bracketed_credit_is_not_the_lead(caption: str) -> None:
    article = article_from_text(f"{TITLE}\n\n{caption}\n\n{LEAD}\n\n{BODY}")
    _quotes, briefing = brief_article(article)
    assert briefing.summary.startswith(LEAD)
    assert caption not in article.text


def test_a_long_paragraph_citing_its_figures_in_brackets_stays() -> None:
    second = (
        "The squadron's budget rose by a tenth this year, the third rise in a row, and the "
        "authority expects it to rise again when the new boats arrive in the spring, "
        "according to the annual report and its appendix on running costs for the fleet "
        "(Source: Harbour Authority/Annual Report)."
    )
    article = article_from_text(f"{TITLE}\n\n{LEAD}\n\n{second}\n\n{BODY}")
    assert second in article.text


@pytest.mark.parametrize(
    "caption",
    [
        "A patrol boat at sea. © Harbour News/Jane Doe",
        "Patrol boats at the pier. Foto: harbour-news.com",
        "A patrol boat at the pier. Pic/Twitter HW",
        "A patrol boat at the pier. Photo courtesy of the Harbour Authority",
        "A patrol boat at sea | Photo credit: Harbour News",
        "A patrol boat at sea. Credit: Jane Doe/Harbour News",
        "A patrol boat at the pier on Tuesday. Jane Doe/Harbour Wire",
        "Patrol boats are pictured at the pier on March 3, 2019.",
        "FILE - A patrol boat leaves the harbour in Port Ellery, March 3, 2019.",
        "Pictured: the new patrol boat at the northern pier",
        "Screengrab from a video released by the ministry shows a patrol boat",
        "A patrol boat at sea. [Photo: Harbour News]",
        "A patrol boat at sea [File photo]",
        "A patrol boat at sea. Photograph: Jane Doe/Harbour News",
        "A patrol boat at sea — Photo: Jane Doe",
        "A patrol boat at sea. (Harbour Authority photo)",
        "Representative image",
        "Image used for representational purposes only.",
        "A patrol boat at sea. HW Photo",
        "Photo | HW",
    ],
)
def test_captions_with_credits_in_many_shapes_are_not_the_lead(caption: str) -> None:
    for text in (
        f"{TITLE}\n\n{caption}\n\n{LEAD}\n\n{BODY}",
        "\n".join([TITLE, caption, LEAD, BODY]),
    ):
        article = article_from_text(text)
        _quotes, briefing = brief_article(article)
        assert briefing.headline == TITLE
        assert briefing.summary.startswith(LEAD), text


@pytest.mark.parametrize(
    "sentence",
    [
        "The pier reopened on Monday. Pictures show crowds",
        "The boat was sold in May. Image rights belong to the navy",
        "Photos of the crew were shared widely on social media by Monday evening.",
    ],
)
def test_sentences_about_pictures_are_no_captions(sentence: str) -> None:
    article = article_from_text(f"{TITLE}\n\n{LEAD}\n\n{sentence}\n\n{BODY}")
    assert sentence in article.text


def test_a_short_caption_shown_above_and_below_the_title_goes() -> None:
    text = f"Boats at the pier\n\n{TITLE}\n\nBoats at the pier\n\n{LEAD}\n\n{BODY}"
    article = article_from_text(text)
    assert article.title == TITLE
    assert "Boats at the pier" not in article.text
    assert article.text.startswith(LEAD)


def test_a_caption_in_a_table_cell_goes() -> None:
    cell = (
        "| The new boat is a patrol craft meant to guard the pier (Picture source: Harbour Aero) |"
    )
    for text in (
        f"{TITLE}\n\n{LEAD}\n\n{cell}\n\n{BODY}",
        "\n".join([TITLE, LEAD, cell, BODY]),
    ):
        article = article_from_text(text)
        assert "Picture source" not in article.text
        assert LEAD in article.text


@pytest.mark.parametrize(
    "caption",
    [
        "A patrol boat at sea on Monday, March 3, 2025. Harbour Wire/Jane Doe",
        "| A patrol boat at sea (Picture source: Harbour Aero) |",
        "The new patrol boat is pictured at the pier on Monday, March 3, 2025.",
    ],
)
def test_a_caption_line_under_the_lead_does_not_take_the_lead_with_it(caption: str) -> None:
    article = article_from_text("\n".join([TITLE, LEAD, caption, BODY]))
    _quotes, briefing = brief_article(article)
    assert briefing.summary.startswith(LEAD)
    assert LEAD in article.text and caption not in article.text


def test_a_photo_gallery_above_the_lead_is_not_the_text() -> None:
    gallery = [
        "1 of 3",
        "A patrol boat at the pier on Monday. HARBOUR WIRE/JANE DOE",
        "2 of 3",
        "Sailors stand on the deck of the patrol boat.",
        "Photo 3/3",
        "Crew members wave from the bridge of a patrol boat in the harbour.",
    ]
    for text in (
        "\n".join([TITLE, *gallery, LEAD, BODY]),
        "\n\n".join([TITLE, *gallery, LEAD, BODY]),
    ):
        article = article_from_text(text)
        _quotes, briefing = brief_article(article)
        assert briefing.headline == TITLE
        assert article.text.startswith(LEAD), article.text


def test_a_figure_in_a_sentence_is_no_gallery_counter() -> None:
    line = "Only 2 of 3 boats will be ready by the summer, the harbour master said."
    article = article_from_text("\n".join([TITLE, LEAD, line, BODY]))
    assert line in article.text


def test_a_feature_lead_opening_on_it_stays_the_lead() -> None:
    lead = "It was a quiet morning at the northern pier when the two patrol boats came in."
    _quotes, briefing = brief_article(article_from_text(f"{TITLE}\n\n{lead}\n\n{LEAD}\n\n{BODY}"))
    assert briefing.summary.startswith(lead)


def test_a_title_with_a_slash_is_still_the_title() -> None:
    title = "Northland / Southland border talks resume at the pier"
    article = article_from_text(f"{title}\n\n{LEAD}\n\n{BODY}")
    assert article.title == title


def test_a_single_line_under_the_title_in_its_block_stays_the_lead() -> None:
    # pasted text is often written "Title / lead" with a blank line only before the body: a
    # standfirst set the same way cannot be told from it, so the line stays the lead
    _quotes, briefing = brief_article(article_from_text(f"{TITLE}\n{LEAD}\n\n{BODY}"))
    assert briefing.headline == TITLE
    assert briefing.summary.startswith(LEAD)


def test_the_lead_written_in_the_title_block_with_the_text_stays_the_lead() -> None:
    # the whole page in one block: the line under the title is the lead
    text = "\n".join([TITLE, LEAD, *BODY.split("\n\n")])
    _quotes, briefing = brief_article(article_from_text(text))
    assert briefing.summary.startswith(LEAD)
    # a date line in the title block is no standfirst
    _quotes, briefing = brief_article(
        article_from_text(f"{TITLE}\nMarch 4, 2025\n{LEAD}\n\n{BODY}")
    )
    assert briefing.summary.startswith(LEAD)


@pytest.mark.parametrize("label", ["Related news:", "Harbour desk:", "Story from the"])
def test_a_label_of_a_few_words_is_not_run_into_the_lead(label: str) -> None:
    # a page written one paragraph per line, with no blank lines at all
    text = "\n".join([TITLE, label, LEAD, *BODY.split("\n\n")])
    _quotes, briefing = brief_article(article_from_text(text))
    assert briefing.summary.startswith(LEAD)


def test_a_sentence_broken_across_lines_after_a_short_line_stays_whole() -> None:
    text = (
        f"{TITLE}\n\nTwo patrol boats of the harbour squadron moved to the northern pier of\n"
        "Port Ellery on Tuesday while the old slipway is rebuilt by the harbour authority.\n\n"
        f"{BODY}"
    )
    _quotes, briefing = brief_article(article_from_text(text))
    assert briefing.summary.startswith("Two patrol boats of the harbour squadron moved")
    assert "Port Ellery on Tuesday" in briefing.summary


def test_a_long_line_without_a_full_stop_is_no_title() -> None:
    # a caption of sentence length above the lead, on a page without a title line
    caption = (
        "Crews of the harbour squadron watch from the northern pier as two patrol boats "
        "are towed past the old slipway in the early morning mist"
    )
    _quotes, briefing = brief_article(article_from_text(f"{caption}\n\n{LEAD}\n\n{BODY}"))
    assert briefing.headline == ""
    assert briefing.summary.startswith(LEAD)
    # a title of headline length still is one
    _quotes, briefing = brief_article(article_from_text(f"{TITLE}\n\n{LEAD}\n\n{BODY}"))
    assert briefing.headline == TITLE


def test_a_paragraph_shown_twice_at_the_top_is_a_caption() -> None:
    # a gallery caption in two sentences, shown under its picture and again below a credit
    caption = (
        "Crews of the harbour squadron stand on the deck after the boats returned on "
        "Tuesday. Engineers are checking whether the old slipway can still be used."
    )
    text = f"{TITLE}\n\n{caption}\n\nHarbour Gazette\n\n{caption}\n\n{LEAD}\n\n{BODY}"
    _quotes, briefing = brief_article(article_from_text(text))
    assert briefing.headline == TITLE
    assert briefing.summary.startswith(LEAD)
    # the title shown twice stays the title; a paragraph shown once stays in the text
    article = article_from_text(f"{TITLE}\n\n{TITLE}\n\n{LEAD}\n\n{BODY}")
    assert article.title == TITLE
    assert article.text.startswith(LEAD)


@pytest.mark.parametrize(
    "header", [["By Alex Morgan"], ["By Alex Morgan", "March 4, 2025"], ["Published March 4, 2025"]]
)
def test_a_paragraph_set_above_the_byline_or_date_is_a_standfirst(header: list[str]) -> None:
    standfirst = (
        "The squadron has moved its two patrol boats north while engineers rebuild the old slipway."
    )
    text = "\n\n".join([TITLE, standfirst, *header, LEAD, BODY])
    _quotes, briefing = brief_article(article_from_text(text))
    assert briefing.headline == TITLE
    assert briefing.summary.startswith(LEAD)


def test_paragraphs_of_the_text_above_a_late_date_line_stay() -> None:
    # two paragraphs of text before a date line: the text had begun, nothing is dropped
    second = "Engineers expect the work to take eleven weeks, the harbour authority said."
    text = "\n\n".join([TITLE, LEAD, second, "March 4, 2025", BODY])
    _quotes, briefing = brief_article(article_from_text(text))
    assert briefing.summary.startswith(LEAD)


@pytest.mark.parametrize(
    "top",
    [
        "Jo Doe / Harbour Agency",
        "Jo Doe / Harbour Agency\nThe new patrol boat is a twin-hulled craft with a crew of six.",
        "(Photo by Jo Doe/Harbour Agency via Getty Images)",
    ],
)
def test_a_photo_credit_at_the_top_and_its_caption_are_not_the_title(top: str) -> None:
    _quotes, briefing = brief_article(article_from_text(f"{top}\n\n{TITLE}\n\n{LEAD}\n\n{BODY}"))
    assert briefing.headline == TITLE
    assert briefing.summary.startswith(LEAD)
    # a page without a title line has none, not its credit
    _quotes, briefing = brief_article(article_from_text(f"{top}\n\n{LEAD}\n\n{BODY}"))
    assert briefing.headline == ""
    assert "Jo Doe" not in briefing.summary


@pytest.mark.parametrize(
    "line",
    [
        "Alex Morgan, Defence Correspondent",
        "Estimated reading time: 4 minutes",
        "Two patrol boats moored at the northern pier (file photo)",
        "Alex Morgan | September 19, 2023",
        "19 September 2023 - 14:05",
        "Written by Alex Morgan",
        "Edited by Alex Morgan",
        "Listen to this article",
        "Alex Morgan | Harbour Gazette",
        "Alex Morgan (Harbour Gazette)",
        "Click to share on Twitter (Opens in new window)",
        "You are here: Home / News / Harbour",
        "Trending: Ferries, Harbour, Weather",
        "In this article: Harbour, Ferries",
    ],
)
def test_a_header_line_above_an_untitled_lead_is_no_title(line: str) -> None:
    _quotes, briefing = brief_article(article_from_text(f"{line}\n\n{LEAD}\n\n{BODY}"))
    assert briefing.headline == ""
    assert briefing.summary.startswith(LEAD)


def test_an_image_id_above_a_short_opening_leaves_it_the_lead() -> None:
    opening = "One patrol boat is riding high on new engines."
    text = f"{TITLE}\n\nQX7RZ2KD9WLM4HT8PV3NCY6BJA\n\n{opening}\n\n{LEAD}\n\n{BODY}"
    _quotes, briefing = brief_article(article_from_text(text))
    assert briefing.summary.startswith(opening)


def test_a_line_under_the_title_that_opens_with_a_dateline_is_the_lead() -> None:
    teaser = "Read more: Ferry timetable changes next week"
    text = f"{TITLE}\nPORT ELLERY (HW) — {LEAD}\n\n{teaser}\n\n{BODY}"
    _quotes, briefing = brief_article(article_from_text(text))
    assert briefing.headline == TITLE
    assert briefing.summary.startswith(LEAD)


@pytest.mark.parametrize(
    "caption",
    [
        "A patrol boat leaves the harbour at dawn. (Jo Doe/Harbour Agency)",
        "A patrol boat leaves the harbour at dawn, 3 March. EPA-EFE/JANE DOE",
        "In this photo taken on Monday, a patrol boat leaves the harbour at dawn.",
    ],
)
def test_a_caption_above_the_title_is_neither_title_nor_lead(caption: str) -> None:
    _quotes, briefing = brief_article(
        article_from_text(f"{caption}\n\n{TITLE}\n\n{LEAD}\n\n{BODY}")
    )
    assert briefing.headline == TITLE
    assert briefing.summary.startswith(LEAD)


@pytest.mark.parametrize(
    "top",
    [f"Current:Home > Harbour{TITLE} -Gazette", f"Harbour Gazette: {TITLE} (updated)"],
)
def test_a_line_holding_the_title_under_it_is_not_the_title(top: str) -> None:
    _quotes, briefing = brief_article(article_from_text(f"{top}\n{TITLE}\n\n{LEAD}\n\n{BODY}"))
    assert briefing.headline == TITLE
    assert briefing.summary.startswith(LEAD)


def test_a_site_menu_above_the_title_does_not_hide_it() -> None:
    menu = "\n".join(["Home", "News", "Harbour", "Ferries", "Fishing", "Weather", "Opinion"])
    _quotes, briefing = brief_article(article_from_text(f"{menu}\n\n{TITLE}\n\n{LEAD}\n\n{BODY}"))
    assert briefing.headline == TITLE
    assert briefing.summary.startswith(LEAD)


def test_a_lead_under_the_title_with_only_comments_below_stays_the_lead() -> None:
    comments = (
        "3 Comments\nAlex Morgan\n“The old pier was better,” said my neighbour, who fished "
        "there for forty years and never once saw a patrol boat.\nReply"
    )
    text = f"{TITLE}\n{LEAD}\n\n{comments}"
    _quotes, briefing = brief_article(article_from_text(text))
    assert briefing.headline == TITLE
    assert briefing.summary.startswith(LEAD)


def test_a_scene_caption_over_its_credit_line_is_neither_title_nor_lead() -> None:
    caption = "Sailors stand on the deck of a patrol boat.\nJo Doe/Harbour Agency"
    for text in (
        f"{TITLE}\n\n{caption}\n\n{LEAD}\n\n{BODY}",
        f"{caption}\n\n{TITLE}\n\n{LEAD}\n\n{BODY}",
    ):
        _quotes, briefing = brief_article(article_from_text(text))
        assert briefing.headline == TITLE
        assert briefing.summary.startswith(LEAD)


def test_a_fully_dated_scene_caption_above_a_short_lead_is_not_the_lead() -> None:
    caption = (
        "Harbour master Jo Reed and the crews of two patrol boats pose in front of the "
        "northern pier in Port Ellery on Monday, March 4, 2024."
    )
    lead = "Two patrol boats moved to the northern pier on Tuesday."
    for text in (f"{TITLE}\n\n{caption}\n\n{lead}\n\n{BODY}", f"{caption}\n\n{lead}\n\n{BODY}"):
        _quotes, briefing = brief_article(article_from_text(text))
        assert briefing.summary.startswith(lead)


@pytest.mark.parametrize(
    "teaser", ["Read more: Ferry timetable changes next week", "Advertisement", "Sign up here"]
)
def test_a_lead_under_the_title_with_a_teaser_below_stays_the_lead(teaser: str) -> None:
    text = f"{TITLE}\n{LEAD}\n\n{teaser}\n\n{BODY}"
    _quotes, briefing = brief_article(article_from_text(text))
    assert briefing.headline == TITLE
    assert briefing.summary.startswith(LEAD)


@pytest.mark.parametrize(
    "line", ["Alex Morgan - September 19, 2023", "September 19, 2023 / 10:45 AM / Updated"]
)
def test_a_date_line_above_the_title_is_not_the_title(line: str) -> None:
    _quotes, briefing = brief_article(article_from_text(f"{line}\n\n{TITLE}\n\n{LEAD}\n\n{BODY}"))
    assert briefing.headline == TITLE
    assert briefing.summary.startswith(LEAD)
