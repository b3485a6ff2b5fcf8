"""The real-text dev-set tooling: cache verification, held-out split, PolNeAR conversion."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.quality.quotes import build_cache
from tests.quality.quotes.build_cache import (
    build,
    gold_record,
    is_held_out,
    load_index,
    match,
    sha256,
    split_of,
)
from tests.quality.quotes.classes import tag
from tests.quality.quotes.polnear import Parse, Token, parse_ann, quotes_of

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
        [{**entry(article_id=i), "split": "dev"} for i in ("ex1", "ex2", "ex3")], texts=tmp_path
    )
    records = splits["dev"] + splits["dev2"] + splits["dev3"] + splits["heldout"]
    assert [r["id"] for r in records] == ["ex1"]
    assert records[0]["quotes"][0]["quote"] == "We are ready,"
    assert any(p.startswith("changed  ex2") for p in problems)
    assert any(p.startswith("missing  ex3") and "admiral said" in p for p in problems)


def test_held_out_third_is_fixed_by_id() -> None:
    ids = [f"excerpt-{i}" for i in range(300)]
    held = [i for i in ids if is_held_out(i)]
    assert 70 <= len(held) <= 130
    assert held == [i for i in ids if is_held_out(i)]


def test_split_field_places_rows_and_a_hash_held_out_row_must_name_its_split(
    tmp_path: Path,
) -> None:
    ids = [f"excerpt-{i}" for i in range(40)]
    held = next(i for i in ids if is_held_out(i))
    dev = next(i for i in ids if not is_held_out(i))
    rows = [
        entry(article_id=dev),
        entry(article_id=held),
        {**entry(article_id=held + "-b"), "split": "dev2"},
        {**entry(article_id=dev + "-b"), "split": "heldout"},
        {**entry(article_id=held + "-d"), "split": "dev3"},
        {**entry(article_id=dev + "-e"), "split": "dev4"},
        {**entry(article_id=held + "-f"), "split": "dev5"},
        {**entry(article_id=dev + "-g"), "split": "dev6"},
        {**entry(article_id=held + "-h"), "split": "dev7"},
        {**entry(article_id=dev + "-i"), "split": "dev8"},
        {**entry(article_id=dev + "-c"), "split": "test"},
    ]
    for row in rows:
        (tmp_path / f"{row['id']}.txt").write_text(TEXT, encoding="utf-8")
    splits, problems = build(rows, texts=tmp_path)
    assert set(splits) == {
        "dev",
        "dev2",
        "dev3",
        "dev4",
        "dev5",
        "dev6",
        "dev7",
        "dev8",
        "heldout",
    }
    assert [r["id"] for r in splits["dev"]] == [dev]
    assert [r["id"] for r in splits["dev2"]] == [held + "-b"]
    assert [r["id"] for r in splits["heldout"]] == [dev + "-b"]
    assert [r["id"] for r in splits["dev3"]] == [held + "-d"]
    assert [r["id"] for r in splits["dev4"]] == [dev + "-e"]
    assert [r["id"] for r in splits["dev5"]] == [held + "-f"]
    assert [r["id"] for r in splits["dev6"]] == [dev + "-g"]
    assert [r["id"] for r in splits["dev7"]] == [held + "-h"]
    assert [r["id"] for r in splits["dev8"]] == [dev + "-i"]
    assert len(problems) == 2
    assert any(p.startswith(f"nosplit  {held} ") for p in problems)
    assert any(p.startswith(f"nosplit  {dev}-c ") for p in problems)


def test_main_writes_a_cache_file_for_each_split_including_dev3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = tmp_path / "defence"
    texts.mkdir()
    (texts / "ex1.txt").write_text(TEXT, encoding="utf-8")
    (texts / "ex2.txt").write_text(TEXT, encoding="utf-8")
    index = tmp_path / "index.jsonl"
    rows = [
        {**entry(article_id="ex1"), "split": "dev3"},
        {**entry(article_id="ex2"), "split": "dev"},
    ]
    index.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    monkeypatch.setattr(build_cache, "INDEX", index)
    monkeypatch.setattr(build_cache, "CACHE", tmp_path)
    monkeypatch.setattr(build_cache, "TEXTS", texts)
    assert build_cache.main([]) == 0
    dev3 = (tmp_path / "defence_dev3.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in dev3] == ["ex1"]
    assert (tmp_path / "defence_heldout.jsonl").read_text(encoding="utf-8") == ""


def test_committed_index_names_the_split_of_every_hash_held_out_row() -> None:
    index = load_index()
    assert all(split_of(item) is not None for item in index)
    old = [item for item in index if item.get("split") in (None, "dev2")]
    assert [i["id"] for i in old if i.get("split") == "dev2"] == [
        i["id"] for i in old if is_held_out(i["id"])
    ]


def test_committed_index_holds_offsets_not_text() -> None:
    index = load_index()
    assert len(index) >= 80
    assert len({urlparse(item["url"]).hostname for item in index}) >= 50
    assert len({item["id"] for item in index}) == len(index)
    for item in index:
        assert set(item) - {"split"} == {"id", "url", "query", "length", "sha256", "quotes"}
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
    (quote,) = quotes_of(text, rels, Parse(tokens))
    assert quote["quote"] == "We will win,"
    assert quote["kind"] == "full"
    assert quote["speaker"] == "he"  # no chain and no PERSON before: left as written


def _tok(text: str, word: str, pos: str, ner: str = "O") -> Token:
    at = text.index(word)
    return Token(at, at + len(word), pos, ner)


def test_polnear_speaker_is_the_person_not_the_organisation_in_the_source() -> None:
    text = "Head\n\n“It works,” said Ann Berg, an analyst at the Lumen Policy Institute.\n"
    src = text.index("Ann")
    c = text.index("It works")
    ann = (
        f"T1\tSource {src} {len(text) - 2}\tx\nT2\tCue {src - 5} {src - 1}\tsaid\n"
        f"T3\tContent {c} {c + 9}\tIt works,\nE1\tAttribution:T2 Source:T1 Content:T3 Cue:T2\n"
    )
    tokens = [_tok(text, w, "NNP", "PERSON") for w in ("Ann", "Berg")]
    tokens += [_tok(text, w, "NNP", "ORGANIZATION") for w in ("Lumen", "Policy", "Institute")]
    tokens += [_tok(text, w, pos) for w, pos in ((",", ","), ("analyst", "NN"))]
    tokens += [
        Token(at + 1, at + 3, pos)
        for at, pos in ((text.index(" an "), "DT"), (text.index(" at "), "IN"))
    ]
    (quote,) = quotes_of(text, parse_ann(ann), Parse(sorted(tokens, key=lambda t: t.start)))
    assert quote["speaker"] == "Ann Berg"


def test_polnear_nested_quote_goes_to_the_inner_source_and_surname_keeps_its_person() -> None:
    text = "Head\n\nOla Berg wrote that Lind said: “Ports matter.” Then Tom Lind came.\n"
    ola, lind, q = text.index("Ola"), text.index("Lind said"), text.index("Ports")
    outer_c, inner_c = text.index("that"), q
    ann = (
        f"T1\tSource {ola} {ola + 8}\tOla Berg\nT2\tContent {outer_c} {q + 14}\tx\n"
        f"T3\tSource {lind} {lind + 4}\tLind\nT4\tContent {inner_c} {q + 13}\tPorts matter.\n"
        "T5\tCue 1 2\tx\n"
        "E1\tAttribution:T5 Source:T1 Content:T2 Cue:T5\n"
        "E2\tAttribution:T5 Source:T3 Content:T4 Cue:T5\n"
    )
    tokens = sorted(
        [
            _tok(text, "Ola", "NNP", "PERSON"),
            Token(ola + 4, ola + 8, "NNP", "PERSON"),
            Token(lind, lind + 4, "NNP", "PERSON"),
            _tok(text, "wrote", "VBD"),
            _tok(text, "Then", "RB"),
            _tok(text, "Tom", "NNP", "PERSON"),
            Token(text.index("Tom") + 4, text.index("Tom") + 8, "NNP", "PERSON"),
        ],
        key=lambda t: t.start,
    )
    # CoreNLP chained Lind with Ola Berg (wrong) and with Tom Lind (same name): only the
    # mention that shares the surname completes it.
    chain = [(3, 4), (0, 2), (5, 7)]
    (quote,) = quotes_of(text, parse_ann(ann), Parse(tokens, [chain]))
    assert quote["speaker"] == "Tom Lind"


def test_polnear_speaker_is_the_head_person_not_a_name_that_modifies_it() -> None:
    text = "Head\n\n“No,” said Roe spokesman Tim Vale, who worked for Ann Lee Roe.\n"
    src = text.index("Roe spokesman")
    c = text.index("No")
    ann = (
        f"T1\tSource {src} {len(text) - 2}\tx\nT2\tCue {src - 5} {src - 1}\tsaid\n"
        f"T3\tContent {c} {c + 3}\tNo,\nE1\tAttribution:T2 Source:T1 Content:T3 Cue:T2\n"
    )
    words = [
        ("Roe", "NNP", "PERSON"),
        ("spokesman", "NN", "O"),
        ("Tim", "NNP", "PERSON"),
        ("Vale", "NNP", "PERSON"),
        (",", ",", "O"),
        ("who", "WP", "O"),
        ("worked", "VBD", "O"),
        ("for", "IN", "O"),
        ("Ann", "NNP", "PERSON"),
        ("Lee", "NNP", "PERSON"),
        ("Roe", "NNP", "PERSON"),
    ]
    tokens, at = [], src
    for word, pos, ner in words:
        at = text.index(word, at)
        tokens.append(Token(at, at + len(word), pos, ner))
        at += len(word)
    # The longest person run is Ann Lee Roe, but the Source's head is Tim Vale.
    (quote,) = quotes_of(text, parse_ann(ann), Parse(tokens))
    assert quote["speaker"] == "Tim Vale"


def _parsed(text: str, words: list[tuple[str, str, str, int, str]]) -> Parse:
    """Tokens found in order, each with its POS, NER, governor (index, -1 root) and label."""
    parse, at = Parse([]), 0
    for word, pos, ner, head, label in words:
        at = text.index(word, at)
        parse.tokens.append(Token(at, at + len(word), pos, ner))
        parse.heads.append(head)
        parse.labels.append(label)
        at += len(word)
    return parse


def _relation(text: str, source: str, cue: str, content: str) -> str:
    """One brat attribution relation over the first occurrence of each span's words."""
    roles = [("Source", source), ("Cue", cue), ("Content", content)]
    lines, args = [], []
    for tid, (label, words) in enumerate(roles, start=1):
        at = text.index(words)
        lines.append(f"T{tid}\t{label} {at} {at + len(words)}\t{words}")
        args.append(f"{label}:T{tid}")
    return "\n".join([*lines, "E1\tAttribution:T2 " + " ".join(args)])


