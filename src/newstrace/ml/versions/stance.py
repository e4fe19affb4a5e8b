"""How a version stands toward its claim, read by a cross-encoder: agree, disagree or discuss.

The dispute layer (ml/stance/dispute.py) sees a version through counts: the FNC-1 model's
probabilities, refutation words, negations near the claim's words, hedges. A denial worded
without those ("Apple says the phone will ship on time" against "the phone is delayed") is
beyond it. Here MiniLM reads the claim and the version as one input, as trace's version
cross-encoder does (ml/versions/cross.py), with a head of three logits. Trace averages its
probabilities with the dispute layer's: the two err on different pairs, and a mean needs
nothing fitted on top (docs/models/stance.md gives both alone and together).

Shipped as `version_stance.npz` (adapters and the head), trained by `newstrace train
version-stance` on Emergent train outside its dev claims (ml/versions/cross_train.py). The
base weights come from the `semantic` extra, so nothing is fetched at run time; without it,
trace labels with the dispute layer alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from newstrace.errors import ModelError
from newstrace.ml.logistic import softmax
from newstrace.ml.stance import dispute

from . import cross
from .cross import PairScorer

STANCE_FILE = "version_stance.npz"
LABELS = dispute.LABELS  # agree / disagree / discuss: Emergent's for / against / observing

FloatArray = npt.NDArray[np.float64]


def probabilities(scorer: PairScorer, pairs: Sequence[tuple[str, str]]) -> FloatArray:
    """P(agree), P(disagree), P(discuss) of each (claim, version), in LABELS order."""
    if not pairs:
        return np.zeros((0, len(LABELS)))
    logits = scorer.logits(pairs)
    if logits.shape[1] != len(LABELS):
        raise ModelError(f"the stance cross-encoder has {logits.shape[1]} outputs, not 3")
    return softmax(logits)


def available() -> bool:
    """Whether the stance cross-encoder can run here: the `semantic` extra and its file."""
    return cross.available(STANCE_FILE)


def shipped_stance() -> PairScorer:
    """The shipped stance cross-encoder, loaded once per process."""
    return cross.shipped_scorer(STANCE_FILE, "stance cross-encoder")


def label_versions(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, float]]:
    """(agree | disagree | discuss, its probability) for each (claim, version): the mean of
    the dispute layer's probabilities and the cross-encoder's where it can run, else the
    dispute layer's alone."""
    if not pairs:
        return []
    proba = dispute.load_dispute().probabilities(dispute.paired_features(pairs))
    if available():
        proba = (proba + probabilities(shipped_stance(), pairs)) / 2
    return dispute.labelled(proba)
