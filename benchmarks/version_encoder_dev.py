"""The version encoder against the plain MiniLM on Emergent dev, by cosine alone: every dev claim
against every dev headline, a pair being positive when Emergent pairs the headline with the
claim (for, against or observing). Supporting evidence for the encoder choice; the product
figure is benchmarks/trace_emergent.py, which traces through the version matcher.

Prints, per encoder: the recall of positive pairs at the lowest cosine where precision is still
>= 0.95 (and >= 0.90), the share of headlines whose nearest claim is their own, and the mean
cosine of positive and negative pairs; 95 % intervals resampling claims.

Usage: python benchmarks/version_encoder_dev.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import numpy.typing as npt

from newstrace.ml import embedding
from newstrace.ml.bootstrap import IntArray, bootstrap_clusters
from newstrace.ml.stance.emergent import is_dev, read_emergent

ROOT = Path(__file__).resolve().parents[1]


def recall_at_precision(
    scores: npt.NDArray[np.float32], labels: npt.NDArray[np.bool_], precision: float
) -> float:
    order = np.argsort(-scores, kind="stable")
    hits = np.cumsum(labels[order])
    ok = hits / np.arange(1, len(order) + 1) >= precision
    return float((hits[ok] / labels.sum()).max()) if ok.any() and labels.sum() else 0.0


def figures(encode: embedding.Encoder, shared: Path) -> dict[str, object]:
    pairs = [p for p in read_emergent(shared / "datasets") if is_dev(p)]
    claims = sorted({p.claim_id: p.claim for p in pairs}.items())
    cosine = encode([c for _, c in claims]) @ encode([p.headline for p in pairs]).T
    owner = np.array([p.claim_id for p in pairs])
    gold = np.array([owner == claim_id for claim_id, _ in claims])

    def statistic(index: IntArray) -> dict[str, float]:
        s, g = cosine[index], gold[index]
        columns = g.any(axis=0)  # the headlines of the resampled claims
        own = s[:, columns].argmax(axis=0)
        return {
            "recall_at_precision_0.95": recall_at_precision(s.ravel(), g.ravel(), 0.95),
            "recall_at_precision_0.90": recall_at_precision(s.ravel(), g.ravel(), 0.90),
            "headline_nearest_its_claim": float(g[:, columns][own, np.arange(len(own))].mean()),
            "mean_cosine_versions": float(s[g].mean()),
            "mean_cosine_others": float(s[~g].mean()),
        }

    point = statistic(np.arange(len(claims)))
    ci = bootstrap_clusters(statistic, [c for c, _ in claims], resamples=300)
    return {
        k: {"value": round(v, 4), "ci95": [round(x, 4) for x in ci[k]]} for k, v in point.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    if not embedding.available():
        parser.error("the semantic extra is not installed")
    result = {
        embedding.GENERAL_MODEL_NAME: figures(embedding.encode_general, args.shared),
        embedding.MODEL_NAME: figures(embedding.encode, args.shared),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
