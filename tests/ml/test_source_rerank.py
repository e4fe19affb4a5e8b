"""Specification of the source reranker: candidates, choosing or dropping, model file, training."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from newstrace.errors import ModelError
from newstrace.ml.attribution.crf import FRAME_LABELS, TaggedAttribution
from newstrace.ml.attribution.fragment_merge import MODEL_FILE as MERGER_FILE
from newstrace.ml.attribution.polnear import PolnearAttribution, PolnearDoc
from newstrace.ml.attribution.source_rerank import (
    FEATURES,
    MODEL_FILE,
    Probabilities,
    SourceReranker,
    candidates,
    reranker_document,
    reranker_from_json,
)
from newstrace.ml.attribution.train.source_rerank import source_f1, sources_of
from newstrace.ml.attribution.transformer import MODEL_FILE as TAGGER_FILE
from newstrace.ml.shipped import model_path
from newstrace.nlp import parse

TEXT = "Weber, who chairs the panel, said the plan would fail."
# Tokens: Weber(0) ,(1) who(2) chairs(3) the(4) panel(5) ,(6) said(7) the(8) plan(9) ...
WEBER_COMMA = (0, len("Weber,"))
SAID = (TEXT.index("said"), TEXT.index("said") + 4)
CONTENT = (TEXT.index("the plan"), len(TEXT) - 1)


def one_split(feature: str, below: float, above: float) -> dict[str, Any]:
    """Exported arrays of one tree: `above` (a logit) when the feature is over 0.5."""
    return {
        "depth": 1,
        "baseline": [0.0],
        "roots": [[0]],
        "feature": [FEATURES.index(feature), -1, -1],
        "threshold": [0.5, 0.0, 0.0],
        "left": [1, 0, 0],
        "right": [2, 0, 0],
        "value": [0.0, below, above],
    }


def reranker(
    below: float, above: float, threshold: float = 0.5, kind: str = "strip"
) -> SourceReranker:
    """Prefers the candidate that one rule (by default: trailing punctuation stripped) made."""
    document = reranker_document(one_split(f"kind_{kind}", below, above), threshold, {"seed": 1})
    return reranker_from_json(json.loads(json.dumps(document)))


def uniform_scores(n: int) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Frame and content log-probabilities of a tagger that is sure of nothing."""
    frame, content = (np.log(np.full((n, k), 1.0 / k)) for k in (len(FRAME_LABELS), 3))
    return frame, content


def tagged() -> list[TaggedAttribution]:
    return [TaggedAttribution(source=WEBER_COMMA, cue=SAID, content=CONTENT)]


def test_candidates_strip_a_trailing_comma_and_reach_the_whole_subtree() -> None:
    doc = parse(TEXT)
    found = candidates(doc, (0, 2), np.zeros(len(doc)))
    assert found[(0, 2)] == "tagged"
    assert found[(0, 1)] == "strip"
    assert (0, 7) in found  # "Weber, who chairs the panel," as one subtree


def test_candidates_take_in_a_possessive_and_what_the_tagger_half_believed() -> None:
    doc = parse("Trump's spokesman said the wall would be built.")
    assert candidates(doc, (0, 1), np.zeros(len(doc)))[(0, 2)] == "possessive"
    probs = np.zeros(len(doc))
    probs[1:3] = 0.4  # "'s spokesman": the tagger was unsure
    assert candidates(doc, (0, 1), probs)[(0, 3)] == "right"


def test_every_candidate_has_one_value_per_feature() -> None:
    doc = parse(TEXT)
    probs = Probabilities.of(*uniform_scores(len(doc)))
    [group] = sources_of(gold_doc(), doc, tagged(), probs).groups
    rows = group.features(doc, probs)
    assert len(group.candidates) > 2
    assert {len(row) for row in rows} == {len(FEATURES)}
    assert np.isfinite(np.array(rows)).all()


