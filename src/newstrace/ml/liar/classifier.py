"""LIAR statement-verdict model: TSV reader, featurizer, shipped model and its evaluation."""

from __future__ import annotations

import csv
import functools
import itertools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.errors import InputError, MalformedInputError, ModelError
from newstrace.ml.bootstrap import (
    DEFAULT_SEED,
    IntArray,
    accuracy,
    bootstrap,
    macro_f1,
    with_intervals,
)
from newstrace.ml.shipped import read_model_json

FORMAT_VERSION = 1
LABELS: tuple[str, ...] = ("pants-fire", "false", "barely-true", "half-true", "mostly-true", "true")
# The binary task of the LIAR literature: half-true and better against the rest.
TRUE_SIDE = frozenset({"half-true", "mostly-true", "true"})
N_COLUMNS = 14

_TOKEN_RE = re.compile(r"\d[\d,.]*\d|\d|[a-z]+(?:'[a-z]+)?|[$%?]")
_WORD_RE = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class LiarStatement:
    """One row of a LIAR TSV file (14 columns, no header)."""

    id: str
    label: str
    statement: str
    subjects: tuple[str, ...]
    speaker: str
    speaker_job: str
    state: str
    party: str
    # barely-true, false, half-true, mostly-true, pants-fire counts: they include this very
    # statement's verdict, so they leak the label and are not used by the shipped model.
    credit_history: tuple[int, ...]
    context: str


def read_liar(path: str | Path) -> list[LiarStatement]:
    """Statements of a LIAR TSV file; a malformed row raises with its line number."""
    source = Path(path)
    if not source.is_file():
        raise InputError("no such file", path=str(source))
    try:
        with source.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"cannot read: {exc}", path=str(source)) from exc
    statements = [
        _statement(row, str(source), number)
        for number, row in enumerate(rows, start=1)
        if any(cell.strip() for cell in row)
    ]
    if not statements:
        raise MalformedInputError("no statements in the file", path=str(source))
    return statements


def _statement(row: list[str], path: str, line: int) -> LiarStatement:
    if len(row) != N_COLUMNS:
        raise MalformedInputError(
            f"{len(row)} tab-separated fields, LIAR rows have {N_COLUMNS}", path=path, line=line
        )
    label = row[1].strip()
    if label not in LABELS:
        raise MalformedInputError(
            f"label {label!r} is not one of {', '.join(LABELS)}", path=path, line=line
        )
    try:
        counts = tuple(int(float(value or 0)) for value in row[8:13])
    except ValueError as exc:
        raise MalformedInputError(
            f"credit-history count is not a number: {exc}", path=path, line=line
        ) from exc
    return LiarStatement(
        id=row[0].strip(),
        label=label,
        statement=row[2],
        subjects=tuple(s.strip() for s in row[3].split(",") if s.strip()),
        speaker=row[4].strip(),
        speaker_job=row[5].strip(),
        state=row[6].strip(),
        party=row[7].strip(),
        credit_history=counts,
        context=row[13].strip(),
    )


def text_terms(statement: str) -> list[str]:
    """Lower-cased word unigrams and bigrams, every number folded to `<num>`."""
    words = [
        "<num>" if token[0].isdigit() else token
        for token in _TOKEN_RE.findall(statement.replace("\u2019", "'").lower())
    ]
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def meta_terms(statement: LiarStatement) -> list[str]:
    """Metadata as indicator terms: subjects, speaker, job, state, party and context words."""
    terms = [f"subject={s.lower()}" for s in statement.subjects]
    for name, value in (
        ("speaker", statement.speaker),
        ("job", statement.speaker_job),
        ("state", statement.state),
        ("party", statement.party),
    ):
        if value:
            terms.append(f"{name}={value.lower()}")
    terms += [f"context:{w}" for w in _WORD_RE.findall(statement.context.lower())]
    return terms


def label_indices(statements: Sequence[LiarStatement]) -> IntArray:
    return np.array([LABELS.index(s.label) for s in statements], dtype=np.int64)


def binary_indices(six_way: IntArray) -> IntArray:
    """1 for half-true and better, 0 for the rest."""
    true_side = np.array([label in TRUE_SIDE for label in LABELS], dtype=np.int64)
    result: IntArray = true_side[six_way]
    return result


