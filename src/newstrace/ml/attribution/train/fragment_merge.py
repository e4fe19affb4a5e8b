"""Fit the fragment merger (ml.attribution.fragment_merge) on the shipped transformer's output.

The transformer tagger is run over PolNeAR train (first annotator per article, as scored).
Each pair of neighbouring predicted contents is one example, positive when one gold content
overlaps both. The threshold is chosen on two folds of train split by month parity (fit on
one, score content overlap F1 on the other), then the model is refitted on all of train;
dev is scored once at the end, as shipped.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol, TypeVar

import numpy as np
import numpy.typing as npt

from newstrace.ml.attribution.crf import TokenSpan, token_char_span
from newstrace.ml.attribution.evaluate import evaluate_tagger
from newstrace.ml.attribution.fragment_merge import FragmentMerger, join, neighbour_features
from newstrace.ml.attribution.gold import SpanKey, SpanTally, extent, single, unique
from newstrace.ml.attribution.polnear import PolnearDoc, read_polnear
from newstrace.ml.attribution.train.crf import DEFAULT_CACHE, parsed_docs
from newstrace.ml.attribution.transformer import (
    MODEL_FILE,
    TransformerTagger,
    best_spans,
    load_transformer_file,
)

THRESHOLDS = (0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
REGULARISATION = 1.0  # scikit-learn's C


@dataclass
class TaggedDoc:
    """One article as the transformer tagged it, before any joining."""

    gold: PolnearDoc
    doc: Any
    contents: list[TokenSpan]
    features: dict[int, list[float]]  # by pair index i: contents[i], contents[i + 1]

    def labels(self) -> dict[int, bool]:
        """Per pair: does one gold content overlap both contents?"""
        gold = [extent(key) for key in self.gold.spans("content")]
        chars = [token_char_span(self.doc, span) for span in self.contents]

        def both(i: int) -> bool:
            a, b = chars[i], chars[i + 1]
            return (
                a is not None
                and b is not None
                and any(lo < a[1] and a[0] < hi and lo < b[1] and b[0] < hi for lo, hi in gold)
            )

        return {i: both(i) for i in self.features}

    def content_keys(self, joined: set[int]) -> list[SpanKey]:
        spans = (token_char_span(self.doc, span) for span in join(self.contents, joined))
        return unique(single(*span) for span in spans if span is not None)


def tag_docs(
    tagger: TransformerTagger, docs: Sequence[PolnearDoc], parsed: Sequence[Any]
) -> list[TaggedDoc]:
    tagged = []
    for gold, doc in zip(docs, parsed, strict=True):
        frame_scores, content_scores = tagger.label_scores(doc, gold.text)
        sources, cues, contents = best_spans(frame_scores, content_scores)
        contents = sorted(contents)
        features = neighbour_features(doc, [*sources, *cues], contents, content_scores)
        tagged.append(TaggedDoc(gold, doc, contents, features))
    return tagged


def fit(tagged: Sequence[TaggedDoc], threshold: float, metadata: dict[str, Any]) -> FragmentMerger:
    from sklearn.linear_model import LogisticRegression

    rows, labels = [], []
    for item in tagged:
        truth = item.labels()
        for i, features in item.features.items():
            rows.append(features)
            labels.append(truth[i])
    model = LogisticRegression(C=REGULARISATION, max_iter=5000)
    model.fit(np.array(rows, dtype=np.float64), np.array(labels))
    weights: npt.NDArray[np.float64] = model.coef_[0]
    return FragmentMerger(
        tuple(float(w) for w in weights), float(model.intercept_[0]), threshold, metadata
    )


def content_f1(tagged: Sequence[TaggedDoc], merger: FragmentMerger | None) -> dict[str, float]:
    """Content F1 (exact, overlap) with the merger's joins, or with none."""
    tally = SpanTally()
    for item in tagged:
        joined = merger.joins(item.features) if merger is not None else set()
        tally.add(item.gold.spans("content"), item.content_keys(joined))
    scores = tally.scores()
    return {"exact": round(scores.exact.f1, 4), "overlap": round(scores.partial.f1, 4)}


