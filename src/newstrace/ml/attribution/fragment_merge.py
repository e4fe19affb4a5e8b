"""Joining content spans that the transformer tagger cut in two.

A tagged content often breaks where the tagger is unsure: at a word it left out, at a fresh
B-CONTENT inside a long quote, or around the "he said" that splits a quote (PolNeAR marks
that as one content in two pieces). Scored one to one, each piece past the first is a false
positive. A logistic model over each pair of neighbouring contents (the gap between them,
the tagger's own content probabilities there, sentence and paragraph breaks, quote marks)
says whether the two belong to one content; pairs above the threshold are joined into the
span that covers both. It is fitted on the tagger's output over PolNeAR train
(`newstrace train attribution --model fragments`), with the threshold chosen on train folds.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.errors import ModelError
from newstrace.ml.attribution.crf import TextLayout, TokenSpan, is_quote_mark
from newstrace.ml.shipped import model_path, read_model_json

MODEL_FILE = "attribution_fragments.json"
FORMAT_VERSION = 1
MAX_GAP = 80  # tokens; contents further apart are never joined
FEATURES = (
    "log_gap_words",
    "gap_empty",
    "gap_has_source_or_cue",
    "sentence_breaks",
    "paragraph_breaks",
    "gap_has_quote_mark",
    "gap_all_punctuation",
    "gap_inside_probability",
    "gap_content_probability",
    "second_begin_probability",
    "second_inside_probability",
    "log_first_tokens",
    "log_second_tokens",
)
# Column order of the content layer's scores (attribution_tagger.CONTENT_LABELS).
_OUTSIDE, _BEGIN, _INSIDE = 0, 1, 2


def pair_features(
    doc: Any,
    layout: TextLayout,
    in_frame: npt.NDArray[np.bool_],
    content_probs: npt.NDArray[np.float64],
    first: TokenSpan,
    second: TokenSpan,
) -> list[float]:
    """What the stretch between two neighbouring contents looks like, in FEATURES order."""
    lo, hi = first[1], second[0]
    gap = [t for t in doc[lo:hi] if not t.is_space]
    gap_probs = content_probs[lo:hi]
    return [
        math.log1p(len(gap)),
        float(not gap),
        float(bool(in_frame[lo:hi].any())),
        float(min(layout.sentence[hi] - layout.sentence[lo - 1], 3)),
        float(min(layout.paragraph[hi] - layout.paragraph[lo - 1], 3)),
        float(any(is_quote_mark(t) for t in gap)),
        float(all(t.is_punct for t in gap)),
        float(gap_probs[:, _INSIDE].mean()) if hi > lo else 1.0,
        float(1.0 - gap_probs[:, _OUTSIDE].mean()) if hi > lo else 1.0,
        float(content_probs[hi, _BEGIN]),
        float(content_probs[hi, _INSIDE]),
        math.log1p(first[1] - first[0]),
        math.log1p(second[1] - second[0]),
    ]


def frame_mask(n_tokens: int, frame_spans: Sequence[TokenSpan]) -> npt.NDArray[np.bool_]:
    """True on every token of a tagged source or cue."""
    mask = np.zeros(n_tokens, dtype=bool)
    for start, end in frame_spans:
        mask[start:end] = True
    return mask


def neighbour_features(
    doc: Any,
    frame_spans: Sequence[TokenSpan],
    contents: Sequence[TokenSpan],
    content_scores: npt.NDArray[np.float64],
) -> dict[int, list[float]]:
    """Features of each pair (contents[i], contents[i + 1]) close enough to be joined, by i."""
    layout = TextLayout.of(doc)
    in_frame = frame_mask(len(doc), frame_spans)
    probs = np.exp(content_scores)
    return {
        i: pair_features(doc, layout, in_frame, probs, first, second)
        for i, (first, second) in enumerate(itertools.pairwise(contents))
        if second[0] - first[1] <= MAX_GAP
    }


def join(contents: Sequence[TokenSpan], joined: set[int]) -> list[TokenSpan]:
    """Contents with each pair i in `joined` (contents[i] and contents[i + 1]) made one span."""
    result: list[TokenSpan] = []
    for i, span in enumerate(contents):
        if result and i - 1 in joined:
            result[-1] = (result[-1][0], span[1])
        else:
            result.append(span)
    return result


@dataclass(frozen=True)
class FragmentMerger:
    """A fitted pair model: weights in FEATURES order, intercept and joining threshold."""

    weights: tuple[float, ...]
    intercept: float
    threshold: float
    metadata: Mapping[str, Any]

    def probabilities(self, features: Mapping[int, Sequence[float]]) -> dict[int, float]:
        """Probability, per pair, that both contents are pieces of one."""
        if not features:
            return {}
        keys = list(features)
        rows = np.array([features[k] for k in keys], dtype=np.float64)
        logits = rows @ np.array(self.weights) + self.intercept
        return dict(zip(keys, (1.0 / (1.0 + np.exp(-logits))).tolist(), strict=True))

    def joins(self, features: Mapping[int, Sequence[float]]) -> set[int]:
        """The pairs, by index, whose probability is above the threshold."""
        return {i for i, p in self.probabilities(features).items() if p > self.threshold}

    def merge(
        self,
        doc: Any,
        frame_spans: Sequence[TokenSpan],
        contents: Sequence[TokenSpan],
        content_scores: npt.NDArray[np.float64],
    ) -> list[TokenSpan]:
        """Contents in text order with the pieces of one content joined."""
        ordered = sorted(contents)
        features = neighbour_features(doc, frame_spans, ordered, content_scores)
        return join(ordered, self.joins(features))

    def to_json(self) -> dict[str, Any]:
        return {
            "format_version": FORMAT_VERSION,
            "features": list(FEATURES),
            "weights": list(self.weights),
            "intercept": self.intercept,
            "threshold": self.threshold,
            "max_gap": MAX_GAP,
            **self.metadata,
        }


def merger_from_json(data: Mapping[str, Any]) -> FragmentMerger:
    """A merger from its JSON object; refuses files written for other features."""
    if data.get("format_version") != FORMAT_VERSION or data.get("features") != list(FEATURES):
        raise ModelError(f"fragment merger is not format {FORMAT_VERSION} over this feature list")
    try:
        weights = tuple(float(w) for w in data["weights"])
        intercept, threshold = float(data["intercept"]), float(data["threshold"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"fragment merger is malformed: {exc}") from exc
    if len(weights) != len(FEATURES) or not 0.0 < threshold < 1.0:
        raise ModelError("fragment merger has the wrong number of weights or a bad threshold")
    known = {"format_version", "features", "weights", "intercept", "threshold", "max_gap"}
    metadata = {k: v for k, v in data.items() if k not in known}
    return FragmentMerger(weights, intercept, threshold, metadata)


@functools.cache
def load_fragment_merger() -> FragmentMerger | None:
    """The shipped merger, or None when the package has none (the tagger then joins nothing)."""
    if not model_path(MODEL_FILE).exists():
        return None
    return merger_from_json(read_model_json(MODEL_FILE, "fragment merger"))
