"""Search and trace latency on a large store: p50/p95 over 200 queries of each kind.

Usage: python benchmarks/trace_latency.py --store /tmp/bench100k.sqlite [--queries 200]
(build the store with benchmarks/make_corpus.py + benchmarks/ingest_speed.py). Claims are the
first sentences of randomly drawn stored articles. A "warm" trace has the matched articles'
reports in the store (a first trace analyses and stores them; that cold cost is reported
separately); goals: search p95 <= 200 ms, trace p95 <= 1 s.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import time
from pathlib import Path

from newstrace.corpus.matching import candidate_hits, sentences
from newstrace.corpus.store import open_store
from newstrace.corpus.trace import trace_claim


def _percentiles(values: list[float]) -> dict[str, float]:
    if not values:  # --cold 0
        return {}
    values = sorted(values)
    return {
        "p50_ms": round(1000 * values[len(values) // 2], 1),
        "p95_ms": round(1000 * values[int(len(values) * 0.95)], 1),
        "max_ms": round(1000 * values[-1], 1),
    }


def _title_words(path: Path, count: int) -> list[str]:
    """Queries a person would type: two or three words of a stored headline."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        titles = [r[0] for r in conn.execute("SELECT title FROM articles WHERE title != ''")]
    rng = random.Random(5)
    queries: list[str] = []
    while len(queries) < count:
        words = [w for w in rng.choice(titles).split() if w.isalpha() and len(w) > 3]
        if len(words) >= 2:
            queries.append(" ".join(rng.sample(words, min(len(words), rng.choice((2, 3))))))
    return queries


def _claims(path: Path, count: int) -> list[str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        total = conn.execute("SELECT max(seq) FROM articles").fetchone()[0]
        rng = random.Random(11)
        claims: list[str] = []
        while len(claims) < count:
            row = conn.execute(
                "SELECT text FROM articles WHERE seq >= ? LIMIT 1", (rng.randint(1, total),)
            ).fetchone()
            first = next((row[0][s:e] for s, e in sentences(row[0]) if e - s > 60), None)
            if first:
                claims.append(first[:300])
    return claims


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--cold", type=int, default=10, help="traces measured cold first")
    args = parser.parse_args()
    claims = _claims(args.store, args.queries)
    queries = _title_words(args.store, args.queries)
    with open_store(args.store) as store:
        search = []
        for query in queries:
            start = time.perf_counter()
            store.search(query, limit=10)
            search.append(time.perf_counter() - start)
        candidates = []
        for claim in claims:
            start = time.perf_counter()
            candidate_hits(store, claim, 100)
            candidates.append(time.perf_counter() - start)
        cold = []
        for claim in claims[: args.cold]:
            start = time.perf_counter()
            trace_claim(store, claim, limit=30)
            cold.append(time.perf_counter() - start)
        warm, origins = [], []
        for claim in claims:
            start = time.perf_counter()
            trace = trace_claim(store, claim, limit=30, analyze_missing=False)
            warm.append(time.perf_counter() - start)
            origins.append(trace.independent_origins)
        count = store.count()
    print(
        json.dumps(
            {
                "store_articles": count,
                "queries": len(claims),
                "search_top10_title_words": _percentiles(search),
                "claim_candidates_top100": _percentiles(candidates),
                "trace_cold_first": _percentiles(cold),
                "trace_without_new_analysis": _percentiles(warm),
                "mean_independent_origins": round(sum(origins) / len(origins), 2),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
