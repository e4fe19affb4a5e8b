"""Emergent (Ferreira & Vlachos 2016): claims against article headlines, for / against /
observing, read from ../shared at run time; a claim-disjoint dev part of its train file."""

from __future__ import annotations

import csv
import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.errors import InputError, MalformedInputError
from newstrace.ml.bootstrap import bootstrap_clusters

FILE = Path("emergent") / "url-versions-2015-06-14-clean-train.csv"
LABELS = ("for", "against", "observing")
# One claim in five (by a hash of its id) is held out as dev: the official test is held back.
DEV_SHARE = 5


@dataclass(frozen=True)
class EmergentPair:
    claim: str
    headline: str
    stance: str
    claim_id: str


def read_emergent(datasets: Path) -> list[EmergentPair]:
    """Every row of the Emergent train file under `datasets` (../shared/datasets)."""
    path = datasets / FILE
    if not path.exists():
        raise InputError("Emergent needs ../shared/datasets/emergent", path=str(path))
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    try:
        pairs = [
            EmergentPair(
                r["claimHeadline"], r["articleHeadline"], r["articleHeadlineStance"], r["claimId"]
            )
            for r in rows
        ]
    except KeyError as exc:
        raise MalformedInputError(f"Emergent file lacks a column: {exc}", path=str(path)) from exc
    bad = [p.stance for p in pairs if p.stance not in LABELS]
    if bad:
        raise MalformedInputError(f"unknown Emergent stance {bad[0]!r}", path=str(path))
    return pairs


def is_dev(pair: EmergentPair, seed: int = 13) -> bool:
    """Whether the pair's claim is in the dev part (claim-disjoint from the rest)."""
    digest = hashlib.sha256(f"{seed}:{pair.claim_id}".encode()).hexdigest()
    return int(digest, 16) % DEV_SHARE == 0


def stance_figures(
    pairs: Sequence[EmergentPair],
    gold: npt.NDArray[np.int64],
    predicted: npt.NDArray[np.int64],
    *,
    seed: int = 13,
) -> dict[str, dict[str, Any]]:
    """3-way accuracy, against recall and against precision of labels given as indices into
    (agree, disagree, discuss), each with a 95 % interval that resamples the claims."""

    def statistic(index: npt.NDArray[np.int64]) -> dict[str, float]:
        g, p = gold[index], predicted[index]
        against = g == 1
        return {
            "accuracy": float((g == p).mean()),
            "against_recall": float((p[against] == 1).mean()) if against.any() else math.nan,
            "against_precision": float((g[p == 1] == 1).mean()) if (p == 1).any() else math.nan,
        }

    point = statistic(np.arange(len(gold)))
    ci = bootstrap_clusters(statistic, [p.claim_id for p in pairs], seed=seed)
    return {name: {"value": value, "ci95": ci[name]} for name, value in point.items()}
