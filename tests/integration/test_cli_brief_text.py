"""``sitrep brief file.txt`` as a subprocess: headline from a title line, else none, and
the summary is the lead, never a repeat of the headline."""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration.test_cli import sitrep

TITLE = "Harbour squadron moves its patrol boats north"
LEAD = (
    "Two patrol boats of the Port Ellery harbour squadron moved to the northern pier on "
    "Tuesday while the old slipway is rebuilt."
)
BODY = (
    "Engineers expect the work to take eleven weeks, the harbour authority said.\n\n"
    "Fishing crews will use the southern channel until the temporary buoys are removed."
)


async def brief_json(tmp_path: Path, text: str) -> dict[str, object]:
    page = tmp_path / "story.txt"
    page.write_text(text, encoding="utf-8")
    code, out, err = await sitrep(tmp_path, "brief", str(page), "--format", "json")
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


async def test_title_line_is_the_headline_and_the_lead_the_summary(tmp_path: Path) -> None:
    text = f"{TITLE}\nBy Alex Morgan\n\nPORT ELLERY (Harbour Wire) - {LEAD}\n\n{BODY}"
    data = await brief_json(tmp_path, text)
    assert data["headline"] == TITLE
    assert str(data["summary"]).startswith(LEAD)
    assert "Alex Morgan" not in str(data["summary"])


async def test_text_without_a_title_line_does_not_repeat_its_lead(tmp_path: Path) -> None:
    data = await brief_json(tmp_path, f"{LEAD}\n\n{BODY}")
    assert data["headline"] == ""
    assert str(data["summary"]).startswith(LEAD)


async def test_plain_output_breaks_between_title_and_text(tmp_path: Path) -> None:
    page = tmp_path / "story.txt"
    page.write_text(f"{TITLE}\n{LEAD}\n\n{BODY}", encoding="utf-8")
    code, out, err = await sitrep(tmp_path, "brief", str(page))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == TITLE
    assert any(line.startswith(LEAD[:40]) for line in lines[1:])
    assert all(not (TITLE in line and LEAD[:20] in line) for line in lines)
