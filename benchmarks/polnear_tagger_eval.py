"""Score the learned attribution tagger and the rules on a PolNeAR split, side by side; one JSON."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.ml.attribution_tagger import as_attributions, load_tagger_file, tag_attributions
from newstrace.ml.bootstrap import bootstrap
from newstrace.ml.polnear import ROLES, PolnearDoc, read_polnear, score_polnear
from newstrace.model import Article
from newstrace.nlp import get_nlp
from newstrace.pipeline import run_stages

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO_ROOT.parent / "shared"
MATCHES = ("exact", "overlap")


def f1_intervals(
    docs: Sequence[PolnearDoc], predicted: Mapping[str, Sequence[Any]], seed: int = 13
) -> dict[str, list[float]]:
    """95% bootstrap intervals of each micro F1, resampling whole articles.

    Spans of one article are alike (one writer, one topic), so articles are the unit.
    """
    counts = np.array(
        [
            [
                [scores[role][match][key] for key in ("matched", "n_gold", "n_pred")]
                for role in ROLES
                for match in MATCHES
            ]
            for scores in (score_polnear([doc], {doc.id: predicted[doc.id]}) for doc in docs)
        ],
        dtype=np.float64,
    )
    names = [f"{role}_{match}_f1" for role in ROLES for match in MATCHES]

    def statistic(index: np.ndarray[Any, Any]) -> dict[str, float]:
        matched, n_gold, n_pred = counts[index].sum(axis=0).T
        f1 = 2 * matched / np.maximum(n_gold + n_pred, 1.0)
        return dict(zip(names, (float(v) for v in f1), strict=True))

    return bootstrap(statistic, ["all"] * len(docs), seed)


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
        "tagger_f1_ci95_by_article": f1_intervals(docs, tagged),
        "rules": score_polnear(docs, rules),
        "rules_f1_ci95_by_article": f1_intervals(docs, rules),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
