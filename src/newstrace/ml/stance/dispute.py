"""Stance that finds disputes: a small logistic layer over the FNC-1 model's probabilities and
cues of refutation and hedging, fitted on Emergent (claim vs headline), that labels a related
version for / against / observing (agree / disagree / discuss) with a probability.

The FNC-1 model alone learned from data where disagreement is rare: on a claim-disjoint part of
Emergent it labels 9 % of denials as such. Denials are worded ("denies", "hoax", "not true",
"no evidence"), so their cues are features here; numpy alone runs it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.errors import ModelError
from newstrace.lexicon import STOPWORDS
from newstrace.ml.logistic import softmax
from newstrace.ml.shipped import read_model_json
from newstrace.ml.stance.classifier import StanceModel, load_stance

MODEL_FILE = "stance_dispute.json"
FORMAT_VERSION = 1
LABELS = ("agree", "disagree", "discuss")  # Emergent's for / against / observing
FloatArray = npt.NDArray[np.float64]

REFUTE = re.compile(
    r"\b(?:den(?:y|ies|ied|ying|ial)|false(?:ly)?|fake|hoax(?:es)?|debunk\w*|myth|untrue|"
    r"not true|no evidence|fabricat\w*|bogus|dismiss\w*|reject\w*|refut\w*|rebut\w*|"
    r"satir\w*|prank|scam|misleading|wrong)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|no|never|nor|none|nothing|isn't|wasn't|aren't|didn't|"
    r"doesn't|don't|won't|can't|cannot|n't)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:reportedly|rumou?r\w*|claim\w*|alleg\w*|may|might|could|possibly|apparently|"
    r"report\w*|says?|said|according|sources?|purported\w*|suggest\w*|speculat\w*|"
    r"appears?|appeared|seem\w*|likely|unconfirmed|unverified)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
FEATURES = (
    "fnc_agree",
    "fnc_disagree",
    "fnc_discuss",
    "fnc_unrelated",
    "refute_cues",
    "negations",
    "negation_near_shared_word",
    "hedge_cues",
    "question",
    "shared_words",
)


def _content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 2]


def _in_name(text: str, match: re.Match[str]) -> bool:
    """A capitalised "No" mid-sentence in sentence-case text is part of a name ("the No
    Address Hotel"); in a headline set in title case it is the negation it looks like."""
    word = match.group()
    if not word[:1].isupper() or title_cased(text):
        return False
    before = text[: match.start()].rstrip()
    return bool(before) and before[-1] not in ".!?:\"“‘'("


def title_cased(text: str) -> bool:
    """Nearly every longer word capitalised: a headline, not a sentence full of names."""
    words = [w for w in re.findall(r"[A-Za-z]+", text) if len(w) > 3]
    return bool(words) and sum(w[0].islower() for w in words) <= 0.15 * len(words)


def cue_features(claim: str, version: str) -> list[float]:
    """The cue features of one (claim, version) pair, in FEATURES order after the four FNC ones."""
    claim_words = set(_content_words(claim))
    words = _WORD.findall(version.lower())
    shared = [i for i, w in enumerate(words) if w in claim_words]
    negations = [m.start() for m in _NEGATION.finditer(version) if not _in_name(version, m)]
    positions = [len(_WORD.findall(version[:at].lower())) for at in negations]
    near = sum(1 for p in positions if any(abs(p - s) <= 3 for s in shared))
    version_words = set(_content_words(version))
    union = claim_words | version_words
    return [
        float(len(REFUTE.findall(version))),
        float(len(negations)),
        float(near),
        float(len(_HEDGE.findall(version))),
        float("?" in version),
        len(claim_words & version_words) / len(union) if union else 0.0,
    ]


def features(pairs: Sequence[tuple[str, str]], fnc: StanceModel) -> FloatArray:
    """The full feature matrix (FEATURES order) of (claim, version) pairs."""
    if not pairs:
        return np.zeros((0, len(FEATURES)))
    fnc_proba = fnc.probabilities(fnc.features(pairs))
    cues = np.array([cue_features(claim, version) for claim, version in pairs], dtype=np.float64)
    result: FloatArray = np.hstack([fnc_proba, cues])
    return result


def paired_features(pairs: Sequence[tuple[str, str]]) -> FloatArray:
    """The feature matrix of (claim, version) pairs with the shipped FNC-1 model."""
    return features(pairs, load_stance())


def labelled(proba: FloatArray) -> list[tuple[str, float]]:
    """(the likeliest of LABELS, its probability) for each row of probabilities."""
    return [(LABELS[int(row.argmax())], float(row.max())) for row in proba]


@dataclass(frozen=True)
class DisputeModel:
    mean: FloatArray
    scale: FloatArray
    coef: FloatArray  # (labels, features)
    intercept: FloatArray
    metadata: Mapping[str, Any]

    def probabilities(self, x: FloatArray) -> FloatArray:
        """P(agree), P(disagree), P(discuss) of each row of a feature matrix."""
        if not len(x):
            return np.zeros((0, len(LABELS)))
        return softmax(((x - self.mean) / self.scale) @ self.coef.T + self.intercept)

    def label(self, pairs: Sequence[tuple[str, str]]) -> list[tuple[str, float]]:
        """(agree | disagree | discuss, its probability) for each (claim, version)."""
        return labelled(self.probabilities(paired_features(pairs)))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DisputeModel:
        if data.get("format_version") != FORMAT_VERSION:
            raise ModelError(f"dispute model format {data.get('format_version')!r} unsupported")
        try:
            if tuple(data["features"]) != FEATURES or tuple(data["labels"]) != LABELS:
                raise ModelError("dispute model was fitted on other features or labels")
            model = cls(
                mean=np.asarray(data["mean"], dtype=np.float64),
                scale=np.asarray(data["scale"], dtype=np.float64),
                coef=np.asarray(data["coef"], dtype=np.float64),
                intercept=np.asarray(data["intercept"], dtype=np.float64),
                metadata=dict(data.get("metadata", {})),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"dispute model is malformed: {exc!r}") from exc
        shapes = (model.mean.shape, model.scale.shape, model.coef.shape, model.intercept.shape)
        n, k = len(FEATURES), len(LABELS)
        if shapes != ((n,), (n,), (k, n), (k,)) or not np.all(model.scale > 0):
            raise ModelError(f"dispute model arrays have the wrong shapes: {shapes}")
        return model


@functools.cache
def load_dispute() -> DisputeModel:
    """The shipped model, read once from the package data."""
    return DisputeModel.from_dict(read_model_json(MODEL_FILE, "dispute stance model"))
