"""Fit the source reranker (ml.attribution.source_rerank) on the shipped transformer's output.

The transformer tagger, with its fragment merger, is run over PolNeAR train (first annotator
per article, as scored). Every candidate span of every linked source is one example, positive
when it is exactly a gold source. The threshold is chosen on two folds of train split by month
parity (fit on one, score source exact F1 on the other), then the trees are refitted on all of
train; dev is scored once at the end, as shipped.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.ml.attribution.crf import CharSpan, TaggedAttribution, token_char_span
from newstrace.ml.attribution.evaluate import evaluate_tagger
from newstrace.ml.attribution.fragment_merge import MODEL_FILE as MERGER_FILE
from newstrace.ml.attribution.gold import SpanKey, SpanTally, single, unique
from newstrace.ml.attribution.polnear import PolnearDoc
from newstrace.ml.attribution.source_rerank import (
    Probabilities,
    SourceGroup,
    SourceReranker,
    reranker_document,
    reranker_from_json,
    source_groups,
)
from newstrace.ml.attribution.train.crf import DEFAULT_CACHE, parsed_docs
from newstrace.ml.attribution.train.fragment_merge import (
    FoldScorer,
    polnear_splits,
    threshold_on_folds,
)
from newstrace.ml.attribution.transformer import MODEL_FILE, TransformerTagger
from newstrace.ml.attribution.transformer import load_transformer_file as load_tagger
from newstrace.ml.shipped import model_path
from newstrace.ml.trees import export_ensemble

THRESHOLDS = (0.2, 0.3, 0.4, 0.5)
TREES: dict[str, Any] = {
    "max_iter": 200,
    "learning_rate": 0.1,
    "max_leaf_nodes": 31,
    "min_samples_leaf": 20,
    "early_stopping": False,
}


@dataclass
class TaggedSources:
    """One article's linked sources as the transformer tagged them, with candidate features."""

    gold: PolnearDoc
    groups: list[SourceGroup]
    rows: list[list[list[float]]]  # per group, per candidate
    # Per group, per candidate: its char span as a score key (None: no chars, never output).
    keys: list[list[SpanKey | None]]

    def labels(self) -> list[list[bool]]:
        gold = set(self.gold.spans("source"))
        return [[key in gold for key in keys] for keys in self.keys]

    def predicted(self, reranker: SourceReranker | None) -> list[SpanKey]:
        """Source keys as output: the tagged spans, or the reranker's kept choices."""
        if reranker is None:
            return unique(keys[0] for keys in self.keys if keys[0] is not None)
        chosen = []
        for rows, keys in zip(self.rows, self.keys, strict=True):
            best = reranker.pick(reranker.scores(rows))
            key = keys[best] if best is not None else None
            if key is not None:
                chosen.append(key)
        return unique(chosen)


def sources_of(
    gold: PolnearDoc, doc: Any, tagged: Sequence[TaggedAttribution], probs: Probabilities
) -> TaggedSources:
    """One article's linked sources with every candidate's features and score key."""
    groups = source_groups(doc, tagged, probs)
    keys = [[_key(token_char_span(doc, span)) for span in group.candidates] for group in groups]
    return TaggedSources(gold, groups, [group.features(doc, probs) for group in groups], keys)


def _key(chars: CharSpan | None) -> SpanKey | None:
    return single(*chars) if chars is not None else None


def tag_sources(
    tagger: TransformerTagger, docs: Sequence[PolnearDoc], parsed: Sequence[Any]
) -> list[TaggedSources]:
    tagged = []
    for gold, doc in zip(docs, parsed, strict=True):
        linked, frame_scores, content_scores = tagger.linked(doc, gold.text)
        tagged.append(sources_of(gold, doc, linked, Probabilities.of(frame_scores, content_scores)))
    return tagged


def fit(tagged: Sequence[TaggedSources], seed: int) -> dict[str, Any]:
    """Trees on every candidate of `tagged`, exported as JSON arrays."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    rows = [row for item in tagged for group in item.rows for row in group]
    labels = [label for item in tagged for group in item.labels() for label in group]
    model = HistGradientBoostingClassifier(**TREES, random_state=seed)
    model.fit(np.array(rows, dtype=np.float64), np.array(labels, dtype=np.int64))
    return export_ensemble(model)


def as_reranker(
    trees: dict[str, Any], threshold: float, metadata: dict[str, Any]
) -> SourceReranker:
    return reranker_from_json(reranker_document(trees, threshold, metadata))


def source_f1(tagged: Sequence[TaggedSources], reranker: SourceReranker | None) -> dict[str, float]:
    """Source F1 (exact, overlap) with the reranker's choices, or as tagged."""
    tally = SpanTally()
    for item in tagged:
        tally.add(item.gold.spans("source"), item.predicted(reranker))
    scores = tally.scores()
    return {"exact": round(scores.exact.f1, 4), "overlap": round(scores.partial.f1, 4)}


def choose_threshold(
    tagged: Sequence[TaggedSources], seed: int
) -> tuple[float, list[dict[str, Any]]]:
    """The threshold with the best mean held-out source exact F1 over the two folds."""

    def scorer(rest: Sequence[TaggedSources], held_out: Sequence[TaggedSources]) -> FoldScorer:
        trees = fit(rest, seed)  # the trees do not depend on the threshold: fitted once a fold
        return lambda t: source_f1(held_out, None if t is None else as_reranker(trees, t, {}))

    return threshold_on_folds(tagged, THRESHOLDS, scorer, "exact")


def train(
    shared: Path,
    out: Path,
    *,
    seed: int = 13,
    cache_dir: Path | None = DEFAULT_CACHE,
    tagger_file: Path | None = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """Fit on the tagger's train output, write the reranker JSON to `out`, score dev with it."""
    from newstrace.ml.attribution.fragment_merge import load_fragment_merger

    tagger_path = tagger_file or model_path(MODEL_FILE)
    tagger = load_tagger(tagger_path)
    tagger.merger = load_fragment_merger()
    train_docs, dev_docs = polnear_splits(shared, limit)
    started = time.perf_counter()
    tagged = tag_sources(tagger, train_docs, parsed_docs(train_docs, cache_dir))
    tag_seconds = time.perf_counter() - started
    threshold, folds = choose_threshold(tagged, seed)
    metadata = {
        "trained": date.today().isoformat(),
        "data": f"PolNeAR v1.0.0 train ({len(train_docs)} articles, first annotator), "
        f"as tagged by {tagger_path.name} and joined by the shipped fragment merger",
        "tagger_sha256": hashlib.sha256(tagger_path.read_bytes()).hexdigest(),
        "merger_sha256": _sha256_or_none(model_path(MERGER_FILE)),
        "tree_params": TREES,
        "threshold_choice": "best mean source exact F1 over two month-parity folds of train",
        "seed": seed,
    }
    document = reranker_document(fit(tagged, seed), threshold, metadata)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")
    tagger.reranker = reranker_from_json(document)
    return {
        "train_articles": len(train_docs),
        "sources": sum(len(item.groups) for item in tagged),
        "candidates": sum(len(row) for item in tagged for row in item.rows),
        "tag_seconds": round(tag_seconds, 1),
        "threshold": threshold,
        "folds": folds,
        "model_bytes": out.stat().st_size,
        "dev": evaluate_tagger(tagger, dev_docs, parsed_docs(dev_docs, cache_dir)),
    }


def _sha256_or_none(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
