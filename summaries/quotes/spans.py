"""Find quotation spans: where quoted words start and end, paragraph by paragraph.

Handles curly and straight double quotes, British single quotes told apart from
apostrophes, guillemets, windows-1252 curly quotes decoded as C1 controls (U+0091 to
U+0094), quotes nested inside quotes (only the outermost is returned) and quotes that run
over several paragraphs. A stray or unbalanced mark is forgotten at the end of its
paragraph, so it never spoils the rest of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_OPEN = frozenset("“„‟\x93")
DOUBLE_CLOSE = frozenset("”\x94")
SINGLE_OPEN = frozenset("‘‛\x91")
SINGLE_CLOSE = frozenset("’\x92")
OPENERS = frozenset("\"'«‹") | DOUBLE_OPEN | SINGLE_OPEN

_MARK_RUN = re.compile("[\"'«»‹›“”„‟‘’‛\x91\x92\x93\x94]")
_PAIR_PAD = "\x01"
_PARAGRAPH = re.compile(r"[^\n]+")
# Words that begin with an apostrophe rather than an opening single quote.
_ELISION = re.compile(
    r"(?:\d\ds?|n[’']|n|em|til|tis|twas|cause|bout|nuff|cos|s)(?![\w’'])", re.IGNORECASE
)
_OPEN_BEFORE = frozenset(' \t([{—–-/"“‘«\x93\x91')


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """Quoted words ``text[start:end]`` between the marks at ``open_at`` and ``close_at``.

    ``close_at`` is -1 for a quote its writer never closed (kept only when it opens a
    paragraph) and for each paragraph of a quote that runs on into a paragraph reopening
    with a mark: every such paragraph is its own span, ``continued`` up to the last. ``paragraph`` is the index of the paragraph where the quote opens and
    ``last_paragraph`` the one where it ends.
    """

    start: int
    end: int
    open_at: int
    close_at: int
    paragraph: int
    last_paragraph: int
    continued: bool = False  # the quote goes on in the next span (a paragraph that reopens)


@dataclass(slots=True)
class _Open:
    family: str
    at: int
    paragraph: int


def _family_of_opener(mark: str) -> str:
    if mark in DOUBLE_OPEN or mark == '"':
        return "d"
    if mark in SINGLE_OPEN or mark == "'":
        return "s"
    return "g" if mark == "«" else "h"


def _is_elision(para: str, i: int) -> bool:
    return _ELISION.match(para, i + 1) is not None


def _later_strong_single_close(para: str, i: int) -> bool:
    """Is there a later closing single mark that is clearly not a plural possessive?"""
    for j in range(i + 1, min(len(para), i + 400)):
        ch = para[j]
        if ch in SINGLE_CLOSE or ch == "'":
            prev = para[j - 1]
            nxt = para[j + 1] if j + 1 < len(para) else " "
            if prev.isalnum() and nxt.isalnum():
                continue
            if not prev.isspace() and not nxt.isalnum() and not (prev == "s" and nxt == " "):
                return True
    return False


def _classify(para: str, i: int, stack: list[_Open]) -> str:
    """Return 'open', 'close:<family>' or '' (ignore) for the mark at ``para[i]``."""
    ch = para[i]
    prev = para[i - 1] if i > 0 else " "
    nxt = para[i + 1] if i + 1 < len(para) else " "
    families = {o.family for o in stack}
    if ch in DOUBLE_OPEN:
        if "d" in families and stack[-1].family == "d" and not nxt.isalnum() and nxt != "‘":
            return "close:d"
        return "open"
    if ch in DOUBLE_CLOSE:
        if "d" in families:
            return "close:d"
        return "open" if (prev in _OPEN_BEFORE and nxt.isalnum()) else ""
    if ch == '"':
        if "d" in families:
            return "close:d"
        if prev.isdigit() or (nxt.isspace() and i > 0) or i + 1 >= len(para):
            return ""  # at a paragraph's start, '" It was…' still opens a quote
        return "open"
    if ch in "«‹":
        return "open"
    if ch in "»›":
        fam = "g" if ch == "»" else "h"
        return f"close:{fam}" if fam in families else ""
    return _classify_single(para, i, prev, nxt, families)


def _classify_single(para: str, i: int, prev: str, nxt: str, families: set[str]) -> str:
    ch = para[i]
    if prev.isalnum() and nxt.isalnum():
        return ""  # don't, o’clock, Russia's
    if ch in SINGLE_OPEN:
        if prev.isalnum() or _is_elision(para, i):
            return ""
        return "open"
    if "s" in families and not prev.isspace() and not nxt.isalnum():
        if prev in "sz" and nxt == " " and _later_strong_single_close(para, i):
            return ""  # allies’ support, inside a quote that closes later
        return "close:s"
    if ch == "'" and prev in _OPEN_BEFORE and nxt.isalnum() and not _is_elision(para, i):
        return "open"
    return ""


_SENTENCE_END = re.compile(r"[.!?…]\s+$")
_CUE_AFTER = re.compile(
    r"\s*(?:(?:[A-Z][\w'’.\-]*|the\s+[a-z]+|[a-z]+)\s+)?"
    r"(?:said|says|told|added|asked|wrote|stated|declared|insisted|warned)\b"
)


def _unopened(para: str, i: int) -> bool:
    """Is the closing double mark at ``para[i]`` the end of a quote whose opening mark the
    writer left out? Only for the paragraph's first mark, after a sentence of five words or
    more that starts the paragraph with a capital, right before its attribution ("…
    Ecuadorians,” the president said")."""
    if para[i] not in DOUBLE_CLOSE or i < 2 or para[i - 1] not in ",.!?":
        return False
    if not para[:1].isupper() or len(re.findall(r"\w+", para[:i])) < 5:
        return False
    return _CUE_AFTER.match(para, i + 1) is not None


def _reopens_in_line(para: str, i: int, stack: list[_Open]) -> bool:
    """Is the opening mark at ``para[i]`` (curly, or straight with a space before it and a
    capital after it) a new paragraph of the open quote, run onto the same line (it follows
    a finished sentence and starts a capitalised one)?"""
    if (para[i] not in DOUBLE_OPEN and para[i] != '"') or len(stack) != 1:
        return False
    if stack[0].family != "d":
        return False
    nxt = para[i + 1 : i + 2]
    return nxt.isupper() and _SENTENCE_END.search(para, max(0, i - 4), i) is not None


def _span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] == _PAIR_PAD):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == _PAIR_PAD):
        end -= 1
    return start, end