def test_polnear_pronoun_is_the_nearest_earlier_subject_of_its_gender() -> None:
    # "she" is Ann Lee, the subject, not Tom Roe, the man she met.
    text = "Head\n\nAnn Lee met Tom Roe on Monday. “We will win,” she said.\n"
    parse = _parsed(
        text,
        [
            ("Ann", "NNP", "PERSON", 1, "compound"),
            ("Lee", "NNP", "PERSON", 2, "nsubj"),
            ("met", "VBD", "O", -1, "root"),
            ("Tom", "NNP", "PERSON", 4, "compound"),
            ("Roe", "NNP", "PERSON", 2, "dobj"),
            ("she", "PRP", "O", 7, "nsubj"),
            ("said", "VBD", "O", -1, "root"),
        ],
    )
    ann = _relation(text, "she", "said", "We will win,")
    (quote,) = quotes_of(text, parse_ann(ann), parse)
    assert quote["speaker"] == "Ann Lee"


def test_polnear_source_and_cue_swapped_by_the_annotator() -> None:
    text = "Head\n\n“Ports matter,” said Ann Lee.\n"
    parse = _parsed(
        text,
        [
            ("said", "VBD", "O", -1, "root"),
            ("Ann", "NNP", "PERSON", 2, "compound"),
            ("Lee", "NNP", "PERSON", 0, "nsubj"),
        ],
    )
    ann = _relation(text, "said", "Ann Lee", "Ports matter,")
    (quote,) = quotes_of(text, parse_ann(ann), parse)
    assert quote["speaker"] == "Ann Lee"


