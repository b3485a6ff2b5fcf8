"""The real-excerpt development set: an index in git, the text in a gitignored cache.

``excerpts.jsonl`` holds, per excerpt, the URL, the query that found it in the stored
corpus of real news pages (reached through the session's ``search`` tool, corpus
"pages"), its rank in that answer, the length and sha256 of the text kept, the event
it reports (for the cross-outlet story set; ``null`` when it is a second excerpt of a
page already in the set) and what a reader expects of its briefing: the headline ("" when
the excerpt has no title line), acceptable starts of the first lead sentence, the topics
(``topics`` all required, ``also_ok`` allowed besides) and furniture strings that must
not appear in the briefing.

The cache file ``cache/excerpts/<id>.txt`` is the opening of that search result's
excerpt as returned (the corpus's own `` date YYYY-MM-DD`` header included), trimmed by
hand to ``chars`` characters; the sha256 pins the exact text measured. Rebuild::

    python3 -m uv run python -m tests.quality.pages.corpus

lists every missing or changed file with the query to run and the URL to take.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
INDEX = HERE / "excerpts.jsonl"
CACHE = HERE / "cache" / "excerpts"
_CORPUS_DATE = re.compile(r"^\s*date (\d{4}-\d{2}(?:-\d{2})?)\s+")


@dataclass(frozen=True)
class Excerpt:
    id: str
    url: str
    text: str
    published: datetime | None
    event: str | None
    expect: dict[str, Any]


def index() -> list[dict[str, Any]]:
    return [json.loads(line) for line in INDEX.read_text(encoding="utf-8").splitlines() if line]


def _status(row: dict[str, Any]) -> str:
    path = CACHE / f"{row['id']}.txt"
    if not path.exists():
        return "missing"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return "ok" if digest == row["sha256"] else "changed"


def split_corpus_date(text: str) -> tuple[str, datetime | None]:
    """The corpus prefixes some excerpts with `` date 2019-07-12``: metadata, not text."""
    match = _CORPUS_DATE.match(text)
    if not match:
        return text, None
    day = match.group(1) + ("-01" if len(match.group(1)) == 7 else "")
    return text[match.end() :], datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)


def load() -> list[Excerpt]:
    """Every cached excerpt whose sha256 matches the index (others are skipped)."""
    excerpts = []
    for row in index():
        if _status(row) != "ok":
            continue
        raw = (CACHE / f"{row['id']}.txt").read_text(encoding="utf-8")
        text, published = split_corpus_date(raw)
        excerpts.append(
            Excerpt(row["id"], row["url"], text, published, row.get("event"), row["expect"])
        )
    return excerpts


def main() -> None:
    rows = index()
    bad = [(row, _status(row)) for row in rows]
    bad = [(row, status) for row, status in bad if status != "ok"]
    sites = {re.sub(r"^www\.", "", row["url"].split("/")[2]) for row in rows}
    print(
        f"{len(rows)} excerpts from {len(sites)} sites; {len(rows) - len(bad)} cached and verified"
    )
    for row, status in bad:
        print(f"{status}: {row['id']}: search pages for {row['query']!r}, result {row['rank']}")
        print(f"    {row['url']}")
        print(f"    save its first {row['chars']} characters as {CACHE / (row['id'] + '.txt')}")


if __name__ == "__main__":
    main()
