"""Hedges: words by which the text distances itself from a claim ("reportedly", "he claimed")."""

from __future__ import annotations

import re

from ..lexicon import DISTANCING_CUES, HEDGE_ADVERBS, HEDGE_MODALS, HEDGE_PHRASES
from ..model import Hedge
from .base import Context, Stage

_PHRASES = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for p in HEDGE_PHRASES) + r")\b", re.IGNORECASE
)


def find_hedges(ctx: Context) -> None:
    text = ctx.article.text
    hedges: list[Hedge] = []
    for token in ctx.doc:
        lower = token.lower_
        if lower in HEDGE_ADVERBS:
            kind = "adverb"
        elif lower in HEDGE_MODALS and token.tag_ == "MD":
            kind = "modal"
        else:
            continue
        end = token.idx + len(token.text)
        hedges.append(Hedge(text=token.text, start=token.idx, end=end, kind=kind))
    for match in _PHRASES.finditer(text):
        hedges.append(Hedge(text=match.group(), start=match.start(), end=match.end()))
    for raw in ctx.raw_attributions:
        if raw.cue is None or raw.cue_lemma not in DISTANCING_CUES:
            continue
        start, end = raw.cue
        # "he claimed": the speaker and the distancing verb read as one hedge.
        if raw.source is not None and 0 <= start - raw.source[1] <= 1:
            start = raw.source[0]
        hedges.append(Hedge(text=text[start:end], start=start, end=end, kind="distancing_cue"))
    ctx.hedges = sorted(_dedupe(hedges), key=lambda h: h.start)


def _dedupe(hedges: list[Hedge]) -> list[Hedge]:
    kept: list[Hedge] = []
    for hedge in sorted(hedges, key=lambda h: (h.start, -(h.end - h.start))):
        if not any(k.start <= hedge.start and hedge.end <= k.end for k in kept):
            kept.append(hedge)
    return kept


STAGE = Stage("hedging", reads=("doc", "raw_attributions"), adds=("hedges",), run=find_hedges)
