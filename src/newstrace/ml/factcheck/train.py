"""Fit the fact-check re-ranker on claim_retrieval train; choose its regularisation on dev.

Both variants (lexical + embedding features, and lexical alone) are logistic regressions over
every retrieved candidate of every train tweet, labelled by the train qrels. The one choice,
the inverse regularisation C, is made by dev MAP@5; dev also gives the figures and the
reliability of the probabilities. The official test tweets are never read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.errors import ModelError
from newstrace.ml import embedding
from newstrace.ml.logistic import fit_logistic, reliability

from .data import read_claims, read_qrels, read_queries
from .evaluate import ranking_figures
from .features import LEXICAL_FEATURES, SEMANTIC_FEATURES
from .index import CANDIDATES, Candidates, FactCheckIndex
from .rerank import Reranker
from .vectors import CachedEncoder

FloatArray = np.typing.NDArray[np.float64]
DATASET = Path("datasets") / "claim_retrieval"
# The threshold `analyze` shows matches above: most claims in the news were never checked, and a
# wrong check may clear it for at most this share of them (out of fold on train).
FALSE_ALARMS = 0.10
FOLDS = 5


@dataclass(frozen=True)
class FactcheckConfig:
    seed: int = 13
    c_grid: tuple[float, ...] = (0.01, 0.1, 1.0, 10.0, 100.0)
    cache: Path | None = None  # the embedding cache (default: under the data directory)


@dataclass(frozen=True)
class Split:
    texts: list[str]
    relevant: list[set[str]]


def _split(folder: Path) -> Split:
    qrels = read_qrels(folder / "tweet-vclaim-pairs.qrels")
    queries = [q for q in read_queries(folder / "tweets.queries.tsv") if q.query_id in qrels]
    return Split([q.text for q in queries], [qrels[q.query_id] for q in queries])


def _labelled(
    index: FactCheckIndex, found: Sequence[Candidates], split: Split
) -> tuple[FloatArray, FloatArray]:
    x = np.vstack([c.features for c in found])
    y = np.concatenate(
        [
            [float(index.ids[p] in rel) for p in c.positions]
            for c, rel in zip(found, split.relevant, strict=True)
        ]
    )
    return x, y


def _rankings(
    index: FactCheckIndex, found: Sequence[Candidates], model: Reranker
) -> list[list[str]]:
    ranked = []
    for c in found:
        scores = model.probabilities(c.features)
        ranked.append([index.ids[c.positions[j]] for j in np.argsort(-scores, kind="stable")])
    return ranked


def lowest_threshold(wrong: FloatArray, false_alarms: float) -> float:
    """The lowest probability (steps of 0.025 from 0.05) that the best wrong check of at most
    `false_alarms` of the claims reaches; 1.0 when none is that low."""
    for candidate in np.round(np.arange(0.05, 1.0, 0.025), 3):
        if (wrong >= candidate).mean() <= false_alarms:
            return float(candidate)
    return 1.0


def _out_of_fold_threshold(
    index: FactCheckIndex,
    found: Sequence[Candidates],
    split: Split,
    c: float,
    names: Sequence[str],
    config: FactcheckConfig,
) -> tuple[float, dict[str, float]]:
    """The lowest probability that a wrong check reaches for at most FALSE_ALARMS of the train
    tweets, each tweet scored by a model fitted on the other folds: the shipped model has seen
    every train tweet and is surer of them than it will be of a claim it never saw."""
    folds = np.arange(len(found)) % FOLDS
    wrong = np.zeros(len(found))
    right_first = np.zeros(len(found), dtype=bool)
    right_score = np.zeros(len(found))
    for k in range(FOLDS):
        rows = [i for i in range(len(found)) if folds[i] != k]
        part = Split([split.texts[i] for i in rows], [split.relevant[i] for i in rows])
        x, y = _labelled(index, [found[i] for i in rows], part)
        model = fit_logistic(x, y, c, names, config.seed)
        for i in (int(j) for j in np.flatnonzero(folds == k)):
            scores = model.probabilities(found[i].features)
            ids = [index.ids[p] for p in found[i].positions]
            relevant = np.array([claim_id in split.relevant[i] for claim_id in ids])
            wrong[i] = float(scores[~relevant].max()) if (~relevant).any() else 0.0
            best = int(np.argmax(scores))
            right_first[i] = bool(relevant[best])
            right_score[i] = float(scores[best])
    threshold = lowest_threshold(wrong, FALSE_ALARMS)
    figures = {
        "false_alarms": round(float((wrong >= threshold).mean()), 4),
        "recall": round(float((right_first & (right_score >= threshold)).mean()), 4),
    }
    return threshold, figures


def _variant(
    index: FactCheckIndex, train: Split, dev: Split, names: Sequence[str], config: FactcheckConfig
) -> tuple[Reranker, dict[str, Any]]:
    found_train, found_dev = index.candidates(train.texts), index.candidates(dev.texts)
    x, y = _labelled(index, found_train, train)
    by_c: dict[str, float] = {}
    best: tuple[float, float, Reranker] | None = None
    for c in config.c_grid:
        model = fit_logistic(x, y, c, names, config.seed)
        score = ranking_figures(_rankings(index, found_dev, model), dev.relevant)
        value = float(score["map_at_5"]["value"])
        by_c[str(c)] = round(value, 4)
        if best is None or value > best[0] + 1e-9:
            best = (value, c, model)
    assert best is not None
    _, chosen_c, model = best
    x_dev, y_dev = _labelled(index, found_dev, dev)
    threshold, at_threshold = _out_of_fold_threshold(
        index, found_train, train, chosen_c, names, config
    )
    figures = {
        "C": chosen_c,
        "threshold": threshold,
        "train_out_of_fold_at_threshold": at_threshold,
        "dev_map_at_5_by_C": by_c,
        "dev": ranking_figures(_rankings(index, found_dev, model), dev.relevant),
        "dev_reliability": reliability(model.probabilities(x_dev), y_dev),
        "train_pairs": len(y),
        "train_candidate_recall": round(
            float(
                np.mean(
                    [
                        bool(set(index.ids[p] for p in c.positions) & rel)
                        for c, rel in zip(found_train, train.relevant, strict=True)
                    ]
                )
            ),
            4,
        ),
    }
    return model, figures


def train_and_export(
    shared: Path, config: FactcheckConfig
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Both re-ranker variants as the model document, and their dev figures."""
    if not embedding.available():
        raise ModelError(
            "training the re-ranker needs the semantic extra for its embedding features"
        )
    root = shared / DATASET
    claims = read_claims(root / "verified_claims.docs.tsv")
    train, dev = _split(root / "train"), _split(root / "dev")
    index = FactCheckIndex(claims, encoder=CachedEncoder(config.cache))
    models: dict[str, Any] = {}
    figures: dict[str, Any] = {}
    variants = {
        "semantic": (index, (*LEXICAL_FEATURES, *SEMANTIC_FEATURES)),
        "lexical": (index.lexical_only(), LEXICAL_FEATURES),
    }
    for name, (variant_index, names) in variants.items():
        model, found = _variant(variant_index, train, dev, names, config)
        models[name] = {**model.to_dict(), "threshold": found["threshold"]}
        figures[name] = found
    document = {
        "task": "claim_retrieval: does this checked claim verify the query?",
        "trained_on": "claim_retrieval train (800 tweets); C chosen on dev",
        "encoder": embedding.GENERAL_MODEL_NAME,
        "candidates_per_retriever": CANDIDATES,
        "models": models,
        "figures": figures,
    }
    return document, figures