def _pairs_as_double_marks(text: str) -> str:
    """Old wire copy writes ''Q,'' (and TeX ``Q''): read each pair as one double mark.
    The first character of a pair becomes padding, so offsets stay those of ``text``."""
    if "''" not in text and "``" not in text:
        return text
    return text.replace("``", _PAIR_PAD + "“").replace("''", _PAIR_PAD + '"')


def _has_words(text: str, start: int, end: int, minimum: int) -> bool:
    return len(re.findall(r"\w+", text[start:end])) >= minimum


def _next_para_opens(text: str, paras: list[tuple[int, int]], k: int) -> bool:
    if k + 1 >= len(paras):
        return False
    s, _e = paras[k + 1]
    return text[s] in OPENERS


_CUE_BEFORE = re.compile(
    r"(?:\b(?:said|says|say|told|tells|added|adds|wrote|writes|that|asked|warned|declared)"
    r"|[.:!?,;—–…])\s*$",
    re.IGNORECASE,
)


def _opens_utterance(text: str, para_start: int, at: int) -> bool:
    """Does the mark at ``at`` stand where a quoted utterance can begin (not mid-phrase)?"""
    if at == para_start or text[at - 1] == "\n":
        return True
    return _CUE_BEFORE.search(text, max(para_start, at - 20), at) is not None


def _closes_later(text: str, paras: list[tuple[int, int]], k: int) -> bool:
    """Does a double quote left open in paragraph ``k`` close in one of the next few
    paragraphs, none of which has a mark before that closing one?"""
    for j in range(k + 1, min(len(paras), k + 6)):
        ps, pe = paras[j]
        m = _MARK_RUN.search(text, ps, pe)
        if m is None:
            continue
        i, ch = m.start(), m.group(0)
        after = text[i + 1 : i + 2]
        if ch in DOUBLE_CLOSE or (ch == '"' and i > ps and not after.isalnum()):
            return not text[i - 1].isspace()
        return False
    return False


def _soft_wrapped(text: str, paras: list[tuple[int, int]], k: int, family: str) -> bool:
    """Is line ``k + 1`` the rest of the same paragraph, hard-wrapped inside an open quote?
    (One line break, no quote mark opening the next line, and its first mark closes.)"""
    if k + 1 >= len(paras):
        return False
    end, (ns, ne) = paras[k][1], paras[k + 1]
    if text.count("\n", end, ns) != 1 or text[ns] in OPENERS:
        return False
    m = _MARK_RUN.search(text, ns, ne)
    if m is None:
        return False
    i, ch = m.start(), m.group(0)
    after = text[i + 1 : i + 2]
    if family == "d":
        return ch in DOUBLE_CLOSE or (ch == '"' and not after.isalnum())
    if family == "s":
        return (ch in SINGLE_CLOSE or ch == "'") and not after.isalnum()
    return ch == ("»" if family == "g" else "›")


# A line that stops mid-sentence: a lower-case word or a comma (perhaps closing a quote),
# or a word that can never end a sentence ("on", "the", "and").
_OPEN_LINE_END = re.compile(r"(?:[a-z,;]|,[\"”’'\x94\x92])\Z")
_LINKING_END = re.compile(
    r"\b(?:a|an|the|and|or|but|of|to|in|on|at|by|for|from|with|into|as|than|that|our|their|"
    r"his|her|its|this|these|those)\Z"
)


