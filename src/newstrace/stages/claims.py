"""Claims: check-worthy sentences, each linked to the attribution it rests on and its hedges."""

from __future__ import annotations

from ..model import Attribution, Claim
from .base import Context, Stage
from .boilerplate import after, inside

_MIN_WORDS = 5


def _resting_on(start: int, end: int, attributions: list[Attribution]) -> Attribution | None:
    """The innermost attribution whose content covers most of the sentence (or sits in it)."""
    best: Attribution | None = None
    for att in attributions:
        c = att.content
        overlap = min(end, c.end) - max(start, c.start)
        covers = overlap >= 0.5 * (end - start) or overlap >= 0.5 * (c.end - c.start)
        if overlap <= 0 or not covers:
            continue
        if best is None or (c.end - c.start) < (best.content.end - best.content.start):
            best = att
    return best


def _is_candidate(text: str) -> bool:
    stripped = text.strip()
    return len(stripped.split()) >= _MIN_WORDS and not stripped.endswith(":")


def find_claims(ctx: Context) -> None:
    from ..ml.checkworthy.scorer import load_checkworthy, span_tag_terms

    text = ctx.article.text
    spans = [
        (after(ctx.boilerplate, s, e), e)
        for s, e in ctx.sentences
        if not inside(ctx.boilerplate, s, e)
    ]
    spans = [(s, e) for s, e in spans if _is_candidate(text[s:e])]
    if not spans:
        return
    model = load_checkworthy()
    # Tags come from the article's one parse: the model would otherwise parse each sentence.
    parsed = [ctx.doc.char_span(s, e, alignment_mode="expand") for s, e in spans]
    ents = [(e.start, e.end, e.label_) for e in ctx.doc.ents]
    tags = [span_tag_terms(span, ents) if span is not None else [] for span in parsed]
    scores = model.score([text[s:e] for s, e in spans], tags)
    for (start, end), score in zip(spans, scores, strict=True):
        if score < model.threshold:
            continue
        att = _resting_on(start, end, ctx.attributions)
        hedges = [h for h in ctx.hedges if start <= h.start and h.end <= end]
        ctx.claims.append(
            Claim(
                text=text[start:end],
                start=start,
                end=end,
                checkworthiness=round(float(score), 4),
                hedges=hedges,
                attribution=att.id if att else None,
                source=att.source.entity if att else None,
            )
        )


STAGE = Stage(
    "claims",
    reads=("sentences", "boilerplate", "attributions", "hedges"),
    adds=("claims",),
    run=find_claims,
)
