"""Trace's cross-encoder (ml/versions/cross.py) and how the matcher uses it (corpus/matching)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from newstrace.corpus import matching
from newstrace.errors import ModelError
from newstrace.ml import embedding
from newstrace.ml.stance.emergent import EmergentPair
from newstrace.ml.versions import cross
from newstrace.ml.versions.features import CROSS_FEATURES, cross_features
from newstrace.ml.versions.matcher import CROSS_FLOOR, CROSS_ROWS, cross_rows, has_variant
from newstrace.model import Article

needs_cross = pytest.mark.skipif(
    not cross.available(), reason="needs the semantic extra and version_cross.npz"
)
needs_semantic = pytest.mark.skipif(not embedding.available(), reason="needs the semantic extra")


def test_the_cross_encoder_reads_the_likeliest_rows_above_the_floor_in_row_order() -> None:
    semantic = np.array([0.5, 0.001, 0.9, CROSS_FLOOR, 0.2])
    assert cross_rows(semantic, ["a", "b", "c", "d", "e"]).tolist() == [0, 2, 3, 4]
    many = np.linspace(0.02, 0.99, CROSS_ROWS + 10)
    chosen = cross_rows(many, [str(i) for i in range(len(many))])
    assert len(chosen) == CROSS_ROWS
    # The likeliest are kept: the cheapest rows to drop are the least likely ones.
    assert chosen.tolist() == list(range(10, CROSS_ROWS + 10))
    assert cross_rows(np.zeros(3), ["a", "b", "c"]).tolist() == []


def test_a_sentence_repeated_counts_once_towards_the_rows_read() -> None:
    # A title that is also the first line: both rows are read, as one pair.
    texts = [f"s{i // 2}" for i in range(2 * CROSS_ROWS + 4)]
    semantic = np.linspace(0.99, 0.02, len(texts))
    chosen = cross_rows(semantic, texts)
    assert len({texts[i] for i in chosen}) == CROSS_ROWS
    assert len(chosen) == 2 * CROSS_ROWS


def test_cross_features_are_finite_log_odds_and_the_logit() -> None:
    x = cross_features(np.array([0.0, 0.5, 1.0]), np.array([-2.0, 0.0, 3.0]))
    assert x.shape == (3, len(CROSS_FEATURES))
    assert np.isfinite(x).all()
    assert x[1, 0] == pytest.approx(0.0)
    assert x[0, 0] < -10 < 10 < x[2, 0]
    assert x[:, 1].tolist() == [-2.0, 0.0, 3.0]


def _weights(seed: int = 0) -> cross.CrossWeights:
    rng = np.random.default_rng(seed)
    layers = {
        "encoder.layer.0.attention.self.query": (
            rng.normal(size=(2, 384)).astype(np.float32),
            rng.normal(size=(384, 2)).astype(np.float32) * 0.01,
        )
    }
    adapters = embedding.Adapters(layers, 2.0, {"base": embedding.GENERAL_MODEL_NAME})
    head = rng.normal(size=384).astype(np.float32)
    return cross.CrossWeights(adapters, head, 0.25, 64)


def test_the_file_keeps_adapters_head_and_settings(tmp_path: Path) -> None:
    path = tmp_path / "cross.npz"
    cross.write_cross(_weights(), {"trained_on": "written for this test"}, path)
    read = cross.read_cross(path)
    assert read.max_pieces == 64
    assert read.head_bias == pytest.approx(0.25)
    assert np.allclose(read.head_weight, _weights().head_weight)
    assert read.adapters.scale == 2.0
    assert read.adapters.metadata["trained_on"] == "written for this test"
    (a, b) = read.adapters.layers["encoder.layer.0.attention.self.query"]
    assert a.shape == (2, 384) and b.shape == (384, 2)


@pytest.mark.parametrize("content", [b"", b"not a zip archive"])
def test_an_unreadable_file_is_a_model_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "cross.npz"
    path.write_bytes(content)
    with pytest.raises(ModelError, match="cross-encoder"):
        cross.read_cross(path)


def test_a_file_without_its_head_is_a_model_error(tmp_path: Path) -> None:
    path = tmp_path / "cross.npz"
    cross.write_cross(_weights(), {}, path)
    with np.load(path) as data:
        kept = {k: data[k] for k in data.files if not k.startswith("head.")}
    np.savez(path, **kept)
    with pytest.raises(ModelError, match="lacks its head"):
        cross.read_cross(path)


def _candidates() -> matching.Candidates:
    claim = "The island ferry will stop running in May"
    articles = [
        Article(text="Boat service to the isle ends in May.", id="a1"),
        Article(text="The island ferry will stop running in May, the council says.", id="a2"),
        Article(text="A new bakery opened on the island.", id="a3"),
    ]
    found = matching.candidate_sentences(claim, articles, embedder=_fake_embedder)
    assert found is not None
    return found


def _fake_embedder(texts: Sequence[str]) -> np.ndarray:
    # The claim and every sentence about the ferry point one way, the bakery another.
    rows = [[1.0, 0.0] if ("ferry" in t or "Boat" in t) else [0.0, 1.0] for t in texts]
    return np.array(rows, dtype=np.float32)


def test_without_the_cross_encoder_rows_keep_the_semantic_score(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(matching, "cross_scorer", lambda: None)
    found = _candidates()
    scores, thresholds = matching.match_scores(found)
    from newstrace.ml.versions.matcher import load_version_matcher

    assert set(thresholds.tolist()) <= {
        load_version_matcher("semantic").threshold,
        load_version_matcher("lexical").threshold,
    }
    assert len(scores) == len(found.rows)


@pytest.mark.skipif(not has_variant("cross"), reason="the shipped matcher has no cross variant")
def test_the_cross_encoder_re_scores_likely_rows_and_reads_each_sentence_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from newstrace.ml.versions.matcher import load_version_matcher

    asked: list[tuple[str, str]] = []

    def scorer(pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        asked.extend(pairs)
        # Only the paraphrase with no word in common is read as a version.
        return np.array([6.0 if "Boat" in s else -6.0 for _, s in pairs])

    monkeypatch.setattr(matching, "cross_scorer", lambda: scorer)
    found = _candidates()
    scores, thresholds = matching.match_scores(found)
    cross_threshold = load_version_matcher("cross").threshold
    read = {s for _, s in asked}
    assert len(asked) == len(read)  # no sentence read twice
    assert all(claim == found.claim for claim, _ in asked)
    for i, row in enumerate(found.rows):
        if row[3] in read:
            assert thresholds[i] == cross_threshold
    boat = next(i for i, row in enumerate(found.rows) if row[3].startswith("Boat"))
    assert found.rows[boat][3] in read
    assert scores[boat] >= cross_threshold


def _stories() -> list[EmergentPair]:
    stories = {
        "c1": ("The mayor will resign on Friday", ["Mayor to step down Friday", "Mayor quits"]),
        "c2": ("A shark was seen in the city canal", ["Shark spotted in canal", "Canal shark?"]),
        "c3": ("The bridge will close for a year", ["Bridge shut for 12 months", "Bridge closes"]),
        "c4": ("Snow fell in the desert town", ["Desert town sees snow", "Snow in the desert"]),
    }
    return [
        EmergentPair(claim, headline, "for", cid)
        for cid, (claim, headlines) in stories.items()
        for headline in headlines
    ]


@needs_semantic
def test_training_lowers_the_loss_and_the_written_file_scores_as_the_network(
    tmp_path: Path,
) -> None:
    from newstrace.ml.versions.cross_train import CrossConfig, train_cross

    config = CrossConfig(epochs=3, batch=8, learning_rate=1e-3, negatives=2, max_pieces=32)
    weights, losses = train_cross(_stories(), config, encode=embedding.encode_general)
    assert losses[-1] < losses[0]
    path = tmp_path / "cross.npz"
    cross.write_cross(weights, {"trained_on": "four stories written for this test"}, path)
    pairs = [("The mayor will resign on Friday", "Mayor to step down Friday")] * 2 + [
        ("The mayor will resign on Friday", "Snow in the desert")
    ]
    exact = cross.PairScorer(weights)(pairs)
    shipped_like = cross.PairScorer(cross.read_cross(path))(pairs)
    # float16 adapters in the file: the same logits to rounding, and a pair read alone or in a
    # batch scores alike.
    assert np.allclose(exact, shipped_like, atol=0.05)
    assert exact[0] == pytest.approx(exact[1], abs=1e-4)


@needs_cross
def test_the_shipped_cross_encoder_ranks_a_restatement_over_a_paraphrase_over_another_story() -> (
    None
):
    claim = "A lovesick woman stayed in a fried chicken restaurant for a whole week"
    restated, paraphrase, other = cross.shipped_scorer()(
        [
            (claim, "Lovesick woman stays in fried chicken restaurant for a week"),
            (claim, "Dumped woman camps out at chicken shop for seven days"),
            (claim, "Shark spotted swimming in the city canal"),
        ]
    )
    assert restated > 0 > paraphrase > other
