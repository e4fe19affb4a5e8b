"""Analyse throughput as a ratio to bare spaCy parsing of the same texts, in the same process.

Usage: python benchmarks/analyze_speed.py [--shared ../shared] [--limit 200]
ratio = (articles/s of newstrace.analyze_many) / (articles/s of nlp.pipe alone); goal >= 0.75.
Falls back to the bundled self-written example (repeated) when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from newstrace.loaders import LoadOptions, load
from newstrace.model import Article
from newstrace.nlp import get_nlp
from newstrace.pipeline import analyze_many

ROOT = Path(__file__).resolve().parents[1]
FLOOR = 0.75


def _articles(shared: Path, limit: int) -> tuple[list[Article], str]:
    corpus = shared / "datasets" / "fakenewsnet" / "politifact_train.jsonl"
    if corpus.exists():
        found = list(load(corpus, LoadOptions(preset="politifact")))
        # Very long pages (site dumps) dominate timing; keep typical article lengths.
        found = [a for a in found if len(a.text) < 20_000][:limit]
        return found, str(corpus)
    example = next(load(ROOT / "examples" / "port_closure.txt"))
    return [example] * limit, "examples/port_closure.txt (repeated)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--limit", type=int, default=200)
    args = parser.parse_args()
    articles, source = _articles(args.shared, args.limit)
    texts = [a.text for a in articles]
    nlp = get_nlp()
    list(analyze_many(articles[:5]))  # warm up: model load, lexicon and classifier caches

    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    bare = time.perf_counter() - start

    start = time.perf_counter()
    reports = list(analyze_many(articles, batch_size=32))
    full = time.perf_counter() - start

    words = sum(len(t.split()) for t in texts)
    result = {
        "corpus": source,
        "articles": len(texts),
        "words": words,
        "bare_nlp_pipe_s": round(bare, 2),
        "analyze_s": round(full, 2),
        "bare_articles_per_s": round(len(texts) / bare, 2),
        "analyze_articles_per_s": round(len(texts) / full, 2),
        "analyze_words_per_s": round(words / full),
        "ratio": round(bare / full, 3),
        "floor": FLOOR,
        "attributions": sum(len(r.attributions) for r in reports),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