def test_the_best_candidate_replaces_the_tagged_source() -> None:
    doc = parse(TEXT)
    result = reranker(-3.0, 3.0).rerank(doc, tagged(), *uniform_scores(len(doc)))
    assert result == [TaggedAttribution(source=(0, 5), cue=SAID, content=CONTENT)]


def test_each_source_is_judged_on_its_own_candidates() -> None:
    # The first source has more candidates than the second: scores must not slide across.
    text = "Weber, who chairs the panel, said the plan would fail. Ames, said the bank."
    doc = parse(text)
    said = [i for i in range(len(text)) if text.startswith("said", i)]
    first = TaggedAttribution(source=(0, 28), cue=(said[0], said[0] + 4), content=(34, 53))
    second = TaggedAttribution(source=(55, 60), cue=(said[1], said[1] + 4), content=(66, 74))
    result = reranker(-3.0, 3.0, kind="cut").rerank(doc, [first, second], *uniform_scores(len(doc)))
    assert [a.source for a in result] == [(0, 5), None]  # "Weber" by its cut; "Ames," no cut


def test_a_source_no_candidate_convinces_is_dropped_but_the_attribution_stays() -> None:
    doc = parse(TEXT)
    result = reranker(-3.0, -2.0).rerank(doc, tagged(), *uniform_scores(len(doc)))
    assert result == [TaggedAttribution(source=None, cue=SAID, content=CONTENT)]


@pytest.mark.parametrize(
    "change",
    [
        {"format_version": 99},
        {"features": ["log_tokens"]},
        {"threshold": 1.5},
        {"threshold": "high"},
        {"trees": {}},
        {"trees": {**one_split("kind_strip", 0, 1), "feature": [999, -1, -1]}},
        {"trees": {**one_split("kind_strip", 0, 1), "roots": [[0], [0]], "baseline": [0, 0]}},
        {"threshold": 10**400},
        {"threshold": float("inf")},
    ],
)
def test_a_malformed_reranker_file_is_refused(change: dict[str, object]) -> None:
    data = {**reranker_document(one_split("kind_strip", 0.0, 1.0), 0.3, {}), **change}
    with pytest.raises(ModelError):
        reranker_from_json(data)


def test_a_reranker_file_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(ModelError, match="not a JSON object"):
        reranker_from_json([1, 2, 3])  # type: ignore[arg-type]


@pytest.mark.skipif(not model_path(MODEL_FILE).exists(), reason="no shipped source reranker")
def test_the_shipped_reranker_was_fitted_on_the_shipped_tagger_and_merger() -> None:
    # Its trees learned one tagger's probabilities and one merger's linking; either changing
    # without a refit would leave them scoring another model's output.
    shipped = json.loads(model_path(MODEL_FILE).read_text(encoding="utf-8"))
    for key, file_name in (("tagger_sha256", TAGGER_FILE), ("merger_sha256", MERGER_FILE)):
        path = model_path(file_name)
        expected = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
        assert shipped[key] == expected
    trees = reranker_from_json(shipped).trees
    assert trees.roots.shape == (1, shipped["tree_params"]["max_iter"]) and trees.depth > 1


def gold_doc() -> PolnearDoc:
    return PolnearDoc(
        id="x_2016-03-01_panel",
        text=TEXT,
        annotator="a",
        date="2016-03-01",
        attributions=[
            PolnearAttribution(id="E1", source=((0, 5),), cue=(SAID,), content=(CONTENT,))
        ],
    )


def test_training_labels_the_exact_candidate_and_scores_the_choice() -> None:
    doc = parse(TEXT)
    probs = Probabilities.of(*uniform_scores(len(doc)))
    item = sources_of(gold_doc(), doc, tagged(), probs)
    [labels] = item.labels()
    assert sum(labels) == 1 and labels[list(item.groups[0].candidates).index((0, 1))]
    assert source_f1([item], None) == {"exact": 0.0, "overlap": 1.0}
    assert source_f1([item], reranker(-3.0, 3.0)) == {"exact": 1.0, "overlap": 1.0}
