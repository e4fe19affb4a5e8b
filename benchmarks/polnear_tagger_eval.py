"""Score the learned attribution taggers (CRF, transformer when installed) and the rules on a
PolNeAR split, side by side with bootstrap intervals; one JSON.

"transformer" is the tagger as shipped (with its fragment merger and source reranker when they
ship); "transformer_unreranked" leaves out the reranker and "transformer_unjoined" both.
`reranked_minus_unreranked_ci95` and `joined_minus_unjoined_ci95` (unreranked against unjoined)
are the paired gains of each step."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.ml.attribution.crf import (
    as_attributions,
    load_attribution_tagger,
    load_tagger_file,
)
from newstrace.ml.attribution.evaluate import WithRuleSpans
from newstrace.ml.attribution.polnear import ROLES, PolnearDoc, read_polnear, score_polnear
from newstrace.ml.attribution.transformer import (
    load_transformer_file,
    load_transformer_tagger,
    transformer_available,
)
from newstrace.ml.bootstrap import bootstrap
from newstrace.model import Article
from newstrace.nlp import get_nlp
from newstrace.pipeline import run_stages

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO_ROOT.parent / "shared"
MATCHES = ("exact", "overlap")


NAMES = [f"{role}_{match}_f1" for role in ROLES for match in MATCHES]


def article_counts(
    docs: Sequence[PolnearDoc], predicted: Mapping[str, Sequence[Any]]
) -> np.ndarray[Any, Any]:
    """(matched, n_gold, n_pred) per article and figure: what the bootstraps resample.

    Spans of one article are alike (one writer, one topic), so articles are the unit.
    """
    return np.array(
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


def _micro_f1(counts: np.ndarray[Any, Any], index: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    matched, n_gold, n_pred = counts[index].sum(axis=0).T
    return 2 * matched / np.maximum(n_gold + n_pred, 1.0)  # type: ignore[no-any-return]


def f1_intervals(counts: np.ndarray[Any, Any], seed: int = 13) -> dict[str, list[float]]:
    """95% bootstrap intervals of each micro F1, resampling whole articles."""

    def statistic(index: np.ndarray[Any, Any]) -> dict[str, float]:
        return dict(zip(NAMES, (float(v) for v in _micro_f1(counts, index)), strict=True))

    return bootstrap(statistic, ["all"] * len(counts), seed)


def paired_gain(
    better: np.ndarray[Any, Any], base: np.ndarray[Any, Any], seed: int = 13
) -> dict[str, list[float]]:
    """95% bootstrap intervals of F1(better) - F1(base), both on the same resampled articles."""

    def statistic(index: np.ndarray[Any, Any]) -> dict[str, float]:
        gain = _micro_f1(better, index) - _micro_f1(base, index)
        return dict(zip(NAMES, (float(v) for v in gain), strict=True))

    return bootstrap(statistic, ["all"] * len(better), seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared/ folder")
    parser.add_argument("--model", type=Path, default=None, help="a CRF model (default: shipped)")
    parser.add_argument(
        "--transformer", type=Path, default=None, help="a transformer model (default: shipped)"
    )
    args = parser.parse_args(argv)

    split_dir = args.shared / "datasets" / "polnear" / args.split
    if not split_dir.exists():
        print(f"PolNeAR split not found: {split_dir}", file=sys.stderr)
        return 2
    docs = read_polnear(split_dir)[: args.limit]
    started = time.perf_counter()
    parsed = list(get_nlp().pipe(doc.text for doc in docs))
    seconds = {"parse": time.perf_counter() - started}

    taggers: dict[str, Callable[[Any, str], Any]] = {
        "crf": WithRuleSpans(
            load_tagger_file(args.model) if args.model else load_attribution_tagger()
        ).tag
    }
    if args.transformer is not None or transformer_available():
        transformer = (
            load_transformer_file(args.transformer)
            if args.transformer is not None
            else load_transformer_tagger()
        )
        taggers["transformer"] = transformer.tag
        # The same network without the later steps, to measure what each adds.
        if transformer.reranker is not None:
            unreranked = dataclasses.replace(transformer, reranker=None)
            taggers["transformer_unreranked"] = unreranked.tag
        if transformer.merger is not None:
            unjoined = dataclasses.replace(transformer, merger=None, reranker=None)
            taggers["transformer_unjoined"] = unjoined.tag
    predicted: dict[str, dict[str, Any]] = {}
    for name, tag in taggers.items():
        started = time.perf_counter()
        predicted[name] = {
            gold.id: as_attributions(tag(doc, gold.text), gold.text)
            for gold, doc in zip(docs, parsed, strict=True)
        }
        seconds[name] = time.perf_counter() - started

    started = time.perf_counter()
    predicted["rules"] = {
        gold.id: run_stages(
            Article(text=gold.text, id=gold.id, date=gold.date, outlet=gold.publisher), doc
        ).attributions
        for gold, doc in zip(docs, parsed, strict=True)
    }
    seconds["rules"] = time.perf_counter() - started

    per_article = 1000 / max(len(docs), 1)
    result: dict[str, Any] = {
        "benchmark": "polnear_tagger",
        "split": args.split,
        "annotator_choice": "first annotation file by sorted name",
        "ms_per_article": {name: round(s * per_article, 1) for name, s in seconds.items()},
    }
    counts = {name: article_counts(docs, by_article) for name, by_article in predicted.items()}
    for name, by_article in predicted.items():
        result[name] = score_polnear(docs, by_article)
        result[f"{name}_f1_ci95_by_article"] = f1_intervals(counts[name])
    if "transformer" in predicted:
        result["transformer_minus_crf_ci95"] = paired_gain(counts["transformer"], counts["crf"])
    if "transformer_unreranked" in predicted:
        result["reranked_minus_unreranked_ci95"] = paired_gain(
            counts["transformer"], counts["transformer_unreranked"]
        )
    if "transformer_unjoined" in predicted:
        joined = next(n for n in ("transformer_unreranked", "transformer") if n in predicted)
        result["joined_minus_unjoined_ci95"] = paired_gain(
            counts[joined], counts["transformer_unjoined"]
        )
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
