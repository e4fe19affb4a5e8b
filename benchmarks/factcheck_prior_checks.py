"""Prior fact-checks as `analyze --factchecks` shows them, on CLEF CheckThat! 2020 claim retrieval:
the 10k verified claims imported into one store (the `clef` preset), each tweet matched by
`match_claims` (the trained re-ranker; --lexical: its variant without embeddings). For a
split: how often the top match is the right check (P@1 without any threshold), and, at the
variant's shipped threshold, the share of tweets shown their right check first
(recall), the share of shown top matches that are right (precision), and the false-alarm rate:
how often a wrong check scores above the threshold, which is what a claim never checked before
(most claims in the news) would be shown. 95 % intervals over tweets. With --choose, the lowest
threshold whose false-alarm rate is at most --false-alarms (run on train only: dev is for
reporting).

Usage: python benchmarks/factcheck_prior_checks.py [--split dev] [--choose] [--lexical] [--latency]
(--latency: p50/p95 milliseconds of one claim matched against the 10k checks, index built)
"""

from __future__ import annotations

import argparse
import csv
import json
import tempfile
import time
from pathlib import Path

import numpy as np

from newstrace.corpus.factcheck_match import match_claims
from newstrace.corpus.store import open_store
from newstrace.errors import InputError
from newstrace.loaders.factchecks import load_factchecks
from newstrace.ml.bootstrap import IntArray, bootstrap, with_intervals
from newstrace.ml.factcheck.rerank import load_threshold
from newstrace.ml.factcheck.train import lowest_threshold
from newstrace.model import FactCheck

ROOT = Path(__file__).resolve().parents[1]


def _raise(exc: InputError) -> None:
    raise exc


def read_split(folder: Path) -> tuple[list[str], list[str]]:
    """Tweets of a split and the id (as the `clef` preset stores it) of each one's check."""
    with (folder / "tweets.queries.tsv").open(encoding="utf-8", newline="") as handle:
        tweets = {row[0]: row[1] for row in list(csv.reader(handle, delimiter="\t"))[1:]}
    gold: dict[str, str] = {}
    for line in (folder / "tweet-vclaim-pairs.qrels").read_text("utf-8").splitlines():
        tweet, _, vclaim, relevant = line.split()
        if relevant != "0":
            gold.setdefault(tweet, vclaim)
    ids = sorted(t for t in tweets if t in gold)
    return [tweets[t] for t in ids], [gold[t] for t in ids]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--split", choices=("train", "dev"), default="dev")
    parser.add_argument("--choose", action="store_true", help="choose the threshold (train)")
    parser.add_argument("--false-alarms", type=float, default=0.1)
    parser.add_argument("--lexical", action="store_true", help="no embeddings (core install)")
    parser.add_argument("--latency", action="store_true", help="also time one claim at a time")
    args = parser.parse_args()
    data = args.shared / "datasets" / "claim_retrieval"
    checks = list(load_factchecks(data / "verified_claims.docs.tsv", _raise, fmt="clef"))
    by_key = {check.id: key for key, check in _keyed(data, checks)}
    tweets, gold = read_split(data / args.split)
    semantic = False if args.lexical else None
    latency: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "s.db") as store:
        store.save_factchecks(checks)
        found = match_claims(tweets, store, limit=20, threshold=0.0, semantic=semantic)
        if args.latency:
            # One claim at a time, as `analyze` asks, the index already built (once per process).
            # A trailing stop word makes each text new to the vector cache, so the claim is
            # encoded as a claim never seen would be; BM25 ignores the word.
            seconds = []
            for tweet in tweets:
                started = time.perf_counter()
                match_claims([f"{tweet} the"], store, semantic=semantic)
                seconds.append(time.perf_counter() - started)
            ms = np.array(seconds) * 1000
            latency = {
                "p50_ms": float(np.percentile(ms, 50)),
                "p95_ms": float(np.percentile(ms, 95)),
            }
    scores = np.array([matches[0].score if matches else 0.0 for matches in found])
    right = np.array(
        [int(bool(f) and by_key.get(f[0].id) == g) for f, g in zip(found, gold, strict=True)],
        dtype=np.int64,
    )
    # The best score of a check that is not the tweet's own: with the right one absent, the
    # claim would be shown this one if it clears the threshold.
    wrong = np.array(
        [
            max((m.score for m in matches if by_key.get(m.id) != g), default=0.0)
            for matches, g in zip(found, gold, strict=True)
        ]
    )
    result: dict[str, object] = {"split": args.split, "tweets": len(tweets)}
    if args.choose:
        result["chosen_threshold"] = lowest_threshold(wrong, args.false_alarms)
    variant = "lexical" if args.lexical else "semantic"
    result["variant"] = variant
    shipped = load_threshold(variant)
    threshold = float(result.get("chosen_threshold", shipped))  # type: ignore[arg-type]

    def figures(index: IntArray) -> dict[str, float]:
        shown = scores[index] >= threshold
        hits = right[index]
        return {
            "p_at_1": float(hits.mean()),
            "recall": float((hits * shown).mean()),
            "precision": float(hits[shown].mean()) if shown.any() else float("nan"),
            "false_alarms": float((wrong[index] >= threshold).mean()),
        }

    everything = np.arange(len(tweets), dtype=np.int64)
    intervals = bootstrap(figures, ["all"] * len(tweets))
    result["threshold"] = threshold
    result["figures"] = with_intervals(figures(everything), intervals)
    if latency:
        result["latency_per_claim"] = {k: round(v, 1) for k, v in latency.items()}
    print(json.dumps(result, indent=2))


def _keyed(data: Path, checks: list[FactCheck]) -> list[tuple[str, FactCheck]]:
    """(vclaim_id, check) pairs: the ids are read again from the file, row by row."""
    with (data / "verified_claims.docs.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))[1:]
    return [(row[0], check) for row, check in zip(rows, checks, strict=True)]


if __name__ == "__main__":
    main()
