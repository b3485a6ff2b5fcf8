"""A document quoted as if it spoke ("the statement said"): the speaker is its issuer."""

from __future__ import annotations

import re

from summaries.quotes.cast import Appearance, Cast
from summaries.quotes.cues import DOCUMENTS, KNOWN_ORGS, ORG_WORDS, PLACES, bare

_ISSUED_BY = re.compile(r"\b(?:by|from|of)\s+(?:the\s+)?([A-Z][\w'’.\-]*(?:\s+[\w'’.\-]+){0,6})$")


_OWNER_PRONOUNS = {"his": "m", "her": "f", "its": "n", "their": "p"}
_OWNER = re.compile(r"^([A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){0,3})['’]s?\s")


def is_document(label: str) -> bool:
    """ "statement", "the statement", "a statement released by Acme", "the report"."""
    words = [w for w in label.lower().split() if w not in {"a", "an", "the", "its", "their"}]
    return bool(words) and (words[0] in DOCUMENTS or words[-1] in DOCUMENTS)


def issuer(label: str, cast: Cast, at: int, sentence: int) -> Appearance | None:
    """Who issued the document: named in the phrase ("released by Acme"), else the
    organisation (or failing one, the person) the last few sentences named."""
    named = _ISSUED_BY.search(label)
    if named is not None:
        return Appearance(at, sentence, named.group(1), "organisation", True)
    pronoun = _OWNER_PRONOUNS.get(label.split()[0].lower(), "")
    if pronoun:  # "His statement reads:", "its statement said": whoever "he" or "it" is
        return cast.resolve_pronoun(pronoun, at, sentence)
    owner = _OWNER.match(label)
    person = cast.find_alias_near(owner.group(1), at) if owner else None
    if person is not None:  # "Durand's statement": the person who issued it
        return Appearance(at, sentence, person.name, "person", True, person)
    earlier = _earlier_issuer(cast.masked, label, at)
    if earlier:  # "According to a statement from the Navy, ...  “Q,” the statement read."
        return Appearance(at, sentence, earlier, "organisation", True)
    said_in = _said_in_document(cast, label, at)
    if said_in is not None:  # "An Army spokesman said in a statement ... the statement said"
        return said_in
    near = [_body_of_officials(a) for a in cast.sources_before(at, sentence)]
    orgs = [a for a in near if a.kind == "organisation" and _is_body(a.label)]
    people = [a for a in near if a.person is not None]
    pick = orgs or people
    if not pick:  # "..., the statement concluded." long after "A statement from the army said"
        pick = [
            a
            for a in cast.appearances
            if a.at < at and a.kind == "organisation" and a.subject and _is_body(a.label)
        ]
        pick.sort(key=lambda a: a.at)
    return pick[-1] if pick else None


# "a statement from the Navy", "the report issued by Acme Defence": a document named with
# its issuer.
_DOCUMENT_WORDS = "|".join(sorted(DOCUMENTS))
_DOCUMENT_FROM = re.compile(
    rf"\b(?:an?|the)\s+(?:[\w-]+\s+){{0,2}}?({_DOCUMENT_WORDS})\s+"
    r"(?:(?:issued|released|published|put\s+out)\s+)?(?:by|from)\s+(?:the\s+)?"
    r"([A-Z][\w'’.\-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’.\-]*){0,5})"
)
_LOOK_BACK = 1500  # characters: the few paragraphs before the quote


def _earlier_issuer(masked: str, label: str, at: int) -> str:
    """The issuer named with the last earlier mention of the same kind of document."""
    kind = _document_word(label)
    if not kind or not masked:
        return ""
    found = ""
    for m in _DOCUMENT_FROM.finditer(masked, max(0, at - _LOOK_BACK), at):
        if m.group(1).lower() == kind:
            found = m.group(2).rstrip(".")
    return found


def _said_in_document(cast: Cast, label: str, at: int) -> Appearance | None:
    """The source that spoke "in a statement" ("An Army spokesman said ... in a statement")
    in the last sentence before ``at`` that says so: the statement quoted later is theirs."""
    kind = _document_word(label)
    if not kind:
        return None
    window = cast.masked[max(0, at - _LOOK_BACK) : at]
    found = list(
        re.finditer(rf"\bin\s+(?:a|an|its|their|his|her)\s+(?:[\w-]+\s+)?{kind}\b", window)
    )
    if not found:
        return None
    where = at - len(window) + found[-1].start()
    ends = list(_SENTENCE_END.finditer(cast.masked, max(0, where - _LOOK_BACK), where))
    start = ends[-1].end() if ends else 0
    spoke = [a for a in cast.appearances if start <= a.at < where and a.spoke]
    return _body_of_officials(max(spoke, key=lambda a: a.at)) if spoke else None


_SENTENCE_END = re.compile(r"[.!?][\"'”’]?\s")


def _document_word(label: str) -> str:
    return next((w for w in reversed([bare(w) for w in label.split()]) if w in DOCUMENTS), "")


def _body_of_officials(app: Appearance) -> Appearance:
    """ "Acme Defence officials said in a statement": the statement is Acme Defence's."""
    words = app.label.split()
    if app.kind != "unnamed" or len(words) < 2 or bare(words[-1]) not in _OFFICIALS:
        return app
    body = words[:-1]
    if not all(w[:1].isupper() for w in body):
        return app
    return Appearance(app.at, app.sentence, " ".join(body), "organisation", True)


_OFFICIALS = frozenset({"officials", "spokespeople", "spokesmen", "staff", "representatives"})


def _is_body(label: str) -> bool:
    """An organisation that can issue a statement, not a place ("Red Sea", "China's")."""
    if is_document(label) or label.endswith(("'s", "’s")):
        return False
    words = label.split()
    return any(
        bare(w) in ORG_WORDS or bare(w) in KNOWN_ORGS or (w.isupper() and bare(w) not in PLACES)
        for w in words
    )
