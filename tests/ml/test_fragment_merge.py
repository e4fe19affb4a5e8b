"""Specification of the fragment merger: pair features, joining, model file, training labels."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import numpy.typing as npt
import pytest

from newstrace.errors import ModelError
from newstrace.ml.attribution.crf import CONTENT_LABELS, TokenSpan
from newstrace.ml.attribution.fragment_merge import (
    FEATURES,
    MAX_GAP,
    MODEL_FILE,
    FragmentMerger,
    join,
    merger_from_json,
    neighbour_features,
)
from newstrace.ml.attribution.polnear import PolnearAttribution, PolnearDoc
from newstrace.ml.attribution.train.fragment_merge import TaggedDoc, content_f1, month_folds
from newstrace.ml.attribution.transformer import MODEL_FILE as TAGGER_FILE
from newstrace.ml.shipped import model_path
from newstrace.nlp import parse

TEXT = "Officials said the new bridge will open in May and close again in June."
# Tokens: Officials(0) said(1) the(2) new(3) bridge(4) will(5) open(6) ... June(13) .(14)
FIRST: TokenSpan = (2, 5)
SECOND: TokenSpan = (6, 14)
GAP_INSIDE = FEATURES.index("gap_inside_probability")


def scores(n: int, gap_inside: float) -> npt.NDArray[np.float64]:
    """Content-layer log-probabilities: contents certain, token 5 ("will") as given."""
    probs = np.full((n, len(CONTENT_LABELS)), [0.9, 0.05, 0.05])
    probs[FIRST[0] : FIRST[1]] = probs[SECOND[0] : SECOND[1]] = [0.02, 0.08, 0.9]
    probs[FIRST[0]] = probs[SECOND[0]] = [0.02, 0.9, 0.08]
    probs[FIRST[1] : SECOND[0]] = [1 - gap_inside - 0.01, 0.01, gap_inside]
    logs: npt.NDArray[np.float64] = np.log(probs)
    return logs


def gap_merger(threshold: float = 0.5) -> FragmentMerger:
    """Joins exactly when the tagger thought the gap was inside a content."""
    weights = [0.0] * len(FEATURES)
    weights[GAP_INSIDE] = 10.0
    return FragmentMerger(tuple(weights), -5.0, threshold, {})


def test_join_makes_one_span_per_joined_run() -> None:
    spans = [(0, 2), (3, 5), (6, 8), (10, 12)]
    assert join(spans, {0, 1}) == [(0, 8), (10, 12)]
    assert join(spans, {2}) == [(0, 2), (3, 5), (6, 12)]
    assert join(spans, set()) == spans


@pytest.mark.parametrize(("gap_inside", "expected"), [(0.9, [(2, 14)]), (0.05, [FIRST, SECOND])])
def test_a_gap_the_tagger_half_believed_in_is_joined(
    gap_inside: float, expected: list[TokenSpan]
) -> None:
    doc = parse(TEXT)
    assert doc[5].text == "will" and doc[13].text == "June"
    content_scores = scores(len(doc), gap_inside)
    merged = gap_merger().merge(doc, [(0, 1), (1, 2)], [SECOND, FIRST], content_scores)
    assert merged == expected


def test_pair_features_describe_the_gap() -> None:
    doc = parse(TEXT)
    (features,) = neighbour_features(doc, [(1, 2)], [FIRST, SECOND], scores(len(doc), 0.9)).values()
    named = dict(zip(FEATURES, features, strict=True))
    assert len(features) == len(FEATURES)
    assert named["log_gap_words"] == pytest.approx(np.log(2))
    assert named["gap_has_source_or_cue"] == 0.0 and named["sentence_breaks"] == 0.0
    assert named["gap_inside_probability"] == pytest.approx(0.9)
    assert named["second_begin_probability"] == pytest.approx(0.9)


def test_contents_far_apart_are_never_paired() -> None:
    text = "Aides said the plan works. " + "Nothing else happened. " * 30 + "It costs less."
    doc = parse(text)
    far = (len(doc) - 4, len(doc) - 1)
    assert far[0] - 5 > MAX_GAP
    assert neighbour_features(doc, [], [(2, 5), far], np.zeros((len(doc), 3))) == {}


def test_a_merger_reads_back_from_its_json() -> None:
    merger = FragmentMerger(tuple(float(i) for i in range(len(FEATURES))), -1.5, 0.4, {"seed": 13})
    again = merger_from_json(json.loads(json.dumps(merger.to_json())))
    assert again == merger


@pytest.mark.parametrize(
    "change",
    [
        {"format_version": 99},
        {"features": ["gap"]},
        {"weights": [1.0]},
        {"weights": "many"},
        {"threshold": 1.5},
        {"intercept": None},
    ],
)
def test_a_malformed_merger_file_is_refused(change: dict[str, object]) -> None:
    data = {**gap_merger().to_json(), **change}
    with pytest.raises(ModelError):
        merger_from_json(data)


@pytest.mark.skipif(not model_path(MODEL_FILE).exists(), reason="no shipped fragment merger")
def test_the_shipped_merger_was_fitted_on_the_shipped_tagger() -> None:
    # Retraining the tagger without refitting the merger would leave weights for another model.
    shipped = json.loads(model_path(MODEL_FILE).read_text(encoding="utf-8"))
    tagger = hashlib.sha256(model_path(TAGGER_FILE).read_bytes()).hexdigest()
    assert shipped["tagger_sha256"] == tagger
    assert merger_from_json(shipped).threshold == shipped["threshold"]


def tagged_doc(doc_date: str) -> TaggedDoc:
    """One gold content over both predicted pieces, as PolNeAR marks "X," he said, "Y"."""
    doc = parse(TEXT)
    gold_start, gold_end = doc[2].idx, doc[13].idx + len("June")
    gold = PolnearDoc(
        id=f"x_{doc_date}_bridge",
        text=TEXT,
        annotator="a",
        date=doc_date,
        attributions=[PolnearAttribution(id="E1", content=((gold_start, gold_end),))],
    )
    features = neighbour_features(doc, [(1, 2)], [FIRST, SECOND], scores(len(doc), 0.9))
    return TaggedDoc(gold, doc, [FIRST, SECOND], features)


def test_training_labels_a_pair_inside_one_gold_content_positive() -> None:
    assert tagged_doc("2016-03-01").labels() == {0: True}


def test_joining_the_pieces_lifts_content_f1() -> None:
    items = [tagged_doc("2016-03-01")]
    assert content_f1(items, None)["overlap"] == pytest.approx(2 / 3, abs=1e-4)
    assert content_f1(items, gap_merger()) == {"exact": 1.0, "overlap": 1.0}


def test_folds_keep_each_month_on_one_side() -> None:
    items = [tagged_doc(d) for d in ("2016-03-01", "2016-04-02", "2016-03-09")]
    odd, even = month_folds(items)[1], month_folds(items)[0]
    assert {i.gold.date for i in odd} == {"2016-03-01", "2016-03-09"}
    assert [i.gold.date for i in even] == ["2016-04-02"]
