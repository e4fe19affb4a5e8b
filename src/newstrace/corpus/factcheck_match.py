"""Prior fact-checks of a claim: stored fact-checks found by BM25, scored by shared content words.

The one seam between claims and the fact-check store: `match_claims` is what `analyze
--factchecks`, `analyze --store` and `trace` call, so a learned re-ranker replaces the scoring
here and nowhere else.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence

from ..model import FactCheck, PriorCheck, Report
from .aliases import with_alias_keys
from .matching import content_stems, content_words, stem
from .store import Store

# Candidates BM25 hands to the scorer per claim, and the matches kept per claim.
CANDIDATES = 20
LIMIT = 3
# A match must share this much of its content words both ways (the F1 of the two word sets,
# each word weighted by its IDF among the stored checks). Chosen on the claim_retrieval train
# tweets (benchmarks/factcheck_prior_checks.py --choose): the lowest score that a wrong check
# reaches for at most 10 % of claims, since most claims in the news were never checked and
# should be shown nothing. Train: false alarms 0.084 [0.065, 0.104], recall 0.274, precision
# 0.986 where a right check exists (docs/factchecks.md).
THRESHOLD = 0.35


Weights = Callable[[str], float]  # content stem -> its weight (inverse document frequency)


def _unweighted(_: str) -> float:
    return 1.0


def overlap_score(claim: str, checked: str, weight: Weights = _unweighted) -> float:
    """F1 of the two texts' content stems, each stem counted by `weight` (rare words weigh
    more): 1 for the same words, 0 for none in common."""
    mine, theirs = set(content_stems(claim)), set(content_stems(checked))
    shared = sum(weight(w) for w in mine & theirs)
    if not shared:
        return 0.0
    precision = shared / sum(weight(w) for w in theirs)
    recall = shared / sum(weight(w) for w in mine)
    return 2 * precision * recall / (precision + recall)


class _Idf:
    """Inverse document frequency of stems among the stored fact-checks, looked up lazily
    (through one of each stem's words, which the index stems itself) and kept for a call."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._total = store.factcheck_count()
        self._known: dict[str, float] = {}

    def learn(self, texts: Iterable[str]) -> None:
        words: dict[str, str] = {}
        for text in texts:
            for word in content_words(with_alias_keys(text)):
                key = stem(word)
                if key not in self._known:
                    words.setdefault(key, word)
        counts = self._store.factcheck_frequencies(list(words.values()))
        for key, word in words.items():
            self._known[key] = math.log((self._total + 1) / (counts.get(word, 0) + 1)) + 1

    def __call__(self, key: str) -> float:
        return self._known.get(key, 1.0)


def _texts(check: FactCheck) -> list[str]:
    # The check's headline often words the claim the way an article does: the better counts.
    return [check.claim_reviewed, *([check.title] if check.title else [])]


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
    idf = _Idf(store)
    for claim in claims:
        hits = store.search_factchecks(claim, limit=CANDIDATES)
        idf.learn([claim, *(text for hit in hits for text in _texts(hit.factcheck))])
        scored = sorted(
            (
                (max(overlap_score(claim, t, idf) for t in _texts(hit.factcheck)), hit)
                for hit in hits
            ),
            key=lambda item: (-item[0], -item[1].score),
        )
        found.append([prior_check(hit.factcheck, s) for s, hit in scored if s >= threshold][:limit])
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
