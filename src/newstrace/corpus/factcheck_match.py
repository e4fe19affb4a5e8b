"""Prior fact-checks of a claim: the stored fact-checks the trained matcher finds for it.

The one seam between claims and the fact-check store: `match_claims` is what `analyze
--factchecks`, `analyze --store` and `trace` call, so a learned re-ranker replaces the scoring
here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..ml import embedding
from ..ml.factcheck.data import CheckedClaim
from ..ml.factcheck.index import ClaimVectors, FactCheckIndex
from ..ml.factcheck.rerank import load_threshold
from ..ml.factcheck.vectors import CachedEncoder
from ..model import FactCheck, PriorCheck, Report
from .store import Store

# The matches kept per claim.
LIMIT = 3


def prior_check(check: FactCheck, score: float) -> PriorCheck:
    return PriorCheck(
        id=check.id,
        claim_reviewed=check.claim_reviewed,
        rating=check.rating,
        verdict=check.verdict,
        publisher=check.publisher,
        date=check.date_published,
        url=check.url,
        score=round(score, 4),
    )


@dataclass(frozen=True)
class _Indexed:
    index: FactCheckIndex
    count: int


# One index per store and variant, rebuilt when the number of stored checks changes: the BM25
# postings of 10k checks take a second to build, and their vectors (cached on disk) longer.
_INDEXES: dict[tuple[str, bool], _Indexed] = {}


def factcheck_index(
    store: Store, semantic: bool | None = None, count: int | None = None
) -> FactCheckIndex:
    """The trained matcher's index over every fact-check in `store` (with embeddings when
    `semantic`; None: when the `semantic` extra is installed); `count`, the number of stored
    checks, when the caller has it already."""
    use = embedding.available() if semantic is None else semantic
    count = store.factcheck_count() if count is None else count
    key = (store.location, use)
    cached = _INDEXES.get(key)
    if cached is not None and cached.count == count:
        return cached.index
    claims = [
        CheckedClaim(check.id, check.claim_reviewed, check.title or "")
        for check in store.iter_factchecks()
    ]
    vectors = None
    if use:
        # The checks' vectors are kept on disk (a 10k store takes minutes to encode); a claim
        # being looked up is encoded afresh and not kept, since saving the cache costs more
        # than encoding one claim.
        kept = CachedEncoder()
        vectors = ClaimVectors(
            kept([c.claim for c in claims]), kept([c.title or c.claim for c in claims])
        )
    index = FactCheckIndex(
        claims, vectors=vectors, encoder=embedding.encode_factcheck if use else None
    )
    _INDEXES[key] = _Indexed(index, count)
    return index


def match_claims(
    claims: Sequence[str],
    store: Store,
    *,
    limit: int = LIMIT,
    threshold: float | None = None,
    semantic: bool | None = None,
) -> list[list[PriorCheck]]:
    """For each claim, the stored fact-checks of it whose match probability (the trained
    re-ranker's) is at least `threshold` (None: the variant's shipped one), best first."""
    count = store.factcheck_count() if claims else 0
    if count == 0:
        return [[] for _ in claims]
    index = factcheck_index(store, semantic, count)
    # The variant's own threshold ships with it (out of fold on train, for at most 10 % false
    # alarms: most claims in the news were never checked and should be shown nothing).
    cut = (
        load_threshold("semantic" if index.semantic else "lexical")
        if threshold is None
        else threshold
    )
    found: list[list[PriorCheck]] = []
    for candidates in index.candidates(list(claims)):
        probabilities = index.reranker.probabilities(candidates.features)
        kept: list[PriorCheck] = []
        for j in np.argsort(-probabilities, kind="stable"):
            if probabilities[j] < cut or len(kept) == limit:
                break
            # Read the check itself now: a re-import may have changed its verdict.
            check = store.get_factcheck(index.ids[int(candidates.positions[j])])
            if check is not None:
                kept.append(prior_check(check, float(probabilities[j])))
        found.append(kept)
    return found


def with_prior_checks(report: Report, store: Store) -> Report:
    """The report with each claim's prior fact-checks from `store` filled in."""
    if not report.claims:
        return report
    matches = match_claims([claim.text for claim in report.claims], store)
    claims = [
        claim.model_copy(update={"prior_factchecks": checks})
        for claim, checks in zip(report.claims, matches, strict=True)
    ]
    return report.model_copy(update={"claims": claims})
