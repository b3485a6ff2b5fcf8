"""The people (and sources) an article mentions, in order, for resolving references.

``Cast`` answers three questions attribution asks: who is "Rutte" (alias to full name),
who is "the minister" (the person holding that role here) and who is "he" (the most
salient earlier person whose gender fits, preferring subjects and speakers over people
merely mentioned, so that a second person introduced mid-article is handled).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from summaries.quotes.cues import (
    AUXILIARIES,
    CLAUSE_WORDS,
    CUE_VERBS,
    FEMALE_NAMES,
    FEMALE_WORDS,
    MALE_NAMES,
    MALE_WORDS,
    MULTIWORD_PLACES,
    ORG_WORDS,
    PERSON_NOUNS,
    PLACES,
    RANK_WORDS,
    ROLE_WORDS,
    bare,
    trim_token,
    wordset,
)
from summaries.quotes.phrase_words import clean_role, name_token_set, tokens_of
from summaries.quotes.speakers import (
    OFFICES,
    Mention,
    Person,
    appositive_role,
    head_noun,
    is_appositive,
    parse_phrase,
    role_words,
)

_CAP_RUN = re.compile(
    r"(?:[A-Z][\w'’.\-]*)(?:\s+(?:(?:of|for|the|von|van|der|den|de|del|al|bin|la|le)\s+)*"
    r"[A-Z][\w'’.\-]*)*"
)
_ROLE_ADJECTIVES = wordset(
    "policy foreign defence defense prime deputy junior shadow armed forces former top "
    "senior chief national security intelligence military naval air army navy"
)
_COMPANY_HEADS = frozenset({"company", "firm", "manufacturer", "contractor", "group", "maker"})
_PUBLIC_BODIES = wordset(
    "ministry department government army navy force kremlin pentagon nato alliance "
    "office council commission parliament"
)
_NOT_SUBJECT_BEFORE = wordset(
    "by with of to from for met and about on at in against between than like under "
    "replace replaced replacing succeeded succeed meet meeting called told urged asked "
    "thanked criticised criticized praised accused warned into after before behind "
    "beside via toward towards over including whom"
)


@dataclass(frozen=True, slots=True)
class Appearance:
    """One mention of a speaker in the narrative: a person, unnamed source or organisation."""

    at: int
    sentence: int
    label: str
    kind: str
    subject: bool
    person: Person | None = None
    plural: bool = False
    spoke: bool = True  # noted from a speech cue, not only named in the narrative


class Cast:
    def __init__(self, masked: str = "") -> None:
        self.persons: list[Person] = []
        self.appearances: list[Appearance] = []
        self.masked = masked
        self.org_runs: list[tuple[int, int, int]] = []  # parsed only when asked about
        self._aliases: dict[str, Person | None] = {}
        self._spellings: dict[str, list[Person]] = {}  # first two letters of long name words
        self.fronted: dict[int, int] = {}  # sentence -> end of an opening clause before its subject

    def _note_organisations(self, before: int) -> None:
        later: list[tuple[int, int, int]] = []
        for start, end, idx in self.org_runs:
            if start >= before:
                later.append((start, end, idx))
                continue
            label = _organisation_at(self.masked, start, end)
            if label:
                self.note(Appearance(start, idx, label, "organisation", True, spoke=False))
        self.org_runs = later

    # -- people ---------------------------------------------------------------
    def find_alias(self, name: str) -> Person | None:
        if name in self._aliases:
            return self._aliases[name]
        found = self._find_alias(name)
        self._aliases[name] = found
        return found

    def find_alias_near(self, name: str, at: int) -> Person | None:
        """Like ``find_alias``, but when a surname fits several people (a father and son,
        two Kims), the one named most recently before ``at``."""
        toks = name_token_set(name)
        fits = [p for p in self.persons if toks <= p.tokens() or p.tokens() <= toks]
        fits = fits or [p for p in self._spelled_like(toks) if same_name(toks, p.tokens())]
        if not fits and has_initials_form(name):
            fits = [p for p in self.persons if initialled(name, p.name)]
        if len(fits) < 2:
            return fits[0] if fits else None
        latest: dict[int, int] = {}
        for app in self.appearances:
            if app.person is not None and app.at < at and app.person in fits:
                latest[id(app.person)] = max(latest.get(id(app.person), -1), app.at)
        ranked = sorted(fits, key=lambda p: (latest.get(id(p), -1), len(p.tokens())))
        return ranked[-1]

    def _find_alias(self, name: str) -> Person | None:
        toks = name_token_set(name)
        best: Person | None = None
        for person in self.persons:
            mine = person.tokens()
            fits = toks <= mine or mine <= toks
            if fits and (best is None or len(mine) > len(best.tokens())):
                best = person
        if best is not None:
            return best
        for person in self._spelled_like(toks):  # "Zelensky" for "Volodymyr Zelenskyy"
            mine = person.tokens()
            if same_name(toks, mine) and (best is None or len(mine) > len(best.tokens())):
                best = person
        if best is None and has_initials_form(name):  # "KJS Dhillon": "Kanwal Jeet Singh …"
            best = next((p for p in self.persons if initialled(name, p.name)), None)
        return best

    def _spelled_like(self, toks: frozenset[str]) -> list[Person]:
        """People with a long name word beginning as one of ``toks`` (candidates for a
        spelling variant; ``same_name`` decides)."""
        found: list[Person] = []
        for word in toks:
            if len(word) >= 5:
                for person in self._spellings.get(word[:2], ()):
                    if person not in found:
                        found.append(person)
        return found

    def _index_spellings(self, person: Person) -> None:
        for word in person.tokens():
            if len(word) >= 5:
                self._spellings.setdefault(word[:2], []).append(person)

    def add_person(self, mention: Mention, at: int) -> Person:
        person = self.find_alias(mention.text)
        if person is None:
            person = Person(mention.text, mention.role)
            self.persons.append(person)
            self._index_spellings(person)
            self._aliases.clear()
        elif len(mention.text.split()) > len(person.name.split()):
            person.name = mention.text
            self._index_spellings(person)
            self._aliases.clear()
        if mention.role and not person.role:
            person.role = mention.role
        if mention.gender == "m":
            person.male += 3
        elif mention.gender == "f":
            person.female += 3
        person.last_seen = max(person.last_seen, at)
        return person

    def find_role(self, phrase: str, at: int) -> Person | None:
        wanted = role_words(phrase)
        if not wanted:
            return None
        toks = tokens_of(phrase)
        lowered = [bare(t) for t in toks]
        # the head: "spokesman" of "army spokesman", "IGP" (inspector general of police)
        head = role_words(toks[lowered.index(head_noun(lowered))]) if toks else set()
        best: tuple[int, int] = (0, -1)
        found: Person | None = None
        for person in self.persons:
            held = role_words(person.role)
            if head and held and not head & held:
                continue  # "the army spokesman" is not the "Chief of Army Staff"
            overlap = len(wanted & held)
            first_seen = self._first_seen(person)
            if overlap and first_seen < at and (overlap, first_seen) > best:
                best, found = (overlap, first_seen), person
        return found

    def _first_seen(self, person: Person) -> int:
        """Where the article first names ``person`` (appearances are noted out of order:
        the narrative first, then each quote's attribution as it is resolved)."""
        seen = [app.at for app in self.appearances if app.person is person]
        return min(seen) if seen else person.last_seen

    def note(self, app: Appearance) -> None:
        self.appearances.append(app)

    def generic_organisation(self, head: str, at: int) -> Appearance | None:
        """ "the company", "the ministry": the latest organisation of that sort named."""
        self._note_organisations(at)
        orgs = [a for a in self.appearances if a.kind == "organisation" and a.at < at]
        orgs.sort(key=lambda a: a.at)
        for app in reversed(orgs):
            words = {bare(t) for t in app.label.split()}
            public = app.label.lower() in MULTIWORD_PLACES or words & (_PUBLIC_BODIES | PLACES)
            if head in words or (head in _COMPANY_HEADS and not public):
                return app
        return None

    def sources_before(self, at: int, sentence: int) -> list[Appearance]:
        """Organisations and people named in the last few sentences before ``at``."""
        self._note_organisations(at)
        near = [a for a in self.appearances if a.at < at and a.sentence >= sentence - 4]
        return sorted(near, key=lambda a: a.at)

    def recent_person(self, at: int, sentence: int, far: bool = False) -> Person | None:
        """The subject person of the last two sentences, for an unresolved role reference;
        failing that (and with ``far``, for an office, not "the insider"), the last person
        named as a subject in the eight before whose office,
        if any, is only a rank ("Gen. Roe ... The general declined ... said the
        commander"): a "Patron and MP" named there is not "the head of" something."""
        pool = self.recent_candidates(at, sentence, far)
        return pool[-1].person if pool else None

    def recent_candidates(self, at: int, sentence: int, far: bool = False) -> list[Appearance]:
        """The people ``recent_person`` chooses among, all from one sentence, last best."""
        recent = [
            a
            for a in self.appearances
            if a.person is not None and a.at < at and a.sentence >= sentence - 8
        ]
        recent.sort(key=lambda a: a.at)
        near = [a for a in recent if a.sentence >= sentence - 2]
        earlier = [
            a for a in recent if far and a.subject and a.person and _no_office(a.person.role)
        ]
        subjects = [a for a in near if a.subject] or earlier
        pool = subjects or near
        return [a for a in pool if a.sentence == pool[-1].sentence] if pool else []

    # -- pronouns -------------------------------------------------------------
    def resolve_pronoun(self, gender: str, at: int, sentence: int) -> Appearance | None:
        """The most salient earlier speaker a pronoun of ``gender`` can refer to."""
        if gender in {"p", "n"}:
            self._note_organisations(at)
        earlier = sorted(
            (a for a in self.appearances if a.at < at and a.sentence >= sentence - 8),
            key=lambda a: a.at,
        )
        mentioned: Appearance | None = None
        for sent in range(sentence, sentence - 9, -1):
            here = [a for a in earlier if a.sentence == sent and _fits(a, gender)]
            if gender == "p" and any(a.plural for a in here):
                here = [a for a in here if a.plural]  # "they": people before organisations
            if gender in _SPEAKER_FIRST:
                here = [a for a in here if a.spoke] or here  # "the ministry said", not "Iraq"
            if here:
                subjects = [a for a in here if a.subject]
                if sent != sentence and sent in self.fronted:
                    # "Asked whether Roe would run, Lee demurred. 'No,' he said": Lee
                    main = [a for a in subjects if a.at > self.fronted[sent]]
                    subjects = main or subjects
                if not subjects and gender in {"m", "f", "s"}:
                    # "he" is someone named as a subject or speaker before someone merely
                    # mentioned ("referring to his son-in-law Jo Roe")
                    mentioned = mentioned or here[-1 if sent == sentence else 0]
                    continue
                return (subjects or here)[-1 if sent == sentence else 0]
        if mentioned is not None:
            return mentioned
        rest = sorted(
            (a for a in self.appearances if a.at < at and _fits(a, gender)), key=lambda a: a.at
        )
        if rest or gender not in {"m", "f"}:
            return rest[-1] if rest else None
        # nobody of that sex in the article: the name's sex was guessed wrong ("Andrea" is
        # a man in Italy), so "he" is the one person named as a subject just before
        near = {
            id(a.person): a
            for a in earlier
            if a.person is not None and a.subject and a.sentence >= sentence - 2
        }
        return next(iter(near.values())) if len(near) == 1 else None


_SPEAKER_FIRST = frozenset({"n", "p"})


def _no_office(role: str) -> bool:
    words = [bare(t) for t in tokens_of(role)]
    return all(w in RANK_WORDS for w in words)


def same_name(a: frozenset[str], b: frozenset[str]) -> bool:
    """Can two names be one person's: one's words among the other's, allowing a spelling
    variant of a long word ("Zelensky" and "Volodymyr Zelenskyy")?"""
    if a <= b or b <= a:
        return True
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    if not small:
        return False
    for word in small:
        if word in big:
            continue
        if len(word) < 5:
            return False
        for other in big:
            if _variant(word, other):
                break
        else:
            return False
    return True


@lru_cache(maxsize=8192)
def has_initials_form(name: str) -> bool:
    """Is ``name`` written with initials, or with two given names or more (which another
    mention may give as initials)?"""
    return (_initials(name) or _initials(name, spelled=True)) is not None


def initialled(a: str, b: str) -> bool:
    """Is one name the other with its given names as initials ("KJS Dhillon", "K.J.S.
    Dhillon", "K J S Dhillon" for "Kanwal Jeet Singh Dhillon")?"""
    mine = _initials(a) or _initials(a, spelled=True)
    if mine is None:
        return False  # the common case: a name with one given name, written out
    short = _initials(a)
    other = _initials(b, spelled=True) if short is not None else _initials(b)
    return other is not None and other == mine


@lru_cache(maxsize=8192)
def _initials(name: str, spelled: bool = False) -> tuple[str, str] | None:
    """(initials, surname) of a name written with initials, or with ``spelled`` of a name
    whose given names are written out (at least two of them)."""
    words = name.replace(".", ". ").split()
    if len(words) < 2:
        return None
    given, surname = words[:-1], words[-1].lower()
    if spelled:
        if len(given) < 2 or not all(len(w) > 2 and w[:1].isupper() for w in given):
            return None
        return "".join(w[0].lower() for w in given), surname
    letters = "".join(w.rstrip(".") for w in given)
    one_word = len(given) == 1 and 2 <= len(letters) <= 4
    if not letters.isalpha() or not letters.isupper():
        return None
    if not one_word and not all(len(w.rstrip(".")) == 1 for w in given):
        return None
    return letters.lower(), surname


def _variant(a: str, b: str) -> bool:
    """Two spellings of one name word: five letters or more, one letter added, dropped or
    changed ("Zelensky"/"Zelenskyy", "Zelenskiy"/"Zelenskyy")."""
    if len(a) < 5 or len(b) < 5 or abs(len(a) - len(b)) > 1 or a[0] != b[0]:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long[k]), len(short))
    return short[i:] == long[i + 1 :]


