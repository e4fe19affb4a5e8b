"""Print LIAR figures as JSON: the shipped model on valid.tsv, then the retrained comparisons."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from newstrace.ml.liar import train as training
from newstrace.ml.liar.classifier import evaluate_liar, load_liar, read_liar

REPO_ROOT = Path(__file__).resolve().parents[1]


def figures(shared: Path, seed: int) -> dict[str, Any]:
    """Shipped model on valid, and text-only / credit-history variants retrained in-process."""
    config = training.LiarConfig(seed=seed)
    train = read_liar(shared / training.DATA_DIR / training.TRAIN)
    valid = read_liar(shared / training.DATA_DIR / training.VALID)
    return {
        "shipped_model_on_valid": evaluate_liar(valid, load_liar(), seed),
        "text_only_on_valid": training.text_only_figures(train, valid, config),
        "with_credit_history_on_valid (leaks the label; not shipped)": (
            training.credit_variant_figures(train, valid, config)
        ),
        "published_test_accuracy": {"hybrid_cnn_with_metadata": 0.274, "text_only": "~0.26-0.27"},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared")
    parser.add_argument("--seed", type=int, default=training.LiarConfig.seed)
    args = parser.parse_args()
    print(json.dumps(figures(args.shared, args.seed), indent=2))


if __name__ == "__main__":
    main()
