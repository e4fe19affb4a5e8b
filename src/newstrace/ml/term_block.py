"""A sublinear TF-IDF term block with linear weights: the sparse half of the shipped linear models.

Scores exactly as scikit-learn's TfidfVectorizer(sublinear_tf=True, norm="l2") followed by the
dot product with a logistic regression's coefficients, without scikit-learn at run time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.errors import ModelError


@dataclass(frozen=True)
class TermBlock:
    """One TF-IDF space: terms, their idf and their logistic-regression weights."""

    vocabulary: Mapping[str, int]
    idf: npt.NDArray[np.float64]
    coef: npt.NDArray[np.float64]

    def score(self, terms: Sequence[str]) -> float:
        """The block's share of the linear score: sublinear tf-idf, l2-normalised, times coef."""
        counts = Counter(t for t in terms if t in self.vocabulary)
        if not counts:
            return 0.0
        index = np.fromiter((self.vocabulary[t] for t in counts), dtype=np.int64)
        # Sublinear tf (1 + ln count) matches TfidfVectorizer(sublinear_tf=True).
        weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * self.idf[index]
        return float(weights @ self.coef[index] / np.linalg.norm(weights))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TermBlock:
        terms: list[str] = list(data["vocabulary"])
        block = cls(
            vocabulary={term: i for i, term in enumerate(terms)},
            idf=np.asarray(data["idf"], dtype=np.float64),
            coef=np.asarray(data["coef"], dtype=np.float64),
        )
        if not len(terms) == len(block.idf) == len(block.coef):
            raise ModelError("a term block's vocabulary, idf and coefficients differ in length")
        return block
