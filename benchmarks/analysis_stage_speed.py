"""The store's analysis stage against bare spaCy parsing of the same texts, in one run.

Usage: python benchmarks/analysis_stage_speed.py [--shared ../shared] [--articles 2000]
Ingests gossipcop articles into a temporary store, then alternates, chunk by chunk, bare
`nlp.pipe` over the next unanalysed texts and `analyze_stored` over the same articles (parse,
stages, report saved in the store), so machine load hits both sides alike.
ratio = bare seconds / analysis seconds; goal >= 0.75.
"""

from __future__ import annotations

import argparse
import itertools
import json
import tempfile
import time
from pathlib import Path

from newstrace.corpus.ingest import analyze_stored
from newstrace.corpus.store import open_store
from newstrace.loaders import LoadOptions, load
from newstrace.nlp import get_nlp

ROOT = Path(__file__).resolve().parents[1]
CHUNK = 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    corpus = args.shared / "datasets" / "fakenewsnet" / "gossipcop.jsonl.gz"
    articles = list(itertools.islice(load(corpus, LoadOptions(preset="gossipcop")), args.articles))
    nlp = get_nlp()
    bare = staged = 0.0
    words = 0
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "s.sqlite") as store:
        store.add_articles(articles)
        analyze_stored(store, limit=5)  # warm-up: model and classifier loading
        while True:
            ids = store.unanalysed_ids(CHUNK)
            if not ids:
                break
            texts = [a.text for i in ids if (a := store.get_article(i)) is not None]
            words += sum(len(t.split()) for t in texts)
            start = time.perf_counter()
            for _ in nlp.pipe(texts, batch_size=32):
                pass
            bare += time.perf_counter() - start
            start = time.perf_counter()
            analyze_stored(store, limit=len(ids), batch_size=100)
            staged += time.perf_counter() - start
        analysed = store.stats()["analysed"]
    print(
        json.dumps(
            {
                "articles": len(articles),
                "analysed": analysed,
                "words": words,
                "bare_nlp_pipe_s": round(bare, 1),
                "analysis_stage_s": round(staged, 1),
                "analysis_words_per_s": round(words / staged),
                "ratio": round(bare / staged, 3),
                "goal": 0.75,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
