"""The shipped version matcher: a calibrated probability that a stored sentence states the claim.

A logistic model (newstrace.ml.logistic) over the pair features, fitted on the claims of
Emergent train outside the claim-disjoint dev part, with the threshold trace keeps chosen on
out-of-fold train predictions (docs/models/versions.md). Two variants ship: one over the
lexical and embedding features, one over the lexical features alone, for an install without
the `semantic` extra or a sentence that has no vector.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from newstrace.errors import ModelError
from newstrace.ml.logistic import FloatArray, LogisticModel
from newstrace.ml.shipped import read_model_json

from .features import LEXICAL_FEATURES, SEMANTIC_FEATURES

MODEL_FILE = "version_matcher.json"
VARIANTS = {"semantic": (*LEXICAL_FEATURES, *SEMANTIC_FEATURES), "lexical": LEXICAL_FEATURES}


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
