"""Fast-path ingest throughput, memory and store size, then search latency over 200 queries.

Usage: python benchmarks/ingest_speed.py [--corpus /tmp/newstrace-corpus-100000.jsonl.gz]
                                         [--store /tmp/newstrace-bench.sqlite] [--queries 200]
Build the corpus first with benchmarks/make_corpus.py. The store is deleted and rebuilt.
Prints JSON: articles/s, wall time, peak RSS (this process and the largest fingerprint worker,
resource.getrusage), store size,
and search p50/p95 in ms. Queries are 1-3 words (>= 4 letters) of random stored titles, seed 7.
Goals (issue 4): 100k stored + fingerprinted + indexed <= 10 min on 2 cores, peak RSS <= 4 GB,
search p95 <= 200 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from newstrace.corpus.ingest import default_fingerprinter, ingest
from newstrace.corpus.store import Store, open_store

_WORD = re.compile(r"[A-Za-z]{4,}")


def fresh_store(path: Path) -> Store:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return open_store(path)


def queries(store: Store, count: int, seed: int = 7) -> list[str]:
    """`count` queries of 1-3 title words, from titles picked at random (reproducibly)."""
    titles = [a.title for a in store.iter_articles(batch_size=5000) if a.title]
    rng = random.Random(seed)
    found: list[str] = []
    while len(found) < count and titles:
        words = _WORD.findall(rng.choice(titles))
        if words:
            found.append(" ".join(rng.sample(words, min(len(words), rng.randint(1, 3)))))
    return found


def latency_ms(store: Store, texts: list[str]) -> dict[str, float]:
    timings = []
    for text in texts:
        started = time.perf_counter()
        store.search(text, limit=10)
        timings.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(timings, n=100)
    return {"p50": round(cuts[49], 2), "p95": round(cuts[94], 2), "max": round(max(timings), 2)}


def run(corpus: Path, store_path: Path, query_count: int, workers: int) -> dict[str, Any]:
    fingerprint = default_fingerprinter()
    with fresh_store(store_path) as store:
        started = time.perf_counter()
        summary = ingest([corpus], store, workers=workers, fingerprint=fingerprint)
        wall = time.perf_counter() - started
        texts = queries(store, query_count)
        search = latency_ms(store, texts)
        stats = store.stats()
    # Fingerprint workers are separate processes: their peak is reported on its own.
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "corpus": str(corpus),
        "read": summary.read,
        "stored": summary.stored,
        "duplicates": summary.duplicates,
        "fingerprinted": summary.fingerprinted,
        "fingerprint": getattr(fingerprint, "__module__", None),
        "wall_s": round(wall, 1),
        "articles_per_s": round(summary.read / wall, 1),
        "workers": workers,
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "peak_rss_worker_mb": round(workers_kb / 1024, 1),
        "store_mb": round(stats["size_bytes"] / 1e6, 1),
        "search_queries": len(texts),
        "search_ms": search,
        "goal_10_min": wall <= 600,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus", type=Path, default=Path("/tmp/newstrace-corpus-100000.jsonl.gz")
    )
    parser.add_argument("--store", type=Path, default=Path("/tmp/newstrace-bench.sqlite"))
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2, help="fingerprinting processes")
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"{args.corpus} not found: build it with benchmarks/make_corpus.py")
    print(json.dumps(run(args.corpus, args.store, args.queries, args.workers), indent=2))


if __name__ == "__main__":
    main()
