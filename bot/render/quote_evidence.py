"""``sitrep quotes`` output: each quote with the evidence for its speaker."""

from __future__ import annotations

from summaries.models import Quote, SpeakerCue


def quote_json(q: Quote) -> dict[str, object]:
    cue = q.cue or SpeakerCue("none")
    return {
        "text": q.text,
        "speaker": q.speaker,
        "role": q.role,
        "kind": q.kind,
        "start": q.start,
        "end": q.end,
        "cue": {"kind": cue.kind, "text": cue.text, "start": cue.start, "end": cue.end},
        "confidence": q.confidence,
    }


def explain_quotes(found: list[Quote]) -> str:
    """One block per quote: the quote, its speaker, and the words that chose the speaker."""
    blocks = []
    for n, q in enumerate(found, 1):
        cue = q.cue or SpeakerCue("none")
        evidence = f"{cue.kind} “{cue.text}” at {cue.start}-{cue.end}" if cue.text else cue.kind
        blocks.append(
            f"{n}. [{q.start}-{q.end}] {q.kind} “{q.text[:100]}”\n"
            f"   speaker: {q.speaker or 'unattributed'}"
            + (f" ({q.role})" if q.role else "")
            + f"  confidence {q.confidence:.2f}\n   evidence: {evidence}"
        )
    return "\n".join(blocks) if blocks else "no quotes"
