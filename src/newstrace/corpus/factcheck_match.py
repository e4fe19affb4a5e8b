"""Prior fact-checks of a claim: stored fact-checks found by BM25, scored by shared content words.

The one seam between claims and the fact-check store: `match_claims` is what `analyze
--factchecks`, `analyze --store` and `trace` call, so a learned re-ranker replaces the scoring
here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import FactCheck, PriorCheck, Report
from .matching import content_stems
from .store import Store

# Candidates BM25 hands to the scorer per claim, and the matches kept per claim.
CANDIDATES = 20
LIMIT = 3
# A match must share this much of its content words both ways (the F1 of the two word sets).
# Chosen on the claim_retrieval train tweets (benchmarks/factcheck_prior_checks.py --choose):
# the lowest score that a wrong check reaches for at most 10 % of claims, since most claims in
# the news were never checked and should be shown nothing. Train: false alarms 0.090
# [0.071, 0.110], recall 0.265, precision 0.968 where a right check exists (docs/factchecks.md).
THRESHOLD = 0.375


def overlap_score(claim: str, checked: str) -> float:
    """F1 of the two texts' content stems: 1 for the same words, 0 for none in common."""
    mine, theirs = set(content_stems(claim)), set(content_stems(checked))
    shared = len(mine & theirs)
    if not shared:
        return 0.0
    precision, recall = shared / len(theirs), shared / len(mine)
    return 2 * precision * recall / (precision + recall)


def _score(claim: str, check: FactCheck) -> float:
    # The check's headline often words the claim the way an article does: the better counts.
    texts = [check.claim_reviewed, *([check.title] if check.title else [])]
    return max(overlap_score(claim, text) for text in texts)


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


def match_claims(
    claims: Sequence[str],
    store: Store,
    *,
    limit: int = LIMIT,
    threshold: float = THRESHOLD,
) -> list[list[PriorCheck]]:
    """For each claim, the stored fact-checks of it scoring at least `threshold`, best first."""
    if not claims or store.factcheck_count() == 0:
        return [[] for _ in claims]
    found: list[list[PriorCheck]] = []
    for claim in claims:
        hits = store.search_factchecks(claim, limit=CANDIDATES)
        scored = sorted(
            ((_score(claim, hit.factcheck), hit.score, hit.factcheck) for hit in hits),
            key=lambda item: (-item[0], -item[1]),
        )
        found.append([prior_check(c, s) for s, _, c in scored if s >= threshold][:limit])
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
