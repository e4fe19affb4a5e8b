"""Fit the fact-check encoder and re-ranker on claim_retrieval train; choose on dev.

Both variants (lexical + embedding features, and lexical alone) are logistic regressions over
every retrieved candidate of every train tweet, labelled by the train qrels. The one choice,
the inverse regularisation C, is made by dev MAP@5; dev also gives the figures and the
reliability of the probabilities. The official test tweets are never read.

The embedding features come from the fact-check encoder (trained below), itself
trained on the train tweets: its cosines for them are surer than for a claim it never saw, so a
model fitted on them would lean on the cosine too much. Each train tweet's features are
therefore computed by an encoder fitted on the other half of train (cross-fitting); dev's, and
what `analyze` uses, by the shipped encoder fitted on all of train.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.errors import ModelError
from newstrace.ml import embedding
from newstrace.ml.embedding import Adapters
from newstrace.ml.encoder.train import (
    EncoderConfig,
    adapters_of,
    contrastive_step,
    embed,
    network,
    tokenizer,
    write_adapters,
)
from newstrace.ml.logistic import fit_logistic, reliability

from .data import DATASET, CheckedClaim, Split, read_claims, read_split
from .evaluate import ranking_figures
from .features import LEXICAL_FEATURES, SEMANTIC_FEATURES
from .index import CANDIDATES, Candidates, FactCheckIndex
from .rerank import Reranker
from .text import normalise
from .vectors import CachedEncoder

FloatArray = np.typing.NDArray[np.float64]
# The threshold `analyze` shows matches above: most claims in the news were never checked, and a
# wrong check may clear it for at most this share of them (out of fold on train).
FALSE_ALARMS = 0.10
FOLDS = 5
# Halves of train for the cross-fitted encoders (each encodes the 10k checks once: minutes).
ENCODER_FOLDS = 2


# --- the fact-check encoder ------------------------------------------------------------------
# The plain model places a tweet near checks of its topic; what matching needs is the check of its
# claim. Each train tweet (normalised as the matcher reads it) is pulled towards the checked claim
# the qrels give it (or, for a share of the pairs, that check's title, which often words the claim
# otherwise) and pushed from the other checks in its batch and from one of the checks the plain
# model wrongly ranks highest for it (a hard negative: same topic, another claim). The
# architecture is the version encoder's (`ml.encoder.train`); only the data and the negatives
# differ. `newstrace train factcheck-encoder` writes it; the re-ranker is fitted on its cosines.


@dataclass(frozen=True)
class ClaimEncoderConfig:
    seed: int = 13
    rank: int = 8
    scale: float = 2.0  # alpha / rank
    epochs: int = 4
    learning_rate: float = 2e-4
    batch: int = 32  # tweets per batch, one checked claim each
    temperature: float = 0.05
    title_pairs: float = 0.3  # share of pairs whose positive is the check's title
    hard_negatives: int = 5  # the plain model's best wrong checks a negative is drawn from
    max_pieces: int = 128  # tweets run longer than headlines


def hard_negatives(
    queries: npt.NDArray[np.float32],
    claims: npt.NDArray[np.float32],
    titles: npt.NDArray[np.float32],
    ids: Sequence[str],
    relevant: Sequence[set[str]],
    k: int,
) -> list[list[int]]:
    """For each query the k checks the plain model ranks highest that do not verify it."""
    scores = np.maximum(queries @ claims.T, queries @ titles.T)
    negatives = []
    for row, wanted in zip(scores, relevant, strict=True):
        order = np.argsort(-row)[: k + len(wanted) + 5]
        negatives.append([int(j) for j in order if ids[j] not in wanted][:k])
    return negatives


def train_claim_adapters(
    queries: Sequence[str],
    relevant: Sequence[set[str]],
    claims: Sequence[CheckedClaim],
    negatives: Sequence[Sequence[int]],
    config: ClaimEncoderConfig,
) -> tuple[Adapters, dict[str, Any]]:
    """Adapters fitted on the (query, checked claim) pairs, and the training figures."""
    import torch

    if not embedding.available():
        raise ModelError("training the fact-check encoder needs the semantic extra")
    started = time.perf_counter()
    torch.manual_seed(config.seed)
    rng = random.Random(config.seed)
    base = EncoderConfig(rank=config.rank, scale=config.scale, max_pieces=config.max_pieces)
    bert = network(base)
    pieces = tokenizer(base)
    parameters = [p for p in bert.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(parameters, lr=config.learning_rate, weight_decay=0.01)
    position = {c.claim_id: i for i, c in enumerate(claims)}
    pairs = [(q, position[c]) for q, wanted in enumerate(relevant) for c in wanted if c in position]
    losses = []
    bert.train()
    for _ in range(config.epochs):
        rng.shuffle(pairs)
        total, steps = 0.0, 0
        for start in range(0, len(pairs), config.batch):
            chunk = pairs[start : start + config.batch]
            if len(chunk) < 4:
                continue  # a batch of a few pairs has too few negatives to teach anything
            positives = [_side(claims[j], rng.random() < config.title_pairs) for _, j in chunk]
            hard = [claims[rng.choice(negatives[q])].claim for q, _ in chunk if negatives[q]]
            left = embed(bert, pieces, [queries[q] for q, _ in chunk])
            right = embed(bert, pieces, positives + hard)
            # the query picks its check among all (hard ones too); the check its query
            total += contrastive_step(optimiser, left, right, config.temperature)
            steps += 1
        losses.append(round(total / max(steps, 1), 4))
    figures = {
        "queries": len(queries),
        "pairs": len(pairs),
        "epoch_losses": losses,
        "seconds": round(time.perf_counter() - started, 1),
        "config": asdict(config),
    }
    return adapters_of(bert, config.scale), figures


def _side(claim: CheckedClaim, title: bool) -> str:
    return claim.title if title and claim.title else claim.claim


def train_and_write(shared: Path, out: Path, config: ClaimEncoderConfig) -> dict[str, Any]:
    """Fit on every claim_retrieval train tweet and write the adapters to `out`; the figures."""
    import torch
    import transformers

    root = shared / DATASET
    claims = read_claims(root / "verified_claims.docs.tsv")
    train = read_split(root / "train")
    queries = [normalise(t) for t in train.texts]
    negatives = plain_negatives(queries, train.relevant, claims, config)
    adapters, figures = train_claim_adapters(queries, train.relevant, claims, negatives, config)
    metadata = {
        "trained_on": f"claim_retrieval train ({len(queries)} tweets, {figures['pairs']} pairs)",
        "figures": figures,
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__},
    }
    write_adapters(adapters, metadata, out)
    return figures


def plain_negatives(
    queries: Sequence[str],
    relevant: Sequence[set[str]],
    claims: Sequence[CheckedClaim],
    config: ClaimEncoderConfig,
    cache: Path | None = None,
) -> list[list[int]]:
    """Hard negatives by the plain model, whose claim vectors are cached on disk."""
    plain = CachedEncoder(cache, embedding.encode_general, embedding.GENERAL_MODEL_NAME)
    return hard_negatives(
        plain(list(queries)),
        plain([c.claim for c in claims]),
        plain([c.title or c.claim for c in claims]),
        [c.claim_id for c in claims],
        relevant,
        config.hard_negatives,
    )


@dataclass(frozen=True)
class FactcheckConfig:
    seed: int = 13
    c_grid: tuple[float, ...] = (0.01, 0.1, 1.0, 10.0, 100.0)
    cache: Path | None = None  # the embedding cache (default: under the data directory)
    encoder: ClaimEncoderConfig = field(default_factory=ClaimEncoderConfig)


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
    index: FactCheckIndex,
    found: tuple[Sequence[Candidates], Sequence[Candidates]],
    train: Split,
    dev: Split,
    names: Sequence[str],
    config: FactcheckConfig,
) -> tuple[Reranker, dict[str, Any]]:
    found_train, found_dev = found
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


def cross_fitted_candidates(
    claims: Sequence[Any], train: Split, config: FactcheckConfig
) -> list[Candidates]:
    """Each train tweet's candidates and features, its cosines by an encoder fitted on the
    other half of train (see the module's note)."""
    queries = [normalise(t) for t in train.texts]
    negatives = plain_negatives(queries, train.relevant, claims, config.encoder, config.cache)
    folds = np.arange(len(queries)) % ENCODER_FOLDS
    found: list[Candidates | None] = [None] * len(queries)
    for k in range(ENCODER_FOLDS):
        rest = [i for i in range(len(queries)) if folds[i] != k]
        adapters, _ = train_claim_adapters(
            [queries[i] for i in rest],
            [train.relevant[i] for i in rest],
            claims,
            [negatives[i] for i in rest],
            replace(config.encoder, seed=config.seed + k),
        )
        index = FactCheckIndex(claims, encoder=embedding.encoder_with(adapters))
        held = [i for i in range(len(queries)) if folds[i] == k]
        for i, candidates in zip(
            held, index.candidates([train.texts[i] for i in held]), strict=True
        ):
            found[i] = candidates
    return [c for c in found if c is not None]


def train_and_export(
    shared: Path, config: FactcheckConfig
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Both re-ranker variants as the model document, and their dev figures. The semantic one
    reads the shipped fact-check encoder (`newstrace train factcheck-encoder` first)."""
    if not embedding.available():
        raise ModelError(
            "training the re-ranker needs the semantic extra for its embedding features"
        )
    root = shared / DATASET
    claims = read_claims(root / "verified_claims.docs.tsv")
    train, dev = read_split(root / "train"), read_split(root / "dev")
    index = FactCheckIndex(claims, encoder=CachedEncoder(config.cache))
    lexical = index.lexical_only()
    found = {
        "semantic": (cross_fitted_candidates(claims, train, config), index.candidates(dev.texts)),
        "lexical": (lexical.candidates(train.texts), lexical.candidates(dev.texts)),
    }
    models: dict[str, Any] = {}
    figures: dict[str, Any] = {}
    variants = {
        "semantic": (index, (*LEXICAL_FEATURES, *SEMANTIC_FEATURES)),
        "lexical": (lexical, LEXICAL_FEATURES),
    }
    for name, (variant_index, names) in variants.items():
        model, fitted = _variant(variant_index, found[name], train, dev, names, config)
        models[name] = {**model.to_dict(), "threshold": fitted["threshold"]}
        figures[name] = fitted
    document = {
        "task": "claim_retrieval: does this checked claim verify the query?",
        "trained_on": (
            "claim_retrieval train (800 tweets; the semantic variant's train cosines "
            f"cross-fitted over {ENCODER_FOLDS} halves); C chosen on dev"
        ),
        "encoder": embedding.FACTCHECK_MODEL_NAME,
        "candidates_per_retriever": CANDIDATES,
        "models": models,
        "figures": figures,
    }
    return document, figures
