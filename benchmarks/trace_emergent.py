"""Trace on Emergent: every headline of the claim-disjoint dev part of Emergent train stored as
an article in one store, each claim traced as a user would (`trace_claim`, lexical matching):
recall and precision of its versions (the headlines Emergent pairs with it), micro-averaged,
with 95 % intervals over claims; and the stance of the versions found, 3-way and against
recall, as trace labels them. One JSON.

Usage: python benchmarks/trace_emergent.py [--shared ../shared] [--limit 30]
Goals (issue 15): recall >= 0.95 at precision >= 0.95; stance accuracy >= 0.80, against
recall >= 0.70.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np

from newstrace.corpus.store import content_id, open_store
from newstrace.corpus.trace import trace_claim
from newstrace.ml.bootstrap import IntArray, bootstrap_clusters
from newstrace.ml.stance.emergent import is_dev, read_emergent
from newstrace.model import Article

ROOT = Path(__file__).resolve().parents[1]
TO_TRACE = {"for": "agree", "against": "disagree", "observing": "discuss"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--limit", type=int, default=30, help="trace's own --limit")
    args = parser.parse_args()
    pairs = [p for p in read_emergent(args.shared / "datasets") if is_dev(p)]
    claims: dict[str, str] = {}
    versions: dict[str, dict[str, str]] = defaultdict(dict)  # claim id -> article id -> stance
    articles = []
    for n, pair in enumerate(pairs):
        article = Article(
            text=pair.headline, title=pair.headline, id=f"e{n}", outlet=f"o{n}.example"
        )
        articles.append(article)
        claims[pair.claim_id] = pair.claim
        versions[pair.claim_id][article.id] = pair.stance
    rows = []
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "e.sqlite") as store:
        store.add_articles(articles)
        ours = {content_id(a): a.id for a in articles}  # the store keys articles by content
        for claim_id, claim in claims.items():
            trace = trace_claim(store, claim, limit=args.limit, embedder=None)
            found = {}
            for match in trace.matches:
                found[ours.get(match.article_id, match.article_id)] = match.stance
            gold = versions[claim_id]
            hits = [i for i in found if i in gold]
            right = sum(1 for i in hits if found[i] == TO_TRACE[gold[i]])
            against = [i for i in hits if gold[i] == "against"]
            rows.append(
                (
                    len(hits),
                    len(found),
                    len(gold),
                    right,
                    len(against),
                    sum(1 for i in against if found[i] == "disagree"),
                )
            )
    matrix = np.array(rows, dtype=np.float64)

    def statistic(index: IntArray) -> dict[str, float]:
        hits, found, gold, right, against, caught = matrix[index].sum(axis=0)
        return {
            "version_recall": hits / gold if gold else float("nan"),
            "version_precision": hits / found if found else float("nan"),
            "stance_accuracy_on_found": right / hits if hits else float("nan"),
            "against_recall_on_found": caught / against if against else float("nan"),
        }

    point = statistic(np.arange(len(rows)))
    ci = bootstrap_clusters(statistic, list(claims), seed=13)
    print(
        json.dumps(
            {
                "claims": len(claims),
                "headlines": len(articles),
                **{k: {"value": round(v, 4), "ci95": ci[k]} for k, v in point.items()},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
