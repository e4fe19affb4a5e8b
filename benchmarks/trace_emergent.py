"""Trace on Emergent: every headline of the claim-disjoint dev part of Emergent train stored as
an article in one store and embedded (`newstrace embed`), each claim traced as a user would
(`trace_claim` with trace's defaults; `--lexical`: without sentence embeddings): recall and
precision of its versions (the headlines Emergent pairs with it), micro-averaged, with 95 %
intervals over claims; and the stance of the versions found, 3-way and against recall, as trace
labels them.

A claim may also have no version in the store at all. So the dev claims are split in two
halves by a hash of their id; a second store holds the headlines of one half only, and each
claim of the other half is traced there: every version it finds is false ("absent claims").

Each trace is timed too (p50 / p95 ms per claim, warm: reports stored after the first pass).
`--no-cross` scores without the cross-encoder (the semantic variant alone), and
`--no-stance-cross` labels stance with the dispute layer alone, and `--no-hops` searches no
version of a version (corpus/matching.versions_of_versions), for comparison.

Usage: python benchmarks/trace_emergent.py [--shared ../shared] [--lexical] [--no-cross]
       [--no-stance-cross] [--no-hops]
Goals (issue 15): recall >= 0.95 at precision >= 0.95; stance accuracy >= 0.80, against
recall >= 0.70.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from newstrace.corpus import matching
from newstrace.corpus.embed import embed_store
from newstrace.corpus.matching import Embedder, default_embedder
from newstrace.corpus.store import content_id, open_store
from newstrace.corpus.trace import TRACE_LIMIT, Trace, trace_claim
from newstrace.ml.bootstrap import IntArray, Statistic, bootstrap_clusters
from newstrace.ml.embedding import MODEL_NAME
from newstrace.ml.stance.emergent import EmergentPair, is_dev, read_emergent
from newstrace.ml.versions import stance as version_stance
from newstrace.model import Article

ROOT = Path(__file__).resolve().parents[1]
TO_TRACE = {"for": "agree", "against": "disagree", "observing": "discuss"}
TIMES: list[float] = []  # seconds per warm trace, every claim of both settings


def traced(
    pairs: Sequence[EmergentPair], claims: dict[str, str], embedder: Embedder | None, limit: int
) -> tuple[dict[str, Trace], dict[str, str], list[Article]]:
    """Each claim traced in one store of the `pairs`' headlines; store ids -> our ids."""
    articles = [
        Article(text=p.headline, title=p.headline, id=f"e{n}", outlet=f"o{n}.example")
        for n, p in enumerate(pairs)
    ]
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "e.sqlite") as store:
        store.add_articles(articles)
        if embedder is not None:
            embed_store(store, embedder, MODEL_NAME)
        for claim in claims.values():  # a first pass stores the versions' reports
            trace_claim(store, claim, limit=limit, embedder=embedder)
        traces, seconds = {}, []
        for claim_id, claim in claims.items():
            started = time.perf_counter()
            traces[claim_id] = trace_claim(store, claim, limit=limit, embedder=embedder)
            seconds.append(time.perf_counter() - started)
    TIMES.extend(seconds)
    return traces, {content_id(a): a.id for a in articles}, articles


