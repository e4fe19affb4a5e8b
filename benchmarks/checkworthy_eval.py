"""Print check-worthiness figures as JSON: held-out (retrained in-process) and shipped model."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from newstrace.ml.checkworthy import train as training
from newstrace.ml.checkworthy.scorer import load_checkworthy

REPO_ROOT = Path(__file__).resolve().parents[1]
MODEL_PATH = REPO_ROOT / "src" / "newstrace" / "data" / "models" / "checkworthy.json"

# Self-written news-style sentences: a sanity view of news prose, not a benchmark.
NEWS_LIKE = [
    "The ministry said 4,300 homes were flooded in March.",
    "Hospital admissions rose 12 percent in the first quarter, according to health officials.",
    "The company cut 800 jobs last year, its first layoffs since 2009.",
    "Police said the suspect was arrested on Tuesday.",
    "She declined to comment.",
    "We will see what happens next.",
    "It was a beautiful morning in the valley.",
]


def held_out_figures(shared: Path, seed: int) -> dict[str, Any]:
    """Split, fit on the training part only, and score the evaluation parts it never saw."""
    config = training.TrainConfig(seed=seed)
    split = training.split_data(shared, seed, config)
    return training.evaluate(split, training.fit(split, config), seed)


def shipped_facts() -> dict[str, Any]:
    """The shipped model is refit on all but dev: its figures on the eval parts are not held out."""
    model = load_checkworthy()
    scores = model.score(NEWS_LIKE)
    return {
        "size_kb": round(MODEL_PATH.stat().st_size / 1024, 1),
        "threshold": model.threshold,
        "terms_per_block": {name: len(block.vocabulary) for name, block in model.blocks.items()},
        "trained_on": model.metadata.get("trained_on"),
        "training_size": model.metadata.get("training_size"),
        "news_like_scores": {s: round(p, 3) for s, p in zip(NEWS_LIKE, scores, strict=True)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared")
    parser.add_argument("--seed", type=int, default=training.TrainConfig.seed)
    args = parser.parse_args()
    report = {
        "held_out (model fitted in-process without the evaluation parts)": held_out_figures(
            args.shared, args.seed
        ),
        "shipped_model (refit on all data but dev; not an evaluation)": shipped_facts(),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
