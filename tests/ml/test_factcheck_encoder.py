"""The fact-check encoder: MiniLM with adapters for claim -> checked claim (ml/factcheck/train)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from newstrace.ml import embedding
from newstrace.ml.factcheck.data import CheckedClaim
from newstrace.ml.factcheck.train import (
    ClaimEncoderConfig,
    hard_negatives,
    train_claim_adapters,
)
from newstrace.ml.factcheck.vectors import CachedEncoder
from newstrace.ml.shipped import model_path

needs_extra = pytest.mark.skipif(not embedding.available(), reason="needs the semantic extra")


def test_the_factcheck_encoder_is_named_by_its_adapters() -> None:
    name = embedding.FACTCHECK_MODEL_NAME
    assert name.startswith(f"{embedding.GENERAL_MODEL_NAME}+factcheck_encoder.npz@")
    assert name not in (embedding.MODEL_NAME, embedding.GENERAL_MODEL_NAME)


def test_the_shipped_factcheck_adapters_are_trained_and_small() -> None:
    adapters = embedding.read_adapters(model_path(embedding.FACTCHECK_ADAPTER_FILE))
    assert len(adapters.layers) == 6 * 6
    _, b = adapters.layers["encoder.layer.5.output.dense"]
    assert np.abs(b).max() > 1e-3
    assert "claim_retrieval train" in adapters.metadata["trained_on"]
    assert model_path(embedding.FACTCHECK_ADAPTER_FILE).stat().st_size < 1_000_000


def _unit(rows: list[list[float]]) -> npt.NDArray[np.float32]:
    array = np.array(rows, dtype=np.float32)
    unit: npt.NDArray[np.float32] = array / np.linalg.norm(array, axis=1, keepdims=True)
    return unit


def test_hard_negatives_are_the_closest_checks_that_do_not_verify_the_query() -> None:
    claims = _unit([[1, 0], [0.9, 0.1], [0, 1], [0.7, 0.7]])
    queries = _unit([[1, 0.05]])
    ids = ["right", "near", "far", "middle"]
    found = hard_negatives(queries, claims, claims, ids, [{"right"}], k=2)
    assert found == [[1, 3]]


def test_the_cache_keeps_two_encoders_vectors_apart(tmp_path: Path) -> None:
    def ones(texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return np.ones((len(texts), embedding.DIMENSION), dtype=np.float32)

    def zeros(texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return np.zeros((len(texts), embedding.DIMENSION), dtype=np.float32)

    path = tmp_path / "cache.npz"
    assert CachedEncoder(path, ones, "model-a")(["a claim"])[0, 0] == 1.0
    # Another model's vector of the same text is not this one's.
    assert CachedEncoder(path, zeros, "model-b")(["a claim"])[0, 0] == 0.0
    assert CachedEncoder(path, zeros, "model-a")(["a claim"])[0, 0] == 1.0


@needs_extra
def test_training_on_pairs_lowers_the_loss() -> None:
    pytest.importorskip("transformers")
    checks = [
        CheckedClaim("c1", "The mayor of Velmora resigned on Friday", "Did the mayor quit?"),
        CheckedClaim("c2", "A shark swam in the city canal", "Canal shark photo is fake"),
        CheckedClaim("c3", "The harbour bridge will close for a year", "Bridge closure claim"),
        CheckedClaim("c4", "Snow fell on the desert town of Qarn", "Desert snow pictures"),
        CheckedClaim("c5", "The club fired its coach after one game", "Coach sacking rumour"),
    ]
    queries = [
        "Breaking: Velmora's mayor just quit!!",
        "Look at this shark in our canal",
        "Harbour bridge shut for twelve months, can you believe it",
        "SNOW in Qarn of all places",
        "They sacked the coach after a single match",
    ]
    relevant = [{"c1"}, {"c2"}, {"c3"}, {"c4"}, {"c5"}]
    negatives = [[(i + 1) % 5] for i in range(5)]
    config = ClaimEncoderConfig(epochs=4, batch=5, learning_rate=1e-3)
    adapters, figures = train_claim_adapters(queries, relevant, checks, negatives, config)
    losses = figures["epoch_losses"]
    assert losses[-1] < losses[0]
    assert figures["pairs"] == 5
    assert len(adapters.layers) == 6 * 6
