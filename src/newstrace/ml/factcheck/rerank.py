"""The shipped re-ranker: logistic regression over the pair features, read with numpy alone.

A logistic model's output is a probability of "this checked claim verifies this query", fitted
on train candidates as they come (no class reweighting), so it can be thresholded as it is; the
dev reliability is in the model file. Two variants ship: one over the lexical and embedding
features, one over the lexical features alone for an install without the `semantic` extra.
"""

from __future__ import annotations

import functools
from typing import Any

from newstrace.errors import ModelError
from newstrace.ml.logistic import LogisticModel
from newstrace.ml.shipped import read_model_json

MODEL_FILE = "factcheck_rerank.json"
VARIANTS = ("semantic", "lexical")
# The re-ranker is a logistic model over the pair features (newstrace.ml.logistic).
Reranker = LogisticModel


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


@functools.cache
def load_threshold(variant: str) -> float:
    """The shipped variant's threshold: the lowest probability a wrong check reaches for at most
    10 % of the train tweets, out of fold (`newstrace.ml.factcheck.train`)."""
    load_reranker(variant)  # the same checks of the file
    value = _document()["models"][variant].get("threshold")
    if not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ModelError(f"the shipped fact-check re-ranker ({variant}) has no threshold")
    return float(value)
