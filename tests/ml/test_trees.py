"""Trees exported from scikit-learn and evaluated with numpy (newstrace.ml.trees)."""

from __future__ import annotations

import json

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
