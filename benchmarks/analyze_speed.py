"""Analyse throughput as a ratio to bare spaCy parsing of the same texts, in the same process.

Usage: python benchmarks/analyze_speed.py [--shared ../shared] [--limit 200]
ratio = (articles/s of newstrace.analyze_many) / (articles/s of nlp.pipe alone); goal >= 0.75.
With the `tagger` extra installed it also times the learned transformer tagger over the same
parsed texts, which `analyze` does not run (docs/architecture.md: on the real-news dev half it
added 12 right and 37 wrong attributions under our definition): `with_learned_ratio` is what
analyze's throughput would be with it, against the same bare parse (goal there: >= 0.5).
Falls back to the bundled self-written example (repeated) when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from newstrace.loaders import LoadOptions, load
from newstrace.model import Article
from newstrace.nlp import get_nlp
from newstrace.pipeline import analyze_many

ROOT = Path(__file__).resolve().parents[1]
FLOOR = 0.75
LEARNED_FLOOR = 0.5


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
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    articles, source = _articles(args.shared, args.limit)
    texts = [a.text for a in articles]
    nlp = get_nlp()
    list(analyze_many(articles[:5]))  # warm up: model load, lexicon and classifier caches

    # Alternate the two, and keep each one's fastest round: on a shared machine the first pass
    # over a corpus is slower for reasons that have nothing to do with either.
    bare = full = float("inf")
    for _ in range(args.rounds):
        start = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=32))
        bare = min(bare, time.perf_counter() - start)
        start = time.perf_counter()
        reports = list(analyze_many(articles, batch_size=32))
        full = min(full, time.perf_counter() - start)

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
        **_learned(docs, texts, bare, full),
    }
    print(json.dumps(result, indent=2))


def _learned(docs: list[Any], texts: list[str], bare: float, full: float) -> dict[str, Any]:
    """Seconds the transformer tagger takes over the parsed texts, when it is installed."""
    from newstrace.ml.attribution.transformer import load_transformer_tagger, transformer_available

    if not transformer_available():
        return {"learned_tagger": "not installed (pip install 'newstrace[tagger]')"}
    tagger = load_transformer_tagger()
    tagger.tag(docs[0], texts[0])  # warm up: torch and the encoder
    start = time.perf_counter()
    for doc, text in zip(docs, texts, strict=True):
        tagger.tag(doc, text)
    tagged = time.perf_counter() - start
    return {
        "learned_tagger_s": round(tagged, 2),
        "with_learned_ratio": round(bare / (full + tagged), 3),
        "with_learned_floor": LEARNED_FLOOR,
    }


if __name__ == "__main__":
    main()
