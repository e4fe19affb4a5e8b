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
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.errors import ModelError
from newstrace.ml import embedding
from newstrace.ml.encoder.train import adapted_network, adapters_of, emergent_record
from newstrace.ml.stance.emergent import EmergentPair, is_dev, read_emergent

from .cross import CrossWeights, pooled_pairs, write_cross


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


def train_cross(
    pairs: Sequence[EmergentPair],
    config: CrossConfig,
    encode: embedding.Encoder | None = None,
) -> tuple[CrossWeights, list[float]]:
    """A cross-encoder fitted on `pairs` (negatives found by `encode`, default the store's
    encoder), and the mean loss of each epoch."""
    import torch

    if not embedding.available():
        raise ModelError("training the cross-encoder needs the semantic extra")
    torch.manual_seed(config.seed)
    rng = random.Random(config.seed)
    bert = adapted_network(config.rank, config.scale)
    head = torch.nn.Linear(embedding.DIMENSION, 1)
    pieces = embedding.word_pieces(config.max_pieces)
    parameters = [p for p in bert.parameters() if p.requires_grad] + list(head.parameters())
    optimiser = torch.optim.AdamW(parameters, lr=config.learning_rate, weight_decay=0.01)
    positives = [(p.claim, p.headline, 1.0) for p in pairs]
    pool = hard_negatives(pairs, 2 * config.negatives, encode or embedding.encode)
    losses = []
    bert.train()
    for _ in range(config.epochs):
        drawn = rng.sample(pool, min(len(pool), 2 * len(positives)))
        data = positives + [(claim, headline, 0.0) for claim, headline in drawn]
        rng.shuffle(data)
        total, steps = 0.0, 0
        for start in range(0, len(data), config.batch):
            batch = data[start : start + config.batch]
            pooled = pooled_pairs(bert, pieces, [(a, b) for a, b, _ in batch])
            logits = head(pooled).squeeze(-1)
            target = torch.tensor([y for _, _, y in batch])
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, target)
            optimiser.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]
            optimiser.step()
            total, steps = total + float(loss.item()), steps + 1
        losses.append(round(total / max(steps, 1), 4))
    weights = CrossWeights(
        adapters_of(bert, config.scale),
        head.weight.detach().numpy().reshape(-1).astype(np.float32),
        float(head.bias.detach().numpy()[0]),
        config.max_pieces,
    )
    return weights, losses


def train_and_write(shared: Path, out: Path, config: CrossConfig) -> dict[str, Any]:
    """Fit on Emergent train outside dev and write the cross-encoder to `out`; the figures."""
    pairs = [p for p in read_emergent(shared / "datasets") if not is_dev(p)]
    started = time.perf_counter()
    weights, losses = train_cross(pairs, config)
    how = ", negatives the nearest headlines of other claims"
    figures, metadata = emergent_record(pairs, losses, started, asdict(config), how)
    write_cross(weights, metadata, out)
    return figures