def _fits(app: Appearance, gender: str) -> bool:
    if gender in {"m", "f", "s"}:  # "s": one person of either sex ("the 42-year-old")
        if app.kind != "person" and app.kind != "unnamed":
            return False
        if app.plural:
            return False
        have = app.person.gender if app.person else ""
        return gender == "s" or have in {"", gender}
    if gender == "p":
        return app.plural or app.kind == "organisation"
    if gender == "n":
        return app.kind == "organisation"
    return False


def _subject_like(masked: str, sent_start: int, at: int, end: int) -> bool:
    before = tokens_of(masked[sent_start:at])
    after = tokens_of(masked[end : end + 40])
    if after and (bare(after[0]) in CUE_VERBS or (len(after) > 1 and after[1] in CUE_VERBS)):
        return True
    if _APPOSED_OBJECT.search(masked, max(sent_start, at - 60), at):
        return False  # "taken by his predecessor, Jo Roe,": the object, set off by commas
    return not before or bare(before[-1]) not in _NOT_SUBJECT_BEFORE


_APPOSED_OBJECT = re.compile(
    r"\b(?:by|with|from|to|for|against|under)\s+(?:his|her|their|its|the)\s+[a-z][\w-]*\s*,\s*$"
)


def _appositive_after(masked: str, end: int) -> str:
    m = re.match(r",\s*([^,.;:\x00]{3,140}),", masked[end : end + 150])
    if m and is_appositive(m.group(1)):
        return appositive_role(m.group(1))
    return ""