def present(pairs: list[EmergentPair], embedder: Embedder | None, limit: int) -> dict[str, object]:
    claims = {p.claim_id: p.claim for p in pairs}
    versions: dict[str, dict[str, str]] = defaultdict(dict)  # claim id -> article id -> stance
    for n, pair in enumerate(pairs):
        versions[pair.claim_id][f"e{n}"] = pair.stance
    traces, ours, articles = traced(pairs, claims, embedder, limit)
    rows = []
    for claim_id, trace in traces.items():
        found = {ours.get(m.article_id, m.article_id): m.stance for m in trace.matches}
        gold = versions[claim_id]
        hits = [i for i in found if i in gold]
        right = sum(1 for i in hits if found[i] == TO_TRACE[gold[i]])
        against = [i for i in hits if gold[i] == "against"]
        caught = sum(1 for i in against if found[i] == "disagree")
        rows.append((len(hits), len(found), len(gold), right, len(against), caught))
    matrix = np.array(rows, dtype=np.float64)

    def statistic(index: IntArray) -> dict[str, float]:
        hits, found, gold, right, against, caught = matrix[index].sum(axis=0)
        return {
            "version_recall": hits / gold if gold else float("nan"),
            "version_precision": hits / found if found else float("nan"),
            "stance_accuracy_on_found": right / hits if hits else float("nan"),
            "against_recall_on_found": caught / against if against else float("nan"),
        }

    return {"claims": len(claims), "headlines": len(articles), **_figures(statistic, rows)}


def absent(pairs: list[EmergentPair], embedder: Embedder | None, limit: int) -> dict[str, object]:
    def half(claim_id: str) -> int:
        return int(hashlib.sha256(f"half:{claim_id}".encode()).hexdigest(), 16) % 2

    stored = [p for p in pairs if half(p.claim_id) == 0]
    claims = {p.claim_id: p.claim for p in pairs if half(p.claim_id) == 1}
    traces, _, articles = traced(stored, claims, embedder, limit)
    rows = [(len(trace.matches), float(bool(trace.matches))) for trace in traces.values()]

    def statistic(index: IntArray) -> dict[str, float]:
        picked = np.array(rows, dtype=np.float64)[index]
        return {
            "false_versions_per_claim": float(picked[:, 0].mean()),
            "claims_with_a_false_version": float(picked[:, 1].mean()),
        }

    return {"claims": len(claims), "headlines": len(articles), **_figures(statistic, rows)}


def _figures(statistic: Statistic, rows: Sequence[tuple[float, ...]]) -> dict[str, object]:
    """Point values and 95 % intervals resampling claims (one row a claim)."""
    point = statistic(np.arange(len(rows)))
    ci = bootstrap_clusters(statistic, [str(i) for i in range(len(rows))], seed=13)
    return {k: {"value": round(v, 4), "ci95": ci[k]} for k, v in point.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--limit", type=int, default=TRACE_LIMIT, help="trace's own --limit")
    parser.add_argument("--lexical", action="store_true", help="no sentence embeddings")
    parser.add_argument("--no-cross", action="store_true", help="no cross-encoder")
    parser.add_argument(
        "--no-stance-cross", action="store_true", help="stance by the dispute layer alone"
    )
    parser.add_argument("--no-hops", action="store_true", help="no version of a version")
    args = parser.parse_args()
    if args.no_hops:
        matching.HOPS = 0
    if args.no_cross:
        matching.cross_scorer = lambda: None  # the semantic variant's scores, for comparison
    if args.no_stance_cross:
        version_stance.available = lambda: False
    embedder = None if args.lexical else default_embedder()
    if not args.lexical and embedder is None:
        parser.error("the semantic extra is not installed: pass --lexical")
    pairs = [p for p in read_emergent(args.shared / "datasets") if is_dev(p)]
    mode = "lexical" if embedder is None else "lexical + embeddings"
    if embedder is not None and matching.cross_scorer() is not None:
        mode += " + cross-encoder"
    if matching.HOPS:
        mode += f" + versions of versions (up to {matching.HOPS} searches)"
    if version_stance.available():
        mode += "; stance: dispute layer + stance cross-encoder"
    result: dict[str, object] = {
        "matching": mode,
        "present": present(pairs, embedder, args.limit),
        "absent": absent(pairs, embedder, args.limit),
    }
    ms = np.array(TIMES) * 1000
    result["warm_trace_ms"] = {
        "p50": round(float(np.percentile(ms, 50)), 1),
        "p95": round(float(np.percentile(ms, 95)), 1),
        "claims": len(ms),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
