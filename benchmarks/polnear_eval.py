"""Score the rule-based source, cue and content spans against a PolNeAR split; one JSON."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from newstrace.ml.attribution.evaluate import evaluate_split

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
    started = time.perf_counter()
    scores = evaluate_split(split_dir, method="analyze", limit=args.limit)
    result = {
        "benchmark": "polnear",
        "split": args.split,
        "seconds": round(time.perf_counter() - started, 2),
        **scores,
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
