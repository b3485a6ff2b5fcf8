"""One article in a few lines: headline, source, time, summary, top quotes, link.

The headline is the article's title; an article without one has no headline (its first
sentence is not made into one). The summary is the lead as a journalist would give it:
the first sentence of the body proper, dateline removed, quotes allowed, plus the next
sentence when both are short; never a repeat of the headline, never empty when the body
has a sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from summaries.models import Article, Briefing, Quote, Speaker
from summaries.text.header import strip_dateline
from summaries.textfragment import text_fragment_url
from summaries.topics import Lexicon, tag_topics

SUMMARY_MAX_CHARS = 320
SENTENCE_MAX_CHARS = 400
HEADLINE_MAX_CHARS = 160
MAX_SPEAKERS = 6
ROLE_MAX_WORDS = 10  # longer "roles" are attribution slips, not job titles
NEAR_DUPLICATE = 0.6  # Jaccard of the word sets
NEAR_DUPLICATE_OVERLAP = 0.8  # share of the shorter quote's words found in the other
NEAR_DUPLICATE_MIN_WORDS = 4
SPEAKER_REPEAT_PENALTY = 2.0
MIN_LEAD_WORDS = 5

_ABBREVIATIONS = (
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Maj", "Capt", "Cdr", "Adm", "Sgt", "Cpl",
    "Brig", "Rear", "Vice", "Gov", "Sen", "Rep", "Rev", "St", "No", "Co", "Corp", "Inc",
    "Ltd", "Jr", "Sr", "vs", "approx", "Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Sep",
    "Oct", "Nov", "Dec", "U.S", "U.K", "U.N", "e.g", "i.e",
)  # fmt: skip
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREVIATION_END = re.compile(
    r"(?:\b(?:" + "|".join(re.escape(a) for a in _ABBREVIATIONS) + r")|\b[A-Z])\.$"
)
_QUOTE_MARKS = re.compile(r"[\"“”«»„‟‹›]|‘[^’]*’|(?<!\w)'[^']+'(?!\w)")
_PRONOUN_START = re.compile(
    r"^(?:He|She|They|It|His|Her|Their|Its|This|That|These|Those|But|And|Also|Meanwhile)\b"
)
_TOKEN = re.compile(r"\w+")
_KIND_ORDER = {"person": 0, "organisation": 1, "unnamed": 2}
_SPEAKER_WEIGHT = {"person": 3.0, "organisation": 2.0, "unnamed": 1.5, "unknown": 0.0}


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph, not fooled by titles ("Gen.") or initials."""
    sentences: list[str] = []
    pending = ""
    last = 0
    for match in _SENTENCE_END.finditer(paragraph):
        piece = paragraph[last : match.start()]
        last = match.end()
        pending = f"{pending} {piece}".strip() if pending else piece.strip()
        if not _ABBREVIATION_END.search(pending.rstrip('"”’)')):
            sentences.append(pending + paragraph[match.start() : match.end()].strip())
            pending = ""
    tail = paragraph[last:].strip()
    pending = f"{pending} {tail}".strip() if pending else tail
    if pending:
        sentences.append(pending)
    return sentences


def _clean_sentence(sentence: str) -> str:
    return strip_dateline(sentence.strip())


def is_safe_summary_sentence(sentence: str) -> bool:
    """A second sentence may join the lead: no quotation marks, no dangling pronoun."""
    return (
        len(sentence.split()) >= 6
        and not _QUOTE_MARKS.search(sentence)
        and not _PRONOUN_START.match(sentence)
        and sentence[-1:] in ".!?"
    )


def _is_sentence(sentence: str) -> bool:
    """Long enough, finished, and begun: a fragment cut from the sentence before it ("and
    the ministry said.", "…said on Monday.") is no lead."""
    opening = sentence.lstrip("\"“‘'(«[")[:1]
    return (
        len(sentence.split()) >= MIN_LEAD_WORDS
        and sentence.rstrip('"”’)')[-1:] in ".!?"
        and (opening.isupper() or opening.isdigit())
    )


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > 0 else limit - 1].rstrip(" ,;:—–-") + "…"


def _fold(text: str) -> str:
    return " ".join(_TOKEN.findall(text.casefold()))


def _repeats(sentence: str, headline: str) -> bool:
    folded, title = _fold(sentence), _fold(headline)
    return bool(title) and (folded == title or folded.startswith(title))


# What may sit between a title run into the text and the text: a site name, a separator.
_AFTER_TITLE = re.compile(r"^\s*(?:\|\s*[^:|.!?]{1,40}\s*[:|–—-]|[:|–—-])?\s*")


def _after_headline(sentence: str, headline: str) -> str:
    """A sentence that opens with the headline ("Title | Site: The text …"): the text after
    it, or "" when nothing of a sentence is left."""
    tokens = _TOKEN.findall(headline)
    if not tokens:
        return sentence
    prefix = re.match(r"\W*" + r"\W+".join(re.escape(t) for t in tokens) + r"\b", sentence, re.I)
    if prefix is None:
        return ""
    rest = _AFTER_TITLE.sub("", sentence[prefix.end() :], count=1)
    return rest if _is_sentence(rest) and rest[:1].isupper() else ""


