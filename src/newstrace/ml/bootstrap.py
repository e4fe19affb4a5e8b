"""Bootstrap 95% intervals and the numpy metrics they resample (no scikit-learn at run time)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

BOOTSTRAP_RESAMPLES = 1000
DEFAULT_SEED = 13

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Statistic = Callable[[IntArray], dict[str, float]]


def bootstrap(
    statistic: Statistic,
    strata: Sequence[str],
    seed: int = DEFAULT_SEED,
    resamples: int = BOOTSTRAP_RESAMPLES,
) -> dict[str, list[float]]:
    """95% percentile intervals, resampling items within each stratum (debate) with replacement.

    `statistic` receives the resampled item indices and returns named figures; a figure that is
    undefined on a resample (NaN) is left out of that figure's percentiles.
    """
    rng = np.random.default_rng(seed)
    strata_array = np.asarray(strata)
    members = [np.flatnonzero(strata_array == s) for s in sorted(set(strata))]
    samples: dict[str, list[float]] = {}
    for _ in range(resamples):
        index = np.concatenate([rng.choice(m, size=len(m)) for m in members])
        for name, value in statistic(index).items():
            samples.setdefault(name, []).append(value)
    return {name: percentile_interval(values) for name, values in samples.items()}


def bootstrap_clusters(
    statistic: Statistic,
    clusters: Sequence[str],
    seed: int = DEFAULT_SEED,
    resamples: int = BOOTSTRAP_RESAMPLES,
) -> dict[str, list[float]]:
    """95% percentile intervals, resampling whole clusters (outlets, bodies) with replacement.

    Use it when items of one cluster are alike: resampling items would understate the spread.
    """
    rng = np.random.default_rng(seed)
    cluster_array = np.asarray(clusters)
    members = [np.flatnonzero(cluster_array == c) for c in sorted(set(clusters))]
    samples: dict[str, list[float]] = {}
    for _ in range(resamples):
        chosen = rng.integers(0, len(members), size=len(members))
        index = np.concatenate([members[c] for c in chosen])
        for name, value in statistic(index).items():
            samples.setdefault(name, []).append(value)
    return {name: percentile_interval(values) for name, values in samples.items()}


def percentile_interval(values: Sequence[float]) -> list[float]:
    """The 2.5th and 97.5th percentiles of the defined values (NaN, NaN when none is)."""
    finite = np.asarray(values, dtype=np.float64)
    finite = finite[~np.isnan(finite)]
    if not len(finite):
        return [float("nan"), float("nan")]
    return [float(np.percentile(finite, 2.5)), float(np.percentile(finite, 97.5))]


def with_intervals(
    point: dict[str, float], intervals: dict[str, list[float]]
) -> dict[str, dict[str, Any]]:
    """Pair each point figure with its interval: {"name": {"value": v, "ci95": [lo, hi]}}."""
    return {name: {"value": value, "ci95": intervals[name]} for name, value in point.items()}


def average_precision(y: IntArray, scores: FloatArray) -> float:
    """Area under the step precision-recall curve, as scikit-learn's average_precision_score.

    Tied scores form one threshold. NaN when there is no positive item.
    """
    positives = int(y.sum())
    if positives == 0:
        return float("nan")
    order = np.argsort(-scores, kind="mergesort")
    ranked_scores, ranked_y = scores[order], y[order]
    # The last index of each run of tied scores is where a threshold takes effect.
    ends = np.r_[np.flatnonzero(np.diff(ranked_scores)), len(ranked_y) - 1]
    true_positives = np.cumsum(ranked_y)[ends]
    precision = true_positives / (ends + 1)
    recall = true_positives / positives
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


def mean_average_precision(
    groups: Sequence[str] | npt.NDArray[Any], y: IntArray, scores: FloatArray
) -> float:
    """Mean over groups (debates) with at least one positive of each group's average precision."""
    group_array = np.asarray(groups)
    values = [
        average_precision(y[group_array == g], scores[group_array == g])
        for g in np.unique(group_array[y == 1])
    ]
    return float(np.mean(values)) if values else float("nan")


def binary_figures(y: IntArray, predicted: npt.NDArray[np.bool_]) -> dict[str, float]:
    """Precision, recall and F1 of the positive class (0.0 when undefined, as scikit-learn)."""
    tp = float(np.sum(predicted & (y == 1)))
    fp = float(np.sum(predicted & (y == 0)))
    fn = float(np.sum(~predicted & (y == 1)))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def accuracy(y: IntArray, predicted: IntArray) -> float:
    return float(np.mean(y == predicted)) if len(y) else float("nan")


def macro_f1(y: IntArray, predicted: IntArray, n_classes: int) -> float:
    """Unweighted mean of per-class F1 over classes present in `y` or in `predicted`."""
    values = [
        binary_figures((y == c).astype(np.int64), predicted == c)["f1"]
        for c in range(n_classes)
        if np.any(y == c) or np.any(predicted == c)
    ]
    return float(np.mean(values)) if values else float("nan")


def ranking_report(
    y: IntArray,
    scores: FloatArray,
    threshold: float,
    groups: Sequence[str] | None = None,
    seed: int = DEFAULT_SEED,
) -> dict[str, Any]:
    """n, precision/recall/F1 at `threshold`, average precision and (with groups) MAP, with CIs.

    With groups the bootstrap resamples items within each group, so every debate stays in.
    """

    # Integer codes: comparing strings in every resample would dominate the run time.
    codes = np.unique(np.asarray(groups), return_inverse=True)[1] if groups is not None else None

    def statistic(index: IntArray) -> dict[str, float]:
        figures = binary_figures(y[index], scores[index] >= threshold)
        figures["average_precision"] = average_precision(y[index], scores[index])
        if codes is not None:
            figures["map"] = mean_average_precision(codes[index], y[index], scores[index])
        return figures

    everything = np.arange(len(y), dtype=np.int64)
    strata = list(groups) if groups is not None else ["all"] * len(y)
    report: dict[str, Any] = {
        "n": len(y),
        "n_positive": int(y.sum()),
        "threshold": threshold,
    }
    if groups is not None:
        report["n_groups"] = len(set(groups))
    report.update(with_intervals(statistic(everything), bootstrap(statistic, strata, seed)))
    return report
