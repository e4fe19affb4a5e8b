"""Sentence vectors as every store backend keeps them, and the exact cosine search over them.

Vectors are stored as float16 bytes with their spans as int32 pairs; the search holds the first
rows of each article in memory (the backends differ only in how they read the rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.corpus.store import SentenceVectors, VectorHit
from newstrace.errors import StoreError

# Candidate search reads the title and the first sentences of each article, where news states
# its claim: 100k articles x 8 rows is 0.8M float32 rows (1.2 GB, ~0.1 s a query on one core);
# every sentence (~32 an article) would be 4.9 GB and ~0.4 s. The other sentences' vectors are
# kept for scoring, and versions deeper in an article come through the full-text search.
SEARCH_ROWS = 8

Row = tuple[Any, ...]


def encoded_vectors(item: SentenceVectors) -> tuple[int, bytes, bytes]:
    """(dimension, spans, vectors) as a store keeps them: int32 span pairs, float16 rows."""
    vectors = np.asarray(item.vectors, dtype=np.float32)
    if vectors.ndim != 2 or len(vectors) != len(item.spans):
        raise StoreError(f"{item.article_id}: one vector per span is needed")
    spans = np.asarray(item.spans, dtype=np.int32).reshape(-1, 2)
    return int(vectors.shape[1]), spans.tobytes(), vectors.astype(np.float16).tobytes()


def stored_vectors(row: Row, rows: int | None = None) -> SentenceVectors:
    """A stored row as SentenceVectors; `rows`: only that many spans from the start."""
    article_id, model, dim, spans, vectors = row
    width = int(dim)
    matrix = (
        np.frombuffer(vectors, dtype=np.float16).reshape(-1, width)[:rows].astype(np.float32)
        if width
        else np.zeros((0, 0), dtype=np.float32)  # an article with no sentence to embed
    )
    pairs = np.frombuffer(spans, dtype=np.int32).reshape(-1, 2)[:rows]
    return SentenceVectors(article_id, model, tuple((int(a), int(b)) for a, b in pairs), matrix)


class VectorIndex:
    """Exact cosine search over the search rows of every stored article, held in memory."""

    def __init__(
        self,
        model: str,
        marker: tuple[int, ...],
        matrix: npt.NDArray[np.float32],
        owners: list[SentenceVectors],
        starts: npt.NDArray[np.int64],
    ) -> None:
        self.model = model
        self.marker = marker
        self._matrix = matrix
        self._owners = owners
        self._starts = starts

    @classmethod
    def build(
        cls, items: Sequence[SentenceVectors], model: str, marker: tuple[int, ...]
    ) -> VectorIndex | None:
        """The index, or None when no stored article has a sentence to search."""
        kept = [item for item in items if len(item.spans)]
        if not kept:
            return None
        sizes = np.array([len(item.spans) for item in kept], dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        matrix = np.ascontiguousarray(np.vstack([item.vectors for item in kept]))
        return cls(model, marker, matrix, kept, starts)

    def nearest(self, vector: npt.NDArray[np.float32], limit: int) -> list[VectorHit]:
        if vector.shape[0] != self._matrix.shape[1]:
            raise StoreError(
                f"a query vector of {vector.shape[0]} dimensions against stored vectors of "
                f"{self._matrix.shape[1]}"
            )
        scores = self._matrix @ vector
        best = np.maximum.reduceat(scores, self._starts)
        if limit < len(best):
            part = np.argpartition(-best, limit)[:limit]
            top = part[np.argsort(-best[part], kind="stable")]
        else:
            top = np.argsort(-best, kind="stable")
        hits = []
        for k in top:
            owner = self._owners[int(k)]
            row = int(np.argmax(scores[self._starts[k] : self._starts[k] + len(owner.spans)]))
            start, end = owner.spans[row]
            hits.append(VectorHit(owner.article_id, start, end, float(best[k])))
        return hits
