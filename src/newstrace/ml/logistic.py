"""A logistic model over named features, read and applied with numpy alone.

The fact-check re-ranker and trace's version matcher are both one: standardised features, a
weight each, a sigmoid. The output is a probability fitted on candidates as they come (no class
reweighting), so it can be thresholded as it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.errors import ModelError

FloatArray = npt.NDArray[np.float64]


def softmax(z: FloatArray) -> FloatArray:
    """Each row of logits as probabilities (a multinomial model's output)."""
    shifted = np.exp(z - z.max(axis=1, keepdims=True))
    result: FloatArray = shifted / shifted.sum(axis=1, keepdims=True)
    return result


@dataclass(frozen=True)
class LogisticModel:
    """Standardised features -> logistic probability."""

    features: tuple[str, ...]
    mean: FloatArray
    scale: FloatArray
    coef: FloatArray
    intercept: float

    def probabilities(self, x: FloatArray) -> FloatArray:
        if x.ndim != 2 or x.shape[1] != len(self.features):
            raise ModelError(f"the model expects {len(self.features)} features, got {x.shape}")
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
    def from_dict(cls, data: Mapping[str, Any], what: str) -> LogisticModel:
        try:
            features = tuple(str(f) for f in data["features"])
            arrays = [np.asarray(data[k], dtype=np.float64) for k in ("mean", "scale", "coef")]
            intercept = float(data["intercept"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"the shipped {what} is malformed: {exc}") from exc
        if any(a.shape != (len(features),) for a in arrays) or np.any(arrays[1] <= 0):
            raise ModelError(f"the shipped {what} has arrays of the wrong shape")
        if not all(np.isfinite(a).all() for a in arrays) or not np.isfinite(intercept):
            raise ModelError(f"the shipped {what} holds a number that is not finite")
        return cls(features, arrays[0], arrays[1], arrays[2], intercept)


def fit_logistic(
    x: FloatArray, y: FloatArray, c: float, names: Sequence[str], seed: int
) -> LogisticModel:
    """L2 logistic regression on standardised columns (training only: needs scikit-learn)."""
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    fitted = LogisticRegression(C=c, max_iter=5000, random_state=seed).fit((x - mean) / scale, y)
    return LogisticModel(
        tuple(names), mean, scale, fitted.coef_[0].astype(np.float64), float(fitted.intercept_[0])
    )


def reliability(probabilities: FloatArray, y: FloatArray, bins: int = 10) -> dict[str, Any]:
    """Brier score, expected calibration error and the per-bin (mean p, match rate, n) table."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(probabilities, edges[1:-1]), 0, bins - 1)
    table = []
    ece = 0.0
    for b in range(bins):
        mask = which == b
        if not mask.any():
            continue
        mean_p, rate = float(probabilities[mask].mean()), float(y[mask].mean())
        ece += mask.sum() / len(y) * abs(mean_p - rate)
        table.append([round(mean_p, 4), round(rate, 4), int(mask.sum())])
    brier = float(np.mean((probabilities - y) ** 2))
    return {"brier": round(brier, 5), "ece": round(ece, 5), "bins": table}
