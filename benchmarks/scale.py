"""Scale-out: the analysis stage in-process and on Dask, and both store backends on 100k articles.

Usage:
  python benchmarks/scale.py analysis [--articles 600] [--partition 20] [--shared ../shared]
                                      [--postgres URL]
  python benchmarks/scale.py stores --corpus /tmp/newstrace-corpus-100000.jsonl.gz
                                    --postgres postgresql://USER:PW@HOST:PORT/DB [--queries 200]
                                    [--sqlite FILE: both stores already filled, latency only]

`analysis`: the same real articles (the first N of FakeNewsNet gossipcop, read at run time) are
analysed into fresh stores three ways in this one process: in-process (one worker), Dask with 1
worker and Dask with 2 workers (a LocalCluster of single-threaded processes); articles/s of
each, over the whole run and after the cluster is up, and the ratios 2 workers / 1 worker (goal:
>= 1.8). The store is SQLite, or the PostgreSQL
database at --postgres (emptied first).

`stores`: the corpus (benchmarks/make_corpus.py) ingested into a fresh SQLite file and into the
emptied PostgreSQL database, each in a child process (wall time, articles/s and the child's peak
RSS), then the same 200 search queries (1-3 title words, as benchmarks/ingest_speed.py) and 50
lexical traces (claims: first sentences of random stored articles; each traced twice, cold
then warm) against both: p50/p95 ms.
Prints JSON. The database must be empty or a newstrace store; its tables are dropped first.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _empty_database(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


def _real_articles(shared: Path, count: int) -> list[Any]:
    from newstrace.model import Article

    path = shared / "datasets" / "fakenewsnet" / "gossipcop.jsonl.gz"
    articles = []
    with gzip.open(path, "rt", encoding="utf-8") as rows:
        for line in rows:
            row = json.loads(line)
            text = (row.get("text") or "").strip()
            if 500 <= len(text) <= 8000:
                articles.append(
                    Article(text=text, title=row.get("title"), outlet=row.get("domain"))
                )
            if len(articles) == count:
                break
    return articles


def _fresh(location: str, articles: list[Any]) -> None:
    from newstrace.corpus.store import open_store

    if "://" in location:
        _empty_database(location)
    else:
        Path(location).unlink(missing_ok=True)
    with open_store(location) as store:
        store.add_articles(articles)


def _mark(marks: list[float], _run: object) -> None:
    marks.append(time.perf_counter())


def analysis(args: argparse.Namespace) -> dict[str, Any]:
    from newstrace.corpus.dask_engine import analyze_on_dask
    from newstrace.corpus.ingest import analyze_stored
    from newstrace.corpus.store import open_store

    articles = _real_articles(args.shared, args.articles)
    chars = sum(len(a.text) for a in articles)
    folder = Path(tempfile.mkdtemp(prefix="newstrace-scale-"))
    location = args.postgres or str(folder / "scale.sqlite")
    results: dict[str, Any] = {"articles": len(articles), "mean_chars": chars // len(articles)}
    runs: list[tuple[str, int | None]] = [("in_process", None), ("dask_1", 1), ("dask_2", 2)]
    for name, workers in runs:
        _fresh(location, articles)
        started = time.perf_counter()
        up = [started]
        if workers is None:
            with open_store(location) as store:
                done = analyze_stored(store, workers=1).analysed
        else:
            # Wall time includes the cluster's start, which a user waits for too; the rate
            # after it is what more articles would see.
            done = analyze_on_dask(
                location,
                workers=workers,
                partition=args.partition,
                on_start=partial(_mark, up),
            ).summary.analysed
        ended = time.perf_counter()
        results[name] = {
            "analysed": done,
            "wall_s": round(ended - started, 1),
            "articles_per_s": round(done / (ended - started), 2),
            "cluster_start_s": round(up[-1] - started, 1),
            "articles_per_s_after_start": round(done / (ended - up[-1]), 2),
        }
    for rate in ("articles_per_s", "articles_per_s_after_start"):
        one, two = results["dask_1"][rate], results["dask_2"][rate]
        results[f"dask_2_over_1_{rate}"] = round(two / one, 2)
    results["store"] = "postgresql" if args.postgres else "sqlite"
    return results


_INGEST_CHILD = """
import json, resource, sys, time
from newstrace.corpus.ingest import default_fingerprinter, ingest
from newstrace.corpus.store import open_store
started = time.perf_counter()
with open_store(sys.argv[2]) as store:
    summary = ingest([sys.argv[1]], store, workers=2, fingerprint=default_fingerprinter())
    size = store.stats()["size_bytes"]