def build_cast(masked: str, sentences: list[tuple[int, int]], title: str) -> Cast:
    """Collect the people named in the narrative (quote interiors are blanked).

    A name is taken for a person where the article shows it is one (a given name, an
    office, a cue verb after it); once it has, its other mentions are that person too,
    also the earlier ones: "Bernie Sanders made his case ... Sanders went first" is read
    again when a later "Sanders said" has shown who Sanders is.
    """
    cast = Cast(masked)
    for idx, (ss, se) in enumerate(sentences):
        m = _FRONTED.match(masked, ss, se)
        if m:
            cast.fronted[idx] = m.end()
    named, first_at, missed = _read_people(cast, masked, sentences)
    if any(cast.find_alias(trim_token(run)) is not None for run in missed):
        cast.appearances.clear()
        cast.org_runs.clear()
        named, first_at, _ = _read_people(cast, masked, sentences)
    for idx, seen in enumerate(named):
        if len(seen) == 1:
            spans = [(first_at[idx], sentences[idx][1])]
            if idx + 1 < len(named) and not named[idx + 1]:
                spans.append(sentences[idx + 1])
            _gender_evidence(seen[0], masked, spans)
    for m in _CAP_RUN.finditer(title):
        mention = parse_phrase(m.group(0))
        if mention is not None and _is_full_name(mention) and not cast.find_alias(mention.text):
            cast.add_person(mention, -1)
    return cast


