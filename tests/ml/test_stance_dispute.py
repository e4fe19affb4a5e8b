"""The dispute layer over the FNC-1 stance model: cues of refutation, shipped file, dev floor."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newstrace.errors import ModelError
from newstrace.ml.shipped import model_path
from newstrace.ml.stance.dispute import (
    FEATURES,
    MODEL_FILE,
    DisputeModel,
    cue_features,
    load_dispute,
)

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
EMERGENT = SHARED / "datasets" / "emergent"
CLAIM = "A giant squid was found alive in the fountain of Lakeview's main square"


def _shipped() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(model_path(MODEL_FILE).read_text(encoding="utf-8"))
    return data


def test_a_denial_is_labelled_disagree_and_a_report_of_it_agree() -> None:
    model = load_dispute()
    (denied, _), (reported, _) = model.label(
        [
            (CLAIM, "Lakeview officials deny squid story, call fountain photos a hoax"),
            (CLAIM, "Giant squid found alive in Lakeview fountain"),
        ]
    )
    assert (denied, reported) == ("disagree", "agree")


def test_refutation_cues_are_counted_and_negation_near_the_claims_words_too() -> None:
    cues = dict(
        zip(
            FEATURES[4:],
            cue_features(CLAIM, "No, a squid was not found in the fountain"),
            strict=True,
        )
    )
    assert cues["negations"] == 2.0
    assert cues["negation_near_shared_word"] >= 1.0
    assert cue_features(CLAIM, "Squid story debunked: it was a hoax")[0] == 2.0


def test_words_that_keep_a_report_at_arms_length_count_as_hedges() -> None:
    hedge = FEATURES[4:].index("hedge_cues")
    for version in (
        "Video appears to show a giant squid in the Lakeview fountain",
        "Giant squid in Lakeview fountain likely a costume, unconfirmed",
    ):
        assert cue_features(CLAIM, version)[hedge] >= 1.0
    assert cue_features(CLAIM, "Giant squid found alive in Lakeview fountain")[hedge] == 0.0


@pytest.mark.parametrize(
    "change",
    [
        {"format_version": 99},
        {"features": ["fnc_agree"]},
        {"coef": [[0.0]]},
        {"scale": [0.0] * len(FEATURES)},
    ],
)
def test_a_malformed_model_file_is_a_model_error(change: dict[str, Any]) -> None:
    with pytest.raises(ModelError):
        DisputeModel.from_dict({**_shipped(), **change})


@pytest.mark.shared
@pytest.mark.skipif(not EMERGENT.exists(), reason="needs ../shared/datasets/emergent")
def test_the_refit_matches_the_shipped_file_and_keeps_its_dev_floor(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from newstrace.ml.stance.train import train_dispute_and_write

    figures = train_dispute_and_write(SHARED, tmp_path / "d.json")
    refit = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    assert refit["coef"] == _shipped()["coef"], "the shipped file is stale: retrain it"
    # Measured 2026-12-06 on the claim-disjoint dev part (51 claims, 455 pairs): accuracy
    # 0.774, against recall 0.759; the FNC-1 model alone 0.615 and 0.093.
    layer = figures["dispute_layer"]
    assert layer["accuracy"]["value"] >= 0.74
    assert layer["against_recall"]["value"] >= 0.65
    assert figures["fnc_model_alone"]["against_recall"]["value"] < 0.2


def test_a_capitalised_no_inside_a_name_is_no_negation() -> None:
    claim = "The singer was robbed in her hotel room in Lakeview"
    name = cue_features(claim, "The singer was robbed at the No Address Hotel during the fair.")
    headline = cue_features(claim, "Singer Was Not Robbed In Lakeview Hotel Room")
    sentence = cue_features(claim, "No, the singer was not robbed in her hotel room.")
    negations = FEATURES.index("negations") - 4  # cue_features starts after the FNC four
    assert name[negations] == 0 and headline[negations] == 1 and sentence[negations] == 2
