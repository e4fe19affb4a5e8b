"""Trace's version matcher: features, the shipped model file, and what it decides."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from newstrace.corpus.matching import content_stems, rank_sentences
from newstrace.errors import ModelError
from newstrace.ml.shipped import read_model_json
from newstrace.ml.versions.features import LEXICAL_FEATURES, TextParts, lexical_features
from newstrace.ml.versions.matcher import MODEL_FILE, VARIANTS, VersionMatcher, load_version_matcher
from newstrace.model import Article


def parts(text: str) -> TextParts:
    return TextParts.of(content_stems(text), text)


def features(claim: str, sentence: str) -> dict[str, float]:
    row = lexical_features(parts(claim), frozenset(), [parts(sentence)], np.array([0.5]))[0]
    return dict(zip(LEXICAL_FEATURES, row.tolist(), strict=True))


def test_numbers_within_two_percent_agree_and_other_numbers_conflict() -> None:
    claim = "The gold watch will cost 4,999 dollars"
    assert features(claim, "Gold watch could cost as much as 5,000")["numbers_agree"] == 1.0
    other = features(claim, "Gold watch could cost as much as 1,200")
    assert other["numbers_agree"] == 0.0 and other["numbers_conflict"] == 1.0
    # A sentence with no number neither agrees nor conflicts.
    plain = features(claim, "The gold watch will be expensive")
    assert plain["numbers_agree"] == plain["numbers_conflict"] == 0.0


def test_both_shipped_variants_load_with_a_threshold() -> None:
    for variant, names in VARIANTS.items():
        matcher = load_version_matcher(variant)
        assert matcher.model.features == names and 0 < matcher.threshold < 1
    with pytest.raises(ModelError, match="unknown matcher variant"):
        load_version_matcher("cross-encoder")


def _shipped(variant: str) -> dict[str, Any]:
    data = read_model_json(MODEL_FILE, "version matcher")["models"][variant]
    copied: dict[str, Any] = json.loads(json.dumps(data))
    return copied


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.pop("threshold"), "no threshold"),
        (lambda d: d.update(threshold=1.5), "outside"),
        (lambda d: d.update(features=d["features"][:-1]), "wrong shape|other features"),
        (lambda d: d.update(coef=[float("nan")] * len(d["coef"])), "not finite"),
        (lambda d: d.update(mean="x"), "malformed"),
    ],
)
def test_a_malformed_matcher_is_refused(change: Any, message: str) -> None:
    data = _shipped("lexical")
    change(data)
    with pytest.raises(ModelError, match=message):
        VersionMatcher.from_dict("lexical", data)


def test_the_sibling_rumour_with_another_number_scores_below_the_version() -> None:
    claim = "The gold Apex watch will cost 4,999 dollars"
    version = Article(id="v", text="Gold Apex watch could cost as much as 5,000 dollars.")
    sibling = Article(id="s", text="Gold Apex watch could cost as much as 1,200 dollars.")
    # The two share every word with the claim but the number: only the number features
    # tell them apart.
    found = rank_sentences(claim, [version, sibling], min_score=0)
    scores = {m.article_id: m.score for m in found}
    assert scores["v"] > scores["s"]


def test_an_unrelated_sentence_is_never_a_version() -> None:
    claim = "The harbour ferry to Lindholm island will stop running in March"
    other = Article(id="o", text="The city orchestra played three new symphonies on Saturday.")
    assert rank_sentences(claim, [other]) == []
