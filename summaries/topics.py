"""Topic tags from a configurable lexicon (``config/topics.toml``).

Terms match on word boundaries, case-insensitively, with an optional plural ending; a
term written in capitals (an acronym of up to five letters, e.g. ``NATO``) matches
case-sensitively so that ``SAM`` does not tag every Sam. All terms of a lexicon compile
into one trie-shaped regular expression, so tagging an article is a single pass.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from summaries.models import Article, Briefing

logger = logging.getLogger(__name__)

_SEPARATORS = re.compile(r"[-\s]+")
_ACRONYM_MAX_LETTERS = 5
_Trie = dict[str, "_Trie"]


def _normalise(term: str) -> str:
    return _SEPARATORS.sub(" ", term.strip())


def _is_acronym(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return (
        bool(letters)
        and not any(c.islower() for c in term)
        and (len(letters) <= _ACRONYM_MAX_LETTERS)
    )


def _trie_pattern(words: Iterable[str]) -> str:
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _emit(trie)


def _emit(node: _Trie) -> str:
    branches = [
        (r"[-\s]+" if char == " " else re.escape(char)) + _emit(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


@dataclass(frozen=True, slots=True, eq=False)
class TermMatcher:
    """Counts hits of many terms, each mapped to one or more labels, in one pass."""

    pattern: re.Pattern[str] | None
    folded: Mapping[str, tuple[int, ...]]
    exact: Mapping[str, tuple[int, ...]]

    @classmethod
    def build(cls, groups: Iterable[Iterable[str]]) -> TermMatcher:
        folded: dict[str, set[int]] = {}
        exact: dict[str, set[int]] = {}
        for index, terms in enumerate(groups):
            for term in terms:
                key = _normalise(term)
                if not key:
                    continue
                if _is_acronym(key):
                    exact.setdefault(key, set()).add(index)
                else:
                    folded.setdefault(key.casefold(), set()).add(index)
        parts = []
        if folded:
            parts.append(f"(?P<ci>(?i:{_trie_pattern(folded)}))")
        if exact:
            parts.append(f"(?P<cs>{_trie_pattern(exact)})")
        pattern = (
            re.compile(r"\b(?:" + "|".join(parts) + r")(?:'s|’s|es|s|(?<=\d)[A-Z])?\b")
            if parts
            else None
        )
        return cls(
            pattern=pattern,
            folded={k: tuple(sorted(v)) for k, v in folded.items()},
            exact={k: tuple(sorted(v)) for k, v in exact.items()},
        )

    def counts(self, text: str, size: int) -> list[int]:
        """Hits per label index (``size`` labels) in ``text``."""
        hits = [0] * size
        if self.pattern is None or not text:
            return hits
        for match in self.pattern.finditer(text):
            folded_hit = match.group("ci") if "ci" in self.pattern.groupindex else None
            if folded_hit:
                labels = self.folded.get(_normalise(folded_hit).casefold(), ())
            else:
                labels = self.exact.get(_normalise(match.group("cs") or ""), ())
            for label in labels:
                hits[label] += 1
        return hits


@dataclass(frozen=True, slots=True, eq=False)
class Lexicon:
    """Named topics with their terms, plus the defence-relevance term list."""

    names: tuple[str, ...]
    terms: tuple[tuple[str, ...], ...]
    matcher: TermMatcher
    relevance_terms: tuple[str, ...] = ()
    relevance_matcher: TermMatcher | None = None
    decisive_matcher: TermMatcher | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Lexicon:
        """Build from parsed ``topics.toml``: ``{"topics": {name: {"terms": [...]}}, ...}``.

        A topic may also be given as a bare list of terms. ``decisive`` terms name the
        topic beyond doubt ("nuclear-capable"): one mention anywhere tags it.
        """
        topics = data.get("topics", {})
        names: list[str] = []
        terms: list[tuple[str, ...]] = []
        decisive: list[tuple[str, ...]] = []
        for name, spec in topics.items():
            raw = spec.get("terms", []) if isinstance(spec, Mapping) else spec
            sure = spec.get("decisive", []) if isinstance(spec, Mapping) else []
            names.append(str(name))
            terms.append(tuple(str(term) for term in raw))
            decisive.append(tuple(str(term) for term in sure))
        relevance_spec = data.get("relevance", {})
        relevance = tuple(
            str(term)
            for term in (
                relevance_spec.get("terms", [])
                if isinstance(relevance_spec, Mapping)
                else relevance_spec
            )
        )
        return cls(
            names=tuple(names),
            terms=tuple(terms),
            matcher=TermMatcher.build(terms),
            relevance_terms=relevance,
            relevance_matcher=TermMatcher.build([relevance]) if relevance else None,
            decisive_matcher=TermMatcher.build(decisive) if any(decisive) else None,
        )

    @classmethod
    def from_toml_text(cls, text: str) -> Lexicon:
        """Build from the text of a ``topics.toml`` file (the caller reads the file)."""
        return cls.from_dict(tomllib.loads(text))

    def canonical_name(self, name: str) -> str | None:
        """The lexicon's spelling of a topic name given in any case, or None."""
        folded = name.strip().casefold()
        return next((n for n in self.names if n.casefold() == folded), None)


