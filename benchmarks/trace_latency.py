"""Search and trace latency on a large store: p50/p95 over 200 queries of each kind.

Usage: python benchmarks/trace_latency.py --store /tmp/bench100k.sqlite [--queries 200]
                                          [--semantic [--random-vectors]]
(build the store with benchmarks/make_corpus.py + benchmarks/ingest_speed.py). Claims are the
first sentences of randomly drawn stored articles. A "warm" trace has the matched articles'
reports in the store (a first trace analyses and stores them; that cold cost is reported
separately); goals: search p95 <= 200 ms, trace p95 <= 1 s.

`--semantic` traces with sentence embeddings (the semantic extra), as `trace` does on an
embedded store. Embedding 100k real articles takes hours on two cores, so `--random-vectors`
first stores random unit vectors, under the current encoder's name, for every article
without vectors (through `embed_store`, as `newstrace embed` writes real ones): the timing
is real (claim encoding, vector search over the store, reading candidates' vectors), the
matches are not, and the store is left with those vectors: use a throwaway store.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from newstrace.corpus.embed import embed_store
from newstrace.corpus.matching import candidate_hits, default_embedder, sentences
from newstrace.corpus.store import open_store
from newstrace.corpus.trace import trace_claim
from newstrace.ml import embedding


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


def _fill_random_vectors(path: Path) -> dict[str, float]:
    """Random unit vectors for every article without vectors of the current encoder."""
    rng = np.random.default_rng(17)

    def random_unit(texts: Sequence[str]) -> npt.NDArray[np.float32]:
        rows = rng.standard_normal((len(texts), embedding.DIMENSION)).astype(np.float32)
        unit: npt.NDArray[np.float32] = rows / np.linalg.norm(rows, axis=1, keepdims=True)
        return unit

    start = time.perf_counter()
    with open_store(path) as store:
        summary = embed_store(store, random_unit, embedding.MODEL_NAME, batch_size=500)
    return {
        "articles": summary.articles,
        "sentences": summary.sentences,
        "seconds": round(time.perf_counter() - start, 1),
        "store_mb_after": round(path.stat().st_size / 1e6, 1),
    }


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
    parser.add_argument("--semantic", action="store_true", help="trace with embeddings")
    parser.add_argument(
        "--random-vectors", action="store_true", help="store random vectors first (timing only)"
    )
    args = parser.parse_args()
    embedder = default_embedder() if args.semantic else None
    if args.semantic and embedder is None:
        parser.error("--semantic needs the semantic extra")
    filled = _fill_random_vectors(args.store) if args.random_vectors else None
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
            trace_claim(store, claim, limit=30, embedder=embedder)
            cold.append(time.perf_counter() - start)
        warm, origins = [], []
        for claim in claims:
            start = time.perf_counter()
            trace = trace_claim(store, claim, limit=30, analyze_missing=False, embedder=embedder)
            warm.append(time.perf_counter() - start)
            origins.append(trace.independent_origins)
        count = store.count()
    print(
        json.dumps(
            {
                "store_articles": count,
                "matching": "lexical + embeddings" if embedder else "lexical",
                "random_vectors_written": filled,
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
