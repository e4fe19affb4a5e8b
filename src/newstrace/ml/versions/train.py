"""Fit the version matcher on Emergent train, outside its claim-disjoint dev part.

Every headline of every train claim is stored as an article in one store and embedded, as a
user's corpus would be (`newstrace ingest` + `newstrace embed`); each claim's candidates then
come from the product's own candidate search (`corpus.matching.store_candidates`), so the
features are the ones trace computes. A candidate sentence is a version when its article is
one of the headlines Emergent pairs with the claim (for, against or observing alike: a denial
is a version too). The choices, C and the threshold, are made on out-of-fold predictions over
five claim folds of train: the threshold is the lowest at which trace's versions (an article's
best sentence) reach TARGET_PRECISION. The dev part is never read here; it is scored by
benchmarks/trace_emergent.py. The official test claims are held back.

The store's encoder was itself trained on these train claims (`newstrace.ml.encoder.train`), so
its cosine between a train claim and its headlines is higher than it will be for a claim it
never saw. The semantic variant's rows are therefore cross-fitted: the rows of fold k come from
an encoder trained, with the shipped encoder's settings, on the folds that are neither k nor the
absent claims' fold k+1, so every cosine the matcher learns from is one between texts that
encoder never saw, as in use.

The cross variant is cross-fitted the same way: the likeliest rows of fold k by the semantic
variant's out-of-fold probability are read by a cross-encoder trained on the folds that are
neither k nor k+1 (`cross_train.train_cross`), and the cross variant is fitted on those rows'
out-of-fold semantic log-odds and cross logits, its threshold chosen like the others. Rows the
cross-encoder does not read (below `CROSS_FLOOR`) count as rejected, as they are in use (the
semantic threshold is far above the floor).
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.corpus.embed import embed_store
from newstrace.corpus.matching import Candidates, store_candidates
from newstrace.corpus.store import content_id, open_store
from newstrace.errors import ModelError
from newstrace.ml import embedding
from newstrace.ml.encoder.train import EncoderConfig, train_adapters
from newstrace.ml.logistic import LogisticModel, fit_logistic, reliability
from newstrace.ml.stance.emergent import EmergentPair, is_dev, read_emergent
from newstrace.model import Article

from .cross import PairScorer
from .cross_train import CrossConfig, train_cross
from .features import cross_features
from .matcher import VARIANTS, cross_rows

FloatArray = npt.NDArray[np.float64]
# What trace keeps is to be right this often, by the out-of-fold estimate.
TARGET_PRECISION = 0.95
FOLDS = 5
CANDIDATES = 100
TRACE_LIMIT = 50


@dataclass(frozen=True)
class VersionsConfig:
    seed: int = 13
    c_grid: tuple[float, ...] = (0.01, 0.1, 1.0, 10.0)
    absent_claims: bool = True  # also trace claims the store does not hold (all negative)
    # The semantic variant trains five fold encoders first (about 10 min on two cores), the
    # cross variant five fold cross-encoders (about 30 min); the lexical one alone takes seconds.
    variants: tuple[str, ...] = tuple(VARIANTS)


@dataclass(frozen=True)
class Labelled:
    """The candidate rows of every train claim: features per variant, labels, groups."""

    x: FloatArray
    y: FloatArray
    fold: npt.NDArray[np.int64]  # claim fold per row
    article: list[str]  # claim/article per row, so a version is scored once (its best row)
    texts: list[tuple[str, str]]  # (claim, sentence) per row, for the cross-encoder

    def subset(self, index: npt.NDArray[np.int64], x: FloatArray) -> Labelled:
        """The rows at `index`, with features `x` in their place."""
        return Labelled(
            x,
            self.y[index],
            self.fold[index],
            [self.article[int(i)] for i in index],
            [self.texts[int(i)] for i in index],
        )


def _fold(claim_id: str, seed: int) -> int:
    return int(hashlib.sha256(f"{seed}:fold:{claim_id}".encode()).hexdigest(), 16) % FOLDS


def _rows(
    found: Candidates | None, gold: set[str], variant: str
) -> tuple[FloatArray, FloatArray, list[str], list[str]]:
    if found is None:
        return np.zeros((0, len(VARIANTS[variant]))), np.zeros(0), [], []
    if variant == "semantic":
        index = found.embedded
        x = np.hstack([found.lexical[index], found.semantic])
    else:
        index = np.arange(len(found.rows))
        x = found.lexical
    articles = [found.rows[int(i)][0].id for i in index]
    sentences = [found.rows[int(i)][3] for i in index]
    return x, np.array([float(a in gold) for a in articles]), articles, sentences


def _version_figures(
    p: FloatArray, data: Labelled, total: int, threshold: float
) -> dict[str, float]:
    """Precision and recall of trace's versions (each article's best row) at `threshold`;
    `total` is the number of gold versions, found as candidates or not."""
    best: dict[str, tuple[float, float]] = {}
    for k in range(len(p)):
        key = data.article[k]
        if key not in best or p[k] > best[key][0]:
            best[key] = (float(p[k]), float(data.y[k]))
    kept = [label for prob, label in best.values() if prob >= threshold]
    hits = sum(kept)
    return {
        "precision": round(hits / len(kept), 4) if kept else float("nan"),
        "recall": round(hits / total, 4) if total else float("nan"),
    }


def _threshold(p: FloatArray, data: Labelled, total: int) -> float:
    """The lowest threshold whose versions reach TARGET_PRECISION (out of fold)."""
    for threshold in np.round(np.arange(0.05, 0.96, 0.01), 2):
        figures = _version_figures(p, data, total, float(threshold))
        if figures["precision"] >= TARGET_PRECISION:
            return float(threshold)
    return 0.95


def _out_of_fold(
    data: Labelled,
    folds: npt.NDArray[np.int64],
    c: float,
    config: VersionsConfig,
    names: Sequence[str],
) -> FloatArray:
    p = np.zeros(len(data.y))
    for k in range(FOLDS):
        test = folds == k
        model = fit_logistic(data.x[~test], data.y[~test], c, names, config.seed)
        p[test] = model.probabilities(data.x[test])
    return p


def _variant(
    data: Labelled, folds: npt.NDArray[np.int64], total: int, variant: str, config: VersionsConfig
) -> tuple[LogisticModel, float, dict[str, Any], FloatArray]:
    names = VARIANTS[variant]
    by_c: dict[str, dict[str, float]] = {}
    figures: dict[str, Any]
    best: tuple[float, float, float, FloatArray] | None = None
    for c in config.c_grid:
        p = _out_of_fold(data, folds, c, config, names)
        threshold = _threshold(p, data, total)
        figures = _version_figures(p, data, total, threshold)
        by_c[str(c)] = {"threshold": threshold, **figures}
        if best is None or figures["recall"] > best[0] + 1e-9:
            best = (figures["recall"], c, threshold, p)
    assert best is not None
    _, c, threshold, p = best
    model = fit_logistic(data.x, data.y, c, names, config.seed)
    figures = {
        "C": c,
        "threshold": threshold,
        "out_of_fold_by_C": by_c,
        "out_of_fold": _version_figures(p, data, total, threshold),
        "out_of_fold_reliability": reliability(p, data.y),
        "rows": len(data.y),
        "versions": total,
    }
    return model, threshold, figures, p


def _fold_encoder(pairs: Sequence[EmergentPair], fold: int, seed: int) -> embedding.Encoder:
    """An encoder trained on the claims of neither `fold` nor the next (its absent claims)."""
    apart = {fold, (fold + 1) % FOLDS}
    rest = [p for p in pairs if _fold(p.claim_id, seed) not in apart]
    adapters, _ = train_adapters(rest, EncoderConfig(seed=seed))
    return embedding.encoder_with(adapters)


def _fold_data(
    pairs: Sequence[EmergentPair],
    fold: int,
    embedder: embedding.Encoder | None,
    config: VersionsConfig,
) -> Labelled:
    """The candidate rows of one fold's claims, traced in a store of that fold's headlines, and
    of the next fold's claims, which that store does not hold: a traced claim may have no
    version at all, and its best candidate must not pass for one."""
    mine = [p for p in pairs if _fold(p.claim_id, config.seed) == fold]
    absent = [
        p
        for p in pairs
        if config.absent_claims and _fold(p.claim_id, config.seed) == (fold + 1) % FOLDS
    ]
    claims = {p.claim_id: p.claim for p in mine + absent}
    gold: dict[str, set[str]] = {claim_id: set() for claim_id in claims}
    articles = []
    for n, pair in enumerate(mine):
        article = Article(
            text=pair.headline, title=pair.headline, id=f"e{n}", outlet=f"o{n}.example"
        )
        articles.append(article)
        gold[pair.claim_id].add(content_id(article))
    variant = "semantic" if embedder is not None else "lexical"
    xs, ys, owners = [], [], []
    ids: list[str] = []
    texts: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "v.sqlite") as store:
        store.add_articles(articles)
        if embedder is not None:
            embed_store(store, embedder, embedding.MODEL_NAME)
        for claim_id, claim in claims.items():
            found = store_candidates(
                claim, store, candidates=CANDIDATES, embedder=embedder, limit=TRACE_LIMIT
            )
            x, y, found_ids, sentences = _rows(found, gold[claim_id], variant)
            xs.append(x)
            ys.append(y)
            owners.append(np.full(len(y), fold, dtype=np.int64))
            # Rows of one claim share its article ids' namespace: key them by claim.
            ids.extend(f"{claim_id}/{a}" for a in found_ids)
            texts.extend((claim, sentence) for sentence in sentences)
    return Labelled(np.vstack(xs), np.concatenate(ys), np.concatenate(owners), ids, texts)


def _cross_data(
    pairs: Sequence[EmergentPair], data: Labelled, semantic: FloatArray, config: VersionsConfig
) -> Labelled:
    """The rows the cross-encoder reads (each claim's likeliest by the semantic variant's
    out-of-fold probability), with their cross features; fold k's logits come from a
    cross-encoder trained on the folds that are neither k nor k+1."""
    by_claim: dict[str, list[int]] = {}
    for k, key in enumerate(data.article):
        by_claim.setdefault(key.split("/", 1)[0], []).append(k)
    chosen = np.sort(
        np.concatenate(
            [
                np.array(rows)[cross_rows(semantic[rows], [data.texts[k][1] for k in rows])]
                for rows in by_claim.values()
            ]
        )
    ).astype(np.int64)
    logits = np.zeros(len(chosen))
    for fold in range(FOLDS):
        mine = np.flatnonzero(data.fold[chosen] == fold)
        apart = {fold, (fold + 1) % FOLDS}
        rest = [p for p in pairs if _fold(p.claim_id, config.seed) not in apart]
        scorer = PairScorer(train_cross(rest, CrossConfig(seed=config.seed))[0])
        logits[mine] = scorer([data.texts[int(chosen[i])] for i in mine])
    return data.subset(chosen, cross_features(semantic[chosen], logits))


def train_and_export(shared: Path, config: VersionsConfig) -> tuple[dict[str, Any], dict[str, Any]]:
    """Both matcher variants as the model document, and their out-of-fold train figures."""
    if not embedding.available():
        raise ModelError("training the version matcher needs the semantic extra")
    pairs = [p for p in read_emergent(shared / "datasets") if not is_dev(p)]
    semantic = "semantic" in config.variants
    encoders = [
        _fold_encoder(pairs, fold, config.seed) if semantic else None for fold in range(FOLDS)
    ]
    models: dict[str, Any] = {}
    figures: dict[str, Any] = {}
    semantic_rows: tuple[Labelled, FloatArray] | None = None
    for variant in (v for v in config.variants if v != "cross"):
        parts = [
            _fold_data(pairs, fold, encoders[fold] if variant == "semantic" else None, config)
            for fold in range(FOLDS)
        ]
        data = Labelled(
            np.vstack([p.x for p in parts]),
            np.concatenate([p.y for p in parts]),
            np.concatenate([p.fold for p in parts]),
            [a for p in parts for a in p.article],
            [t for p in parts for t in p.texts],
        )
        model, threshold, found, p = _variant(data, data.fold, len(pairs), variant, config)
        models[variant] = {**model.to_dict(), "threshold": threshold}
        figures[variant] = found
        if variant == "semantic":
            semantic_rows = (data, p)
    if "cross" in config.variants:
        if semantic_rows is None:
            raise ModelError("the cross variant is fitted on the semantic variant's rows")
        data = _cross_data(pairs, *semantic_rows, config)
        model, threshold, found, _ = _variant(data, data.fold, len(pairs), "cross", config)
        models["cross"] = {**model.to_dict(), "threshold": threshold}
        figures["cross"] = found
    claims = len({p.claim_id for p in pairs})
    document = {
        "task": "trace: does this stored sentence state the traced claim?",
        "trained_on": (
            f"Emergent train outside the claim-disjoint dev part ({claims} claims, "
            f"{len(pairs)} headlines), in {FOLDS} claim folds, each fold's headlines stored "
            f"as articles in a store of their own and traced there (semantic rows from "
            f"encoders trained on the other folds); C and threshold by "
            f"out-of-fold predictions, threshold for version precision >= {TARGET_PRECISION}"
        ),
        "encoder": embedding.MODEL_NAME,
        "candidates": CANDIDATES,
        "models": models,
        "figures": figures,
    }
    return document, figures