def _read_people(
    cast: Cast, masked: str, sentences: list[tuple[int, int]]
) -> tuple[list[list[Person]], list[int], list[str]]:
    """One pass over the sentences: the people each names, where its first name ends, and
    the capitalised runs not (yet) taken for anyone."""
    named: list[list[Person]] = []
    first_at: list[int] = []
    missed: list[str] = []
    for idx, (ss, se) in enumerate(sentences):
        seen: list[Person] = []
        first_end = ss
        for m in _CAP_RUN.finditer(masked, ss, se):
            if m.end() - m.start() < 5 and bare(m.group(0)) in CLAUSE_WORDS:
                continue
            if _after_company_head(masked, m.start()):
                cast.org_runs.append((m.start(), m.end(), idx))  # "defence company Chemring"
                continue
            single = " " not in m.group(0)
            known = not single or cast.find_alias(trim_token(m.group(0))) is not None
            known = known or _surname_subject(masked, m.end())
            person = _person_from_run(cast, masked, m, ss, idx) if known else None
            if person is not None and person not in seen:
                seen.append(person)
                first_end = m.end() if len(seen) == 1 else first_end
            elif person is None:
                cast.org_runs.append((m.start(), m.end(), idx))
                missed.append(m.group(0))
        named.append(seen)
        first_at.append(first_end)
    return named, first_at, missed