def summarise(article: Article) -> str:
    """The lead: the first sentence of the body proper, and the next one when both fit.

    A sentence that repeats the headline is skipped; one that runs on from it into the
    text keeps the text."""
    paragraphs = [article.lead] if article.lead else []
    paragraphs += [p for p in article.text.split("\n\n")[:4] if p and p != article.lead]
    for paragraph in paragraphs:
        # The dateline goes first: one that ends in a full stop ("KAZAN, May 3. /TASS/.")
        # would otherwise be taken for a sentence of its own.
        # Only once: the text after a dateline may itself look like one ("(Reuters) –
        # L3Harris Technologies (NYSE:) Inc is …").
        first, *others = split_sentences(strip_dateline(paragraph)) or [""]
        sentences = [first.strip(), *(_clean_sentence(s) for s in others)]
        sentences = [
            _after_headline(s, article.title) if _repeats(s, article.title) else s
            for s in sentences
        ]
        sentences = [s for s in sentences if s]
        for index, sentence in enumerate(sentences):
            if not _is_sentence(sentence):
                continue
            summary = _shorten(sentence, SENTENCE_MAX_CHARS)
            following = sentences[index + 1] if index + 1 < len(sentences) else ""
            if (
                following
                and is_safe_summary_sentence(following)
                and len(summary) + 1 + len(following) <= SUMMARY_MAX_CHARS
            ):
                summary = f"{summary} {following}"
            return summary
    return ""


def quote_score(quote: Quote) -> float:
    """Reader value of one quote: full over partial, named over unnamed, substance."""
    words = len(quote.text.split())
    score = 3.0 if quote.kind == "full" else 0.0
    kind = quote.speaker_kind if quote.speaker else "unknown"
    score += _SPEAKER_WEIGHT.get(kind, 0.0)
    score += 0.5 if quote.role else 0.0
    if words < 4:
        score -= 3.0
    elif words < 8:
        score += 0.5
    elif words <= 60:
        score += 1.0 + min(words, 30) / 15
    else:
        score += 1.0
    return score


def _tokens(text: str) -> frozenset[str]:
    return frozenset(_TOKEN.findall(text.casefold()))


def is_near_duplicate(a: str, b: str) -> bool:
    """Mostly the same words, or the shorter quote (nearly) contained in the other."""
    fa, fb = a.casefold(), b.casefold()
    if fa in fb or fb in fa:
        return True
    ta, tb = _tokens(a), _tokens(b)
    union = ta | tb
    if not union:
        return False
    shared = len(ta & tb)
    smaller = min(len(ta), len(tb))
    return shared / len(union) >= NEAR_DUPLICATE or (
        smaller >= NEAR_DUPLICATE_MIN_WORDS and shared / smaller >= NEAR_DUPLICATE_OVERLAP
    )


def rank_quotes(quotes: Iterable[Quote], max_quotes: int = 3) -> list[Quote]:
    """The best ``max_quotes`` quotes, best first, spread across speakers, no repeats."""
    pool = sorted(quotes, key=lambda q: (-quote_score(q), q.start))
    chosen: list[Quote] = []
    per_speaker: Counter[str] = Counter()
    while pool and len(chosen) < max_quotes:
        best = max(
            pool,
            key=lambda q: (
                quote_score(q) - SPEAKER_REPEAT_PENALTY * per_speaker[q.speaker.casefold()],
                -q.start,
            ),
        )
        pool.remove(best)
        if any(is_near_duplicate(best.text, kept.text) for kept in chosen):
            continue
        chosen.append(best)
        if best.speaker:
            per_speaker[best.speaker.casefold()] += 1
    return chosen


def collect_speakers(quotes: Sequence[Quote]) -> tuple[Speaker, ...]:
    """Speakers with their fullest role: people first, then most-quoted first."""
    counts: Counter[str] = Counter()
    first: dict[str, Speaker] = {}
    for quote in quotes:
        if not quote.speaker or quote.speaker_kind == "unknown":
            continue
        key = quote.speaker.casefold()
        counts[key] += 1
        role = quote.role if len(quote.role.split()) <= ROLE_MAX_WORDS else ""
        known = first.get(key)
        if known is None or len(role) > len(known.role):
            first[key] = Speaker(name=quote.speaker, role=role, kind=quote.speaker_kind)
    order = list(first)
    order.sort(key=lambda key: (_KIND_ORDER.get(first[key].kind, 3), -counts[key]))
    return tuple(first[key] for key in order[:MAX_SPEAKERS])


def verified_quotes(article: Article, quotes: Iterable[Quote]) -> list[Quote]:
    """Only quotes that are exactly the article text at their offsets."""
    return [
        q
        for q in quotes
        if q.text.strip() and 0 <= q.start < q.end and article.text[q.start : q.end] == q.text
    ]


def _headline(article: Article) -> str:
    return _shorten(article.title.strip(), HEADLINE_MAX_CHARS)


def _source(article: Article) -> str:
    if article.source:
        return article.source
    return (urlsplit(article.url).hostname or "").removeprefix("www.")


def compose_briefing(
    article: Article,
    quotes: Sequence[Quote],
    *,
    lexicon: Lexicon | None = None,
    max_quotes: int = 3,
) -> Briefing:
    """Headline, source, time, summary, top quotes with links, speakers, topics."""
    valid = verified_quotes(article, quotes)
    top = rank_quotes(valid, max_quotes)
    return Briefing(
        headline=_headline(article),
        url=article.url,
        source=_source(article),
        summary=summarise(article),
        quotes=tuple(top),
        topics=tag_topics(article, lexicon) if lexicon is not None else (),
        speakers=collect_speakers(valid),
        published=article.published,
        quote_links=tuple(text_fragment_url(article.url, q.text) for q in top),
    )
