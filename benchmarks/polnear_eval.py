"""Score newstrace source, cue and content spans against a PolNeAR split; prints one JSON."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import newstrace
from newstrace.ml.polnear import read_polnear, score_polnear
from newstrace.model import Article

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO_ROOT.parent / "shared"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared/ folder")
    args = parser.parse_args(argv)

    split_dir = args.shared / "datasets" / "polnear" / args.split
    if not split_dir.exists():
        print(f"PolNeAR split not found: {split_dir}", file=sys.stderr)
        return 2
    docs = read_polnear(split_dir)[: args.limit]
    articles = [
        Article(text=doc.text, id=doc.id, date=doc.date, outlet=doc.publisher) for doc in docs
    ]
    started = time.perf_counter()
    reports = list(newstrace.analyze_many(articles))
    seconds = time.perf_counter() - started
    predicted = {doc.id: report.attributions for doc, report in zip(docs, reports, strict=True)}
    result = {
        "benchmark": "polnear",
        "split": args.split,
        "annotator_choice": "first annotation file by sorted name",
        "seconds": round(seconds, 2),
        **score_polnear(docs, predicted),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
