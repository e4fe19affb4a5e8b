"""Print the credibility signal's random vs domain-disjoint cross-validation figures as JSON."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from newstrace.ml.credibility import train as training
from newstrace.ml.credibility.classifier import read_fakenewsnet

REPO_ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared")
    parser.add_argument("--seed", type=int, default=training.CredibilityConfig.seed)
    parser.add_argument("--c", type=float, default=training.CredibilityConfig.c)
    args = parser.parse_args()
    articles = read_fakenewsnet(args.shared / training.DATA)
    config = training.CredibilityConfig(c=args.c, seed=args.seed)
    print(json.dumps(training.compare_splits(articles, config), indent=2))


if __name__ == "__main__":
    main()
