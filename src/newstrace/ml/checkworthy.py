"""Check-worthiness scorer: one featurizer for training and run time, and the shipped model."""

from __future__ import annotations

import functools
import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.errors import ModelError

FORMAT_VERSION = 1

# Digits are collapsed to shape tokens so "4,300 homes" and "12 homes" share features:
# the amount itself is never what makes a sentence worth checking.
_TOKEN_RE = re.compile(r"\d[\d,.]*\d|\d|[a-z]+(?:'[a-z]+)?|[$%?]")
_YEAR_RE = re.compile(r"^(1[89]|20)\d\d$")
_NUMBER_RE = re.compile(r"\d")
_PERCENT_RE = re.compile(r"%|\bper ?cent\b|\bpercentage\b", re.IGNORECASE)
_MONEY_RE = re.compile(
    r"[$€£]|\b(dollars?|euros?|pounds?|cents?|budget|tax(es)?|cost|spen[dt]|billions?|millions?"
    r"|trillions?)\b",
    re.IGNORECASE,
)
_COMPARATIVE_RE = re.compile(
    r"\b(more|less|fewer|most|least|than|higher|lower|larger|smaller|bigger|greater|highest"
    r"|lowest|largest|biggest|increased?|decreased?|rose|risen|fell|fallen|doubled|tripled"
    r"|halved|record|only|every|never|always)\b",
    re.IGNORECASE,
)
_OPINION_RE = re.compile(
    r"\b(i|we) (think|believe|feel|hope|want|wish|will|would|'ll|am going|are going|need)\b"
    r"|\bin my (opinion|view)\b|\blet me\b|\bi'm (sure|glad|proud|going)\b|\bthank",
    re.IGNORECASE,
)
_FIRST_PERSON_RE = re.compile(r"\b(i|me|my|we|us|our)\b", re.IGNORECASE)
_CAPITALISED_RE = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z]+")
_FUTURE_RE = re.compile(r"\b(will|going to|gonna|'ll)\b", re.IGNORECASE)

DENSE_FEATURE_NAMES: tuple[str, ...] = (
    "has_number",
    "has_year",
    "has_percent",
    "has_money",
    "log_numbers",
    "log_comparatives",
    "log_capitalised",
    "has_opinion_marker",
    "first_person_share",
    "has_future",
    "is_question",
    "log_tokens",
    "is_short",
)


def normalise(sentence: str) -> str:
    """Lower-case with typographic quotes folded, so curly and straight apostrophes match."""
    return sentence.replace("\u2019", "'").replace("\u2018", "'").lower()


def tokens(sentence: str) -> list[str]:
    """Word tokens with every number replaced by `<year>` or `<num>`."""
    out: list[str] = []
    for token in _TOKEN_RE.findall(normalise(sentence)):
        if token[0].isdigit():
            out.append("<year>" if _YEAR_RE.match(token) else "<num>")
        else:
            out.append(token)
    return out


def analyze(sentence: str) -> list[str]:
    """The sparse terms of a sentence: word unigrams and bigrams (the TF-IDF analyzer)."""
    words = tokens(sentence)
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def dense_features(sentence: str) -> list[float]:
    """Hand-made cues of check-worthiness, in the order of DENSE_FEATURE_NAMES."""
    words = tokens(sentence)
    n_words = len(words)
    numbers = sum(1 for w in words if w in ("<num>", "<year>"))
    first_person = len(_FIRST_PERSON_RE.findall(normalise(sentence)))
    return [
        float(bool(_NUMBER_RE.search(sentence))),
        float("<year>" in words),
        float(bool(_PERCENT_RE.search(sentence))),
        float(bool(_MONEY_RE.search(sentence))),
        math.log1p(numbers),
        math.log1p(len(_COMPARATIVE_RE.findall(sentence))),
        math.log1p(len(_CAPITALISED_RE.findall(sentence.strip()))),
        float(bool(_OPINION_RE.search(normalise(sentence)))),
        first_person / n_words if n_words else 0.0,
        float(bool(_FUTURE_RE.search(normalise(sentence)))),
        float(sentence.rstrip().endswith("?")),
        math.log1p(n_words),
        float(n_words < 6),
    ]


def dense_matrix(sentences: Sequence[str]) -> npt.NDArray[np.float64]:
    """Dense features of many sentences, one row each."""
    rows = [dense_features(s) for s in sentences]
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(DENSE_FEATURE_NAMES))


@dataclass(frozen=True)
class CheckworthyModel:
    """Sublinear TF-IDF (l2-normalised) + dense cues -> logistic regression -> Platt scaling."""

    vocabulary: Mapping[str, int]
    idf: npt.NDArray[np.float64]
    sparse_coef: npt.NDArray[np.float64]
    dense_coef: npt.NDArray[np.float64]
    intercept: float
    platt_slope: float
    platt_intercept: float
    threshold: float
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def decision(self, sentences: Sequence[str]) -> npt.NDArray[np.float64]:
        """Raw (uncalibrated) linear scores."""
        sparse = np.array([self._sparse_score(s) for s in sentences], dtype=np.float64)
        dense = dense_matrix(sentences) @ self.dense_coef
        result: npt.NDArray[np.float64] = sparse + dense + self.intercept
        return result

    def score(self, sentences: Sequence[str]) -> list[float]:
        """Calibrated probability that each sentence is worth fact-checking."""
        if not sentences:
            return []
        z = self.platt_slope * self.decision(sentences) + self.platt_intercept
        probabilities = 1.0 / (1.0 + np.exp(-z))
        return [float(p) for p in probabilities]

    def _sparse_score(self, sentence: str) -> float:
        counts = Counter(t for t in analyze(sentence) if t in self.vocabulary)
        if not counts:
            return 0.0
        index = np.fromiter((self.vocabulary[t] for t in counts), dtype=np.int64)
        # Sublinear tf (1 + ln count) matches TfidfVectorizer(sublinear_tf=True).
        weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * self.idf[index]
        return float(weights @ self.sparse_coef[index] / np.linalg.norm(weights))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CheckworthyModel:
        """Build from the JSON document written by train_checkworthy."""
        if data.get("format_version") != FORMAT_VERSION:
            raise ModelError(f"checkworthy model format {data.get('format_version')!r} unsupported")
        try:
            terms: list[str] = list(data["vocabulary"])
            dense_names = tuple(data["dense_features"])
            if dense_names != DENSE_FEATURE_NAMES:
                raise ModelError("checkworthy model was trained with other dense features")
            model = cls(
                vocabulary={term: i for i, term in enumerate(terms)},
                idf=np.asarray(data["idf"], dtype=np.float64),
                sparse_coef=np.asarray(data["sparse_coef"], dtype=np.float64),
                dense_coef=np.asarray(data["dense_coef"], dtype=np.float64),
                intercept=float(data["intercept"]),
                platt_slope=float(data["calibration"]["slope"]),
                platt_intercept=float(data["calibration"]["intercept"]),
                threshold=float(data["threshold"]),
                metadata=dict(data.get("metadata", {})),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"checkworthy model is malformed: {exc!r}") from exc
        if not len(terms) == len(model.idf) == len(model.sparse_coef):
            raise ModelError("checkworthy model: vocabulary, idf and coefficients differ in length")
        return model


@functools.cache
def load_checkworthy() -> CheckworthyModel:
    """The shipped model, read once from the package data."""
    resource = files("newstrace") / "data" / "models" / "checkworthy.json"
    try:
        data = json.loads(resource.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"cannot read the shipped checkworthy model: {exc}") from exc
    return CheckworthyModel.from_dict(data)
