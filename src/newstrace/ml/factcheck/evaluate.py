"""Score a ranking method on CheckThat!-style files: MAP@5, MRR, P@1 with 95 % intervals.

As trec_eval scores CheckThat! runs: a query's AP@5 sums precision at each relevant claim in
the top 5 and divides by the number of relevant claims; MRR takes the first relevant claim in
the ranking returned (the candidates, so a match retrieval missed counts 0). Queries without
a relevant claim in the qrels are left out and counted apart; the interval resamples queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.errors import InputError
from newstrace.ml.bootstrap import IntArray, bootstrap, with_intervals

from .data import read_claims, read_qrels, read_queries
from .index import CANDIDATES, Encoder, FactCheckIndex

DEPTH = 2 * CANDIDATES  # every candidate of both retrievers: the ranking MRR reads


def query_figures(ranking: Sequence[str], relevant: set[str]) -> tuple[float, float, float]:
    """(AP@5, reciprocal rank, P@1) of one query's ranked claim ids."""
    hits, precision_sum, reciprocal = 0, 0.0, 0.0
    for position, claim_id in enumerate(ranking, start=1):
        if claim_id not in relevant:
            continue
        if not reciprocal:
            reciprocal = 1.0 / position
        if position <= 5:
            hits += 1
            precision_sum += hits / position
    at_one = float(bool(ranking) and ranking[0] in relevant)
    return precision_sum / len(relevant), reciprocal, at_one


def ranking_figures(
    rankings: Sequence[Sequence[str]], relevant: Sequence[set[str]]
) -> dict[str, Any]:
    """map_at_5, mrr, p_at_1 (each with its 95 % interval) and n over judged queries."""
    per_query = np.array(
        [query_figures(r, rel) for r, rel in zip(rankings, relevant, strict=True)],
        dtype=np.float64,
    ).reshape(-1, 3)
    names = ("map_at_5", "mrr", "p_at_1")

    def statistic(index: IntArray) -> dict[str, float]:
        chosen = per_query[index]
        return {name: float(chosen[:, i].mean()) for i, name in enumerate(names)}

    everything = np.arange(len(per_query), dtype=np.int64)
    figures: dict[str, Any] = {"n": len(per_query)}
    figures.update(
        with_intervals(statistic(everything), bootstrap(statistic, ["all"] * len(per_query)))
    )
    return figures


def evaluate_index(
    index: FactCheckIndex,
    queries: Sequence[tuple[str, str]],
    qrels: dict[str, set[str]],
    method: str,
) -> dict[str, Any]:
    """Figures of `method` over the (id, text) queries that have a relevant claim."""
    judged = [(qid, text) for qid, text in queries if qid in qrels]
    if not judged:
        raise InputError("no query has a relevant claim in the qrels")
    ranked = index.rank([text for _, text in judged], k=DEPTH, method=method)
    figures = ranking_figures(
        [[claim_id for claim_id, _ in r] for r in ranked], [qrels[qid] for qid, _ in judged]
    )
    figures["n_unjudged"] = len(queries) - len(judged)
    known = set(index.ids)
    figures["n_relevant_unknown"] = sum(1 for qid, _ in judged if not qrels[qid] & known)
    return figures


def evaluate_files(
    claims: Path, queries: Path, qrels: Path, method: str, encoder: Encoder | None
) -> dict[str, Any]:
    """Index the claims TSV, rank the queries TSV with `method`, score against the qrels."""
    index = FactCheckIndex(read_claims(claims), encoder=encoder)
    figures = evaluate_index(
        index, [(q.query_id, q.text) for q in read_queries(queries)], read_qrels(qrels), method
    )
    return {
        "method": method,
        "features": "lexical+embedding" if index.semantic else "lexical",
        **figures,
    }