def test_polnear_the_statement_speaks_for_whoever_issued_it() -> None:
    text = "Head\n\nRoe Foods released a statement. “We regret it,” the statement said.\n"
    parse = _parsed(
        text,
        [
            ("Roe", "NNP", "ORGANIZATION", 1, "compound"),
            ("Foods", "NNP", "ORGANIZATION", 2, "nsubj"),
            ("released", "VBD", "O", -1, "root"),
            ("a", "DT", "O", 4, "det"),
            ("statement", "NN", "O", 2, "dobj"),
            ("the", "DT", "O", 6, "det"),
            ("statement", "NN", "O", 7, "nsubj"),
            ("said", "VBD", "O", -1, "root"),
        ],
    )
    ann = _relation(text, "the statement", "said", "We regret it,")
    (quote,) = quotes_of(text, parse_ann(ann), parse)
    assert quote["speaker"] == "Roe Foods"


def test_polnear_a_description_nothing_names_keeps_its_words() -> None:
    text = "Head\n\n“No,” the senator said.\n"
    parse = _parsed(
        text,
        [
            ("the", "DT", "O", 1, "det"),
            ("senator", "NN", "O", 2, "nsubj"),
            ("said", "VBD", "O", -1, "root"),
        ],
    )
    (quote,) = quotes_of(text, parse_ann(_relation(text, "the senator", "said", "No,")), parse)
    assert quote["speaker"] == "the senator"
