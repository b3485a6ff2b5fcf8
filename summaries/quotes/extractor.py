"""Direct quotations and their speakers.

``extract_quotes`` finds quote spans (``quote_spans``), blanks their interiors so the
narrative can be read on its own, collects the article's people (``cast``), then gives each
quote the speaker named by its own attribution (``attribution``) or, failing that, by its
neighbours: the other half of a split quote, the attribution sentence that follows, or the
speaker of the paragraph before. References are resolved to full names; a pronoun that
cannot be resolved gives an empty speaker of kind "unknown", never the pronoun.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace

from summaries.models import Quote, QuoteKind, SpeakerCue, SpeakerKind
from summaries.quotes.attribution import (
    Cue,
    is_label_cue,
    last_cue_in,
    leading_cue,
    noun_phrase_before,
    subject_of_clause_after,
    trailing_cue,
)
from summaries.quotes.cast import Appearance
from summaries.quotes.cues import CUE_VERBS
from summaries.quotes.documents import is_document, issuer
from summaries.quotes.evidence import CONTINUATION_FACTOR, cue_evidence, speaker_confidence
from summaries.quotes.filters import is_quoted_source, is_scare_quote
from summaries.quotes.phrase_words import is_acronym, tokens_of
from summaries.quotes.prepared import PreparedArticle
from summaries.quotes.references import (
    expand_acronym,
    indefinite_antecedent,
    is_office,
    is_plural,
    is_rank,
    speaking_source_before,
)
from summaries.quotes.spans import QuoteSpan
from summaries.quotes.speakers import Mention, Person, describe, parse_phrase

log = logging.getLogger(__name__)

_SOURCE_CUE = re.compile(
    r"\b(?:said|says|told|according|added|stated|announced|warned|wrote|claimed|confirmed)\b"
)
_WORD = re.compile(r"\w+")
_FULL_BEFORE = frozenset(".!?:…\"“”'‘’«»\x93\x94")


@dataclass(frozen=True, slots=True)
class Speech:
    """Who a quote is given to: display name, role and kind, the evidence and confidence."""

    speaker: str = ""
    role: str = ""
    kind: SpeakerKind = "unknown"
    person_key: int = -1
    cue: SpeakerCue | None = None
    confidence: float = 0.0


_NOBODY = Speech()


def _named_person(art: PreparedArticle, mention: Mention, at: int) -> Mention:
    """A capitalised word that reads as an office ("Seaman", "Marshal") but is the name of
    a person the article has named is that person."""
    words = mention.text.split()
    if mention.kind != "role" or len(words) > 2 or not all(w[:1].isupper() for w in words):
        return mention
    known = art.cast.find_alias_near(mention.text, at)
    if known is None or not {w.lower() for w in words} <= known.tokens():
        return mention
    return Mention("person", known.name, known.role, mention.gender)


def _resolve(art: PreparedArticle, cue: Cue) -> Speech:
    mention, cast = cue.mention, art.cast
    sentence = art.sentence_of(cue.at)
    if mention.kind == "person":
        known = cast.find_alias_near(mention.text, cue.at)
        if known is not None and len(known.tokens()) >= len(mention.text.split()):
            person = known
            person.role = person.role or mention.role
            person.male += 3 if mention.gender == "m" else 0  # "Sir Patrick", "Mr Cooper"
            person.female += 3 if mention.gender == "f" else 0
        else:
            person = cast.add_person(mention, cue.at)  # may lengthen "Gaulle" to "de Gaulle"
        if known is not None and mention.role and is_rank(person.role):
            person.role = mention.role
        cast.note(Appearance(cue.at, sentence, person.name, "person", True, person))
        role = mention.role or person.role
        return Speech(person.name, role, "person", id(person))
    if mention.kind == "pronoun":
        if mention.gender in {"p", "n"}:
            _note_narrative_sources(art, sentence)
        else:
            _note_narrative_offices(art, sentence, cue.at)
        app = cast.resolve_pronoun(mention.gender, cue.at, sentence)
        if app is not None:
            cast.note(
                Appearance(cue.at, sentence, app.label, app.kind, True, app.person, app.plural)
            )
        return _from_appearance(app)
    if mention.kind == "role":
        antecedent = indefinite_antecedent(art.masked, mention.text, cue.at)
        if antecedent and not cast.find_role(mention.text, cue.at):
            cast.note(Appearance(cue.at, sentence, antecedent, "unnamed", True))
            return Speech(antecedent, "", "unnamed")
        holder = cast.find_role(mention.text, cue.at)
        office = is_office(mention.text)
        if holder is None and (office or not antecedent):
            holder = _recent_holder(art, cue.at, sentence, office)  # "Cooper ... the official"
        if holder is None and not office and not antecedent:
            window = art.sentences[max(0, sentence - 2)][0]
            source = speaking_source_before(art.masked, mention.text, window, cue.at)
            if source:  # "A local lawmaker said ... “…,” said the official"
                cast.note(Appearance(cue.at, sentence, source, "unnamed", True))
                return Speech(source, "", "unnamed")
        if holder is not None:
            if not holder.role:
                holder.role = mention.text
            cast.note(Appearance(cue.at, sentence, holder.name, "person", True, holder))
            return Speech(holder.name, holder.role, "person", id(holder))
        label = describe("the " + mention.text)
        cast.note(Appearance(cue.at, sentence, label, "unnamed", True))
        return Speech(label, "", "unnamed")
    if mention.kind == "organisation" and is_acronym(mention.text):
        mention = Mention("organisation", expand_acronym(art.masked, mention.text))
        titled = parse_phrase("the " + mention.text)
        if titled is not None and titled.kind == "role":  # "the DGP": Director General of ...
            return _resolve(art, Cue(titled, cue.at))
    if mention.kind == "organisation" and len(mention.text.split()) == 1:
        named = cast.generic_organisation(mention.text.lower(), cue.at)
        if named is not None:
            cast.note(Appearance(cue.at, sentence, named.label, "organisation", True))
            return Speech(named.label, "", "organisation")
    cast.note(
        Appearance(cue.at, sentence, mention.text, mention.kind, True, None, is_plural(mention))
    )
    kind: SpeakerKind = "organisation" if mention.kind == "organisation" else "unnamed"
    return Speech(mention.text, "", kind)


def _recent_holder(art: PreparedArticle, at: int, sentence: int, office: bool) -> Person | None:
    """The person an unresolved role reference goes to: of the people in the latest
    sentence that names one as a subject, the one that sentence gives as speaker ("Col. Jo
    Roe, who confirmed it, said the Chief of Staff, Gen. Al Doe, ..." is Roe's sentence),
    else the last of them."""
    pool = art.cast.recent_candidates(at, sentence, far=office)
    if len(pool) < 2:
        return pool[0].person if pool else None
    ss, se = art.sentences[pool[-1].sentence]
    cue = leading_cue(art.masked, ss, min(se, at))
    if cue is not None and cue.mention.kind == "person":
        speaker = art.cast.find_alias_near(cue.mention.text, cue.at)
        if any(a.person is speaker for a in pool):
            return speaker
    return pool[-1].person


def _note_narrative_sources(art: PreparedArticle, sentence: int) -> None:
    """Before resolving "they" or "it": note unnamed sources and organisations that the
    last few sentences quote indirectly ("according to three diplomats", "the ministry
    said")."""
    for idx in range(max(0, sentence - 8), sentence + 1):
        if idx in art.narrative_noted:
            continue
        art.narrative_noted.add(idx)
        ss, se = art.sentences[idx]
        if not _SOURCE_CUE.search(art.masked, ss, se):
            continue
        cue = leading_cue(art.masked, ss, se)
        if cue is None or cue.mention.kind not in {"unnamed", "organisation"}:
            continue
        m = cue.mention
        label = m.text
        if m.kind == "organisation" and m.text.split()[-1].islower():  # "the Swedish company"
            named = art.cast.generic_organisation(m.text.split()[-1].lower(), cue.at)
            label = named.label if named is not None else label
        art.cast.note(Appearance(cue.at, idx, label, m.kind, True, None, is_plural(m)))


def _note_narrative_offices(art: PreparedArticle, sentence: int, at: int) -> None:
    """Before resolving "he" or "she": note the holders of offices that the sentences
    since the last person named as a subject quote indirectly ("the army chief said the
    army is ready")."""
    named = max(
        (a.sentence for a in art.cast.appearances if a.at < at and a.subject and a.person),
        default=0,
    )
    for idx in range(max(0, sentence - 8, named), sentence + 1):
        if idx in art.offices_noted:
            continue
        art.offices_noted.add(idx)
        ss, se = art.sentences[idx]
        words = art.masked[ss:se]
        if " the " not in words and not words.startswith("The "):
            continue  # an office is "the army chief"
        if not _SOURCE_CUE.search(art.masked, ss, se):
            continue
        cue = leading_cue(art.masked, ss, se)
        if cue is None or cue.mention.kind != "role":
            continue
        holder = art.cast.find_role(cue.mention.text, cue.at)
        if holder is not None:
            art.cast.note(Appearance(cue.at, idx, holder.name, "person", True, holder))


def _from_appearance(app: Appearance | None) -> Speech:
    if app is None:
        return _NOBODY
    if app.person is not None:
        return Speech(app.person.name, app.person.role, "person", id(app.person))
    kind: SpeakerKind = "organisation" if app.kind == "organisation" else "unnamed"
    return Speech(app.label, "", kind)


def _found(art: PreparedArticle, cue: Cue, way: str = "") -> Speech:
    """Resolve ``cue`` and attach its evidence; ``way`` names a neighbour's cue."""
    cue = Cue(_named_person(art, cue.mention, cue.at), cue.at)
    speech = _resolve(art, cue)
    if speech.kind in {"organisation", "unnamed"} and is_document(speech.speaker):
        sentence = art.sentence_of(cue.at)
        _note_narrative_sources(art, sentence)
        source = issuer(speech.speaker, art.cast, cue.at, sentence)
        speech = _from_appearance(source) if source is not None else speech
    speech = _fullest_body(art, speech)
    evidence = cue_evidence(art.text, cue, "adjacent" if way else None, art.masked)
    confidence = speaker_confidence(way or evidence.kind, speech.speaker)
    return replace(speech, cue=evidence, confidence=confidence)


def _fullest_body(art: PreparedArticle, speech: Speech) -> Speech:
    """An organisation goes by the fullest name the article gives it, however it was
    found (a statement's issuer, "it", a neighbour's cue): an acronym the article spells
    out ("KDF": "the Kenya Defence Forces (KDF)")."""
    if speech.kind != "organisation":
        return speech
    label = speech.speaker
    if is_acronym(label):
        return replace(speech, speaker=expand_acronym(art.masked, label))
    return speech


def _continued(speech: Speech) -> Speech:
    """The same speaker as an earlier quote that this one goes on from."""
    if speech.cue is None:
        return speech
    cue = SpeakerCue("continuation", speech.cue.text, speech.cue.start, speech.cue.end)
    return replace(speech, cue=cue, confidence=round(speech.confidence * CONTINUATION_FACTOR, 3))


def _own_cue(art: PreparedArticle, idx: int) -> Cue | None:
    """The attribution in the quote's own sentence(s), after it first, then before it."""
    span = art.spans[idx]
    nxt = art.spans[idx + 1] if idx + 1 < len(art.spans) else None
    if span.close_at >= 0:
        s_end = art.sentences[art.sentence_of(span.close_at)][1]
        end = min(s_end, nxt.open_at) if nxt and nxt.open_at > span.close_at else s_end
        cue = trailing_cue(art.masked, span.close_at + 1, end)
        if cue is None and art.text[span.start : span.end].rstrip().endswith(","):
            cue = subject_of_clause_after(art.masked, span.close_at + 1, end)
        if cue is not None:
            return cue
    s_start = art.sentences[art.sentence_of(span.open_at)][0]
    prev = art.spans[idx - 1] if idx > 0 else None
    start = max(s_start, prev.close_at + 1) if prev and prev.close_at >= 0 else s_start
    if start >= span.open_at:
        return None
    cue = leading_cue(art.masked, start, span.open_at)
    if cue is None and art.masked[start : span.open_at].rstrip().endswith(":"):
        cue = _colon_subject(art, start, span.open_at)
    return cue


def _colon_subject(art: PreparedArticle, start: int, end: int) -> Cue | None:
    """ "Sikorski was blunter: “Q”" — the person the introducing clause is about."""
    for app in sorted(art.cast.appearances, key=lambda a: a.at):
        if start <= app.at < end and app.subject and app.person is not None:
            return Cue(Mention("person", app.person.name, app.person.role), app.at)
    clause = art.masked[start:end].rstrip()[:-1]
    if len(tokens_of(clause)) <= 6:
        mention = noun_phrase_before(clause)
        if mention is not None and mention.kind != "pronoun":
            return Cue(mention, start)  # "Healey: “Q”"
    return None


def _next_sentence_cue(art: PreparedArticle, idx: int) -> Cue | None:
    """“Q.” NAME said this on Tuesday. — a separate attribution sentence after the quote."""
    span = art.spans[idx]
    if span.close_at < 0:
        return None
    k = art.sentence_of(span.close_at) + 1
    if k >= len(art.sentences) or art.para_of(art.sentences[k][0]) != span.last_paragraph:
        return None
    start, end = art.sentences[k]
    nxt = art.spans[idx + 1] if idx + 1 < len(art.spans) else None
    if nxt is not None and start <= nxt.open_at < end:
        end = nxt.open_at
    return trailing_cue(art.masked, start, end, max_before=10)


def _previous_paragraph_cue(art: PreparedArticle, para: int) -> Cue | None:
    """The last cue of the paragraph before, looking past up to two headings or captions
    blanked as furniture ("… the agency said on X.\n\nWhy it matters\n\n“Q”")."""
    k = para - 1
    while k > 0 and para - k <= 2 and not art.masked[slice(*art.paras[k])].strip():
        k -= 1
    if k < 0:
        return None
    ps, pe = art.paras[k]
    return last_cue_in(art.masked, ps, pe)


def _classify(art: PreparedArticle, span: QuoteSpan) -> QuoteKind:
    ps = art.paras[span.paragraph][0]
    before = art.masked[ps : span.open_at].rstrip()
    content = art.text[span.start : span.end]
    first = next((c for c in content if c.isalpha()), "")
    if not before or before[-1] in _FULL_BEFORE:
        return "full"
    if is_label_cue(art.masked, ps, span.open_at):
        return "partial"
    last_word = (tokens_of(before[-30:]) or [""])[-1].lower()
    if first.isupper() and (before[-1] == "," or last_word in CUE_VERBS | {"that"}):
        return "full"
    return "partial"


def extract_quotes(text: str, title: str = "") -> list[Quote]:
    """Return every direct quotation in ``text`` with its speaker, sorted by start."""
    art = PreparedArticle(text, title)
    n = len(art.spans)
    kinds = [_classify(art, s) for s in art.spans]
    own = [_own_cue(art, i) for i in range(n)]
    owner = _chain_owners(art.spans, own)
    speeches: list[Speech | None] = [None] * n
    for i in range(n):
        if speeches[i] is not None:
            continue
        cue = own[i]
        if cue is not None:
            speeches[i] = _found(art, cue)
        elif owner[i] >= 0:  # one paragraph of a quote attributed in another paragraph
            j = owner[i]
            if speeches[j] is None:
                speeches[j] = _found(art, own[j])  # type: ignore[arg-type]
            speeches[i] = _continued(speeches[j])  # type: ignore[arg-type]
        else:
            speeches[i] = _inherit(art, i, own, speeches)
    _share_repeated(art, speeches)
    quotes: list[Quote] = []
    for i, span in enumerate(art.spans):
        para_start = art.paras[span.paragraph][0]
        if kinds[i] == "partial" and is_scare_quote(art.text, art.masked, para_start, span, own[i]):
            continue
        if is_quoted_source(art.text, span):
            continue
        sp = speeches[i] or _NOBODY
        quotes.append(
            Quote(
                text=text[span.start : span.end],
                start=span.start,
                end=span.end,
                speaker=sp.speaker,
                role=sp.role,
                kind=kinds[i],
                speaker_kind=sp.kind,
                cue=sp.cue or SpeakerCue("none"),
                confidence=sp.confidence,
            )
        )
    log.debug("extracted %d quotes from %d spans", len(quotes), n)
    return quotes


_REPEAT_WORDS = 5  # shorter repeats ("integrity") may be different people's words
_KIND_RANK = {"person": 3, "organisation": 2, "unnamed": 1}


def _share_repeated(art: PreparedArticle, speeches: list[Speech | None]) -> None:
    """A quote the article gives twice (a lead or pull quote repeating the body) is one
    person's words: every copy takes the speaker of the copy best attributed, a named
    person before an organisation or an unnamed source ("a spokesman")."""
    copies: dict[tuple[str, ...], list[int]] = {}
    for i, span in enumerate(art.spans):
        words = tuple(w.lower() for w in _WORD.findall(art.text, span.start, span.end))
        if len(words) >= _REPEAT_WORDS:
            copies.setdefault(words, []).append(i)
    for group in copies.values():
        if len(group) < 2:
            continue
        found = [(i, sp) for i in group if (sp := speeches[i]) is not None and sp.speaker]
        if not found:
            continue
        _i, best = max(found, key=lambda f: (_KIND_RANK.get(f[1].kind, 0), f[1].confidence))
        rank = _KIND_RANK.get(best.kind, 0)
        for i in group:
            sp = speeches[i]
            if sp is None or _KIND_RANK.get(sp.kind, 0) < rank:
                speeches[i] = best


def _chain_owners(spans: list[QuoteSpan], own: list[Cue | None]) -> list[int]:
    """For each span of a quote that runs over several paragraphs, the index of the
    first span of that quote with its own attribution (-1 if none, or not in a chain)."""
    owner = [-1] * len(spans)
    first = 0
    for i, span in enumerate(spans):
        if span.continued:
            continue
        chain = range(first, i + 1)
        if len(chain) > 1:
            found = next((j for j in chain if own[j] is not None), -1)
            for j in chain:
                owner[j] = found
        first = i + 1
    return owner


def _inherit(
    art: PreparedArticle, i: int, own: list[Cue | None], speeches: list[Speech | None]
) -> Speech:
    span = art.spans[i]
    prev_same_para = i > 0 and art.spans[i - 1].last_paragraph == span.paragraph
    nxt = _next_sentence_cue(art, i)
    if prev_same_para:
        earlier = speeches[i - 1]
        short_next = nxt is not None and _short_sentence(art, span)
        if earlier is not None and earlier.speaker and not short_next:
            return _continued(earlier)
    if nxt is not None:
        return _found(art, nxt, "adjacent")
    following = art.spans[i + 1] if i + 1 < len(art.spans) else None
    if following is not None and following.paragraph == span.last_paragraph:
        between = art.masked[span.close_at + 1 : following.open_at] if span.close_at >= 0 else "x"
        if not tokens_of(between) and own[i + 1] is not None:
            cue = own[i + 1]
            assert cue is not None
            return _found(art, cue, "adjacent")
    if prev_same_para and speeches[i - 1] is not None:
        earlier = speeches[i - 1]
        assert earlier is not None
        return _continued(earlier)
    return _from_context(art, i, speeches)


def _short_sentence(art: PreparedArticle, span: QuoteSpan) -> bool:
    k = art.sentence_of(span.close_at) + 1
    if k >= len(art.sentences):
        return False
    s, e = art.sentences[k]
    return len(tokens_of(art.masked[s:e])) <= 10


def _from_context(art: PreparedArticle, i: int, speeches: list[Speech | None]) -> Speech:
    """A quote alone in its paragraph: the speaker of the paragraph before."""
    span = art.spans[i]
    para = span.paragraph
    prev = art.spans[i - 1] if i > 0 else None
    ps = art.paras[para][0]
    if (prev is None or prev.last_paragraph < para) and tokens_of(art.masked[ps : span.open_at]):
        cue = last_cue_in(art.masked, ps, span.open_at)
        if cue is not None:  # "The ministry later said the talks went well. “Q”"
            return _found(art, cue, "context")
        introducer = _introducer(art, ps, span.open_at)
        if introducer is not None:  # "Roe was less sure. “Q”"
            return introducer
    if prev is not None and prev.last_paragraph == para - 1:
        earlier = speeches[i - 1]
        if earlier is not None and earlier.speaker:
            return _continued(earlier)
    cue = _previous_paragraph_cue(art, para)
    if cue is not None:
        return _found(art, cue, "context")
    introduced = _introduced(art, para - 1)
    earlier = speeches[i - 1] if prev is not None else None
    if introduced is not None and (earlier is None or earlier.person_key != introduced.person_key):
        return introduced  # a round-up: the paragraph before brings in a new voice
    if prev is not None and para - prev.last_paragraph <= 2:
        earlier = speeches[i - 1]
        return _continued(earlier) if earlier is not None else _NOBODY
    return _named_next(art, span)


def _introduced(art: PreparedArticle, para: int) -> Speech | None:
    """The person a quote-free narrative paragraph is about ("Tomasz Nowak of the Forum
    was more cautious."), as a guess for the quote that follows it."""
    if para < 0:
        return None
    ps, pe = art.paras[para]
    if any(ps <= s.open_at < pe for s in art.spans):
        return None
    people = sorted(
        (a for a in art.cast.appearances if ps <= a.at < pe and a.person is not None and a.subject),
        key=lambda a: a.at,
    )
    if not people:
        return None
    speech = _from_appearance(people[0])
    at = people[0].at
    cue = cue_evidence(art.text, Cue(Mention("person", speech.speaker), at), "adjacent", art.masked)
    return replace(speech, cue=cue, confidence=speaker_confidence("context", speech.speaker))


def _introducer(art: PreparedArticle, start: int, end: int) -> Speech | None:
    """The person the sentence that leads into a quote is about ("Jo Roe touted her
    record. “Q”"): the first person named as a subject in the last sentence before it that
    names one."""
    people = [
        a
        for a in art.cast.appearances
        if start <= a.at < end and a.person is not None and a.subject
    ]
    if not people:
        return None
    last = max(a.sentence for a in people)
    first = min((a for a in people if a.sentence == last), key=lambda a: a.at)
    speech = _from_appearance(first)
    cue = Cue(Mention("person", speech.speaker), first.at)
    evidence = cue_evidence(art.text, cue, "adjacent", art.masked)
    return replace(speech, cue=evidence, confidence=speaker_confidence("context", speech.speaker))


def _named_next(art: PreparedArticle, span: QuoteSpan) -> Speech:
    """A quote with no speaker before it: "That was the message from NAME" just after."""
    nxt = span.last_paragraph + 1
    if nxt >= len(art.paras):
        return _NOBODY
    ps, pe = art.paras[nxt]
    first_quote = next((s.open_at for s in art.spans if ps <= s.open_at < pe), pe)
    people = sorted(
        (a for a in art.cast.appearances if ps <= a.at < first_quote and a.person is not None),
        key=lambda a: a.at,
    )
    if not people:
        return _NOBODY
    speech = _from_appearance(people[0])
    cue = Cue(Mention("person", speech.speaker), people[0].at)
    evidence = cue_evidence(art.text, cue, "adjacent", art.masked)
    return replace(speech, cue=evidence, confidence=speaker_confidence("next", speech.speaker))