TopicSubject = Article | Briefing | str

# Word-sense guards: a name is not its namesake. An exercise, operation or ship named after
# a weapon ("Exercise Trident Juncture", "HMS Dreadnought", "the Steadfast Noon drills"),
# a named base or station ("Murted Air Base", "Cape Canaveral Air Force Station") or a list
# of the armed services ("Royal Navy, Army and Air Force personnel", meaning the armed
# forces) says nothing about those topics. Nor does a word used in another sense: a ship
# type ("guided-missile destroyer" is a warship, not a missile story), where a thing was
# made ("Russian-made tanks" are not a Russia story), the means of carrying a weapon
# ("nuclear weapons delivery platforms" are not a purchase), or a service named only as
# the one that said something ("the Ukrainian Air Force said"), a tank that holds fuel or
# water or a "think tank" (not armour), a whole armed force named an army ("the Chinese
# People's Liberation Army" is not the land forces) or an order given, not placed ("ordered
# the formation of a sixth branch" is not a purchase).
_SERVICE = r"(?:Royal\s+)?(?:Navy|Army|Air\s+Force|Marines|RAF)"
_NAMES = re.compile(
    rf"""(?x)
        \b(?:Exercise|Operation|Op\.|Project|HMS|USS|HMAS|HMCS|HMNZS|INS|FS|ARA|KRI|TCG)
          (?:\s+[A-Z][\w-]*){{1,3}}
      | \b(?!(?:Royal\s+)?(?:Navy|Army|Air)\b)[A-Z][a-z][\w-]*(?:\s+[A-Z][a-z][\w-]*){{1,2}}
          (?=\s+(?:exercises?|drills?|operation)\b)
      | \b(?:[A-Z][a-z][\w-]*\s+){{1,2}}
          (?:Air\s+Base|Air\s+Force\s+(?:Base|Station)|Naval\s+(?:Air\s+)?Station)\b
      | \b{_SERVICE}(?:\s*,\s*(?:and\s+)?{_SERVICE}|\s+and\s+{_SERVICE})+\b
      | \b(?i:guided)[-\s]+(?i:missile)(?=[-\s]+(?i:destroyer|cruiser|frigate|corvette|submarine
          |ship|vessel|boat|patrol))
      | \b[A-Z][a-z]+[-\s](?:made|built|designed|origin)\b
      | (?i:\b(?:weapons?|nuclear|warhead)\s+delivery\b|\bdelivery\s+(?=(?:platform|system
          |vehicle|means)s?\b))
      | \b(?:[A-Z][a-z]+\s+)?{_SERVICE}(?=\s+(?:said|says|reported|stated|claimed|announced)\b)
      | \b(?i:think|fuel|gas|oil|petrol|water|storage|septic|fish)[-\s]+(?i:tanks?)\b
      | \b(?:People['’]s\s+)?(?:Liberation|Revolutionary|Republican)\s+Army\b
      | \bPeople['’]s\s+Army\b
      | \bordered(?=\s+(?:the|an?)\s+(?:\w+\s+)?\w+(?:tion|ment|sal|ure)\s+of\b)
    """
)


