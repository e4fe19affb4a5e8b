"""Features of a (claim, stored sentence) pair for the version matcher.

The caller reads the texts (stems with name aliases folded, numbers); this module turns what
they share into numbers. Scores are also read relative to the claim's best candidate: a
sentence at 0.6 overlap is a version when nothing does better and a sibling story when another
sentence shares every word. Numbers decide between sibling rumours ("will cost 1,200" and "will
cost 4,999" are two claims), so a number in both that differs counts against; a round number
and the exact one it rounds ("2,000" and "2,084") agree.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newstrace.ml.stance.dispute import REFUTE

FloatArray = npt.NDArray[np.float64]

LEXICAL_FEATURES = (
    "overlap",
    "overlap_gap_to_top",
    "claim_terms_covered",
    "sentence_terms_covered",
    "bigrams_shared",
    "numbers_agree",
    "numbers_conflict",
    "names_covered",
    "refutes",
    "question",
)
SEMANTIC_FEATURES = ("cos", "cos_gap_to_top", "cos_log_rank")
# The semantic variant's log-odds and the cross-encoder's logit (ml/versions/cross.py).
CROSS_FEATURES = ("semantic_logit", "cross_logit")

_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
# Two numbers within this share of the larger are one ("4,999" and "5,000" in headlines).
_NUMBER_TOLERANCE = 0.02
# A round number is the other rounded to its last non-zero digit ("2,000" for "2,084", "300"
# for "280") when within this share of it: headlines round what the claim states exactly.
_ROUNDING_TOLERANCE = 0.1


def numbers_in(text: str) -> frozenset[float]:
    """The numbers a text states, separators dropped ("1,000" and "1000" are one number)."""
    return frozenset(float(n.replace(",", "")) for n in _NUMBER.findall(text))


@dataclass(frozen=True)
class TextParts:
    """What the features compare, read once per text (the claim, or one stored sentence)."""

    stems: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    numbers: frozenset[float]
    refutes: bool  # a word of denial ("hoax", "denies", "debunked"): a denial is a version too
    question: bool

    @classmethod
    def of(cls, stems: Sequence[str], text: str) -> TextParts:
        return cls(
            frozenset(stems),
            frozenset(itertools.pairwise(stems)),
            numbers_in(text),
            REFUTE.search(text) is not None,
            "?" in text,
        )


def _share(part: frozenset[str], whole: frozenset[str]) -> float:
    return len(part & whole) / len(whole) if whole else 0.0


def _rounds_to(exact: float, rounded: float) -> bool:
    """Whether `rounded` is `exact` rounded to `rounded`'s last non-zero digit, and near it."""
    if rounded != int(rounded) or abs(rounded) < 10:
        return False
    step, digits = 1, int(abs(rounded))
    while digits % 10 == 0:
        step, digits = step * 10, digits // 10
    near = abs(exact - rounded) <= _ROUNDING_TOLERANCE * abs(rounded)
    return step > 1 and near and math.floor(exact / step + 0.5) * step == rounded


def _agree(a: float, b: float) -> bool:
    near = abs(a - b) <= _NUMBER_TOLERANCE * max(abs(a), abs(b), 1.0)
    return near or _rounds_to(a, b) or _rounds_to(b, a)


def lexical_features(
    claim: TextParts, names: frozenset[str], rows: Sequence[TextParts], overlap: FloatArray
) -> FloatArray:
    """One row of LEXICAL_FEATURES per sentence; `names` are the stems of the claim's names,
    `overlap` each sentence's IDF-weighted share of the claim's words."""
    top = float(overlap.max()) if len(overlap) else 0.0
    out = np.zeros((len(rows), len(LEXICAL_FEATURES)), dtype=np.float64)
    for i, row in enumerate(rows):
        agree = any(_agree(a, b) for a in claim.numbers for b in row.numbers)
        out[i] = (
            overlap[i],
            top - overlap[i],
            _share(row.stems, claim.stems),
            _share(claim.stems, row.stems),
            float(min(len(claim.bigrams & row.bigrams), 3)),
            float(agree),
            float(bool(claim.numbers and row.numbers) and not agree),
            _share(row.stems, names) if names else 1.0,
            float(row.refutes and not claim.refutes),
            float(row.question),
        )
    return out


def semantic_features(cos: FloatArray) -> FloatArray:
    """One row of SEMANTIC_FEATURES per sentence, from its cosine with the claim."""
    top = float(cos.max()) if len(cos) else 0.0
    rank = np.empty(len(cos), dtype=np.float64)
    rank[np.argsort(-cos, kind="stable")] = np.arange(len(cos))
    return np.column_stack([cos, top - cos, np.log1p(rank)])


def cross_features(semantic: FloatArray, cross: FloatArray) -> FloatArray:
    """One row of CROSS_FEATURES per sentence: the semantic variant's probability as log-odds
    (clipped, so a certain 0 or 1 stays finite) and the cross-encoder's logit."""
    p = np.clip(semantic, 1e-6, 1 - 1e-6)
    return np.column_stack([np.log(p / (1 - p)), cross])