def _wrapped(text: str, prev: tuple[int, int], start: int) -> bool:
    """Is the line at ``start`` the rest of the line ``prev``, hard-wrapped (one line break,
    the sentence left open: a lower-case start after a lower-case word or comma, or any
    start after "the", "and", "on" ...)?"""
    ps, pe = prev
    if text.count("\n", pe, start) != 1 or not text[start].isalnum():
        return False
    if _LINKING_END.search(text, max(ps, pe - 6), pe):
        return True
    return text[start].islower() and _OPEN_LINE_END.search(text, max(ps, pe - 2), pe) is not None


def paragraphs(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each paragraph of ``text[:limit]``: each non-blank line,
    joined to the line before when that one was hard-wrapped mid-sentence."""
    end = len(text) if limit is None else limit
    out: list[tuple[int, int]] = []
    for m in _PARAGRAPH.finditer(text, 0, end):
        s, e = _span(text, m.start(), m.end())
        if s >= e:
            continue
        if out and _wrapped(text, out[-1], s):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def find_quote_spans(text: str, limit: int | None = None) -> list[QuoteSpan]:
    """Return the outermost quotations in ``text[:limit]``, in order."""
    text = _pairs_as_double_marks(text)
    paras = paragraphs(text, limit)
    spans: list[QuoteSpan] = []
    carry: _Open | None = None
    soft = False
    for k, (ps, pe) in enumerate(paras):
        para = text[ps:pe]
        stack: list[_Open] = []
        first = 0
        if carry is not None:
            stack.append(carry)
            first = 0 if soft else 1  # skip the mark that reopens a continued quote
        inner: list[QuoteSpan] = []
        carry, soft = None, False
        for n, m in enumerate(_MARK_RUN.finditer(para, first)):
            i = m.start()
            if _reopens_in_line(para, i, stack):
                # “A. “B. “C.” — paragraphs run together on one line, each reopening
                opened = stack.pop()
                s, e = _span(text, opened.at + 1, ps + i)
                if _has_words(text, s, e, 3):
                    spans.append(
                        QuoteSpan(s, e, opened.at, -1, opened.paragraph, k, continued=True)
                    )
                stack.append(_Open("d", ps + i, k))
                continue
            verdict = _classify(para, i, stack)
            if not verdict and not stack and n == 0 and _unopened(para, i):
                # “Q1.”\n\nQ2,” the president said: the writer dropped the opening mark
                s, e = _span(text, ps, ps + i)
                spans.append(QuoteSpan(s, e, ps, ps + i, k, k))
                continue
            if verdict == "open":
                stack.append(_Open(_family_of_opener(para[i]), ps + i, k))
            elif verdict.startswith("close:"):
                fam = verdict[6:]
                while stack and stack[-1].family != fam:
                    stack.pop()
                if not stack:
                    continue
                opened = stack.pop()
                s, e = _span(text, opened.at + 1, ps + i)
                if s >= e or not _has_words(text, s, e, 1):
                    continue
                span = QuoteSpan(s, e, opened.at, ps + i, opened.paragraph, k)
                if not stack:
                    spans.append(span)
                    inner = []  # nested in a quote that closed: not to be promoted
                elif len(stack) == 1:
                    inner.append(span)
        if stack:
            bottom = stack[0]
            s, e = _span(text, bottom.at + 1, pe)
            if len(stack) == 1 and _soft_wrapped(text, paras, k, bottom.family):
                carry, soft = bottom, True
            elif (
                _has_words(text, s, e, 3)
                and _next_para_opens(text, paras, k)
                and _opens_utterance(text, ps, bottom.at)
            ):
                spans.append(QuoteSpan(s, e, bottom.at, -1, bottom.paragraph, k, continued=True))
                carry = _Open(bottom.family, paras[k + 1][0], k + 1)
            elif (
                len(stack) == 1
                and bottom.family == "d"
                and not inner
                and _has_words(text, s, e, 3)
                and (bottom.paragraph != k or _opens_utterance(text, ps, bottom.at))
                and _closes_later(text, paras, k)
            ):  # paragraphs of one quote that only the last closes, none reopening
                spans.append(QuoteSpan(s, e, bottom.at, -1, bottom.paragraph, k, continued=True))
                carry, soft = _Open("d", paras[k + 1][0] - 1, k + 1), True
            elif bottom.paragraph == k and len(stack) == 1 and not inner:
                if _has_words(text, s, e, 3) and _opens_utterance(text, ps, bottom.at):
                    spans.append(QuoteSpan(s, e, bottom.at, -1, k, k))  # never closed
            elif bottom.paragraph != k:
                spans.append(QuoteSpan(s, e, bottom.at, -1, bottom.paragraph, k))
            else:
                spans.extend(inner)  # the bottom mark was stray: keep what it swallowed
    spans.sort(key=lambda q: q.start)
    return spans
