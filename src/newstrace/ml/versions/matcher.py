"""The shipped version matcher: a calibrated probability that a stored sentence states the claim.

A logistic model (newstrace.ml.logistic) over the pair features, fitted on the claims of
Emergent train outside the claim-disjoint dev part, with the threshold trace keeps chosen on
out-of-fold train predictions (docs/models/versions.md). Two variants ship: one over the
lexical and embedding features, one over the lexical features alone, for an install without
the `semantic` extra or a sentence that has no vector. A third, `cross`, re-scores the
semantic variant's likeliest rows with the cross-encoder's logit (ml/versions/cross.py).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.errors import ModelError
from newstrace.ml.logistic import FloatArray, LogisticModel
from newstrace.ml.shipped import read_model_json

from .features import CROSS_FEATURES, LEXICAL_FEATURES, SEMANTIC_FEATURES

MODEL_FILE = "version_matcher.json"
VARIANTS = {
    "semantic": (*LEXICAL_FEATURES, *SEMANTIC_FEATURES),
    "lexical": LEXICAL_FEATURES,
    "cross": CROSS_FEATURES,
}
# The rows the cross-encoder re-reads: those the semantic variant gives at least CROSS_FLOOR
# (below it no version was seen on Emergent train), the likeliest CROSS_ROWS distinct sentences
# of them, so a trace reads a few dozen pairs whatever the store holds (each pair of two news
# sentences costs about 10 ms on two cores).
CROSS_FLOOR = 0.01
CROSS_ROWS = 32


@dataclass(frozen=True)
class VersionMatcher:
    """One variant: its model and the probability above which trace counts a version."""

    variant: str
    model: LogisticModel
    threshold: float

    def probabilities(self, x: FloatArray) -> FloatArray:
        return self.model.probabilities(x)

    def to_dict(self) -> dict[str, Any]:
        return {**self.model.to_dict(), "threshold": self.threshold}

    @classmethod
    def from_dict(cls, variant: str, data: dict[str, Any]) -> VersionMatcher:
        what = f"version matcher ({variant})"
        model = LogisticModel.from_dict(data, what)
        if model.features != VARIANTS[variant]:
            raise ModelError(f"the shipped {what} was fitted on other features")
        try:
            threshold = float(data["threshold"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"the shipped {what} has no threshold: {exc}") from exc
        if not 0.0 < threshold < 1.0:
            raise ModelError(f"the shipped {what} has a threshold outside (0, 1)")
        return cls(variant, model, threshold)


@functools.cache
def _document() -> dict[str, Any]:
    return read_model_json(MODEL_FILE, "version matcher")


@functools.cache
def load_version_matcher(variant: str) -> VersionMatcher:
    """The shipped matcher variant ("semantic" or "lexical")."""
    if variant not in VARIANTS:
        raise ModelError(f"unknown matcher variant {variant!r}: one of {', '.join(VARIANTS)}")
    models = _document().get("models")
    if not isinstance(models, dict) or not isinstance(models.get(variant), dict):
        raise ModelError(f"the shipped version matcher has no {variant} model")
    return VersionMatcher.from_dict(variant, models[variant])


def cross_rows(
    semantic: FloatArray, sentences: Sequence[str], most: int = CROSS_ROWS
) -> npt.NDArray[np.int64]:
    """Which of one claim's rows the cross-encoder re-reads, given the semantic variant's
    probabilities and the rows' sentences: at least CROSS_FLOOR, the likeliest first, until
    `most` distinct sentences (a title that is also the first line is read once); in row
    order."""
    likely = np.flatnonzero(semantic >= CROSS_FLOOR)
    chosen: list[int] = []
    read: set[str] = set()
    for i in likely[np.argsort(-semantic[likely], kind="stable")]:
        if sentences[i] not in read and len(read) == most:
            continue
        read.add(sentences[i])
        chosen.append(int(i))
    return np.array(sorted(chosen), dtype=np.int64)


def has_variant(variant: str) -> bool:
    """Whether the shipped matcher holds `variant` (a file trained before the cross variant
    existed does not)."""
    models = _document().get("models")
    return isinstance(models, dict) and isinstance(models.get(variant), dict)
