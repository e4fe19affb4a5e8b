"""Trees exported from scikit-learn and evaluated with numpy (newstrace.ml.trees)."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from newstrace.errors import ModelError
from newstrace.ml.trees import TreeEnsemble, export_ensemble

N_FEATURES = 5


def test_exported_trees_match_scikit_learn() -> None:
    sklearn_ensemble = pytest.importorskip("sklearn.ensemble")
    rng = np.random.default_rng(0)
    x = rng.random((600, N_FEATURES))
    # Thresholds of histogram trees are data values: ties must go left exactly as in sklearn.
    x[:, 1] = np.round(x[:, 1], 1)
    y = (x[:, 0] + x[:, 1] > 1.0).astype(int) + (x[:, 2] > 0.7).astype(int)
    fitted = sklearn_ensemble.HistGradientBoostingClassifier(max_iter=20, random_state=0).fit(x, y)
    ensemble = TreeEnsemble.from_dict(
        json.loads(json.dumps(export_ensemble(fitted))), N_FEATURES, "test trees"
    )
    assert np.abs(ensemble.raw(x) - fitted._raw_predict(x)).max() < 1e-4


def test_trees_over_unknown_features_are_refused() -> None:
    sklearn_ensemble = pytest.importorskip("sklearn.ensemble")
    rng = np.random.default_rng(1)
    x = rng.random((200, N_FEATURES))
    fitted = sklearn_ensemble.HistGradientBoostingClassifier(max_iter=5, random_state=0)
    fitted.fit(x, (x[:, 4] > 0.5).astype(int))
    with pytest.raises(ModelError, match="test trees: a tree splits on an unknown feature"):
        TreeEnsemble.from_dict(export_ensemble(fitted), 4, "test trees")


def stump() -> dict[str, Any]:
    """One tree, one split on feature 0: the smallest valid export."""
    return {
        "depth": 1,
        "baseline": [0.0],
        "roots": [[0]],
        "feature": [0, -1, -1],
        "threshold": [0.5, 0.0, 0.0],
        "left": [1, 0, 0],
        "right": [2, 0, 0],
        "value": [0.0, -1.0, 1.0],
    }


def test_a_stump_reads_and_splits() -> None:
    trees = TreeEnsemble.from_dict(stump(), N_FEATURES, "test trees")
    x = np.zeros((2, N_FEATURES))
    x[1, 0] = 0.9
    assert trees.raw(x)[:, 0].tolist() == [-1.0, 1.0]


@pytest.mark.parametrize(
    "change",
    [
        {"roots": [[2**70]]},  # beyond int64
        {"left": [float("inf"), 0, 0]},
        {"depth": float("inf")},
        {"depth": 10**12},  # more steps than nodes: a hang, not a model
        {"feature": [[0, -1, -1]]},  # 2-D
        {"left": [0, 0, 0], "right": [0, 0, 0]},  # a node that is its own child: a cycle
        {"feature": [0.7, -1, -1]},  # indices are never truncated
        {"roots": [[0, 1], [0]]},  # ragged
        {"value": "many"},
        {"threshold": [0.5]},
    ],
)
def test_malformed_tree_arrays_are_refused_as_model_errors(change: dict[str, Any]) -> None:
    with pytest.raises(ModelError, match="test trees"):
        TreeEnsemble.from_dict({**stump(), **change}, N_FEATURES, "test trees")
