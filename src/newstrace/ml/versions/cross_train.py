"""Train trace's cross-encoder (ml/versions/cross.py) on Emergent train, outside its dev part.

A claim and each headline Emergent pairs with it (for, against or observing: a denial states
the claim too) are positives; the negatives are other claims' headlines that the store's
encoder puts nearest the claim, the sibling stories a version must be told from (a cheap random
headline teaches nothing the matcher does not know). Each epoch draws two negatives per
positive from each claim's 2 x `negatives` nearest. Binary cross-entropy on the head's logit;
adapters on every linear layer of MiniLM, as the store's encoder has. The settings were chosen
by re-scoring trace's candidates on Emergent dev (epochs 2 / 4, negatives 4 / 8:
docs/models/versions.md); the official Emergent test is held back.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.errors import ModelError
from newstrace.ml import embedding
from newstrace.ml.encoder.train import adapted_network, adapters_of, emergent_record
from newstrace.ml.stance.emergent import LABELS as EMERGENT_LABELS
from newstrace.ml.stance.emergent import EmergentPair, is_dev, read_emergent, stance_figures

from .cross import CrossWeights, PairScorer, pooled_pairs, write_cross
from .stance import LABELS as STANCE_LABELS
from .stance import probabilities


@dataclass(frozen=True)
class CrossConfig:
    seed: int = 13
    rank: int = 8
    scale: float = 2.0  # alpha / rank
    epochs: int = 4
    learning_rate: float = 3e-4
    batch: int = 32
    negatives: int = 8  # a claim's pool of hard negatives is twice this
    max_pieces: int = 96  # word pieces per pair: a claim and a headline or sentence


def hard_negatives(
    pairs: Sequence[EmergentPair], pool: int, encode: embedding.Encoder
) -> list[tuple[str, str]]:
    """(claim, headline) for the `pool` headlines of other claims nearest each claim."""
    headlines = [p.headline for p in pairs]
    claims = sorted({(p.claim_id, p.claim) for p in pairs})
    similarity = encode([c for _, c in claims]) @ encode(headlines).T
    out: list[tuple[str, str]] = []
    for (claim_id, claim), row in zip(claims, similarity, strict=True):
        nearest = (headlines[j] for j in np.argsort(-row) if pairs[j].claim_id != claim_id)
        out.extend((claim, headline) for _, headline in zip(range(pool), nearest, strict=False))
    return out


# One epoch's (claim, text, target) rows, given the epoch's random draws.
Epoch = Callable[[random.Random], list[tuple[str, str, Any]]]


def fit_pairs(
    epoch_rows: Epoch, outputs: int, config: CrossConfig
) -> tuple[CrossWeights, list[float]]:
    """Adapters on MiniLM and a head of `outputs` logits fitted on the rows each epoch draws:
    binary cross-entropy on one logit (targets 0 / 1), else cross-entropy over the labels
    (targets their index). The weights and the mean loss of each epoch."""
    import torch

    if not embedding.available():
        raise ModelError("training a cross-encoder needs the semantic extra")
    torch.manual_seed(config.seed)
    rng = random.Random(config.seed)
    bert = adapted_network(config.rank, config.scale)
    head = torch.nn.Linear(embedding.DIMENSION, outputs)
    pieces = embedding.word_pieces(config.max_pieces)
    parameters = [p for p in bert.parameters() if p.requires_grad] + list(head.parameters())
    optimiser = torch.optim.AdamW(parameters, lr=config.learning_rate, weight_decay=0.01)
    losses = []
    bert.train()
    for _ in range(config.epochs):
        data = epoch_rows(rng)
        rng.shuffle(data)
        total, steps = 0.0, 0
        for start in range(0, len(data), config.batch):
            batch = data[start : start + config.batch]
            logits = head(pooled_pairs(bert, pieces, [(a, b) for a, b, _ in batch]))
            if outputs == 1:
                target = torch.tensor([float(y) for _, _, y in batch])
                loss = torch.nn.functional.binary_cross_entropy_with_logits(
                    logits.squeeze(-1), target
                )
            else:
                labels = torch.tensor([int(y) for _, _, y in batch])
                loss = torch.nn.functional.cross_entropy(logits, labels)
            optimiser.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]
            optimiser.step()
            total, steps = total + float(loss.item()), steps + 1
        losses.append(round(total / max(steps, 1), 4))
    weight = head.weight.detach().numpy().astype(np.float32)
    bias = head.bias.detach().numpy().astype(np.float32)
    head_weight, head_bias = (weight[0], float(bias[0])) if outputs == 1 else (weight, bias)
    return (
        CrossWeights(adapters_of(bert, config.scale), head_weight, head_bias, config.max_pieces),
        losses,
    )


def train_cross(
    pairs: Sequence[EmergentPair],
    config: CrossConfig,
    encode: embedding.Encoder | None = None,
) -> tuple[CrossWeights, list[float]]:
    """A cross-encoder fitted on `pairs` (negatives found by `encode`, default the store's
    encoder), and the mean loss of each epoch."""
    positives = [(p.claim, p.headline, 1.0) for p in pairs]
    pool = hard_negatives(pairs, 2 * config.negatives, encode or embedding.encode)

    def epoch(rng: random.Random) -> list[tuple[str, str, Any]]:
        drawn = rng.sample(pool, min(len(pool), 2 * len(positives)))
        return positives + [(claim, headline, 0.0) for claim, headline in drawn]

    return fit_pairs(epoch, 1, config)


def train_stance(
    pairs: Sequence[EmergentPair], config: CrossConfig
) -> tuple[CrossWeights, list[float]]:
    """The stance cross-encoder (ml/versions/stance.py): each claim and headline with its
    Emergent stance, three logits in stance.LABELS order."""
    to_label = dict(zip(EMERGENT_LABELS, STANCE_LABELS, strict=True))
    rows = [(p.claim, p.headline, STANCE_LABELS.index(to_label[p.stance])) for p in pairs]
    return fit_pairs(lambda _: list(rows), len(STANCE_LABELS), config)


def train_stance_and_write(shared: Path, out: Path, config: CrossConfig) -> dict[str, Any]:
    """Fit the stance cross-encoder on Emergent train outside dev, write it to `out`, and
    score it on dev alone and averaged with the dispute layer, as trace labels (3-way
    accuracy and against recall, 95 % intervals over claims)."""
    from newstrace.ml.stance.dispute import load_dispute, paired_features

    every = read_emergent(shared / "datasets")
    pairs = [p for p in every if not is_dev(p)]
    started = time.perf_counter()
    weights, losses = train_stance(pairs, config)
    figures, metadata = emergent_record(pairs, losses, started, asdict(config), ", with stances")
    dev = [p for p in every if is_dev(p)]
    texts = [(p.claim, p.headline) for p in dev]
    cross = probabilities(PairScorer(weights), texts)
    layer = load_dispute().probabilities(paired_features(texts))
    to_label = dict(zip(EMERGENT_LABELS, STANCE_LABELS, strict=True))
    gold = np.array([STANCE_LABELS.index(to_label[p.stance]) for p in dev])
    figures["dev"] = {
        "claims": len({p.claim_id for p in dev}),
        "pairs": len(dev),
        "cross_encoder": stance_figures(dev, gold, cross.argmax(axis=1)),
        "dispute_layer": stance_figures(dev, gold, layer.argmax(axis=1)),
        "mean_of_both": stance_figures(dev, gold, (cross + layer).argmax(axis=1)),
    }
    metadata["figures"] = figures
    write_cross(weights, metadata, out)
    return figures


def train_and_write(shared: Path, out: Path, config: CrossConfig) -> dict[str, Any]:
    """Fit on Emergent train outside dev and write the cross-encoder to `out`; the figures."""
    pairs = [p for p in read_emergent(shared / "datasets") if not is_dev(p)]
    started = time.perf_counter()
    weights, losses = train_cross(pairs, config)
    how = ", negatives the nearest headlines of other claims"
    figures, metadata = emergent_record(pairs, losses, started, asdict(config), how)
    write_cross(weights, metadata, out)
    return figures
