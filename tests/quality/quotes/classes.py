"""Tag a gold article with the error classes of issue #14 it exhibits.

The tags are article-level ``patterns`` for the evaluator, so every class gets its own
precision, recall and speaker figures. They are found by surface rules on the text and the
gold, the same for every set, so they are approximate: an article is tagged when it
*contains* the situation, whatever the engine does with it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

CLASSES = (
    "c01_multi_paragraph",
    "c02_role_reference",
    "c03_capitalised_phrase",
    "c04_title_before_name",
    "c05_document",
    "c06_adjacent_attribution",
    "c07_speaker_paragraph",
    "c08_many_voices",
    "c09_irregular_marks",
    "c10_not_quotes",
)
_OPEN = "“\"‘'"
_ROLE_CUE = re.compile(
    r"\b(?:the|a|an)\s+(?:[a-z]+\s+){0,3}(?:spokes(?:man|woman|person)|minister|secretary|general|"
    r"admiral|commander|official|chief|president|senator|governor|ambassador|director|"
    r"candidate|nominee|officer|mp|analyst)\s+(?:said|says|added|told|warned|noted)\b",
    re.IGNORECASE,
)
_DOCUMENT = re.compile(
    r"\b(?:statement|report|release|letter|memo|post|tweet|readout)\s+(?:said|says|read|reads|added)\b"
    r"|\baccording to (?:a|the) (?:statement|report|release|letter)",
    re.IGNORECASE,
)
_ADJACENT = re.compile(r"[”\"’'][,.]?\s*(?:—|–|-|\()\s*|[”\"’'],?\s+according to\b")
_SPEAKER_PARA = re.compile(
    r"(?:said|says|added|told \w+|stated|explained|wrote):\s*\n\s*\n?\s*[“\"‘']"
)
_TITLE_BEFORE = re.compile(
    r"\b(?:[A-Z][a-z]+\s+){1,4}(?:of\s+(?:[A-Z][a-z]+\s+){1,3})?[A-Z][a-z]+\s+[A-Z][a-z]+"
)
_IRREGULAR = re.compile(r"[“\"]\s+\w|:\s*\n+\s*[“\"]\s|\.[”\"]\s*[A-Z][a-z]+ ")
_QUOTED = re.compile(r"[“\"]([^“”\"\n]{3,200})[”\"]")
_CAP_SPEAKER_NOISE = re.compile(
    r"\b[A-Z][a-z]+ (?:Said|Says|Joked|Added|Told)\b|\b(?:HMS|USS|Exercise|Operation)\s+[A-Z]"
)


def tag(text: str, quotes: Sequence[Mapping[str, object]]) -> list[str]:
    """The classes an article with these gold quotes belongs to."""
    tags: list[str] = []
    spoken = [str(q.get("speaker", "")) for q in quotes]
    if any("\n" in str(q.get("quote", "")) for q in quotes) or re.search(
        r"\n\s*[“\"][^”\"\n]+\n", text
    ):
        tags.append("c01_multi_paragraph")
    if _ROLE_CUE.search(text):
        tags.append("c02_role_reference")
    if _CAP_SPEAKER_NOISE.search(text):
        tags.append("c03_capitalised_phrase")
    if any(
        s and re.search(r"[A-Z][a-z]+\s+(?:of\s+)?[A-Z]\w+\s+" + re.escape(s), text) for s in spoken
    ):
        tags.append("c04_title_before_name")
    if _DOCUMENT.search(text):
        tags.append("c05_document")
    if _ADJACENT.search(text):
        tags.append("c06_adjacent_attribution")
    if _SPEAKER_PARA.search(text):
        tags.append("c07_speaker_paragraph")
    if len({s.lower() for s in spoken if s}) >= 4:
        tags.append("c08_many_voices")
    if _IRREGULAR.search(text):
        tags.append("c09_irregular_marks")
    gold_starts = {int(str(q.get("start", -1))) for q in quotes}
    if any(m.start(1) not in gold_starts for m in _QUOTED.finditer(text)):
        tags.append("c10_not_quotes")
    return tags


def tag_polnear(text: str, quotes: Sequence[Mapping[str, object]]) -> list[str]:
    return tag(text, quotes)