# A sentence opening with a subordinate or participle clause ("Asked whether Roe would run,
# Lee demurred", "When Roe arrived, Lee said"): the people in that clause are not the
# subject a later "he" continues.
_FRONTED = re.compile(
    r"\s*(?:Asked|Pressed|When|After|Before|As|While|If|Although|Though|Because|Since|"
    r"Despite|Unlike|Following|Responding|Speaking|Referring)\b[^,.;:\x00]{3,200},"
)


def _is_full_name(mention: Mention | None) -> bool:
    return mention is not None and mention.kind == "person" and len(mention.text.split()) > 1


def _organisation_at(masked: str, start: int, end: int) -> str:
    """The organisation a capitalised run names, or "" ("The Swedish company" names none)."""
    after = tokens_of(masked[end : end + 25])[:1]
    if after and after[0].islower() and bare(after[0]) in ORG_WORDS | PERSON_NOUNS:
        return ""
    if _PRODUCT_CODE.search(masked, start, end):
        return ""  # "MJU-32", "F-35", "Type 26": a product or model, which does not speak
    if _after_company_head(masked, start):
        return masked[start:end].strip()  # "defence company Chemring", "the firm Acme"
    mention = parse_phrase(masked[start:end])
    return mention.text if mention is not None and mention.kind == "organisation" else ""


def _after_company_head(masked: str, start: int) -> bool:
    """ "defence company Chemring": a capitalised run right after a company noun."""
    if start < 5 or not masked[start - 2].islower():
        return False
    return _COMPANY_BEFORE.search(masked, max(0, start - 14), start) is not None


# Only nouns that name a business: after "group" or "firm" a capitalised word is as often
# a person ("the group Brant founded") as the organisation's name.
_COMPANY_BEFORE = re.compile(r"\b(?:company|contractor|manufacturer|maker)\s+$")


# A code of capital letters and digits ("F-35", "MJU-32", "T90"), not any word before a
# number ("Fox 35" is a station, "Paris 2024" a city).
_PRODUCT_CODE = re.compile(r"\b[A-Z]{1,5}-?\d")


_SUBJECT_VERBS = wordset(
    "said says told tells added adds stated insisted warned wrote writes noted stressed "
    "emphasised emphasized recalled declined argued claimed confirmed acknowledged "
    "admitted explained urged replied responded suggested announced described believes "
    "believed met visited spoke thanked pledged vowed promised rejected dismissed"
)
_SUBJECT_AUX = wordset("also has had later then again previously earlier himself herself")


def _surname_subject(masked: str, end: int) -> bool:
    """ "Healey declined", "Zelensky also said": a lone surname doing what people do (not
    a word closing a clause, "who grew up in Leith, told")."""
    if masked[end : end + 1] == ",":
        return False
    after = tokens_of(masked[end : end + 40])[:3]
    while after and bare(after[0]) in _SUBJECT_AUX:
        after = after[1:]
    return bool(after) and after[0].islower() and after[0] in _SUBJECT_VERBS


_PERSON_AFTER = re.compile(r",\s*(?:\d{1,3}\s*[,;]|who\s)")


