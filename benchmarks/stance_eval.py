"""Print stance figures as JSON: the shipped model on the FNC-1 bodies it never saw, and speed."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from newstrace.ml.stance.classifier import load_stance
from newstrace.ml.stance.fnc import fnc_scores, read_fnc, split_by_body
from newstrace.ml.stance.train import TrainConfig, confusion, train_and_evaluate

REPO_ROOT = Path(__file__).resolve().parents[1]
MODEL_PATH = REPO_ROOT / "src" / "newstrace" / "data" / "models" / "stance.json"


def shipped_held_out(shared: Path) -> dict[str, Any]:
    """The shipped model was fitted without these bodies, so this is a held-out evaluation."""
    model = load_stance()
    folder = shared / "datasets" / "fnc1"
    pairs = read_fnc(folder / "train_bodies.csv", folder / "train_stances.csv")
    _, held_out = split_by_body(pairs, model.metadata["held_out_share"], model.metadata["seed"])
    gold = [str(p.stance) for p in held_out]
    pred = model.predict([(p.headline, p.body) for p in held_out])
    figures = fnc_scores(gold, pred, groups=[p.body_id for p in held_out])
    figures["n_bodies"] = len({p.body_id for p in held_out})
    figures["confusion (gold -> predicted)"] = confusion(gold, pred)
    return figures


def speed(shared: Path) -> dict[str, float]:
    """Seconds to judge one headline against 100 distinct bodies, cold (no parse cache)."""
    folder = shared / "datasets" / "fnc1"
    pairs = read_fnc(folder / "train_bodies.csv", folder / "train_stances.csv")
    bodies = list(dict.fromkeys(p.body for p in pairs))[:100]
    model = load_stance()
    start = time.perf_counter()
    model.predict([(pairs[0].headline, body) for body in bodies])
    return {"one_headline_x_100_bodies_s": round(time.perf_counter() - start, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared")
    parser.add_argument(
        "--claim-split",
        action="store_true",
        help="also retrain in-process with whole claims held out (stricter; a few minutes)",
    )
    args = parser.parse_args()
    report: dict[str, Any] = {
        "model_kb": round(MODEL_PATH.stat().st_size / 1024, 1),
        "held_out_bodies (shipped model)": shipped_held_out(args.shared),
        "speed": speed(args.shared),
    }
    if args.claim_split:
        _, figures = train_and_evaluate(args.shared, TrainConfig(), by_claim=True)
        report["held_out_claims (retrained in-process without them)"] = figures
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
