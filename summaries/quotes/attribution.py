"""Attribution cues: find the phrase that says who spoke a quote.

Works on a *masked* copy of the article in which quote interiors are blanked, so that
words inside quotes never look like narrative. Covers the wire patterns:
“Q,” NAME said / “Q,” said NAME / NAME said: “Q” / NAME told the BBC: “Q” /
“Q,” according to NAME / According to NAME, “Q” / “Q,” NAME, the TITLE, told reporters /
Speaking at X, NAME said “Q” / what he called a “Q” / “Q.” NAME said this on Tuesday.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summaries.quotes.cues import (
    AUXILIARIES,
    CUE_VERBS,
    DOCUMENTS,
    FEMALE_NAMES,
    LABEL_VERBS,
    MALE_NAMES,
    NAME_PARTICLES,
    ORG_WORDS,
    PERSON_NOUNS,
    PRONOUNS,
    RANK_WORDS,
    ROLE_WORDS,
    WEAK_CUES,
    bare,
    trim_token,
    wordset,
)
from summaries.quotes.phrase_words import clean_role, is_capitalised, tokens_of
from summaries.quotes.speakers import (
    Mention,
    appositive_role,
    is_appositive,
    parse_phrase,
    premodifiers,
)

_TOKEN_POS = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿĀ-ſ0-9][\w'’.\-]*")
_DESCRIPTIVE = wordset(
    "senior former top military defence defense government unnamed anonymous deputy "
    "western foreign intelligence security russian ukrainian american british us uk eu "
    "european chinese israeli iranian local regional press naval air army navy "
    "ministry's department's kremlin's company's alliance's"
)
_NP_LINKS = frozenset({"of", "for", "at", "to", "in"})
_POST_STOP = wordset(
    "on in at during after before when while as adding who which told that because "
    "following speaking noting earlier later yesterday today this last told via from "
    "according ahead amid"
)
_PHRASE_STOPS = frozenset(",.;:!?\x00()—–")
_ADJUNCT_PREPS = wordset("in at on near during")
_ADJUNCTS = re.compile(  # trailing "in a statement on Monday", "in Abuja", "at Camp X"
    r"(?:\s+(?:[Ii]n|[Aa]t|[Oo]n|[Nn]ear|[Dd]uring)\s+(?:(?:a|an|the)\s+)?[\w.'’-]+"
    r"(?:\s+[A-Z][\w.'’-]*)*)+\s*$"
)
_DETERMINERS = wordset("a an the one two three four several some another many")
_REMARKS = re.compile(
    r"\s+(?:the|these|those|his|her|their|its)\s+(?:remarks|comments|statement)", re.IGNORECASE
)
_LEADING_JUNK = wordset("but and so yet however meanwhile still now then instead indeed")
_QUOTED_AS = re.compile(r"\s+((?:[\w'’.\-]+\s+){0,5}?[\w'’.\-]+)\s+as\s+saying\b")
_ACCORDING_ANY = re.compile(r"\baccording\s+to\s+([^,;:\x00]+)", re.IGNORECASE)
_DASH_NAME = re.compile(
    r"\s*(?:[—–―-]{1,2}|\()\s*([A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,4})(?=\s*[,;().\n]|\s*$)"
)
_NOT_LABEL_NEXT = wordset("for on upon off up out back")
_BY_AGENT = re.compile(r"\s+by\s+([^,;:\x00]+)")
_TAG = re.compile(r"^\s*(?:[RDI]-[A-Z][\w.]*|\d{1,3})\s*$")  # "R-Ala.", an age
_AUX_TAIL = re.compile(
    r"(?:\s+(?:has|have|had|was|were|is|are|will|would|also|previously|later|earlier|"
    r"repeatedly|then|once|recently|publicly|reportedly))+\s*$",
    re.IGNORECASE,
)
_NOUN_LIKE_CUES = wordset(
    "post posts comment comments note notes report reports claim claims answer answers "
    "reply replies remark remarks tweet tweets question questions statement response "
    "point points signal signals highlight highlights welcome praise demand demands "
    "repeat joke jokes warning warnings call calls pledge pledges promise promises "
    "vow vows concession admission plea"
)
_NOUN_BEFORE = wordset("a an the his her its their this that these those our my your")
_ACCORDING = re.compile(r"\baccording\s+to\s+([^,;:\x00]+?)\s*,?\s*$", re.IGNORECASE)


_OBJECT_PRONOUNS = {"him": "m", "her": "f", "them": "p", "he": "m", "she": "f", "they": "p"}


def _object_pronoun(phrase: str) -> Mention | None:
    """ "according to him": the pronoun, to be resolved like "he said"."""
    toks = tokens_of(phrase)[:2]
    if not toks or bare(toks[0]) not in _OBJECT_PRONOUNS:
        return None
    if len(toks) > 1 and toks[1][:1].isalpha() and phrase.split(toks[0], 1)[1][:1] == " ":
        return None  # "according to her office": not the pronoun alone
    word = bare(toks[0])
    return Mention("pronoun", word, gender=_OBJECT_PRONOUNS[word])


def _noun_before(word: str) -> bool:
    """Does ``word`` make the next word a noun ("a post", "Roe's comments", "Lindqvists’
    remarks")?"""
    return bare(word) in _NOUN_BEFORE or word.endswith(("'s", "’s", "s'", "s’"))


@dataclass(frozen=True, slots=True)
class Cue:
    """A speaker phrase found for a quote, and where in the text it stands."""

    mention: Mention
    at: int


def _word_spans(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for m in _TOKEN_POS.finditer(text, start, end):
        word = trim_token(m.group(0))
        out.append((m.start(), m.start() + len(word), word))
    return out


def _np_token(tok: str) -> bool:
    b = bare(tok)
    if is_capitalised(tok) or b in NAME_PARTICLES:
        return True
    return (
        b in PERSON_NOUNS
        or b in ROLE_WORDS
        or b in ORG_WORDS
        or b in _DESCRIPTIVE
        or b in RANK_WORDS
        or b in _NP_LINKS
        or tok.endswith(("'s", "’s"))
    )


_OWNERS = frozenset({"his", "her", "its", "their"})


def noun_phrase_before(part: str, whole: bool = False) -> Mention | None:
    """The speaker noun phrase that ends ``part`` (text just before a cue verb). With
    ``whole``, the phrase must be all of ``part`` (after conjunctions and adverbs): right
    after a quote, "and that the government would announce" is not an attribution."""
    toks = tokens_of(part)
    while toks and bare(toks[-1]) in AUXILIARIES:
        toks = toks[:-1]
    while whole and toks and bare(toks[0]) in _LEADING_JUNK:
        toks = toks[1:]
    if not toks:
        return None
    if bare(toks[-1]) in PRONOUNS:
        return parse_phrase(toks[-1]) if not whole or len(toks) == 1 else None
    kept: list[str] = []
    stop = -1
    for index in range(len(toks) - 1, -1, -1):
        tok = toks[index]
        b = bare(tok)
        if b == "the" and index > 0 and bare(toks[index - 1]) in _NP_LINKS:
            kept.insert(0, tok)  # "Sophie Brandt of the Hanse Institute": keep going left
            continue
        if b in _DETERMINERS:
            kept.insert(0, tok)
            break
        if b in _OWNERS and len(kept) == 1 and bare(kept[0]) in DOCUMENTS:
            kept.insert(0, tok)  # "its statement said": the document of whoever "it" is
            break
        if b in PRONOUNS or not _np_token(tok):
            stop = index
            break
        kept.insert(0, tok)
    for j in range(1, len(kept) - 1):
        if kept[j] in _ADJUNCT_PREPS and kept[j + 1][:1].isupper():
            person = parse_phrase(" ".join(kept[:j]))  # "Gen. Jo Roe in Abuja said"
            if person is not None and person.kind == "person":
                return person
    if not whole and stop > 0 and kept and bare(toks[stop]) in _ADJUNCT_PREPS:
        # "Gen. Jo Roe on Monday in Abuja said": a place or day after a preposition is
        # where or when, not who; the subject stands before the adjuncts
        joined = " ".join(toks)
        rest = _ADJUNCTS.sub("", joined)
        found = noun_phrase_before(rest) if rest and len(rest) < len(joined) else None
        if found is not None and found.kind in {"person", "organisation"}:
            return found
    described = _described_source(toks)
    whole_ok = not whole or len(described) == len(toks)
    if described and whole_ok and not any(_person_noun(t) for t in kept):
        return parse_phrase(" ".join(described))
    if stop > 0 and described and bare(described[0]) in _DETERMINERS and len(described) <= 5:
        return parse_phrase(" ".join(described))  # "a coastguard spokeswoman said"
    if whole and kept and 0 < len(toks) - len(kept) <= 4 and premodifiers(toks[: -len(kept)]):
        found = parse_phrase(" ".join(toks))  # "campaign manager Robby Mook said"
        if found is not None and found.kind == "person":
            return found
    if kept and (not whole or len(kept) == len(toks)):
        while kept and bare(kept[0]) in _NP_LINKS:
            kept = kept[1:]
        return parse_phrase(" ".join(kept)) if kept else None
    if toks and bare(toks[0]) in _DETERMINERS and len(toks) <= 10:
        return parse_phrase(" ".join(toks))
    return None


_PLACE_LINKS = wordset("in from at with of for")
_NOT_MODIFIER = (
    CUE_VERBS | AUXILIARIES | PRONOUNS.keys() | _LEADING_JUNK | _DETERMINERS | _NP_LINKS
) | wordset("that who which whom whose when where while as and or but than")


def _person_noun(tok: str) -> bool:
    """ "officials", "chiefs": a lower-case noun for people (singular or plural)."""
    b = bare(tok)
    return tok.islower() and (b in PERSON_NOUNS or (b.endswith("s") and b[:-1] in PERSON_NOUNS))


def _described_source(toks: list[str]) -> list[str]:
    """ "Senior army and intelligence officials in Kent province", "Ruritania's joint
    chiefs of staff": an unnamed source described by adjectives and a place or body after
    the noun, which the plain noun-phrase walk stops at."""
    head = next((i for i in range(len(toks) - 1, -1, -1) if _person_noun(toks[i])), -1)
    if head < 0 or len(toks) - head > 8:
        return []
    tail = toks[head + 1 :]
    if tail and bare(tail[0]) not in _PLACE_LINKS:
        return []
    for k, tok in enumerate(tail):
        b = bare(tok)
        verb = b in CUE_VERBS and not _noun_before(tail[k - 1])  # "the country's signals agency"
        if verb or b in _NOT_MODIFIER - CUE_VERBS - _NP_LINKS - {"the"}:
            return []
    start, modifiers = head, 0
    for i in range(head - 1, -1, -1):
        tok, b = toks[i], bare(toks[i])
        if b in _DETERMINERS:
            start = i
            break
        if b == "and" and i > 0 and _np_token(toks[i - 1]):
            continue
        if _np_token(tok) and b not in _NP_LINKS:
            start = i
            continue
        if tok.isalpha() and tok.islower() and b not in _NOT_MODIFIER and modifiers < 2:
            modifiers += 1
            start = i
            continue
        break
    return toks[start:]


def subject_before(pre: str, whole: bool = False) -> Mention | None:
    """Parse the text before a cue verb: "NAME", "NAME, the TITLE," or "Speaking..., NAME"."""
    stripped = _AUX_TAIL.sub("", pre.rstrip()).rstrip()
    parts = [p for p in re.split(r"[,;:—–]", stripped) if p.strip()]
    if not parts:
        return None
    relative = [bare(t) for t in tokens_of(parts[-1])][:1] == ["who"]
    if relative and len(parts) >= 2 and not stripped.endswith(","):
        parts, stripped = parts[:-1], ",".join(parts[:-1])  # "NAME, who said"
    if len(parts) >= 2 and not stripped.endswith(",") and _ADJUNCTS.fullmatch(" " + parts[-1]):
        parts = parts[:-1]  # "Gen. Jo Roe, on Monday in Abuja said": when and where
        stripped = ",".join(parts) + ","
    if not stripped.endswith(","):
        found = noun_phrase_before(parts[-1], whole)
        if found is not None and found.kind == "role" and len(parts) >= 2:
            named = noun_phrase_before(parts[-2], whole)  # "Jo Roe, Labour MP for X asked"
            if named is not None and named.kind == "person":
                return Mention("person", named.text, named.role or found.text, named.gender)
        return found
    if len(parts) >= 2 and not is_appositive(parts[-1]) and is_appositive(parts[-2]):
        named = parse_phrase(parts[-1])  # "the group's spokesman, Yahya Saree, said"
        if named is not None and named.kind == "person":
            role = named.role or appositive_role(parts[-2])
            return Mention("person", named.text, role, named.gender)
    found = _name_before_appositives(parts, whole)
    if found is None and 2 <= len(parts) <= 4:
        found = _one_named_part(parts)
    return found


def _one_named_part(parts: list[str]) -> Mention | None:
    """ "Jo Roe, Group CEO, Acme Defence, said", "Director Defence Media Operations, Maj.
    Gen. Jo Roe, said": of comma-separated parts that make no clause, the one full name
    is the speaker and the parts around it describe them."""
    named: list[Mention] = []
    for part in parts:
        toks = tokens_of(part)
        if not toks or len(toks) > 8 or any(bare(t) in CUE_VERBS for t in toks):
            return None
        found = parse_phrase(part)
        if found is not None and found.kind == "person":
            if len(found.text.split()) < 2:
                return None
            named.append(found)
    if len(named) != 1:
        return None
    return named[0]


def _name_before_appositives(parts: list[str], whole: bool) -> Mention | None:
    """ "Rep. Mike Rogers, R-Ala., chairman of the committee," -> Mike Rogers, chairman..."""
    roles: list[str] = []
    k = len(parts) - 1
    while k >= 1 and len(roles) < 3 and (is_appositive(parts[k]) or _TAG.match(parts[k])):
        if not _TAG.match(parts[k]):
            roles.insert(0, appositive_role(parts[k]))
        k -= 1
    if k == len(parts) - 1 or k < 0:
        return None
    mention = noun_phrase_before(parts[k], whole)
    role = next((r for r in roles if r), "")
    if mention is not None and role and mention.kind == "person" and not mention.role:
        return Mention("person", mention.text, role, mention.gender)
    return mention


def _phrase_end(post: str) -> int:
    """Where the phrase that starts ``post`` ends: at punctuation or a sentence-final full
    stop, but not at the stop of "Gen." or "U.S."."""
    pos = 0
    for m in _TOKEN_POS.finditer(post):
        if any(c in _PHRASE_STOPS for c in post[pos : m.start()]):
            return pos
        tok = m.group(0)
        if tok.endswith(".") and trim_token(tok) != tok:
            return m.end() - 1
        pos = m.end()
    return pos


# A title, a bracketed qualifier of it, and a capitalised word after: "DIG (Eastern range) Jo".
_TITLE_ASIDE = re.compile(
    r"\s*((?:the\s+)?(?:[A-Z][\w.\-]*\s+){0,3}[A-Z][\w.\-]*)\s*\([^()\n]{1,40}\)(?=\s+[A-Z])"
)


def subject_after(post: str) -> Mention | None:
    """Parse the text after a cue verb: "said NAME, the TITLE, on Tuesday"."""
    aside = _TITLE_ASIDE.match(post)
    if aside is not None:  # "said DIG (Eastern range) Jo Roe": the bracket qualifies the title
        post = aside.group(1) + " " + post[aside.end() :]
    phrase_end = _phrase_end(post)
    kept: list[str] = []
    for tok in tokens_of(post[:phrase_end]):
        if bare(tok) in _POST_STOP and kept:
            break
        kept.append(tok)
    if not kept or bare(kept[0]) in PRONOUNS:
        return None
    mention = parse_phrase(" ".join(kept))
    if mention is None:
        return None  # (a pronoun here is only an age: "said the 46-year-old")
    rest = post[phrase_end:]
    comma = re.match(r"\s*,\s*", rest)
    if comma is None:
        return mention
    part = rest[comma.end() : comma.end() + _phrase_end(rest[comma.end() :])].strip()
    if not 3 <= len(part) <= 90:
        return mention
    if mention.kind == "person" and not mention.role and is_appositive(part):
        return Mention("person", mention.text, appositive_role(part), mention.gender)
    if mention.kind in {"role", "unnamed"} and not is_appositive(part):
        named = parse_phrase(part)  # "said the head of the bureau, Jacek Siewiera"
        if named is not None and named.kind == "person" and not _list_tail(part, named):
            role = clean_role(tokens_of(mention.text)) or named.role
            return Mention("person", named.text, role, named.gender)
    return mention


def _list_tail(part: str, named: Mention) -> bool:
    """ "the head of the Department of Transport, Energy and Water": after the comma, the
    rest of a body's name listing its fields ("and" before a word that is no given name),
    not the person holding the office."""
    words = [bare(t) for t in tokens_of(part)]
    first = bare(named.text.split()[0])
    if first in MALE_NAMES or first in FEMALE_NAMES or first not in words:
        return False
    return bool({"and", "&"} & set(words[: words.index(first)]))


def trailing_cue(masked: str, start: int, end: int, max_before: int = 30) -> Cue | None:
    """An attribution that follows a quote: ", he said" / ", said NAME" / ", according to X"."""
    dash = _DASH_NAME.match(masked, start, end)
    if dash is not None:  # “Q” — Volodymyr Zelensky (@ZelenskyyUa); “Q” (Jane Roe, Acme)
        found = parse_phrase(dash.group(1))
        if found is not None and found.kind in {"person", "organisation"}:
            return Cue(found, dash.start(1))
    words = _word_spans(masked, start, end)
    for i, (ws, we, word) in enumerate(words[: max_before + 1]):
        low = bare(word)
        if low == "according" and i + 1 < len(words) and words[i + 1][2].lower() == "to":
            rest = masked[words[i + 1][1] : end]
            found = _object_pronoun(rest) or subject_after(rest)
            return Cue(found, words[i + 1][1]) if found else None
        quoted = _QUOTED_AS.match(masked, we, end) if low == "quoted" else None
        if quoted is not None and bare(tokens_of(quoted.group(1))[0]) == "by":
            # "Roe was quoted by IRNA as saying": the agency relays, the subject speaks
            found = subject_before(masked[start:ws], whole=True)
            return Cue(found, words[max(0, i - 1)][0]) if found else None
        if quoted is not None:  # "Reuters quoted him as saying": the speaker is "him"
            found = parse_phrase(quoted.group(1))
            return Cue(found, quoted.start(1)) if found else None
        if low == "quoted" and i > 0:
            cue = _quoted_object(masked, we, end)
            if cue is not None:  # "“Q,” Aljazeera quoted the spokesman, Col. Jo Roe."
                return cue
        remarks = low == "made" and _REMARKS.match(masked, we) is not None
        if (low not in CUE_VERBS or low in WEAK_CUES) and not remarks:
            continue
        if i > 0 and _capitalised_mid_sentence(word, masked[start:ws].rstrip()):
            continue  # "the Washington Post reported": "Post" is a name
        if i > 0 and low in _NOUN_LIKE_CUES and _noun_before(words[i - 1][2]):
            continue  # "in a post on X": a noun
        by = _BY_AGENT.match(masked, we, end)
        if by is not None:  # "I was told by a senior officer"
            found = subject_after(by.group(1))
            if found is not None:
                return Cue(found, by.start(1))
        pre = masked[start:ws]
        if not tokens_of(pre):
            found = subject_after(masked[we:end])
            return Cue(found, we) if found else None
        found = subject_before(pre, whole=True)
        if found is not None:
            return Cue(found, words[max(0, i - 1)][0])
        if not (low.endswith("ing") or pre.rstrip().endswith(",")):
            return None  # a participle clause ("speaking in Belfast,") may hide the real cue
    return None


def _quoted_object(masked: str, start: int, end: int) -> Cue | None:
    """After "quoted": the person quoted, who is the speaker (the subject only relays)."""
    post = masked[start:end]
    lead = post.lstrip()
    first = tokens_of(lead)[:1]
    if not first or bare(first[0]) in _NOT_OBJECT:
        return None  # "was quoted as saying", "quoted by IRNA": no object named here
    found = _object_pronoun(lead) or subject_after(post)
    if found is None or found.kind not in {"person", "role", "unnamed", "pronoun"}:
        return None
    return Cue(found, start + len(post) - len(lead))


_NOT_OBJECT = wordset("as by in on at from this that it")
_CLAUSE_END = re.compile(r"[,.;:!?\x00()—–]")


def subject_of_clause_after(masked: str, start: int, end: int) -> Cue | None:
    """ "“Q,” Klein went on": a quote left open by a comma runs on into the clause after
    it, whatever its verb, so that clause's subject (a name or a pronoun) is the speaker."""
    stop = _CLAUSE_END.search(masked, start, end)
    words = _word_spans(masked, start, stop.start() if stop else end)
    k = 0
    while k < len(words) and is_capitalised(words[k][2]) and bare(words[k][2]) not in PRONOUNS:
        k += 1
    if k == 0 and words and bare(words[0][2]) in PRONOUNS:
        k = 1
    if not 1 <= k <= 4 or k >= len(words) or not words[k][2].islower():
        return None
    if bare(words[k][2]) in _NP_LINKS | {"and", "or", "the", "a", "an"}:
        return None
    if re.match(r"I(?:$|['’])", words[0][2]):
        return None  # "“Q,” I'd say": the writer, not a speaker
    found = parse_phrase(" ".join(w for _s, _e, w in words[:k]))
    if found is None or found.kind not in {"person", "pronoun"}:
        return None
    return Cue(found, words[0][0])


def leading_cue(masked: str, start: int, end: int) -> Cue | None:
    """An attribution in the writer's words before a quote: "NAME said:", "according to X,"."""
    m = _ACCORDING.search(masked, start, end)
    if m:
        found = parse_phrase(m.group(1))
        if found is not None:
            return Cue(found, m.start(1))
    words = _word_spans(masked, start, end)
    participle = -1
    for i in range(len(words) - 1, -1, -1):
        ws, _we, word = words[i]
        low = bare(word)
        if low not in CUE_VERBS or low in WEAK_CUES:
            continue
        if i + 1 < len(words) and _phrasal(low, bare(words[i + 1][2])):
            continue  # "called for a “drone wall”": a demand, not a speech cue
        if i > 0 and low in _NOUN_LIKE_CUES and _noun_before(words[i - 1][2]):
            continue
        before = masked[start:ws].rstrip()
        if _capitalised_mid_sentence(word, before):
            continue  # "told the Washington Post": a name, not the verb "post"
        if low.endswith("ing") and (not before or before.endswith((",", ";", ":"))):
            if before.endswith(",") and participle < 0:
                participle = ws
            continue  # "Speaking at X, ..." / "..., describing it as": subject is elsewhere
        if low.endswith("ing") and participle < 0 and not before.endswith(("is", "was", "are")):
            participle = ws  # "Roe answered on Facebook writing “Q”": not Facebook
            continue
        clause = re.split(r"[;:]", masked[start:ws])[-1]
        found = subject_before(clause)
        if found is not None:
            return Cue(found, words[max(0, i - 1)][0])
    if participle >= 0:  # "The unit issued a statement, clarifying: “Q”"
        found_at = _clause_subject(masked, start, participle)
        if found_at is not None:
            return found_at
    m = _ACCORDING_ANY.search(masked, start, end)
    if m:  # "The plan, according to Healey, is “ambitious”"
        found = _object_pronoun(m.group(1)) or subject_after(m.group(1))
        if found is not None:
            return Cue(found, m.start(1))
    return None


def _capitalised_mid_sentence(word: str, before: str) -> bool:
    """A capitalised word inside a sentence is part of a name, never a speech verb."""
    return word[:1].isupper() and bool(before) and before[-1] not in '.!?:;"“”\x00\n'


def _clause_subject(masked: str, start: int, end: int) -> Cue | None:
    """The subject of the main clause before a participle ("However, the unit issued a
    statement, clarifying"): the noun phrase that opens it, after linking words."""
    clause = re.split(r"[;:.!?]", masked[start:end])[-1]
    offset = end - len(clause)
    pos = 0
    for part in clause.split(","):
        toks = tokens_of(part)
        while toks and bare(toks[0]) in _LEADING_JUNK:
            toks = toks[1:]
        if not toks:
            pos += len(part) + 1
            continue
        head: list[str] = []
        for tok in toks:
            if not _np_token(tok) and bare(tok) not in _DETERMINERS | {"the"}:
                break
            head.append(tok)
        if not head or len(head) == len(toks):
            return None  # no verb after the phrase: not a clause with a subject
        found = parse_phrase(" ".join(head))
        if found is None:
            return None
        at = masked.find(head[0], offset + pos, end)
        return Cue(found, at if at >= 0 else offset + pos)
    return None


def _phrasal(verb: str, nxt: str) -> bool:
    return verb.startswith("call") and nxt in _NOT_LABEL_NEXT


def last_cue_in(masked: str, start: int, end: int) -> Cue | None:
    """The last speaker cue in a stretch of narrative (used for "NAME said:" paragraphs)."""
    return leading_cue(masked, start, end)


def is_label_cue(masked: str, start: int, end: int) -> bool:
    """Does the text right before a quote label it ("called it", "described as")?"""
    toks = [bare(t) for t in tokens_of(masked[start:end])][-7:]
    labels = [
        i
        for i, t in enumerate(toks)
        if t in LABEL_VERBS and (i + 1 == len(toks) or toks[i + 1] not in _NOT_LABEL_NEXT)
    ]  # "called it a", not "called for a"
    if any(i >= len(toks) - 4 for i in labels) or "so-called" in toks[-4:]:
        return True
    return bool(toks) and toks[-1] == "as" and bool(labels)
