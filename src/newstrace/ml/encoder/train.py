"""Train the version encoder: low-rank adapters on all-MiniLM-L6-v2, contrastive, on Emergent.

A claim and the headlines Emergent pairs with it (for, against or observing: a denial states the
claim too) are pulled together, and every other claim's headlines in the batch pushed apart
(in-batch negatives, symmetric InfoNCE). A batch holds one pair per claim, so no pair is pushed
from its own claim; a share of the pairs are two headlines of one claim, since trace also
compares a stored version with another outlet's. Only Emergent train outside its claim-disjoint
dev part is read; FNC-1 is not, because its headlines come from Emergent's claims, dev ones
included. The choices (rank, epochs, learning rate) were made on Emergent dev with
benchmarks/version_encoder_dev.py; the official Emergent test is held back.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.errors import ModelError
from newstrace.ml.embedding import (
    ADAPTER_FORMAT,
    GENERAL_MODEL_NAME,
    Adapters,
    adapter_arrays,
    available,
    base_network,
    word_pieces,
)
from newstrace.ml.lora import adapt_linears
from newstrace.ml.shipped import write_npz
from newstrace.ml.stance.emergent import EmergentPair, is_dev, read_emergent

# Every linear layer of each transformer block gets an adapter (what the attribution tagger
# adapts too); the embeddings and layer norms stay as shipped, so the file holds adapters only.
TARGETS = ("query", "key", "value", "attention.output.dense", "intermediate.dense", "output.dense")


@dataclass(frozen=True)
class EncoderConfig:
    seed: int = 13
    rank: int = 8
    scale: float = 2.0  # alpha / rank
    epochs: int = 3
    learning_rate: float = 2e-4
    batch: int = 32  # claims per batch, one pair each
    temperature: float = 0.05
    headline_pairs: float = 0.3  # share of pairs that are two headlines of one claim
    max_pieces: int = 64  # word pieces per text; headlines and claims are short


def network(config: EncoderConfig) -> Any:
    """MiniLM, frozen, with fresh adapters of `config`'s rank on every linear layer."""
    return adapted_network(config.rank, config.scale)


def adapted_network(rank: int, scale: float) -> Any:
    """MiniLM, frozen, with fresh low-rank adapters on every linear layer (TARGETS)."""
    bert = base_network()
    for parameter in bert.parameters():
        parameter.requires_grad = False
    adapt_linears(bert, TARGETS, rank, scale)
    return bert


def tokenizer(config: EncoderConfig) -> Any:
    return word_pieces(config.max_pieces)


def embed(bert: Any, pieces: Any, texts: Sequence[str]) -> Any:
    """Mean-pooled, L2-normalised: what the sentence-transformers model computes."""
    import torch

    batch = pieces.encode_batch(list(texts))
    ids = torch.tensor([b.ids for b in batch])
    mask = torch.tensor([b.attention_mask for b in batch])
    hidden = bert(input_ids=ids, attention_mask=mask).last_hidden_state
    weights = mask.unsqueeze(-1).float()
    pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1)
    return torch.nn.functional.normalize(pooled, dim=-1)


def _batches(
    by_claim: dict[str, list[EmergentPair]], config: EncoderConfig, rng: random.Random
) -> list[list[tuple[str, str]]]:
    """One epoch: every headline once, in batches of pairs from distinct claims."""
    queues = {cid: rng.sample(pairs, len(pairs)) for cid, pairs in sorted(by_claim.items())}
    batches = []
    while any(queues.values()):
        live = [cid for cid, queue in queues.items() if queue]
        rng.shuffle(live)
        for start in range(0, len(live), config.batch):
            chunk = live[start : start + config.batch]
            batch = []
            for cid in chunk:
                pair = queues[cid].pop()
                others = [p for p in by_claim[cid] if p is not pair]
                if others and rng.random() < config.headline_pairs:
                    batch.append((rng.choice(others).headline, pair.headline))
                else:
                    batch.append((pair.claim, pair.headline))
            # A batch of a few claims has too few negatives to teach anything.
            if len(batch) >= 4:
                batches.append(batch)
    return batches


