"""The names one PolNeAR article gives its people, read from the CoreNLP parse it ships.

The speaker rules (``polnear_sources``) need to know which proper nouns name a person
(tagged PERSON somewhere in the article, written after a personal title, or called "he"
or "she" by a coreference chain), which person a stretch of tokens names, the fullest form
of a name, and a name's gender where the article or a plain first name shows it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from summaries.quotes.cues import FEMALE_NAMES, MALE_NAMES, wordset

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    pos: str
    ner: str = "O"


@dataclass(slots=True)
class Parse:
    """CoreNLP's reading of one article: tokens, chains (token ranges), and each token's
    basic-dependency governor (-1 at a root) and label."""

    tokens: list[Token]
    chains: list[list[Span]] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    def head(self, i: int) -> int:
        return self.heads[i] if 0 <= i < len(self.heads) else -1

    def label(self, i: int) -> str:
        return self.labels[i] if 0 <= i < len(self.labels) else ""

    def children(self, i: int) -> list[int]:
        return [k for k, h in enumerate(self.heads) if h == i]


PRONOUNS = wordset("he she they it we i you him her them his their its")
MALE = wordset("he him his himself mr. mr")
FEMALE = wordset("she her hers herself mrs. mrs ms. ms miss")
_PERSON_TITLES = wordset(
    "mr. mrs. ms. miss dr. sen. rep. gov. lt. gen. sgt. col. rev. president senator governor "
    "congressman congresswoman judge justice mayor"
)
_TITLE_LIKE = re.compile(r"(?:man|woman|\.)$|^(?:president|senator|governor|secretary|judge)$")
_LINKS = wordset("for of with at to by from about on against 's ’s")
# Where the head phrase of a Source ends: an apposition, a relative clause or an affiliation.
HEAD_ENDS = wordset(", ( -lrb- who whose -- of at with from for")


class ArticleNames:
    """Who the proper nouns of one article are: the reading the speaker rules share."""

    def __init__(self, text: str, parse: Parse) -> None:
        self.text = text
        self.p = parse
        self.tokens = parse.tokens
        self.title_end = text.find("\n")
        self.lower = [text[t.start : t.end].lower() for t in self.tokens]
        # proper nouns, and capitalised words the tagger calls a person but not NNP
        self.proper = [
            t.pos.startswith("NNP") or (t.ner == "PERSON" and text[t.start : t.start + 1].isupper())
            for t in self.tokens
        ]
        self.people: set[str] = set()
        self.gender = self._genders()
        self.people = self._person_words()
        self.firsts = self.first_names()
        self.quoted = _quoted(text, self.tokens)

    def token_range(self, spans: Sequence[Span]) -> Span | None:
        s, e = _clean(self.text, min(a for a, _ in spans), max(b for _, b in spans))
        idx = [i for i, t in enumerate(self.tokens) if t.start >= s and t.end <= e]
        return (idx[0], idx[-1] + 1) if idx else None

    def words(self, run: Span) -> str:
        # a run never spans paragraphs ("X.\n\nSexton" is Sexton)
        a, b = run
        return self.text[self.tokens[a].start : self.tokens[b - 1].end].rsplit("\n", 1)[-1]

    def surname(self, run: Span) -> str:
        return self.lower[run[1] - 1]

    def proper_runs(self, a: int, b: int, ner: str = "") -> list[Span]:
        """Runs of proper nouns in tokens[a:b]; with ``ner`` only runs holding a token of
        that kind (for PERSON: or a word the article uses as a person's name)."""
        runs, i = [], a
        while i < b:
            if not self.proper[i]:
                i += 1
                continue
            j = i
            while j < b and self.proper[j]:
                j += 1
            if not ner or any(self.is_kind(k, ner) for k in range(i, j)):
                runs.append((i, j))
            i = j
        return runs

    def is_kind(self, k: int, ner: str) -> bool:
        return self.tokens[k].ner == ner or (ner == "PERSON" and self.lower[k] in self.people)

    def person_run(self, a: int, b: int) -> Span | None:
        """The person a stretch of tokens names: the person run that heads its first phrase
        (up to a comma, bracket, relative pronoun or "of/at/with": "Clinton spokesman Brian
        Fallon" is Brian Fallon, "a Roe look-alike" nobody), else a person named further
        on but not through a preposition ("Roe's pollster, Ann Lee", "master of ceremonies
        Ann Lee", not "a spokesman for Ann Lee"), else a possessor ("Roe's campaign")."""
        cut = next((k for k in range(a, b) if self.lower[k] in HEAD_ENDS), b)
        runs = self.proper_runs(a, b, "PERSON")
        head = [r for r in runs if r[1] == cut]
        named = [
            r
            for r in runs
            if self.lower[max(0, self.person_start(r) - 1)] not in _LINKS
            and (r[1] == b or not self.tokens[r[1]].pos.startswith(("NN", "POS")))
        ]
        owner = [r for r in runs if r[1] < cut and self.tokens[r[1]].pos == "POS"]
        return head[-1] if head else named[0] if named else owner[-1] if owner else None

    def person_start(self, run: Span) -> int:
        """Where the person's own words start in a run ("State Madeleine Albright")."""
        return next((k for k in range(*run) if self.is_kind(k, "PERSON")), run[0])

    def chains_at(self, a: int, b: int) -> list[list[Span]]:
        return [c for c in self.p.chains if any(ma <= a < mb or a <= ma < b for ma, mb in c)]

    def chain_people(self, a: int, b: int) -> list[Span]:
        out = []
        for chain in self.chains_at(a, b):
            for ma, mb in chain:
                run = self.person_run(ma, mb)
                if run is None or self.tokens[run[0]].start < self.title_end or run[1] - run[0] > 4:
                    continue  # the headline's capitalised words are not a name
                out.append(run)
        return out

    def complete(self, person: Span) -> Span:
        """A one-word name completed by a longer mention of the same name in its chain,
        unless the article gives that surname more than one first name (Bill and Hillary
        Clinton; "Sandy" and "Sandra"): then the surname alone is all it says."""
        if person[1] - person[0] >= 2:
            return person
        surname = self.surname(person)
        if len(self.firsts.get(surname, ())) > 1:
            return person
        same = [r for r in self.chain_people(*person) if surname in self.words(r).lower().split()]
        return max(same, key=lambda r: r[1] - r[0], default=person)

    # -- who is a person, and of which gender --------------------------------------
    def _person_words(self) -> set[str]:
        """Words that name a person in this article wherever they stand as proper nouns:
        tagged PERSON somewhere, written after a personal title ("Rep. Lee Zeldin"), or
        called "he" or "she" by a coreference chain."""
        words = {name for name in self.gender if " " not in name}
        for i, t in enumerate(self.tokens):
            if t.start <= self.title_end or not t.pos.startswith("NNP"):
                continue
            if t.ner == "PERSON":
                words.add(self.lower[i])
            elif i and self.lower[i - 1] in _PERSON_TITLES:
                j = i
                while j < len(self.tokens) and self.tokens[j].pos.startswith("NNP"):
                    words.add(self.lower[j])
                    j += 1
        return words - PRONOUNS - MALE - FEMALE - _PERSON_TITLES

    def _genders(self) -> dict[str, str]:
        """A name's gender where the article shows it: "Mr./Ms." before it, or the pronouns
        of the coreference chains that mention it (clear majority; a chain whose pronouns
        disagree has merged two people and does not count). Full names and surnames count
        apart, so Bill and Hillary Clinton do not mix."""
        votes: dict[str, list[int]] = {}

        def vote(run: Span, male: int, female: int) -> None:
            for key in {self.surname(run), self.words(run).lower()}:
                v = votes.setdefault(key, [0, 0])
                v[0] += male
                v[1] += female

        for i in range(1, len(self.tokens)):
            if self.tokens[i].pos.startswith("NNP") and self.lower[i - 1] in MALE | FEMALE:
                j = i
                while j + 1 < len(self.tokens) and self.tokens[j + 1].pos.startswith("NNP"):
                    j += 1
                is_male = self.lower[i - 1] in MALE
                vote((i, j + 1), 3 * is_male, 3 * (not is_male))
        for chain in self.p.chains:
            pron = [self.lower[ma] for ma, mb in chain if mb - ma == 1]
            male = sum(w in MALE for w in pron)
            female = sum(w in FEMALE for w in pron)
            if (male or female) and min(male, female) * 4 <= max(male, female):  # not merged
                for ma, mb in chain:
                    for r in self.proper_runs(ma, mb):
                        if (
                            r[1] == mb
                            and (self.tokens[r[0]].ner == "PERSON" or r[0] == ma)
                            and all(self.tokens[k].ner in {"O", "PERSON"} for k in range(*r))
                        ):
                            vote(r, male, female)
        out = {}
        for name, (m, f) in votes.items():
            if m >= 2 * f + 1:
                out[name] = "m"
            elif f >= 2 * m + 1:
                out[name] = "f"
        return out

    def first_names(self) -> dict[str, set[str]]:
        """The first names the article gives each surname ("clinton": {"bill", "hillary"})."""
        out: dict[str, set[str]] = {}
        for run in self.proper_runs(0, len(self.tokens), "PERSON"):
            start = self.person_start(run)
            while start < run[1] - 1 and _TITLE_LIKE.search(self.lower[start]):
                start += 1  # "Assemblywoman Claudia Tenney"
            if run[1] - start >= 2 and self.tokens[start].start > self.title_end:
                out.setdefault(self.surname(run), set()).add(self.lower[start])
        return out

    def gender_of(self, run: Span) -> str | None:
        """ "m", "f" or unknown: by the first name's plain gender ("Hillary"), else by what
        the article shows of the full name, else of the surname."""
        start = self.person_start(run)
        firsts = {self.lower[start]} if run[1] - start >= 2 else set()
        firsts = firsts or self.firsts.get(self.surname(run), set())
        by_name = {"m" for f in firsts if f in MALE_NAMES} | {
            "f" for f in firsts if f in FEMALE_NAMES
        }
        if len(by_name) == 1:
            return by_name.pop()
        return self.gender.get(self.words(run).lower()) or self.gender.get(self.surname(run))

    def mention_at(self, k: int) -> Span | None:
        """The proper-name run holding token k when it names a person of the article."""
        if not self.proper[k]:
            return None
        i, j = k, k + 1
        while i > 0 and self.proper[i - 1]:
            i -= 1
        while j < len(self.tokens) and self.proper[j]:
            j += 1
        return (i, j) if any(self.lower[m] in self.people for m in range(i, j)) else None


def _clean(text: str, s: int, e: int) -> Span:
    """A span without surrounding space, widened to whole words (offsets that slipped by a
    character: "he crowd" is "the crowd")."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    while 0 < s < len(text) and text[s - 1].isalnum() and text[s].isalnum():
        s -= 1
    while 0 < e < len(text) and text[e].isalnum() and text[e - 1].isalnum():
        e += 1
    return s, e


def _quoted(text: str, tokens: list[Token]) -> list[bool]:
    """Whether each token stands inside quotation marks (a name there is quoted, not the
    writer's)."""
    inside = bytearray(len(text) + 1)
    for m in re.finditer(r"[“\"][^“”\"\n]*[”\"]", text):
        inside[m.start() + 1 : m.end() - 1] = b"\x01" * (m.end() - m.start() - 2)
    return [bool(inside[t.start]) for t in tokens]
