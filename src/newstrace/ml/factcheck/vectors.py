"""An on-disk cache of sentence embeddings, keyed by model and text.

Encoding the 10k checked claims takes minutes on a laptop CPU; evaluation and training read
them again on every run, so their vectors are kept under the data directory. A cache entry is
the SHA-256 of the model name and the text: a changed claim is encoded afresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from newstrace.ml import embedding
from newstrace.settings import Settings

from .index import Encoder

Vectors = npt.NDArray[np.float32]


def default_cache() -> Path:
    return Settings().data_dir / "cache" / "embeddings.npz"


def _key(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\n{text}".encode()).hexdigest()[:32]


class CachedEncoder:
    """An encoder (by default the fact-check encoder), with every text it has encoded kept in
    one .npz file; `model` names the encoder, so two encoders' vectors never mix."""

    def __init__(
        self,
        path: Path | None = None,
        encoder: Encoder = embedding.encode_factcheck,
        model: str = embedding.FACTCHECK_MODEL_NAME,
    ) -> None:
        self.path = path if path is not None else default_cache()
        self.encoder = encoder
        self.model = model
        self.vectors: dict[str, Vectors] = {}
        if self.path.exists():
            with np.load(self.path) as stored:
                keys, rows = stored["keys"], stored["vectors"]
                self.vectors = {str(k): rows[i] for i, k in enumerate(keys)}

    def __call__(self, texts: Sequence[str]) -> Vectors:
        keys = [_key(self.model, t) for t in texts]
        missing = {k: i for i, k in enumerate(keys) if k not in self.vectors}
        if missing:
            fresh = self.encoder([texts[i] for i in missing.values()])
            for key, row in zip(missing, fresh, strict=True):
                self.vectors[key] = row
            self._save()
        if not texts:
            return np.zeros((0, embedding.DIMENSION), dtype=np.float32)
        return np.stack([self.vectors[k] for k in keys]).astype(np.float32)

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array(list(self.vectors), dtype="U32")
        rows = np.stack(list(self.vectors.values())).astype(np.float32)
        # Written beside and renamed: an interrupted run leaves the old cache whole.
        partial = self.path.with_suffix(".partial.npz")
        np.savez(partial, keys=keys, vectors=rows)
        partial.replace(self.path)