class _WithGold(Protocol):
    @property
    def gold(self) -> PolnearDoc: ...


_Tagged = TypeVar("_Tagged", bound=_WithGold)


def month_folds(tagged: Sequence[_Tagged]) -> list[list[_Tagged]]:
    """Two folds by month parity, so no month's articles sit on both sides."""
    folds: list[list[_Tagged]] = [[], []]
    for item in tagged:
        month = int((item.gold.date or "0000-00")[5:7] or 0)
        folds[month % 2].append(item)
    return folds


FoldScorer = Callable[[float | None], dict[str, float]]


def threshold_on_folds(
    tagged: Sequence[_Tagged],
    thresholds: Sequence[float],
    scorer: Callable[[Sequence[_Tagged], Sequence[_Tagged]], FoldScorer],
    figure: str,
) -> tuple[float, list[dict[str, Any]]]:
    """The threshold with the best mean held-out `figure` over the two month-parity folds.

    `scorer(rest, held_out)` fits on `rest` and returns the held-out figures at a threshold
    (None: as tagged, without the model).
    """
    folds = month_folds(tagged)
    report = []
    for k, held_out in enumerate(folds):
        score = scorer(folds[1 - k], held_out)
        row: dict[str, Any] = {"fold": k, "articles": len(held_out), "as_tagged": score(None)}
        row.update({str(threshold): score(threshold) for threshold in thresholds})
        report.append(row)
    best = max(thresholds, key=lambda t: sum(r[str(t)][figure] for r in report))
    return best, report


def choose_threshold(tagged: Sequence[TaggedDoc]) -> tuple[float, list[dict[str, Any]]]:
    """The threshold with the best mean held-out content overlap F1 over the two folds."""

    def scorer(rest: Sequence[TaggedDoc], held_out: Sequence[TaggedDoc]) -> FoldScorer:
        return lambda t: content_f1(held_out, None if t is None else fit(rest, t, {}))

    return threshold_on_folds(tagged, THRESHOLDS, scorer, "overlap")


def polnear_splits(shared: Path, limit: int | None) -> tuple[list[PolnearDoc], list[PolnearDoc]]:
    """PolNeAR train and dev (first annotator); `limit` train articles and a tenth as many dev."""
    polnear = shared / "datasets" / "polnear"
    train_docs = read_polnear(polnear / "train")[:limit]
    return train_docs, read_polnear(polnear / "dev")[: limit and max(4, limit // 10)]


def train(
    shared: Path,
    out: Path,
    *,
    seed: int = 13,
    cache_dir: Path | None = DEFAULT_CACHE,
    tagger_file: Path | None = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """Fit on the tagger's train output, write the merger JSON to `out`, score dev with it.

    L-BFGS logistic regression is deterministic; `seed` is recorded for the `newstrace train`
    contract.
    """
    from newstrace.ml.shipped import model_path

    tagger_path = tagger_file or model_path(MODEL_FILE)
    tagger = load_transformer_file(tagger_path)
    train_docs, dev_docs = polnear_splits(shared, limit)
    started = time.perf_counter()
    tagged = tag_docs(tagger, train_docs, parsed_docs(train_docs, cache_dir))
    tag_seconds = time.perf_counter() - started
    threshold, folds = choose_threshold(tagged)
    metadata = {
        "trained": date.today().isoformat(),
        "data": f"PolNeAR v1.0.0 train ({len(train_docs)} articles, first annotator), "
        "as tagged by the shipped transformer",
        "tagger_sha256": hashlib.sha256(tagger_path.read_bytes()).hexdigest(),
        "threshold_choice": "best mean content overlap F1 over two month-parity folds of train",
        "seed": seed,
    }
    merger = fit(tagged, threshold, metadata)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(merger.to_json(), indent=1) + "\n", encoding="utf-8")
    dev_parsed = parsed_docs(dev_docs, cache_dir)
    tagger.merger = merger
    return {
        "train_articles": len(train_docs),
        "pairs": sum(len(item.features) for item in tagged),
        "tag_seconds": round(tag_seconds, 1),
        "threshold": threshold,
        "folds": folds,
        "dev": evaluate_tagger(tagger, dev_docs, dev_parsed),
    }