wall = time.perf_counter() - started
print(json.dumps({"stored": summary.stored, "wall_s": round(wall, 1),
    "articles_per_s": round(summary.read / wall, 1), "size_mb": round(size / 1e6, 1),
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
"""


def _ingest(corpus: Path, location: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _INGEST_CHILD, str(corpus), location],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _percentiles(timings: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(timings, n=100)
    return {"p50_ms": round(cuts[49], 1), "p95_ms": round(cuts[94], 1)}


def _latency(location: str, queries: list[str], claims: list[str]) -> dict[str, Any]:
    from newstrace.corpus.store import open_store
    from newstrace.corpus.trace import trace_claim

    with open_store(location) as store:
        searches = []
        for query in queries:
            started = time.perf_counter()
            store.search(query, limit=10)
            searches.append(1000 * (time.perf_counter() - started))
        cold: list[float] = []
        warm: list[float] = []
        for claim in claims:
            # The first trace analyses and stores the matched articles' reports (cold); a
            # second finds them stored (warm), as every later trace of the story does.
            for timings in (cold, warm):
                started = time.perf_counter()
                trace_claim(store, claim, embedder=None)
                timings.append(1000 * (time.perf_counter() - started))
    return {
        "search": _percentiles(searches),
        "trace_lexical_cold": _percentiles(cold),
        "trace_lexical_warm": _percentiles(warm),
    }


def stores(args: argparse.Namespace) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from ingest_speed import queries as title_queries
    from newstrace.corpus.matching import sentences
    from newstrace.corpus.store import open_store

    results: dict[str, Any] = {"corpus": str(args.corpus)}
    if args.sqlite is None:
        sqlite = str(Path(tempfile.mkdtemp(prefix="newstrace-scale-")) / "scale.sqlite")
        _empty_database(args.postgres)
        results["ingest"] = {"sqlite": _ingest(args.corpus, sqlite)}
        results["ingest"]["postgresql"] = _ingest(args.corpus, args.postgres)
    else:  # both stores filled by an earlier run: latency only
        sqlite = str(args.sqlite)
    with open_store(sqlite) as store:
        texts = title_queries(store, args.queries)
        rng = random.Random(args.seed)
        picked = rng.sample([a for a in store.iter_articles(batch_size=5000)], 50)
        claims = []
        for article in picked:
            start, end = next(sentences(article.text), (0, min(200, len(article.text))))
            claims.append(article.text[start:end][:300])
    results["sqlite"] = _latency(sqlite, texts, claims)
    results["postgresql"] = _latency(args.postgres, texts, claims)
    results["peak_rss_this_process_mb"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    first = commands.add_parser("analysis")
    first.add_argument("--articles", type=int, default=600)
    first.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    first.add_argument("--postgres", default=None)
    first.add_argument("--partition", type=int, default=20, help="articles per Dask task")
    second = commands.add_parser("stores")
    second.add_argument("--corpus", type=Path, required=True)
    second.add_argument("--postgres", required=True)
    second.add_argument("--queries", type=int, default=200)
    second.add_argument(
        "--sqlite", type=Path, default=None, help="a SQLite store an earlier run filled: no ingest"
    )
    second.add_argument("--seed", type=int, default=11, help="which stored articles give claims")
    args = parser.parse_args()
    result = analysis(args) if args.command == "analysis" else stores(args)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
