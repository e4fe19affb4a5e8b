"""The embedding stage and vector search at scale: sentences/s of `newstrace embed` on real
articles, the store's size per 100k articles, and `nearest_articles` latency on a store of
100k articles with random unit vectors (search needs no real text to be timed).

Usage: python benchmarks/embed_speed.py [--shared ../shared] [--articles 300] [--search 100000]
Needs the semantic extra. One JSON.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import sqlite3
import tempfile
import time
from pathlib import Path

import numpy as np

from newstrace.corpus.embed import embed_store
from newstrace.corpus.store import SentenceVectors, content_id, open_store
from newstrace.corpus.vector_index import SEARCH_ROWS
from newstrace.ml import embedding
from newstrace.model import Article

ROOT = Path(__file__).resolve().parents[1]


def _articles(path: Path, count: int) -> list[Article]:
    found: list[Article] = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for n, line in enumerate(itertools.islice(handle, count * 2)):
            record = json.loads(line)
            if (record.get("text") or "").strip() and len(found) < count:
                found.append(Article(text=record["text"], title=record.get("title"), id=f"g{n}"))
    return found


def embedding_speed(shared: Path, count: int) -> dict[str, float]:
    articles = _articles(shared / "datasets" / "fakenewsnet" / "gossipcop.jsonl.gz", count)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "e.sqlite"
        with open_store(path) as store:
            store.add_articles(articles)
            embedding.encode(["warm the model up"])
            start = time.perf_counter()
            summary = embed_store(store, embedding.encode, embedding.MODEL_NAME)
            seconds = time.perf_counter() - start
        with sqlite3.connect(path) as conn:
            size = conn.execute(
                "SELECT sum(length(spans) + length(vectors) + length(article_id) + 16) "
                "FROM sentence_vectors"
            ).fetchone()[0]
    return {
        "articles": summary.articles,
        "sentences": summary.sentences,
        "sentences_per_article": round(summary.sentences / summary.articles, 1),
        "sentences_per_second": round(summary.sentences / seconds, 1),
        "hours_per_100k_articles": round(100_000 * seconds / summary.articles / 3600, 2),
        "vector_mb_per_100k_articles": round(size / summary.articles * 100_000 / 1e6, 1),
    }


def search_latency(articles: int, queries: int = 50) -> dict[str, float]:
    rng = np.random.default_rng(3)
    spans = tuple((k, k + 1) for k in range(SEARCH_ROWS))
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "s.sqlite") as store:
        batch = 10_000
        for first in range(0, articles, batch):
            stored = [Article(id=f"a{n}", text=f"article {n}") for n in range(first, first + batch)]
            store.add_articles(stored)
            rows = rng.standard_normal((batch, SEARCH_ROWS, embedding.DIMENSION), np.float32)
            rows /= np.linalg.norm(rows, axis=2, keepdims=True)
            store.save_vectors(
                [
                    SentenceVectors(content_id(a), embedding.MODEL_NAME, spans, rows[k])
                    for k, a in enumerate(stored)
                ]
            )
        start = time.perf_counter()
        query = rng.standard_normal(embedding.DIMENSION).astype(np.float32)
        store.nearest_articles(query / np.linalg.norm(query), model=embedding.MODEL_NAME)
        cold = time.perf_counter() - start
        seconds = []
        for _ in range(queries):
            query = rng.standard_normal(embedding.DIMENSION).astype(np.float32)
            start = time.perf_counter()
            store.nearest_articles(query / np.linalg.norm(query), model=embedding.MODEL_NAME)
            seconds.append(time.perf_counter() - start)
    seconds.sort()
    return {
        "articles": articles,
        "rows_searched": articles * SEARCH_ROWS,
        "first_query_s": round(cold, 2),
        "p50_ms": round(1000 * seconds[len(seconds) // 2], 1),
        "p95_ms": round(1000 * seconds[int(len(seconds) * 0.95)], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--search", type=int, default=100_000)
    args = parser.parse_args()
    if not embedding.available():
        parser.error("needs the semantic extra")
    result = {
        "embedding": embedding_speed(args.shared, args.articles),
        "search": search_latency(args.search),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
