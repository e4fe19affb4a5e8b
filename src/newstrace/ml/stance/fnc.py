"""FNC-1 stance files (bodies + stances CSV) and the official FNC-1 score, with bootstrap CIs."""

from __future__ import annotations

import csv
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.errors import EncodingError, InputError, MalformedInputError

LABELS: tuple[str, ...] = ("agree", "disagree", "discuss", "unrelated")
RELATED: frozenset[str] = frozenset({"agree", "disagree", "discuss"})
BODY_COLUMNS = ("Body ID", "articleBody")
STANCE_COLUMNS = ("Headline", "Body ID")

# Some article bodies run past csv's default field limit of 131,072 characters.
_FIELD_LIMIT = min(sys.maxsize, 2**31 - 1)


@dataclass(frozen=True)
class StancePair:
    """One headline paired with one article body; `stance` is None when the file is unlabelled."""

    headline: str
    body_id: str
    body: str
    stance: str | None


def _read_rows(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
    csv.field_size_limit(_FIELD_LIMIT)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise MalformedInputError(f"missing column(s) {missing}", path=str(path))
            return list(reader)
    except UnicodeDecodeError as exc:
        raise EncodingError(f"not UTF-8: {exc.reason}", path=str(path)) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from exc


def read_bodies(path: Path) -> dict[str, str]:
    """Body ID -> article body."""
    return {row["Body ID"].strip(): row["articleBody"] for row in _read_rows(path, BODY_COLUMNS)}


def read_fnc(bodies_csv: Path, stances_csv: Path) -> list[StancePair]:
    """Join a stances file to its bodies file; a missing `Stance` column gives unlabelled pairs."""
    bodies = read_bodies(bodies_csv)
    pairs: list[StancePair] = []
    # Line 1 is the header, so the first record is on line 2.
    for line, row in enumerate(_read_rows(stances_csv, STANCE_COLUMNS), start=2):
        body_id = row["Body ID"].strip()
        if body_id not in bodies:
            raise MalformedInputError(
                f"Body ID {body_id!r} is not in {bodies_csv.name}", path=str(stances_csv), line=line
            )
        stance = _stance(row.get("Stance"), stances_csv, line)
        pairs.append(StancePair(row["Headline"], body_id, bodies[body_id], stance))
    return pairs


def _stance(value: str | None, path: Path, line: int) -> str | None:
    if value is None or not value.strip():
        return None
    stance = value.strip().lower()
    if stance not in LABELS:
        raise MalformedInputError(f"unknown stance {value!r}", path=str(path), line=line)
    return stance


def split_by_body(
    pairs: Sequence[StancePair], held_out_share: float, seed: int
) -> tuple[list[StancePair], list[StancePair]]:
    """(train, held out): a seeded share of the bodies, with all their pairs, is held out."""
    body_ids = sorted({p.body_id for p in pairs}, key=lambda b: (len(b), b))
    random.Random(seed).shuffle(body_ids)
    held = set(body_ids[: round(held_out_share * len(body_ids))])
    return [p for p in pairs if p.body_id not in held], [p for p in pairs if p.body_id in held]


def pair_scores(gold: Sequence[str], pred: Sequence[str]) -> tuple[list[float], list[float]]:
    """Per pair: the official FNC-1 score earned and the most that pair could earn."""
    earned: list[float] = []
    best: list[float] = []
    for g, p in zip(gold, pred, strict=True):
        score = 0.0
        if g == p:
            score += 0.25
            if g != "unrelated":
                score += 0.50
        if g in RELATED and p in RELATED:
            score += 0.25
        earned.append(score)
        best.append(1.0 if g in RELATED else 0.25)
    return earned, best


def _f1(gold: Sequence[str], pred: Sequence[str], label: str) -> float:
    tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == p == label)
    n_pred = sum(1 for p in pred if p == label)
    n_gold = sum(1 for g in gold if g == label)
    return 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0


def _bootstrap_ratio(
    earned: npt.NDArray[np.float64], best: npt.NDArray[np.float64], seed: int, n_boot: int
) -> list[float]:
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(earned), size=(n_boot, len(earned)))
    ratios = 100.0 * earned[draws].sum(axis=1) / best[draws].sum(axis=1)
    low, high = np.percentile(ratios, [2.5, 97.5])
    return [round(float(low), 2), round(float(high), 2)]


def fnc_scores(
    gold: Sequence[str],
    pred: Sequence[str],
    *,
    seed: int = 13,
    n_boot: int = 1000,
    groups: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Relative FNC-1 score (0-100) with a 95 % bootstrap CI, accuracy, macro-F1, per-class F1.

    With `groups` (e.g. Body IDs) the bootstrap resamples whole groups, since pairs that share
    a body are not independent; without, it resamples pairs.
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold labels but {len(pred)} predictions")
    if not gold:
        raise InputError("no pairs to score")
    earned, best = pair_scores(gold, pred)
    per_class = {label: round(_f1(gold, pred, label), 4) for label in LABELS}
    earned_arr = np.asarray(earned)
    best_arr = np.asarray(best)
    if groups is not None:
        earned_arr, best_arr = _group_sums(earned_arr, best_arr, groups)
    return {
        "n": len(gold),
        "relative_score": round(100.0 * sum(earned) / sum(best), 2),
        "relative_score_ci": _bootstrap_ratio(earned_arr, best_arr, seed, n_boot),
        "bootstrap": {"resamples": n_boot, "unit": "group" if groups is not None else "pair"},
        "accuracy": round(sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / len(gold), 4),
        "macro_f1": round(sum(per_class.values()) / len(LABELS), 4),
        "f1": per_class,
    }


def _group_sums(
    earned: npt.NDArray[np.float64], best: npt.NDArray[np.float64], groups: Sequence[str]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    if len(groups) != len(earned):
        raise ValueError(f"{len(groups)} groups for {len(earned)} pairs")
    _, index = np.unique(np.asarray(groups, dtype=object).astype(str), return_inverse=True)
    earned_sums = np.bincount(index, weights=earned).astype(np.float64)
    best_sums = np.bincount(index, weights=best).astype(np.float64)
    return earned_sums, best_sums
