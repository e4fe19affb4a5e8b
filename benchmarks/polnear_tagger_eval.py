"""Score the learned attribution tagger and the rules on a PolNeAR split, side by side; one JSON."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from newstrace.ml.attribution_tagger import as_attributions, load_tagger_file, tag_attributions
from newstrace.ml.polnear import read_polnear, score_polnear
from newstrace.model import Article
from newstrace.nlp import get_nlp
from newstrace.pipeline import run_stages

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO_ROOT.parent / "shared"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared/ folder")
    parser.add_argument("--model", type=Path, default=None, help="a model JSON (default: shipped)")
    args = parser.parse_args(argv)

    split_dir = args.shared / "datasets" / "polnear" / args.split
    if not split_dir.exists():
        print(f"PolNeAR split not found: {split_dir}", file=sys.stderr)
        return 2
    docs = read_polnear(split_dir)[: args.limit]
    started = time.perf_counter()
    parsed = list(get_nlp().pipe(doc.text for doc in docs))
    parse_seconds = time.perf_counter() - started

    tag = load_tagger_file(args.model).tag if args.model else tag_attributions
    started = time.perf_counter()
    tagged = {
        gold.id: as_attributions(tag(doc, gold.text), gold.text)
        for gold, doc in zip(docs, parsed, strict=True)
    }
    tagger_seconds = time.perf_counter() - started

    started = time.perf_counter()
    rules = {
        gold.id: run_stages(
            Article(text=gold.text, id=gold.id, date=gold.date, outlet=gold.publisher), doc
        ).attributions
        for gold, doc in zip(docs, parsed, strict=True)
    }
    rules_seconds = time.perf_counter() - started

    per_article = 1000 / max(len(docs), 1)
    result = {
        "benchmark": "polnear_tagger",
        "split": args.split,
        "annotator_choice": "first annotation file by sorted name",
        "ms_per_article": {
            "parse": round(parse_seconds * per_article, 1),
            "tagger": round(tagger_seconds * per_article, 1),
            "rules": round(rules_seconds * per_article, 1),
        },
        "tagger": score_polnear(docs, tagged),
        "rules": score_polnear(docs, rules),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
