"""The shipped re-ranker: logistic regression over the pair features, read with numpy alone.

A logistic model's output is a probability of "this checked claim verifies this query", fitted
on train candidates as they come (no class reweighting), so it can be thresholded as it is; the
dev reliability is in the model file. Two variants ship: one over the lexical and embedding
features, one over the lexical features alone for an install without the `semantic` extra.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.errors import ModelError
from newstrace.ml.shipped import read_model_json

FloatArray = npt.NDArray[np.float64]

MODEL_FILE = "factcheck_rerank.json"
VARIANTS = ("semantic", "lexical")


@dataclass(frozen=True)
class Reranker:
    """Standardised features -> logistic probability."""

    features: tuple[str, ...]
    mean: FloatArray
    scale: FloatArray
    coef: FloatArray
    intercept: float

    def probabilities(self, x: FloatArray) -> FloatArray:
        if x.shape[1] != len(self.features):
            raise ModelError(f"re-ranker expects {len(self.features)} features, got {x.shape[1]}")
        z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], what: str) -> Reranker:
        try:
            features = tuple(str(f) for f in data["features"])
            arrays = [np.asarray(data[k], dtype=np.float64) for k in ("mean", "scale", "coef")]
            intercept = float(data["intercept"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"the shipped {what} is malformed: {exc}") from exc
        if any(a.shape != (len(features),) for a in arrays) or np.any(arrays[1] <= 0):
            raise ModelError(f"the shipped {what} has arrays of the wrong shape")
        return cls(features, arrays[0], arrays[1], arrays[2], intercept)


@functools.cache
def _document() -> dict[str, Any]:
    return read_model_json(MODEL_FILE, "fact-check re-ranker")


def load_reranker(variant: str) -> Reranker:
    """The shipped re-ranker variant ("semantic" or "lexical")."""
    if variant not in VARIANTS:
        raise ModelError(f"unknown re-ranker variant {variant!r}: one of {', '.join(VARIANTS)}")
    models = _document().get("models")
    if not isinstance(models, dict) or not isinstance(models.get(variant), dict):
        raise ModelError(f"the shipped fact-check re-ranker has no {variant} model")
    return Reranker.from_dict(models[variant], f"fact-check re-ranker ({variant})")
