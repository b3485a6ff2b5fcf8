"""The real-text dev-set tooling: cache verification, held-out split, PolNeAR conversion."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from tests.quality.quotes.build_cache import (
    build,
    gold_record,
    is_held_out,
    load_index,
    match,
    sha256,
)
from tests.quality.quotes.classes import tag
from tests.quality.quotes.polnear import Token, parse_ann, quotes_of

TEXT = "Ships sailed.\n\n“We are ready,” said Admiral Petra Lind.\n"


def entry(text: str = TEXT, article_id: str = "ex1") -> dict[str, object]:
    start = text.index("We are")
    return {
        "id": article_id,
        "url": "https://news.example/a",
        "query": "admiral said",
        "sha256": sha256(text),
        "quotes": [
            {
                "start": start,
                "end": start + len("We are ready,"),
                "speaker": "Petra Lind",
                "role": "Admiral",
                "kind": "full",
            }
        ],
    }


def test_build_checks_sha256_and_names_missing_and_changed_texts(tmp_path: Path) -> None:
    (tmp_path / "ex1.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "ex2.txt").write_text(TEXT + "edited", encoding="utf-8")
    splits, problems = build(
        [entry(), entry(article_id="ex2"), entry(article_id="ex3")], texts=tmp_path
    )
    records = splits["dev"] + splits["heldout"]
    assert [r["id"] for r in records] == ["ex1"]
    assert records[0]["quotes"][0]["quote"] == "We are ready,"
    assert any(p.startswith("changed  ex2") for p in problems)
    assert any(p.startswith("missing  ex3") and "admiral said" in p for p in problems)


def test_held_out_third_is_fixed_by_id() -> None:
    ids = [f"excerpt-{i}" for i in range(300)]
    held = [i for i in ids if is_held_out(i)]
    assert 70 <= len(held) <= 130
    assert held == [i for i in ids if is_held_out(i)]


def test_committed_index_holds_offsets_not_text() -> None:
    index = load_index()
    assert len(index) >= 80
    assert len({urlparse(item["url"]).hostname for item in index}) >= 50
    assert len({item["id"] for item in index}) == len(index)
    for item in index:
        assert set(item) == {"id", "url", "query", "length", "sha256", "quotes"}
        for q in item["quotes"]:
            assert set(q) == {"start", "end", "speaker", "role", "kind"}
            assert 0 <= q["start"] < q["end"] <= item["length"]


RAW = (
    "Harbour News\n\n\nThe frigate sailed at dawn.\n\nRead more: tide tables\n\n"
    "“We are ready,” said Admiral Petra Lind.\n“Crews trained all winter.”\n\nShare this"
)


def saved(text: str) -> dict[str, object]:
    return {"length": len(text), "sha256": sha256(text)}


def test_match_finds_the_saved_selection_of_paragraphs() -> None:
    stretch = "The frigate sailed at dawn.\n\nRead more: tide tables"
    kept_breaks = (
        "Harbour News\n\n\nThe frigate sailed at dawn.\n\n“We are ready,” said Admiral Petra Lind."
    )
    joined = "The frigate sailed at dawn.\n\n“Crews trained all winter.”"
    for text in (stretch, kept_breaks, joined):
        assert match(saved(text), RAW) == text


def test_match_refuses_a_text_the_excerpt_does_not_hold() -> None:
    edited = "The frigate sailed at dusk.\n\nRead more: tide tables"
    assert match(saved(edited), RAW) is None
    straight = "“We are ready,” said Admiral Petra Lind.".replace("“", '"').replace("”", '"')
    assert match(saved(straight), RAW) is None


def test_gold_record_is_tagged_by_class() -> None:
    record = gold_record(entry(), TEXT)
    assert record["quotes"][0]["speaker"] == "Petra Lind"
    text = "Head Line Without A Stop\n\n“A,” said X. “B,” said Y. “C,” said Z. “D,” said W."
    quotes = [{"quote": c, "speaker": s, "start": -1} for c, s in zip("ABCD", "XYZW", strict=True)]
    assert "c08_many_voices" in tag(text, quotes)


def test_polnear_brat_relations_become_quotes_with_names() -> None:
    text = "Debate night.\n\n“We will win,” he said.\n"
    he = text.index("he said")
    q = text.index("We will")
    ann = (
        f"T1\tSource {he} {he + 2}\the\n"
        f"T2\tCue {he + 3} {he + 7}\tsaid\n"
        f"T3\tContent {q} {q + len('We will win,')}\tWe will win,\n"
        "E1\tAttribution:T2 Source:T1 Content:T3 Cue:T2\n"
    )
    tokens = [
        Token(15, 16, "``"),
        Token(q, q + 2, "PRP"),
        Token(he, he + 2, "PRP"),
        Token(he + 3, he + 7, "VBD"),
    ]
    rels = parse_ann(ann)
    assert rels[0]["Content"] == [(q, q + len("We will win,"))]
    (quote,) = quotes_of(text, rels, tokens, [])
    assert quote["quote"] == "We will win,"
    assert quote["kind"] == "full"
    assert quote["speaker"] == "he"  # no chain and no PERSON before: left as written
