"""Score the shipped stance model on labelled FNC-1-format files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newstrace.errors import InputError
from newstrace.ml.stance.classifier import load_stance
from newstrace.ml.stance.fnc import fnc_scores, read_fnc


def evaluate_files(bodies_csv: Path, stances_csv: Path) -> dict[str, Any]:
    """Score the shipped model on labelled FNC-1-format files (bootstrap resamples bodies)."""
    pairs = read_fnc(bodies_csv, stances_csv)
    gold = [p.stance for p in pairs]
    if any(g is None for g in gold):
        raise InputError(
            "the stances file has no Stance labels to score against", path=str(stances_csv)
        )
    pred = load_stance().predict([(p.headline, p.body) for p in pairs])
    return fnc_scores([g or "" for g in gold], pred, groups=[p.body_id for p in pairs])
