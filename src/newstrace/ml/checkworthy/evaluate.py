"""Leave-one-debate-out (LODO) estimate of check-worthiness ranking over the CLEF 2019 debates.

Every CLEF 2019 training debate is held out in turn; a model of the given TrainConfig is fitted
on everything else (ClaimBuster, the other 2019 debates, the CLEF 2020 sentences that are not a
2019 debate) and ranks the held-out debate. The figure is the mean over debates of the average
precision, with a 95 % interval from resampling debates: it is what model choices are made on,
since the official 2019 test debates stay unseen.

Needs scikit-learn (training), like train.py. The TF-IDF blocks are computed here from one count
matrix per block instead of refitting a TfidfVectorizer in every fold: identical figures (a test
checks it against scikit-learn), nineteen times less tokenising.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

from newstrace.errors import InputError, ModelError
from newstrace.ml.bootstrap import average_precision, bootstrap_clusters
from newstrace.ml.checkworthy.scorer import (
    analyze,
    char_terms,
    dense_matrix,
    load_checkworthy,
    tag_terms,
)
from newstrace.ml.checkworthy.train import (
    Example,
    FloatArray,
    Pool,
    TrainConfig,
    dedup_key,
    load_pool,
    word_runs,
)

TagTerms = Callable[[Sequence[str]], list[list[str]]]
# The recipe of the model shipped before the LODO estimate existed: ClaimBuster only.
PREVIOUS_RECIPE = TrainConfig(
    c=3.0,
    max_features=20_000,
    min_df=2,
    char_max_features=20_000,
    char_min_df=3,
    clef_weight=0.0,
    claimbuster_weight=1.0,
    seed=13,
)
RECIPES = ("shipped", "previous")


def recipe_config(recipe: str) -> TrainConfig:
    """The TrainConfig behind the shipped model (from its metadata) or the previous one."""
    if recipe == "previous":
        return PREVIOUS_RECIPE
    if recipe != "shipped":
        raise InputError(f"unknown recipe {recipe!r}: {' or '.join(RECIPES)}")
    recorded = load_checkworthy().metadata.get("config")
    if not isinstance(recorded, dict):
        raise ModelError("the shipped checkworthy model does not record its training config")
    known = {f.name for f in fields(TrainConfig)}
    # A config written before a field existed gets that field's default, which is what it used.
    return TrainConfig(**{k: v for k, v in recorded.items() if k in known})


@dataclass(frozen=True)
class Fold:
    debate: str
    train: list[Example]
    held_out: list[Example]
    # What the leakage check found and removed, by source: same text, or an 8-word run shared.
    removed: dict[str, dict[str, int]]


def _strip(
    examples: Sequence[Example], keys: set[str], runs: set[str]
) -> tuple[list[Example], int, int]:
    kept: list[Example] = []
    exact = near = 0
    for example in examples:
        if dedup_key(example.text) in keys:
            exact += 1
        elif word_runs(example.text) & runs:
            near += 1
        else:
            kept.append(example)
    return kept, exact, near


def make_fold(pool: Pool, debate: str, config: TrainConfig) -> Fold:
    """Hold `debate` out; drop every training sentence that repeats one of its sentences."""
    held_out = [e for e in pool.clef2019 if e.group == debate]
    keys = {dedup_key(e.text) for e in held_out}
    runs: set[str] = set().union(*(word_runs(e.text) for e in held_out))
    train: list[Example] = []
    removed: dict[str, dict[str, int]] = {}
    sources = {
        "claimbuster": pool.claimbuster if config.claimbuster_weight > 0 else [],
        "clef2019": [e for e in pool.clef2019 if e.group != debate] if config.clef_weight else [],
        "clef2020": pool.clef2020_extra if config.clef_weight > 0 else [],
    }
    for name, examples in sources.items():
        kept, exact, near = _strip(examples, keys, runs)
        train += kept
        removed[name] = {"same_text": exact, "shared_8_word_run": near}
    return Fold(debate, train, held_out, removed)


# --- features: one count matrix per block, TF-IDF refitted per fold ---------------------------


def _given(terms: list[str]) -> list[str]:
    return terms


@dataclass(frozen=True)
class CountBlock:
    """Raw term counts of every distinct sentence, rows in the order of the texts given."""

    counts: sp.csr_matrix

    @classmethod
    def of(cls, term_lists: Sequence[list[str]]) -> CountBlock:
        vectorizer = CountVectorizer(analyzer=_given, dtype=np.float64)
        return cls(sp.csr_matrix(vectorizer.fit_transform(term_lists)))

    def fit(self, rows: Sequence[int], min_df: int, max_features: int | None) -> TfidfColumns:
        """As TfidfVectorizer(sublinear_tf=True, min_df, max_features).fit on these rows."""
        matrix = self.counts[np.asarray(rows)]
        document_frequency = np.bincount(matrix.indices, minlength=matrix.shape[1])
        mask = document_frequency >= min_df
        if max_features is not None and mask.sum() > max_features:
            frequency = np.asarray(matrix.sum(axis=0)).ravel()
            best = (-frequency[mask]).argsort()[:max_features]
            keep = np.zeros(len(mask), dtype=bool)
            keep[np.flatnonzero(mask)[best]] = True
            mask = keep
        columns = np.flatnonzero(mask)
        n = matrix.shape[0]
        idf = np.log((1.0 + n) / (1.0 + document_frequency[columns])) + 1.0
        return TfidfColumns(columns, idf)

    def transform(self, rows: Sequence[int], fitted: TfidfColumns) -> sp.csr_matrix:
        matrix = sp.csr_matrix(self.counts[np.asarray(rows)][:, fitted.columns])
        matrix.data = 1.0 + np.log(matrix.data)
        weighted = sp.csr_matrix(matrix @ sp.diags(fitted.idf))
        return sp.csr_matrix(normalize(weighted, norm="l2"))


@dataclass(frozen=True)
class TfidfColumns:
    columns: np.ndarray[Any, np.dtype[np.int64]]
    idf: FloatArray


@dataclass(frozen=True)
class FeatureBank:
    """Every distinct sentence of the pool, featurised once for all folds."""

    index: dict[str, int]
    words: CountBlock
    chars: CountBlock
    tags: CountBlock
    dense: FloatArray

    @classmethod
    def of(cls, texts: Sequence[str], tags: TagTerms = tag_terms) -> FeatureBank:
        distinct = list(dict.fromkeys(texts))
        return cls(
            index={t: i for i, t in enumerate(distinct)},
            words=CountBlock.of([analyze(t) for t in distinct]),
            chars=CountBlock.of([char_terms(t) for t in distinct]),
            tags=CountBlock.of(tags(distinct)),
            dense=dense_matrix(distinct),
        )

    def rows(self, examples: Sequence[Example]) -> list[int]:
        return [self.index[e.text] for e in examples]


def fit_and_rank(
    bank: FeatureBank, train: Sequence[Example], ranked: Sequence[Example], config: TrainConfig
) -> FloatArray:
    """Decision values for `ranked` of the TrainConfig model fitted on `train`."""
    train_rows, ranked_rows = bank.rows(train), bank.rows(ranked)
    blocks = (
        (bank.words, config.min_df, config.max_features),
        (bank.chars, config.char_min_df, config.char_max_features),
        (bank.tags, config.min_df, None),
    )
    train_parts: list[sp.spmatrix] = []
    ranked_parts: list[sp.spmatrix] = []
    for block, min_df, max_features in blocks:
        fitted = block.fit(train_rows, min_df, max_features)
        train_parts.append(block.transform(train_rows, fitted))
        ranked_parts.append(block.transform(ranked_rows, fitted))
    train_parts.append(sp.csr_matrix(bank.dense[train_rows]))
    ranked_parts.append(sp.csr_matrix(bank.dense[ranked_rows]))
    weights = np.array(
        [
            config.claimbuster_weight if e.source == "claimbuster" else config.clef_weight
            for e in train
        ],
        dtype=np.float64,
    )
    classifier = LogisticRegression(C=config.c, max_iter=5000, random_state=config.seed)
    classifier.fit(
        sp.hstack(train_parts, format="csr"),
        np.array([e.label for e in train], dtype=np.int64),
        sample_weight=weights,
    )
    decision: FloatArray = classifier.decision_function(sp.hstack(ranked_parts, format="csr"))
    return decision


def leave_one_debate_out(
    shared: Path, config: TrainConfig, bank: FeatureBank | None = None, seed: int = 13
) -> dict[str, Any]:
    """Mean over the CLEF 2019 training debates of the held-out average precision, with the
    95 % interval of resampled debates, per-debate APs and what the leakage check removed."""
    pool = load_pool(shared)
    if bank is None:
        bank = FeatureBank.of(
            [e.text for e in pool.claimbuster + pool.clef2019 + pool.clef2020_extra]
        )
    per_debate: dict[str, float] = {}
    removed: dict[str, dict[str, dict[str, int]]] = {}
    for debate in pool.debates:
        fold = make_fold(pool, debate, config)
        scores = fit_and_rank(bank, fold.train, fold.held_out, config)
        labels = np.array([e.label for e in fold.held_out], dtype=np.int64)
        per_debate[debate] = average_precision(labels, scores)
        removed[debate] = fold.removed
    values = np.array(list(per_debate.values()), dtype=np.float64)
    interval = bootstrap_clusters(
        lambda index: {"map": float(values[index].mean())}, list(per_debate), seed
    )["map"]
    return {
        "map": {"value": float(values.mean()), "ci95": interval},
        "n_debates": len(values),
        "per_debate_ap": per_debate,
        "config": asdict(config),
        "training_pool": {
            "claimbuster": len(pool.claimbuster),
            "clef2019": len(pool.clef2019),
            "clef2020": pool.clef2020_total,
            "clef2020_not_in_2019": len(pool.clef2020_extra),
        },
        "removed_from_training": removed,
    }
