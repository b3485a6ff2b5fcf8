"""Who a PolNeAR Source span names: the speaker our gold records for an attribution.

By the shared annotation rules (DESIGN.md, "Quotes: what right means") a quote's speaker is
the named person or body it comes from: pronouns, relative pronouns and short references
("the senator", "the statement") resolve to the name the article gives, and only a source
the article never names keeps its description. PolNeAR's Source spans are what annotators
marked, so this module reads them with the CoreNLP parse the corpus ships (tokens, named
entities, basic dependencies, coreference chains) and the attributions around them.

Sources are resolved in document order, so a pronoun can lean on the sources before it:

1. a Source that names a person, or is a proper name, speaks as that name (the head person
   of its first phrase; one word completed by a longer mention of the same name);
2. a Source that is really the cue ("said", "said in a statement": the labels were
   swapped) gives way to the relation's Cue; a relation without a Source takes the
   subject of its cue verb;
3. a relative pronoun ("who", "that") speaks as its antecedent;
4. "he"/"she" stand for the nearest earlier source, or main-clause subject naming a
   person, of a compatible gender, outside quotation marks; else the coreference chain's
   person of that gender; other pronouns ("I", "we") take only the chain's person;
5. "the senator": the chain's person, else the nearest earlier person the parse ties to
   that word elsewhere ("Sen. Ann Roe", "Roe, a senator"); "the statement": who issued the
   earlier statement; "the board": the nearest earlier proper name holding that noun (the
   chains merge bodies too freely);
6. anything else keeps the words of the Source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summaries.quotes.cues import wordset
from tests.quality.quotes.polnear_names import (
    FEMALE,
    HEAD_ENDS,
    MALE,
    PRONOUNS,
    ArticleNames,
    Parse,
    Span,
    Token,
)

__all__ = ["Parse", "Resolver", "Token"]

Said = tuple[str, Span | None]  # a speaker and, when it is a person, their name's tokens

_RELATIVE = wordset("who that which whom")
_CLAUSE = wordset(", ( -lrb- who whose which --")
_ONE = wordset("a an the one another this")
# Endings of nouns for people ("organizer", "actor", "strategist", "spokeswoman").
_PERSON_NOUN = re.compile(
    r"(?:er|or|ist|ian|ant|ent|man|woman|person|official|aide|source|adviser|advisor|"
    r"expert|leader|chief|head|staffer|voter|member|friend|neighbor|resident|veteran)$"
)
# Nouns for what an issuer writes: "the statement said" speaks for whoever issued it.
_DOCUMENTS = wordset(
    "statement letter release email e-mail memo report editorial column ad advertisement "
    "suit lawsuit complaint filing document post tweet message readout transcript"
)
# Nouns for bodies: "the board said" is the Board the article names.
_BODIES = wordset(
    "board group company campaign agency ministry department committee commission "
    "council court party organization organisation foundation office newspaper paper "
    "network union association institute center centre administration"
)
_FEMALE_NOUNS = wordset("woman mother wife daughter sister girl actress grandmother")
_MALE_NOUNS = wordset("man father husband son brother boy actor grandfather")
# Office words and their forms before a name ("the senator" is "Sen. Roe").
_TITLE_FORMS = {
    "senator": ("sen.", "senator", "sen"),
    "governor": ("gov.", "governor", "gov"),
    "representative": ("rep.", "representative", "congressman", "congresswoman"),
    "congressman": ("rep.", "congressman", "representative"),
    "congresswoman": ("rep.", "congresswoman", "representative"),
    "president": ("president", "pres."),
}
# Dependency labels that tie a describing word to a name.
_ROLE_LINKS = frozenset({"compound", "appos", "amod", "nsubj", "nummod", "dep"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_MAIN_CLAUSE = frozenset({"", "root", "conj", "parataxis"})
_WINDOW = 250  # tokens back a pronoun or a short reference may look for its person


class Resolver(ArticleNames):
    """Speakers for the Source spans of one article, resolved in document order."""

    def __init__(self, text: str, parse: Parse) -> None:
        super().__init__(text, parse)
        self.spoken: list[tuple[Span, Said]] = []  # each resolved source and its speaker
        self.source_at: dict[int, int] = {}  # token -> index in spoken

    def fits(self, said: Said, pronoun: str) -> bool:
        """Whether "he" or "she" may stand for a speaker: by the name's gender, or by a
        gendered noun in a description ("the woman")."""
        words, run = said
        if run is not None:
            g = self.gender_of(run)
        else:
            low = set(words.lower().replace("-", " ").split())
            g = "f" if low & _FEMALE_NOUNS else "m" if low & _MALE_NOUNS else None
        want = "m" if pronoun in MALE else "f"
        return g is None or g == want

    # -- the rules -----------------------------------------------------------------
    def speaker(self, source: Sequence[Span], cue: Sequence[Span] = ()) -> str:
        """The speaker for one relation's Source spans (and its Cue, for the cases where
        the Source is missing or is really the cue)."""
        rng = self.token_range(source) if source else None
        if rng is None:
            subject = self.subject_of(cue)
            said: Said = self.resolve(*subject) if subject else ("", None)
            return said[0]
        a, b = rng
        said = self.resolve(a, b)
        cue_like = self.tokens[a].pos.startswith("VB") and not any(
            self.tokens[k].ner != "O" or self.lower[k] in self.people for k in range(a, b)
        )
        if cue_like and cue:  # rule 2
            swapped = self.token_range(cue)
            if swapped and any(
                self.tokens[k].pos.startswith(("NN", "PRP")) for k in range(*swapped)
            ):
                said = self.resolve(*swapped)
            elif subject := self.subject_of(cue):
                said = self.resolve(*subject)
        for k in range(a, b):
            self.source_at[k] = len(self.spoken)
        self.spoken.append(((a, b), said))
        run = said[1]
        if run and all(self.tokens[k].ner in {"O", "PERSON"} for k in range(*run)):
            self.people.add(self.surname(run))  # a source that speaks names a person
        return said[0]

    def resolve(self, a: int, b: int) -> Said:
        """The speaker a stretch of tokens stands for (rules 1, 3, 4, 5, 6)."""
        text = _strip(self.text[self.tokens[a].start : self.tokens[b - 1].end])
        person = self.person_run(a, b)
        if person is not None:
            run = self.complete(person)
            return self.words(run), run
        own = self.proper_runs(a, b)
        last = max(own, key=lambda r: r[1] - r[0], default=(b, b))
        clause = any(self.lower[k] in _CLAUSE for k in range(a, last[0]))
        if last[1] == b and last[1] - last[0] >= 2 and not clause:
            return self.words(last), None  # the Source is itself a proper name: a body
        cut = next((k for k in range(a, b) if self.lower[k] in HEAD_ENDS), b)
        named = [r for r in own if r[1] == cut and r[0] == a]
        if named and cut < b and self.lower[cut] == ",":  # "Pantucci, at the Institute,"
            run = self.complete(named[0])
            return self.words(run), run if self.tokens[run[0]].ner == "O" else None
        low = text.lower()
        if b - a == 1 and low in _RELATIVE:
            antecedent = self.antecedent(a)
            return self.resolve(*antecedent) if antecedent else (text, None)
        if b - a == 1 and low in PRONOUNS:
            return self.pronoun(a, low) or (text, None)
        if self.lower[a] in {"the", "this", "that"}:
            described = self.described(a, b)
            if described:
                return described
        if own and own[-1][1] == b and own[-1][0] <= a + 1:  # "Reuters", an untagged name
            untagged = all(self.tokens[k].ner == "O" for k in range(*own[-1]))
            run = self.complete(own[-1]) if untagged else own[-1]
            return self.words(run), run if untagged else None
        if all(
            self.text[self.tokens[k].start].isupper()
            and self.tokens[k].pos.startswith("NN")
            and self.tokens[k].ner in {"O", "PERSON"}
            for k in range(a, b)
        ):
            return text, (a, b)  # "Ban said": a capitalised name tagged as a common noun
        return text, None

    def antecedent(self, a: int) -> Span | None:
        """The noun phrase a relative pronoun stands for: the governor of its clause
        ("Ramos, who ..."), else the proper name just before it."""
        verb = self.p.head(a)
        if verb >= 0 and self.p.label(verb) == "acl:relcl":
            noun = self.p.head(verb)
            if 0 <= noun < a:
                return self.phrase(noun)
        k = a - 1
        while k >= 0 and self.tokens[k].pos in {",", "-RRB-"}:
            k -= 1
        runs = self.proper_runs(max(0, k - 4), k + 1)
        return runs[-1] if runs and runs[-1][1] == k + 1 else None

    def pronoun(self, a: int, word: str) -> Said | None:
        """Rule 4."""
        if word not in MALE and word not in FEMALE:
            people = self.chain_people(a, a + 1)
            run = max(people, key=lambda r: r[1] - r[0], default=None)
            return (self.words(run), run) if run else None
        k = a - 1
        while k >= max(0, a - _WINDOW) and self.tokens[k].start > self.title_end:
            if k in self.source_at:
                span, said = self.spoken[self.source_at[k]]
                if self.is_someone(span, said) and self.fits(said, word):
                    definite = said[1] is None and self.lower[span[0]] in {"the", "this"}
                    return (definite and self.chained_with(a, span, word)) or said
                k = span[0] - 1
                continue
            run = None if self.quoted[k] else self.mention_at(k)
            if run is not None and self.is_main_subject(run) and self.fits(("", run), word):
                return self.words(self.complete(run)), self.complete(run)
            k = (run[0] if run else k) - 1
        chained = [r for r in self.chain_people(a, a + 1) if r[0] < a and self.fits(("", r), word)]
        run = max(chained, key=lambda r: (r[1] - r[0], r[0]), default=None)
        return (self.words(self.complete(run)), self.complete(run)) if run else None

    def is_someone(self, span: Span, said: Said) -> bool:
        """A source a later "he" or "she" may stand for: a person, or one described ("a
        Ministry spokeswoman", "the actor"), not a pronoun, a group, a body or a document."""
        if said[1] is not None:
            return True
        a, b = span
        cut = next((k for k in range(a + 1, b) if self.lower[k] in HEAD_ENDS), b)
        nouns = [k for k in range(a, cut) if self.tokens[k].pos.startswith("NN")]
        if self.lower[a] not in _ONE or not nouns or self.tokens[nouns[-1]].pos != "NN":
            return False
        noun = self.lower[nouns[-1]]
        return bool(_PERSON_NOUN.search(noun)) and noun not in _DOCUMENTS | _BODIES

    def chained_with(self, a: int, span: Span, word: str) -> Said | None:
        """The person a coreference chain gives both the pronoun and an unresolved
        description before it ("the actor explained ... he said")."""
        for chain in self.chains_at(a, a + 1):
            if any(ma < span[1] and span[0] < mb for ma, mb in chain):
                people = [r for ma, mb in chain if (r := self.person_run(ma, mb))]
                people = [r for r in people if r[0] < a and self.fits(("", r), word)]
                if people:
                    run = self.complete(max(people, key=lambda r: r[1] - r[0]))
                    return self.words(run), run
        return None

    def is_main_subject(self, run: Span) -> bool:
        return any(
            self.p.label(m) in _SUBJECTS and self.p.label(self.p.head(m)) in _MAIN_CLAUSE
            for m in range(*run)
        )

    def described(self, a: int, b: int) -> Said | None:
        """Rule 5: a definite description ("the senator", "the statement", "the board")."""
        cut = next((k for k in range(a + 1, b) if self.lower[k] in HEAD_ENDS), b)
        nouns = [k for k in range(a, cut) if self.tokens[k].pos in {"NN", "NNS", "JJ"}]
        if not nouns or not self.tokens[nouns[-1]].pos.startswith("NN"):
            return None
        head = nouns[-1]
        if self.lower[head] in _DOCUMENTS:
            return self.issuer(a, self.lower[head])
        if self.lower[head] in _BODIES:
            return self.body(a, self.lower[head])
        mods = [k for k in range(a + 1, head) if self.tokens[k].pos[:2] in {"JJ", "NN"}]
        people = [r for r in self.chain_people(a, b) if r[0] < a and self.has_words(r, mods)]
        run = max(people, key=lambda r: r[1] - r[0], default=None)
        run = run or self.described_person(a, head, mods)
        return (self.words(self.complete(run)), self.complete(run)) if run else None

    def has_words(self, run: Span, mods: list[int]) -> bool:
        """Whether each modifier of a description ("former", "Florida") stands near some
        mention of the person, as in "former Florida Gov. Jeb Bush"."""
        near = set()
        for m, w in enumerate(self.lower):
            if w == self.surname(run):
                near.update(self.lower[max(0, m - 6) : m + 6])
        return all(self.lower[k] in near for k in mods)

    def described_person(self, a: int, head: int, mods: list[int]) -> Span | None:
        """The nearest earlier person the parse ties to the description's noun somewhere in
        the article: a title or modifier ("Sen. Ann Roe", "investor Ann Roe"), an
        apposition ("Roe, a senator", "Ann Roe, 46,"), a copula ("Roe is a senator")."""
        noun = self.lower[head]
        forms = set(_TITLE_FORMS.get(noun, (noun,)))
        forms |= {noun.split("-", 1)[0]} if noun[:1].isdigit() else set()
        marks = [k for k, w in enumerate(self.lower) if w in forms and k != head]
        k = a - 1
        while marks and k >= max(0, a - _WINDOW) and self.tokens[k].start > self.title_end:
            run = self.mention_at(k)
            if run is not None and self.described_as(run, marks) and self.has_words(run, mods):
                return run
            k = (run[0] if run else k) - 1
        return None

    def described_as(self, run: Span, marks: list[int]) -> bool:
        mentions = {k for k, w in enumerate(self.lower) if w == self.surname(run)}
        for k in marks:
            h = self.p.head(k)
            if h in mentions and self.p.label(k) in _ROLE_LINKS:
                return True
            if h >= 0 and self.p.head(h) in mentions and self.p.label(h) in _ROLE_LINKS:
                return True  # "Roe, the former Florida governor": governor <- appos
            if any(self.p.head(m) == k and self.p.label(m) in {"appos", "nsubj"} for m in mentions):
                return True
        return False

    def issuer(self, a: int, noun: str) -> Said | None:
        """Who issued the document, found at its latest earlier mention that names one, up
        to the mention that introduces it ("a statement"): its possessor ("Roe's
        statement"), a name before it ("a Roe campaign memo"), its "from"/"by" ("a letter
        from the group"), or the subject of the verb that has it as object or as "in a
        statement" ("Roe released a statement", "Roe said in a statement")."""
        for k in range(a - 1, max(-1, a - 4 * _WINDOW), -1):
            if self.lower[k] != noun or self.tokens[k].start < self.title_end:
                continue
            who = self.issuer_of(k)
            if who is not None and self.is_name(who[1] - 1):
                return self.resolve(*who)
            if any(self.lower[c] in {"a", "an"} for c in self.p.children(k)):
                return None
        return None

    def issuer_of(self, k: int) -> Span | None:
        for child in self.p.children(k):
            label = self.p.label(child)
            if label in {"nmod:poss", "compound"} and self.tokens[child].pos.startswith("NNP"):
                return self.phrase(child)
            cases = {self.lower[c] for c in self.p.children(child) if self.p.label(c) == "case"}
            if label.startswith("nmod") and cases & {"from", "by"}:
                return self.phrase(child)
        verb = self.p.head(k)
        cases = {self.lower[c] for c in self.p.children(k) if self.p.label(c) == "case"}
        as_object = self.p.label(k) == "dobj" or (
            self.p.label(k).startswith("nmod") and "in" in cases
        )
        if verb >= 0 and as_object and self.tokens[verb].pos.startswith("VB"):
            subject = [c for c in self.p.children(verb) if self.p.label(c) == "nsubj"]
            if subject:
                return self.phrase(subject[0])
        return None

    def is_name(self, k: int) -> bool:
        """A proper noun the tagger does not call a date, a place or a number."""
        t = self.tokens[k]
        return t.pos.startswith("NNP") and t.ner in {"O", "PERSON", "ORGANIZATION", "MISC"}

    def body(self, a: int, noun: str) -> Said | None:
        """The nearest earlier proper name holding the noun ("the board" after "the
        Illinois Board of Elections"); coreference chains merge bodies too freely."""
        for k in range(a - 1, max(-1, a - 4 * _WINDOW), -1):
            if self.lower[k] != noun:
                continue
            if not self.tokens[k].pos.startswith("NNP"):
                return None  # "the group" after "a trade group": the unnamed one
            i, j = k, k + 1
            while i > 0 and self.tokens[i - 1].pos.startswith("NNP"):
                i -= 1
            while j + 1 < len(self.tokens) and self.lower[j] in {"of", "for"}:
                if not self.tokens[j + 1].pos.startswith("NNP"):
                    break
                j += 1
                while j < len(self.tokens) and self.tokens[j].pos.startswith("NNP"):
                    j += 1
            if self.tokens[i].start > self.title_end:
                return self.words((i, j)), None
        return None

    def subject_of(self, cue: Sequence[Span]) -> Span | None:
        """The subject of a cue's verb ("said Ann Roe"; "..., telling X" climbs to the verb
        the participle hangs from)."""
        rng = self.token_range(cue) if cue else None
        if rng is None:
            return None
        k = next((k for k in range(*rng) if self.tokens[k].pos.startswith("VB")), -1)
        for _ in range(3):
            if k < 0:
                return None
            subject = [c for c in self.p.children(k) if self.p.label(c) == "nsubj"]
            if subject:
                return self.phrase(subject[0])
            if self.p.label(k) not in {"xcomp", "advcl", "conj", "dep", "parataxis"}:
                return None
            k = self.p.head(k)
        return None

    def phrase(self, k: int) -> Span:
        """A noun's own phrase: it and the words before it that hang from it."""
        modifiers = {"compound", "amod", "det", "nmod:poss", "nummod"}
        first = min([k, *(c for c in self.p.children(k) if c < k and self.p.label(c) in modifiers)])
        return (first, k + 1)


def _strip(words: str) -> str:
    return re.sub(r"\s+", " ", words).strip()
