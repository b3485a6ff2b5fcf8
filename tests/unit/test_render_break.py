"""Every renderer keeps the headline and the summary apart, with or without a headline."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from bot.render.discord_embeds import render_discord
from bot.render.json_out import briefing_to_dict
from bot.render.plain import render_plain
from bot.render.telegram_html import render_telegram
from bot.replies import BriefingBlock, Reply
from summaries.models import Briefing

HEADLINE = "Navy orders two survey ships"
SUMMARY = "The Royal Navy ordered two survey ships from a Tyneside yard on Friday."


def reply(headline: str) -> Reply:
    briefing = Briefing(
        headline=headline,
        url="https://gazette.example/a",
        source="Harbour Gazette",
        summary=SUMMARY,
    )
    return Reply(blocks=(BriefingBlock(briefing),))


def lines_of(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("headline", [HEADLINE, ""])
def test_plain_and_telegram_put_the_summary_on_its_own_line(headline: str) -> None:
    for text in (render_plain(reply(headline)), render_telegram(reply(headline))[0].text):
        summary_lines = [line for line in lines_of(text) if SUMMARY in line]
        assert summary_lines and all(HEADLINE not in line for line in summary_lines)
        assert "— " + SUMMARY not in text and "\n\n" in text
        if headline:
            assert any(HEADLINE in line for line in lines_of(text))


@pytest.mark.parametrize("headline", [HEADLINE, ""])
def test_discord_title_and_description_are_separate(headline: str) -> None:
    (message,) = render_discord(reply(headline))
    embed = asdict(message)["embeds"][0]
    assert (embed.get("title") or "") == headline
    assert embed["description"].startswith(SUMMARY)


def test_json_keeps_fields_apart() -> None:
    data = json.loads(json.dumps(briefing_to_dict(reply(HEADLINE).blocks[0].briefing)))  # type: ignore[union-attr]
    assert data["headline"] == HEADLINE and data["summary"] == SUMMARY