def train_adapters(
    pairs: Sequence[EmergentPair], config: EncoderConfig
) -> tuple[Adapters, list[float]]:
    """Adapters fitted on `pairs`, and the mean loss of each epoch."""
    import torch

    if not available():
        raise ModelError("training the encoder needs the semantic extra")
    torch.manual_seed(config.seed)
    rng = random.Random(config.seed)
    bert = network(config)
    pieces = tokenizer(config)
    parameters = [p for p in bert.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(parameters, lr=config.learning_rate, weight_decay=0.01)
    by_claim: dict[str, list[EmergentPair]] = defaultdict(list)
    for pair in pairs:
        by_claim[pair.claim_id].append(pair)
    losses = []
    bert.train()
    for _ in range(config.epochs):
        total, steps = 0.0, 0
        for batch in _batches(by_claim, config, rng):
            left = embed(bert, pieces, [a for a, _ in batch])
            right = embed(bert, pieces, [b for _, b in batch])
            total += contrastive_step(optimiser, left, right, config.temperature)
            steps += 1
        losses.append(round(total / max(steps, 1), 4))
    return adapters_of(bert, config.scale), losses


def contrastive_step(optimiser: Any, left: Any, right: Any, temperature: float) -> float:
    """One step of symmetric InfoNCE: row i of `left` matches row i of `right`, every other
    row is a negative; rows of `right` past len(left) (hard negatives) are negatives of every
    left row only. Returns the loss."""
    import torch

    target = torch.arange(len(left))
    paired = right[: len(left)]
    loss = (
        torch.nn.functional.cross_entropy(left @ right.T / temperature, target)
        + torch.nn.functional.cross_entropy((left @ paired.T / temperature).T, target)
    ) / 2
    optimiser.zero_grad()
    loss.backward()  # type: ignore[no-untyped-call]
    optimiser.step()
    return float(loss.item())


def adapters_of(bert: Any, scale: float) -> Adapters:
    """The low-rank adapters a trained network holds, as the shipped file keeps them."""
    layers = {}
    for name, module in bert.named_modules():
        if hasattr(module, "lora_a") and hasattr(module, "lora_b"):
            layers[name] = (
                module.lora_a.detach().numpy().astype(np.float32),
                module.lora_b.detach().numpy().astype(np.float32),
            )
    metadata = {"format_version": ADAPTER_FORMAT, "scale": scale, "base": GENERAL_MODEL_NAME}
    return Adapters(layers, scale, metadata)


def write_adapters(adapters: Adapters, metadata: dict[str, Any], out: Path) -> None:
    """One .npz: each layer's a and b as float16, and the metadata as JSON."""
    write_npz(adapter_arrays(adapters), {**adapters.metadata, **metadata}, out)


def train_and_write(shared: Path, out: Path, config: EncoderConfig) -> dict[str, Any]:
    """Fit on Emergent train outside dev and write the adapters to `out`; the training figures."""
    pairs = [p for p in read_emergent(shared / "datasets") if not is_dev(p)]
    started = time.perf_counter()
    adapters, losses = train_adapters(pairs, config)
    figures, metadata = emergent_record(pairs, losses, started, asdict(config))
    write_adapters(adapters, metadata, out)
    return figures


def emergent_record(
    pairs: Sequence[EmergentPair],
    losses: list[float],
    started: float,
    config: dict[str, Any],
    how: str = "",
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The figures of a training on Emergent train pairs, and the metadata its file keeps
    (what it was trained on, `how`, the figures and the library versions)."""
    import torch
    import transformers

    claims = len({p.claim_id for p in pairs})
    figures = {
        "claims": claims,
        "pairs": len(pairs),
        "epoch_losses": losses,
        "seconds": round(time.perf_counter() - started, 1),
        "config": config,
    }
    metadata = {
        "trained_on": (
            f"Emergent train outside the claim-disjoint dev part ({claims} claims, "
            f"{len(pairs)} headlines){how}"
        ),
        "figures": figures,
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__},
    }
    return figures, metadata