def _person_follows(masked: str, end: int) -> bool:
    """ "Jo Bell, 39, a nurse", "Jo Bell, who ...": what follows only a person's name."""
    return _PERSON_AFTER.match(masked, end) is not None


def _cue_follows(masked: str, end: int) -> bool:
    after = [t for t in tokens_of(masked[end : end + 40]) if bare(t) not in AUXILIARIES]
    return bool(after) and bare(after[0]) in CUE_VERBS


def _role_apposed_before(masked: str, ss: int, start: int, end: int) -> str:
    """ "The chief executive of Rheinmetall, Armin Papperger, said": the office before a
    name set off by commas."""
    before = masked[ss:start].rstrip()
    if not before.endswith(",") or masked[end : end + 1] not in {",", ""}:
        return ""
    part = re.split(r"[,;:]", before[:-1])[-1]
    toks = tokens_of(part)
    if not toks or len(toks) > 10 or bare(toks[0]) not in {"the", "its", "his", "her", "their"}:
        return ""
    if not any(bare(t) in ROLE_WORDS for t in toks[1:]):
        return ""
    return clean_role(toks)


def _role_before(masked: str, ss: int, at: int) -> str:
    """Lower-case office words just before a name: "Estonia's prime minister Kristen Michal"."""
    before = masked[max(ss, at - 90) : at].rstrip()
    if before.endswith(","):  # "Minister of State for Defence, Maria Eagle"
        before = before[:-1]
    before = re.split(r"[,;:()\[\]—–]", before)[-1]
    toks = tokens_of(before)[-6:]
    kept: list[str] = []
    for tok in reversed(toks):
        b = bare(tok)
        if (
            b in ROLE_WORDS
            or b in RANK_WORDS
            or b in _ROLE_ADJECTIVES
            or tok.endswith(("'s", "’s"))
        ):
            kept.insert(0, tok)
            continue
        break
    if not any(bare(t) in ROLE_WORDS - _ROLE_ADJECTIVES for t in kept):
        return ""
    return clean_role(kept)


def _person_from_run(cast: Cast, masked: str, m: re.Match[str], ss: int, idx: int) -> Person | None:
    mention = parse_phrase(m.group(0))
    if mention is None or mention.kind != "person":
        return None
    known = cast.find_alias(mention.text)
    multi = " " in mention.text
    after_the = masked[max(ss, m.start() - 4) : m.start()].lower() == "the "
    if known is None and multi and _counted_thing(masked, ss, m.start(), mention):
        return None
    surname = not multi and not after_the and _surname_subject(masked, m.end())
    if known is None and not multi and not surname:
        return None
    role = mention.role
    if not role and (known is None or not known.role):
        role = (
            _role_before(masked, ss, m.start())
            or _appositive_after(masked, m.end())
            or _role_apposed_before(masked, ss, m.start(), m.end())
        )
    if known is None and not (
        mention.gender
        or role
        or surname
        or _cue_follows(masked, m.end())
        or _person_follows(masked, m.end())
    ):
        return None
    person = cast.add_person(Mention("person", mention.text, role, mention.gender), m.start())
    subject = _subject_like(masked, ss, m.start(), m.end())
    cast.note(Appearance(m.start(), idx, person.name, "person", subject, person, spoke=False))
    return person


_COUNT_WORDS = wordset(
    "the a an first second third fourth fifth sixth last next two three four five six "
    "seven eight nine ten several"
)


def _counted_thing(masked: str, ss: int, start: int, mention: Mention) -> bool:
    """ "the second Air Warfare Destroyer", "the Police Control Room": a capitalised run
    after an article or a number, with no given name, honour or title in it, names a thing
    (a ship class, a building), not a person."""
    before = tokens_of(masked[max(ss, start - 12) : start])[-1:]
    if not before or bare(before[0]) not in _COUNT_WORDS or not before[0].islower():
        return False
    if mention.gender or role_words(mention.role) & OFFICES:
        return False  # "the Hon Jo Roe", "the Defence Minister Jo Roe"
    return not any(bare(t) in MALE_NAMES | FEMALE_NAMES for t in mention.text.split())


def _gender_evidence(person: Person, masked: str, spans: list[tuple[int, int]]) -> None:
    for s, e in spans:
        for tok in tokens_of(masked[s:e]):
            low = tok.lower()
            if low in MALE_WORDS:
                person.male += 1
            elif low in FEMALE_WORDS:
                person.female += 1
