"""Gradient-boosted trees: exported from scikit-learn at training, evaluated with numpy alone.

The stance model and the source reranker ship their trees as flat node arrays in JSON, so
scikit-learn is needed for training only.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.errors import ModelError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
_CHUNK = 2048


@dataclass(frozen=True)
class TreeEnsemble:
    """Gradient-boosted trees exported from scikit-learn, evaluated with numpy alone.

    All trees share flat node arrays; `roots[k]` lists the root node of every tree that adds
    to output column k. A sample goes left when its feature value is <= the threshold.
    """

    feature: IntArray
    threshold: FloatArray
    left: IntArray
    right: IntArray
    value: FloatArray
    roots: IntArray
    baseline: FloatArray
    depth: int

    def raw(self, x: FloatArray) -> FloatArray:
        """Summed leaf values plus the baseline: shape (n_samples, n_outputs)."""
        # Chunks bound the (samples x trees) index arrays to a few tens of MB.
        chunks = [self._raw(x[i : i + _CHUNK]) for i in range(0, len(x), _CHUNK)]
        if not chunks:
            return np.zeros((0, len(self.baseline)))
        return np.vstack(chunks)

    def _raw(self, x: FloatArray) -> FloatArray:
        n_outputs, n_trees = self.roots.shape
        node = np.broadcast_to(self.roots.reshape(1, -1), (len(x), n_outputs * n_trees)).copy()
        rows = np.arange(len(x))[:, None]
        for _ in range(self.depth):
            feature = self.feature[node]
            leaf = feature < 0
            goes_left = x[rows, np.where(leaf, 0, feature)] <= self.threshold[node]
            node = np.where(leaf, node, np.where(goes_left, self.left[node], self.right[node]))
        sums = self.value[node].reshape(len(x), n_outputs, n_trees).sum(axis=2)
        result: FloatArray = sums + self.baseline
        return result

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], n_features: int, what: str) -> TreeEnsemble:
        """An ensemble from its exported arrays, refused (ModelError naming `what`) if they do
        not form trees over `n_features` features: a model file is input like any other."""
        try:
            roots = _integers(data["roots"], what)
            ensemble = cls(
                feature=_integers(data["feature"], what),
                threshold=np.asarray(data["threshold"], dtype=np.float64),
                left=_integers(data["left"], what),
                right=_integers(data["right"], what),
                value=np.asarray(data["value"], dtype=np.float64),
                roots=roots.reshape(len(roots), -1),
                baseline=np.asarray(data["baseline"], dtype=np.float64),
                depth=operator.index(data["depth"]),
            )
        except (KeyError, TypeError, ValueError, OverflowError, IndexError) as exc:
            raise ModelError(f"{what}: malformed tree arrays: {exc!r}") from exc
        ensemble.check(n_features, what)
        return ensemble

    def check(self, n_features: int, what: str) -> None:
        """Refuse arrays that are not trees: evaluation must end after `depth` steps."""
        flat = (self.feature, self.threshold, self.left, self.right, self.value, self.baseline)
        if any(a.ndim != 1 for a in flat) or self.roots.ndim != 2:
            raise ModelError(f"{what}: tree arrays have the wrong shape")
        n = len(self.feature)
        if not len(self.threshold) == len(self.left) == len(self.right) == len(self.value) == n:
            raise ModelError(f"{what}: tree node arrays differ in length")
        if self.roots.size and (self.roots.min() < 0 or self.roots.max() >= n):
            raise ModelError(f"{what}: a tree root points outside the node arrays")
        inner = np.flatnonzero(self.feature >= 0)
        # scikit-learn numbers children after their parent; requiring it rules out cycles.
        children = np.concatenate([self.left[inner] - inner, self.right[inner] - inner])
        if children.size and (children.min() <= 0 or max(self.left.max(), self.right.max()) >= n):
            raise ModelError(f"{what}: a tree node points outside its tree")
        if not 0 <= self.depth <= n:
            raise ModelError(f"{what}: tree depth {self.depth} is impossible")
        if self.feature.max(initial=-1) >= n_features:
            raise ModelError(f"{what}: a tree splits on an unknown feature")
        if len(self.baseline) != len(self.roots):
            raise ModelError(f"{what}: baseline and tree outputs differ in number")


def _integers(values: Any, what: str) -> IntArray:
    """An int64 array of `values`, refused if any is not an integer (never truncated)."""
    array = np.asarray(values)
    if array.size and array.dtype.kind not in "iu":
        raise ModelError(f"{what}: tree indices are not integers")
    return array.astype(np.int64)


def significant(value: float, digits: int) -> float:
    """`value` to `digits` significant figures (shorter JSON, same model to float precision)."""
    return float(f"{value:.{digits}g}")


def _threshold(value: float) -> float:
    """Shortened, but never below the original: values equal to a threshold must still go left."""
    short = significant(value, 9)
    while short < value:
        short = significant(short + abs(short) * 1e-8 + 1e-12, 9)
    return short


def export_ensemble(model: Any) -> dict[str, Any]:
    """Flatten a fitted HistGradientBoostingClassifier into node arrays (see TreeEnsemble)."""
    predictors = model._predictors  # no public accessor exposes the fitted trees
    n_outputs = len(predictors[0])
    feature: list[int] = []
    threshold: list[float] = []
    left: list[int] = []
    right: list[int] = []
    value: list[float] = []
    roots: list[list[int]] = [[] for _ in range(n_outputs)]
    depth = 0
    for iteration in predictors:
        for k, predictor in enumerate(iteration):
            nodes = predictor.nodes
            if nodes["is_categorical"].any():
                raise ModelError("tree export: categorical splits are not supported")
            offset = len(feature)
            roots[k].append(offset)
            depth = max(depth, int(nodes["depth"].max()))
            for node in nodes:
                leaf = bool(node["is_leaf"])
                feature.append(-1 if leaf else int(node["feature_idx"]))
                threshold.append(0.0 if leaf else _threshold(float(node["num_threshold"])))
                left.append(0 if leaf else offset + int(node["left"]))
                right.append(0 if leaf else offset + int(node["right"]))
                value.append(significant(float(node["value"]), 6) if leaf else 0.0)
    return {
        "depth": depth,
        "baseline": [float(b) for b in np.ravel(model._baseline_prediction)],
        "roots": roots,
        "feature": feature,
        "threshold": threshold,
        "left": left,
        "right": right,
        "value": value,
    }