def mask_names(text: str) -> str:
    """The text with names that only sound like a topic blanked out (same length)."""
    return _NAMES.sub(lambda m: " " * len(m.group()), text)


# (weight, threshold) per kind of subject: a title or lead mention counts more.
_ARTICLE_THRESHOLD = 3
_BRIEFING_THRESHOLD = 2


# The lead counts as the lead for its opening sentences only: a page written as one long
# paragraph has its whole story, background included, in its "lead".
_LEAD_SENTENCES = 2
_SENTENCE_BREAK = re.compile(r"(?<=[a-z0-9)][.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z])")


def _lead_sentences(lead: str) -> str:
    return " ".join(_SENTENCE_BREAK.split(lead, maxsplit=_LEAD_SENTENCES)[:_LEAD_SENTENCES])


def _weighted_fields(subject: TopicSubject) -> tuple[list[tuple[str, int]], int]:
    if isinstance(subject, Article):
        lead = _lead_sentences(subject.lead)
        return [(subject.title, 3), (lead, 2), (subject.text, 1)], _ARTICLE_THRESHOLD
    if isinstance(subject, Briefing):
        quotes = " ".join(q.text for q in subject.quotes)
        return [(subject.headline, 3), (subject.summary, 2), (quotes, 1)], _BRIEFING_THRESHOLD
    return [(subject, 1)], 1


def topic_scores(subject: TopicSubject, lexicon: Lexicon) -> list[int]:
    """Weighted hit count per topic (index-aligned with ``lexicon.names``)."""
    size = len(lexicon.names)
    scores = [0] * size
    fields, threshold = _weighted_fields(subject)
    for text, weight in fields:
        masked = mask_names(text)
        for index, hits in enumerate(lexicon.matcher.counts(masked, size)):
            scores[index] += weight * hits
        if lexicon.decisive_matcher is not None:
            for index, hits in enumerate(lexicon.decisive_matcher.counts(masked, size)):
                scores[index] += threshold * hits
    return scores


def tag_topics(subject: TopicSubject, lexicon: Lexicon, *, max_topics: int = 5) -> tuple[str, ...]:
    """Topic names for an article, briefing or text, strongest first.

    A plain string needs one hit; an article needs a title mention, a lead mention
    plus one more, or three mentions in the body.
    """
    _, threshold = _weighted_fields(subject)
    scores = topic_scores(subject, lexicon)
    ranked = sorted(
        (index for index, score in enumerate(scores) if score >= threshold),
        key=lambda index: (-scores[index], index),
    )
    return tuple(lexicon.names[index] for index in ranked[:max_topics])


def relevance_hits(subject: TopicSubject, lexicon: Lexicon) -> int:
    """How many defence-relevance terms occur (weighted like topic tags)."""
    if lexicon.relevance_matcher is None:
        return 0
    fields, _ = _weighted_fields(subject)
    matcher = lexicon.relevance_matcher
    return sum(weight * matcher.counts(mask_names(text), 1)[0] for text, weight in fields)


def is_defence_relevant(subject: TopicSubject, lexicon: Lexicon, *, min_hits: int = 2) -> bool:
    """True when the subject mentions enough relevance terms (or the list is empty)."""
    if lexicon.relevance_matcher is None:
        return True
    return relevance_hits(subject, lexicon) >= min_hits
