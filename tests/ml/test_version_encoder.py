"""The store's sentence encoder: MiniLM with newstrace's adapters (ml/embedding, ml/encoder)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newstrace.errors import ModelError
from newstrace.ml import embedding
from newstrace.ml.shipped import model_path
from newstrace.ml.stance.emergent import EmergentPair

needs_extra = pytest.mark.skipif(not embedding.available(), reason="needs the semantic extra")


def test_the_store_encoder_is_named_by_its_adapters_so_other_vectors_are_stale() -> None:
    digest = embedding.MODEL_NAME.rsplit("@", 1)[1]
    assert embedding.MODEL_NAME.startswith(f"{embedding.GENERAL_MODEL_NAME}+version_encoder.npz@")
    assert len(digest) == 12
    assert embedding.MODEL_NAME != embedding.GENERAL_MODEL_NAME


def test_the_shipped_adapters_cover_every_linear_layer_of_the_six_blocks() -> None:
    adapters = embedding.read_adapters(model_path(embedding.ADAPTER_FILE))
    assert len(adapters.layers) == 6 * 6
    a, b = adapters.layers["encoder.layer.0.intermediate.dense"]
    assert a.shape[1] == 384 and b.shape[0] == 1536 and a.shape[0] == b.shape[1]
    # Trained, not the zero update a fresh adapter starts from.
    assert np.abs(b).max() > 1e-3
    assert model_path(embedding.ADAPTER_FILE).stat().st_size < 1_000_000


@pytest.mark.parametrize("content", [b"", b"not a zip archive", b"PK\x03\x04broken"])
def test_an_unreadable_adapter_file_is_a_model_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "adapters.npz"
    path.write_bytes(content)
    with pytest.raises(ModelError, match="encoder adapters"):
        embedding.read_adapters(path)


def test_adapters_of_another_format_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "adapters.npz"
    metadata = np.frombuffer(b'{"format_version": 99}', dtype=np.uint8)
    np.savez(path, __metadata__=metadata)
    with pytest.raises(ModelError, match="not format 1"):
        embedding.read_adapters(path)


@needs_extra
def test_the_tuned_encoder_brings_a_claims_paraphrase_closer_than_the_plain_model() -> None:
    claim = "A lovesick woman stayed in a fried chicken restaurant for a whole week"
    version = "Dumped woman camps out at chicken shop for seven days"
    other = "A lovesick man stayed home for a whole week"
    tuned = embedding.encode([claim, version, other])
    plain = embedding.encode_general([claim, version, other])
    assert tuned.shape == (3, embedding.DIMENSION)
    assert np.allclose(np.linalg.norm(tuned, axis=1), 1.0, atol=1e-5)
    # The paraphrase with other words overtakes a sentence that shares words but not the story.
    assert tuned[0] @ tuned[1] > tuned[0] @ tuned[2]
    assert (tuned[0] @ tuned[1]) - (tuned[0] @ tuned[2]) > (plain[0] @ plain[1]) - (
        plain[0] @ plain[2]
    )


def _pairs() -> list[EmergentPair]:
    stories = {
        "c1": ("The mayor will resign on Friday", ["Mayor to step down Friday", "Mayor quits"]),
        "c2": ("A shark was seen in the city canal", ["Shark spotted in canal", "Canal shark?"]),
        "c3": ("The bridge will close for a year", ["Bridge shut for 12 months", "Bridge closes"]),
        "c4": ("Snow fell in the desert town", ["Desert town sees snow", "Snow in the desert"]),
        "c5": ("The team fired its coach", ["Coach sacked by team", "Team dismisses coach"]),
    }
    return [
        EmergentPair(claim, headline, "for", cid)
        for cid, (claim, headlines) in stories.items()
        for headline in headlines
    ]


@needs_extra
def test_training_lowers_the_loss_and_the_written_file_encodes_as_the_network(
    tmp_path: Path,
) -> None:
    pytest.importorskip("transformers")
    from newstrace.ml.encoder.train import EncoderConfig, train_adapters, write_adapters

    config = EncoderConfig(epochs=4, batch=8, learning_rate=1e-3)
    adapters, losses = train_adapters(_pairs(), config)
    assert losses[-1] < losses[0]
    path = tmp_path / "enc.npz"
    write_adapters(adapters, {"trained_on": "five stories written for this test"}, path)
    read = embedding.read_adapters(path)
    assert read.metadata["trained_on"] == "five stories written for this test"
    assert set(read.layers) == set(adapters.layers)
    texts = ["Mayor to step down Friday", "Shark spotted in canal"]
    # The merged model (float16 adapters) encodes as the adapters trained, to rounding.
    merged = embedding.encoder_with(read)(texts)
    exact = embedding.encoder_with(adapters)(texts)
    assert np.allclose(merged, exact, atol=2e-3)
    assert not np.allclose(exact, embedding.encode_general(texts), atol=2e-3)


@needs_extra
def test_an_adapter_for_a_layer_the_encoder_lacks_is_a_model_error() -> None:
    a = np.zeros((2, 384), dtype=np.float32)
    b = np.zeros((384, 2), dtype=np.float32)
    bad = embedding.Adapters({"encoder.layer.9.attention.self.query": (a, b)}, 1.0)
    with pytest.raises(ModelError, match="no layer"):
        embedding.adapted_model(bad)
