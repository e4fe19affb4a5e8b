"""Trace's stance cross-encoder (ml/versions/stance.py): its file, its training, and how trace
averages it with the dispute layer."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newstrace.errors import ModelError
from newstrace.ml import embedding
from newstrace.ml.stance import dispute
from newstrace.ml.stance.emergent import EmergentPair
from newstrace.ml.versions import cross, stance

needs_stance = pytest.mark.skipif(
    not stance.available(), reason="needs the semantic extra and version_stance.npz"
)
needs_semantic = pytest.mark.skipif(not embedding.available(), reason="needs the semantic extra")


def _weights() -> cross.CrossWeights:
    rng = np.random.default_rng(3)
    layers = {
        "encoder.layer.0.attention.self.query": (
            rng.normal(size=(2, 384)).astype(np.float32),
            rng.normal(size=(384, 2)).astype(np.float32) * 0.01,
        )
    }
    adapters = embedding.Adapters(layers, 2.0, {"base": embedding.GENERAL_MODEL_NAME})
    head = rng.normal(size=(3, 384)).astype(np.float32)
    return cross.CrossWeights(adapters, head, np.array([0.1, -0.2, 0.3], np.float32), 48)


def test_a_three_way_head_is_kept_whole_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "stance.npz"
    cross.write_cross(_weights(), {"trained_on": "written for this test"}, path)
    read = cross.read_cross(path, "stance cross-encoder")
    weight, bias = read.head()
    assert weight.shape == (3, 384)
    assert np.allclose(weight, _weights().head_weight)
    assert bias.tolist() == pytest.approx([0.1, -0.2, 0.3])
    assert read.max_pieces == 48


def test_a_head_whose_bias_does_not_fit_its_weight_is_a_model_error(tmp_path: Path) -> None:
    path = tmp_path / "stance.npz"
    cross.write_cross(_weights(), {}, path)
    with np.load(path) as data:
        kept = {k: data[k] for k in data.files}
    kept["head.bias"] = np.zeros(2, np.float32)
    np.savez(path, **kept)
    with pytest.raises(ModelError, match=r"stance cross-encoder .* wrong shape"):
        cross.read_cross(path, "stance cross-encoder")


class _Logits:
    """A scorer with fixed logits: agree for the first pair, disagree for the second."""

    def logits(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        return np.array([[4.0, 0.0, 0.0], [0.0, 4.0, 0.0]])[: len(pairs)]


def test_probabilities_are_a_softmax_over_the_three_labels() -> None:
    pairs = [("claim", "version one"), ("claim", "version two")]
    proba = stance.probabilities(_Logits(), pairs)  # type: ignore[arg-type]
    assert proba.shape == (2, 3)
    assert proba.sum(axis=1) == pytest.approx([1.0, 1.0])
    assert proba.argmax(axis=1).tolist() == [0, 1]
    assert stance.probabilities(_Logits(), []).shape == (0, 3)  # type: ignore[arg-type]


def test_without_the_cross_encoder_trace_labels_with_the_dispute_layer_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(stance, "available", lambda: False)
    pairs = [
        ("The bridge will close for a year", "Council denies the bridge will close"),
        ("The bridge will close for a year", "Bridge to shut for twelve months"),
    ]
    assert stance.label_versions(pairs) == dispute.load_dispute().label(pairs)
    assert stance.label_versions([]) == []


def test_with_it_trace_labels_by_the_mean_of_both(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stance, "available", lambda: True)
    monkeypatch.setattr(stance, "shipped_stance", lambda: _Logits())
    pairs = [
        ("The bridge will close for a year", "Bridge to shut for twelve months"),
        ("The bridge will close for a year", "Bridge to shut for twelve months"),
    ]
    layer = dispute.load_dispute().probabilities(dispute.paired_features(pairs))
    labels = stance.label_versions(pairs)
    cross = stance.probabilities(_Logits(), pairs)  # type: ignore[arg-type]
    mean = (layer + cross) / 2
    assert [p for _, p in labels] == pytest.approx(mean.max(axis=1).tolist())
    # the same words, told apart only by what the cross-encoder read into each pair
    assert labels[0][0] != labels[1][0]


@needs_semantic
def test_training_the_stance_head_lowers_the_loss() -> None:
    from newstrace.ml.versions.cross_train import CrossConfig, train_stance

    claim = "The mayor will resign on Friday"
    rows = [
        ("Mayor to step down Friday", "for"),
        ("Mayor quits at the end of the week", "for"),
        ("Mayor denies he will resign", "against"),
        ("No, the mayor is not quitting, aide says", "against"),
        ("Reports say the mayor may resign", "observing"),
        ("Mayor could step down, sources claim", "observing"),
    ]
    pairs = [EmergentPair(claim, headline, label, "c1") for headline, label in rows]
    config = CrossConfig(epochs=4, batch=6, learning_rate=2e-3, max_pieces=32)
    weights, losses = train_stance(pairs, config)
    assert losses[-1] < losses[0]
    assert weights.head()[0].shape == (3, 384)


@needs_stance
def test_the_shipped_stance_reads_a_denial_a_hedge_and_a_restatement_of_one_claim() -> None:
    claim = "The island ferry will stop running in May"
    labels = stance.label_versions(
        [
            (claim, "Island ferry to stop running in May"),
            (claim, "Ferry operator denies it will end the island service"),
            (claim, "Island ferry may stop running in May, reports say"),
        ]
    )
    restated, denied, hedged = (label for label, _ in labels)
    assert denied == "disagree"
    assert hedged == "discuss"
    # Emergent's "for" is a version that asserts the claim; a bare headline restating it is
    # often labelled observing there, so only "not a dispute" is asked of it.
    assert restated != "disagree"
