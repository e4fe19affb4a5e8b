"""Features of a (query, checked claim) pair for the re-ranker, and the claims' parts they read.

Lexical features need nothing but the text; the embedding features are present only when the
`semantic` extra is (the lexical-only re-ranker is fitted on the lexical columns alone). Scores
are also read relative to the query's best candidate: a claim at 0.9 of the top BM25 score is a
match for one query and noise for another, and the gap is what tells them apart.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .text import names, numbers, terms

FloatArray = npt.NDArray[np.float64]

LEXICAL_FEATURES = (
    # BM25 over the IDF mass of the query's indexed words: the raw score grows with the
    # collection (IDF does), so a model fitted on 10k checks would doubt every match in a
    # store of fifty; this share of what the query could score does not.
    "bm25_of_query_idf",
    "bm25_share_of_top",
    "bm25_log_rank",
    "bm25_top",
    "claim_terms_covered",
    "query_terms_covered",
    "claim_idf_covered",
    "title_terms_covered",
    "bigrams_shared",
    "numbers_shared",
    "claim_numbers_missing",
    "names_covered",
)
SEMANTIC_FEATURES = (
    "cos_claim",
    "cos_title",
    "cos_best",
    "cos_gap_to_top",
    "cos_log_rank",
    "cos_top",
)


@dataclass(frozen=True)
class TextParts:
    """What the features compare, read once per text (query or checked claim)."""

    terms: frozenset[str]
    bigrams: frozenset[str]
    numbers: frozenset[str]
    names: frozenset[str]

    @classmethod
    def of(cls, text: str) -> TextParts:
        words = terms(text)
        pairs = frozenset(f"{a} {b}" for a, b in itertools.pairwise(words))
        return cls(frozenset(words), pairs, frozenset(numbers(text)), frozenset(names(text)))


@dataclass(frozen=True)
class ClaimParts:
    claim: TextParts
    title: frozenset[str]


def _share(part: frozenset[str], whole: frozenset[str]) -> float:
    return len(part & whole) / len(whole) if whole else 0.0


def lexical_features(
    query: TextParts,
    claims: Sequence[ClaimParts],
    bm25: FloatArray,
    bm25_rank: FloatArray,
    idf: dict[str, float],
) -> FloatArray:
    """One row of LEXICAL_FEATURES per candidate; bm25 and its rank among all claims given."""
    top = float(bm25.max()) if len(bm25) else 0.0
    query_idf = sum(idf.get(t, 0.0) for t in query.terms)
    rows = np.zeros((len(claims), len(LEXICAL_FEATURES)), dtype=np.float64)
    for i, parts in enumerate(claims):
        claim = parts.claim
        idf_total = sum(idf.get(t, 0.0) for t in claim.terms)
        idf_shared = sum(idf.get(t, 0.0) for t in claim.terms & query.terms)
        rows[i] = (
            bm25[i] / query_idf if query_idf > 0 else 0.0,
            bm25[i] / top if top > 0 else 0.0,
            np.log1p(bm25_rank[i]),
            float(bm25_rank[i] == 0),
            _share(query.terms, claim.terms),
            _share(claim.terms, query.terms),
            idf_shared / idf_total if idf_total > 0 else 0.0,
            _share(query.terms, parts.title),
            float(len(claim.bigrams & query.bigrams)),
            float(len(claim.numbers & query.numbers)),
            float(bool(claim.numbers - query.numbers)),
            _share(query.names, claim.names),
        )
    return rows


def semantic_features(
    cos_claim: FloatArray, cos_title: FloatArray, cos_rank: FloatArray, cos_top: float
) -> FloatArray:
    """One row of SEMANTIC_FEATURES per candidate, from its cosines and its cosine rank."""
    best = np.maximum(cos_claim, cos_title)
    return np.column_stack(
        [
            cos_claim,
            cos_title,
            best,
            cos_top - best,
            np.log1p(cos_rank),
            (cos_rank == 0).astype(np.float64),
        ]
    )
