"""Article credibility SIGNAL (FakeNewsNet PolitiFact fake/real story): reader, model, eval."""

from __future__ import annotations

import functools
import gzip
import json
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
    binary_figures,
    bootstrap_clusters,
    macro_f1,
    with_intervals,
)
from newstrace.ml.checkworthy.scorer import analyze as word_terms
from newstrace.ml.shipped import read_model_json
from newstrace.ml.term_block import TermBlock

FORMAT_VERSION = 1
SIGNAL_NOTE = (
    "a learned signal, not a verdict: how much the article's wording resembles stories "
    "PolitiFact rated fake (FakeNewsNet), measured on outlets unseen in training"
)
UNKNOWN_OUTLET = "(unknown outlet)"
# Second-level labels under a country code that are not themselves an outlet: guardian.co.uk.
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu"})


@dataclass(frozen=True)
class LabelledArticle:
    """One FakeNewsNet record; `fake` is the fact-checkers' verdict on the story it carries."""

    id: str
    fake: bool
    domain: str
    title: str
    text: str
    date: str | None = None

    @property
    def outlet(self) -> str:
        return outlet_group(self.domain)

    @property
    def content(self) -> str:
        """What the model reads: title and body."""
        return f"{self.title}\n{self.text}"


def outlet_group(domain: str) -> str:
    """The registrable domain, so transcripts.cnn.com and cnn.com count as one outlet."""
    labels = [label for label in domain.lower().strip(".").split(".") if label]
    if labels and labels[0] == "www":
        labels = labels[1:]
    if not labels:
        return UNKNOWN_OUTLET
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def read_fakenewsnet(path: str | Path) -> list[LabelledArticle]:
    """Records of a FakeNewsNet JSON Lines file (optionally gzipped) with a fake|real label."""
    source = Path(path)
    if not source.is_file():
        raise InputError("no such file", path=str(source))
    try:
        raw = source.read_bytes()
        content = (gzip.decompress(raw) if source.suffix == ".gz" else raw).decode("utf-8")
    except (OSError, UnicodeDecodeError, gzip.BadGzipFile) as exc:
        raise InputError(f"cannot read: {exc}", path=str(source)) from exc
    articles = [
        _article(line, str(source), number)
        for number, line in enumerate(content.splitlines(), start=1)
        if line.strip()
    ]
    if not articles:
        raise MalformedInputError("no articles in the file", path=str(source))
    return articles


def _article(line: str, path: str, number: int) -> LabelledArticle:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise MalformedInputError(f"invalid JSON: {exc.msg}", path=path, line=number) from exc
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise MalformedInputError("record without a text", path=path, line=number)
    label = record.get("label")
    if label not in ("fake", "real"):
        raise MalformedInputError(f"label {label!r} is not fake|real", path=path, line=number)
    return LabelledArticle(
        id=str(record.get("id", number)),
        fake=label == "fake",
        domain=str(record.get("domain") or ""),
        title=str(record.get("title") or ""),
        text=record["text"],
        date=str(record["publish_date"]) if record.get("publish_date") else None,
    )


@dataclass(frozen=True)
class CredibilityModel:
    """Sublinear TF-IDF (l2) over word 1-2 grams -> logistic regression; P(story rated fake)."""

    words: TermBlock
    intercept: float
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def probability_fake(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """For each text, the model's probability that the story was rated fake."""
        z = np.array([self.words.score(word_terms(t)) for t in texts], dtype=np.float64)
        result: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-(z + self.intercept)))
        return result

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CredibilityModel:
        """Build from the JSON document written by train_credibility."""
        if data.get("format_version") != FORMAT_VERSION:
            raise ModelError(f"credibility model format {data.get('format_version')!r} unsupported")
        try:
            return cls(
                words=TermBlock.from_dict(data),
                intercept=float(data["intercept"]),
                metadata=dict(data.get("metadata", {})),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"credibility model is malformed: {exc!r}") from exc


@functools.cache
def load_credibility() -> CredibilityModel:
    """The shipped model, read once from the package data."""
    data = read_model_json("credibility.json", "credibility model")
    return CredibilityModel.from_dict(data)


def fake_figures(
    y: IntArray, predicted: IntArray, outlets: Sequence[str], seed: int = DEFAULT_SEED
) -> dict[str, Any]:
    """Accuracy, macro-F1 and fake-class precision/recall, resampling whole outlets for the CIs.

    Articles of one outlet are alike, so resampling them one by one would understate the spread.
    """

    def statistic(index: IntArray) -> dict[str, float]:
        fake = binary_figures(y[index], predicted[index] == 1)
        return {
            "accuracy": accuracy(y[index], predicted[index]),
            "macro_f1": macro_f1(y[index], predicted[index], 2),
            "fake_precision": fake["precision"],
            "fake_recall": fake["recall"],
        }

    everything = np.arange(len(y), dtype=np.int64)
    figures: dict[str, Any] = {"n": len(y), "n_outlets": len(set(outlets))}
    figures.update(
        with_intervals(statistic(everything), bootstrap_clusters(statistic, outlets, seed))
    )
    return figures


def evaluate_credibility(
    articles: Sequence[LabelledArticle], model: CredibilityModel, seed: int = DEFAULT_SEED
) -> dict[str, Any]:
    """The shipped model's figures on labelled articles, with the caveat next to them."""
    y = np.array([a.fake for a in articles], dtype=np.int64)
    predicted = (model.probability_fake([a.content for a in articles]) >= 0.5).astype(np.int64)
    outlets = [a.outlet for a in articles]
    return {
        "signal": SIGNAL_NOTE,
        **fake_figures(y, predicted, outlets, seed),
        "domain_disjoint_accuracy_at_training": model.metadata.get("domain_disjoint_accuracy"),
    }