@dataclass(frozen=True)
class LiarModel:
    """Sublinear TF-IDF text terms (l2) + scaled binary metadata terms -> multinomial LR."""

    text_vocabulary: Mapping[str, int]
    idf: npt.NDArray[np.float64]
    text_coef: npt.NDArray[np.float64]  # (terms, classes)
    meta_vocabulary: Mapping[str, int]
    meta_coef: npt.NDArray[np.float64]  # (terms, classes), the metadata scale folded in
    intercept: npt.NDArray[np.float64]
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def probabilities(self, statements: Sequence[LiarStatement]) -> npt.NDArray[np.float64]:
        """One row per statement: the probability of each of LABELS."""
        logits = np.array([self._logits(s) for s in statements], dtype=np.float64)
        logits = logits.reshape(len(statements), len(LABELS))
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        result: npt.NDArray[np.float64] = exp / exp.sum(axis=1, keepdims=True)
        return result

    def predict(self, statements: Sequence[LiarStatement]) -> IntArray:
        """Index into LABELS of the most probable verdict."""
        result: IntArray = np.argmax(self.probabilities(statements), axis=1).astype(np.int64)
        return result

    def predict_binary(self, statements: Sequence[LiarStatement]) -> IntArray:
        """1 when half-true-or-better is at least as probable as the rest together."""
        true_side = np.array([label in TRUE_SIDE for label in LABELS])
        probabilities = self.probabilities(statements)
        result: IntArray = (probabilities[:, true_side].sum(axis=1) >= 0.5).astype(np.int64)
        return result

    def _logits(self, statement: LiarStatement) -> npt.NDArray[np.float64]:
        logits = self.intercept.copy()
        counts = Counter(t for t in text_terms(statement.statement) if t in self.text_vocabulary)
        if counts:
            index = np.fromiter((self.text_vocabulary[t] for t in counts), dtype=np.int64)
            # Sublinear tf (1 + ln count) matches TfidfVectorizer(sublinear_tf=True).
            weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * self.idf[
                index
            ]
            logits += (weights / np.linalg.norm(weights)) @ self.text_coef[index]
        present = {t for t in meta_terms(statement) if t in self.meta_vocabulary}
        if present:
            meta_index = np.fromiter((self.meta_vocabulary[t] for t in present), dtype=np.int64)
            logits += self.meta_coef[meta_index].sum(axis=0)
        return logits

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LiarModel:
        """Build from the JSON document written by train_liar."""
        if data.get("format_version") != FORMAT_VERSION:
            raise ModelError(f"LIAR model format {data.get('format_version')!r} unsupported")
        try:
            if tuple(data["labels"]) != LABELS:
                raise ModelError("LIAR model was trained with other labels")
            text_terms_list = list(data["text"]["vocabulary"])
            meta_terms_list = list(data["meta"]["vocabulary"])
            model = cls(
                text_vocabulary={t: i for i, t in enumerate(text_terms_list)},
                idf=np.asarray(data["text"]["idf"], dtype=np.float64),
                text_coef=np.asarray(data["text"]["coef"], dtype=np.float64).reshape(
                    len(text_terms_list), len(LABELS)
                ),
                meta_vocabulary={t: i for i, t in enumerate(meta_terms_list)},
                meta_coef=np.asarray(data["meta"]["coef"], dtype=np.float64).reshape(
                    len(meta_terms_list), len(LABELS)
                ),
                intercept=np.asarray(data["intercept"], dtype=np.float64),
                metadata=dict(data.get("metadata", {})),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"LIAR model is malformed: {exc!r}") from exc
        if len(model.idf) != len(text_terms_list) or model.intercept.shape != (len(LABELS),):
            raise ModelError("LIAR model: vocabulary, idf and coefficients differ in length")
        return model


@functools.cache
def load_liar() -> LiarModel:
    """The shipped model, read once from the package data."""
    return LiarModel.from_dict(read_model_json("liar.json", "LIAR model"))


def classification_figures(
    y: IntArray, predicted: IntArray, n_classes: int, seed: int = DEFAULT_SEED
) -> dict[str, dict[str, Any]]:
    """Accuracy and macro-F1 with 95% bootstrap intervals."""

    def statistic(index: IntArray) -> dict[str, float]:
        return {
            "accuracy": accuracy(y[index], predicted[index]),
            "macro_f1": macro_f1(y[index], predicted[index], n_classes),
        }

    everything = np.arange(len(y), dtype=np.int64)
    return with_intervals(statistic(everything), bootstrap(statistic, ["all"] * len(y), seed))


def evaluate_liar(
    statements: Sequence[LiarStatement], model: LiarModel, seed: int = DEFAULT_SEED
) -> dict[str, Any]:
    """6-way and binary accuracy and macro-F1 of `model` on labelled statements."""
    y = label_indices(statements)
    predicted = model.predict(statements)
    majority = Counter(y.tolist()).most_common(1)[0][0]
    return {
        "n": len(statements),
        "features": model.metadata.get("features", "statement text + metadata"),
        "six_way": classification_figures(y, predicted, len(LABELS), seed),
        "binary": classification_figures(
            binary_indices(y), model.predict_binary(statements), 2, seed
        ),
        "majority_class_accuracy": float(np.mean(y == majority)),
        "label_counts": {label: int(np.sum(y == i)) for i, label in enumerate(LABELS)},
    }
