"""Specification of the stance model and the FNC-1 scorer: files, scores, shipped model, floor."""

from __future__ import annotations

import copy
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from newstrace.errors import MalformedInputError, ModelError
from newstrace.ml.stance.classifier import StanceModel, load_stance
from newstrace.ml.stance.evaluate import evaluate_files
from newstrace.ml.stance.fnc import LABELS, fnc_scores, read_fnc, split_by_body

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared"
FNC1 = SHARED / "datasets" / "fnc1"
# Measured 93.4 (95 % CI 90.9-95.5) on this sample, 2026-11-25. The floor sits a few points
# below so noise does not fail CI but a broken feature or model does.
SAMPLE_BODIES = 80
SAMPLE_FLOOR = 89.0

HEADLINE = "Giant squid found alive in the fountain of Lakeview's main square"
REFUTING_BODY = (
    "A photo said to show a giant squid alive in the fountain of Lakeview's main square spread "
    "quickly online on Monday. The story is a hoax. City officials denied that any squid had been "
    "found in the fountain and said the image was fake, doctored from a picture of an aquarium. "
    '"There is no squid, there never was a squid," a spokeswoman said. The photographer admitted '
    "the picture was a prank."
)
AGREEING_BODY = (
    "Workers found a giant squid alive in the fountain of Lakeview's main square on Monday "
    "morning. City officials confirmed the find and said the animal, about four metres long, was "
    "moved to the aquarium. Marine biologists said it was the first giant squid found alive in "
    "the region."
)
UNRELATED_BODY = (
    "The regional council approved a new budget for school buses on Tuesday. The plan adds twelve "
    "routes in the northern districts and raises drivers' wages by three percent. The vote passed "
    "nine to two after a long debate about fuel costs."
)


def test_shipped_model_loads_once_from_package_data() -> None:
    model = load_stance()
    assert model is load_stance()
    assert model.metadata["seed"] == 13


def test_predictions_are_labels_and_probabilities_sum_to_one() -> None:
    pairs = [(HEADLINE, REFUTING_BODY), (HEADLINE, AGREEING_BODY), (HEADLINE, UNRELATED_BODY)]
    model = load_stance()
    assert all(label in LABELS for label in model.predict(pairs))
    for proba in model.predict_proba(pairs):
        assert set(proba) == set(LABELS)
        assert sum(proba.values()) == pytest.approx(1.0)


def test_body_calling_the_headline_a_hoax_leans_disagree_over_agree() -> None:
    proba = load_stance().predict_proba([(HEADLINE, REFUTING_BODY)])[0]
    assert proba["unrelated"] < 0.5
    assert proba["disagree"] > proba["agree"]


def test_body_confirming_the_headline_leans_agree_over_disagree() -> None:
    proba = load_stance().predict_proba([(HEADLINE, AGREEING_BODY)])[0]
    assert proba["unrelated"] < 0.5
    assert proba["agree"] > proba["disagree"]


def test_body_about_something_else_is_unrelated() -> None:
    assert load_stance().predict([(HEADLINE, UNRELATED_BODY)]) == ["unrelated"]


def test_empty_input_gives_no_predictions_and_empty_body_is_unrelated() -> None:
    model = load_stance()
    assert model.predict([]) == []
    assert model.predict([(HEADLINE, "")]) == ["unrelated"]


def _shipped_document() -> dict[str, Any]:
    resource = files("newstrace") / "data" / "models" / "stance.json"
    data: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return data


def test_model_of_another_format_version_is_refused() -> None:
    document = _shipped_document()
    document["format_version"] = 999
    with pytest.raises(ModelError, match="format"):
        StanceModel.from_dict(document)


def test_model_trained_with_other_features_is_refused() -> None:
    document = _shipped_document()
    document["features"] = document["features"][:-1]
    with pytest.raises(ModelError, match="features"):
        StanceModel.from_dict(document)


def test_model_with_a_dangling_tree_node_is_refused() -> None:
    document = copy.deepcopy(_shipped_document())
    inner = next(i for i, f in enumerate(document["stance"]["feature"]) if f >= 0)
    document["stance"]["left"][inner] = len(document["stance"]["feature"]) + 5
    with pytest.raises(ModelError, match="outside"):
        StanceModel.from_dict(document)


def test_scorer_on_a_hand_computed_example() -> None:
    gold = ["agree", "unrelated", "discuss", "disagree"]
    pred = ["agree", "unrelated", "agree", "unrelated"]
    # Earned 1.0 + 0.25 + 0.25 (related, wrong class) + 0 of at most 1 + 0.25 + 1 + 1.
    scores = fnc_scores(gold, pred, n_boot=200)
    assert scores["n"] == 4
    assert scores["relative_score"] == pytest.approx(100 * 1.5 / 3.25, abs=0.01)
    assert scores["accuracy"] == 0.5
    assert scores["f1"] == {
        "agree": pytest.approx(2 / 3, abs=1e-4),
        "disagree": 0.0,
        "discuss": 0.0,
        "unrelated": pytest.approx(2 / 3, abs=1e-4),
    }
    assert scores["macro_f1"] == pytest.approx(1 / 3, abs=1e-3)
    low, high = scores["relative_score_ci"]
    assert low <= scores["relative_score"] <= high


def test_perfect_predictions_score_100_with_a_degenerate_interval() -> None:
    gold = ["agree", "disagree", "discuss", "unrelated", "unrelated"]
    scores = fnc_scores(gold, gold, groups=["1", "1", "2", "3", "3"])
    assert scores["relative_score"] == 100.0
    assert scores["relative_score_ci"] == [100.0, 100.0]
    assert scores["bootstrap"]["unit"] == "group"


def test_scorer_refuses_lists_of_different_lengths() -> None:
    with pytest.raises(ValueError, match="predictions"):
        fnc_scores(["agree"], ["agree", "unrelated"])


def _write_fnc(folder: Path, stances: str) -> tuple[Path, Path]:
    bodies = folder / "bodies.csv"
    bodies.write_text(
        f'Body ID,articleBody\n7,"{REFUTING_BODY.replace(chr(34), chr(34) * 2)}"\n'
        f"9,{UNRELATED_BODY.replace(',', '')}\n",
        encoding="utf-8",
    )
    stance_file = folder / "stances.csv"
    stance_file.write_text(stances, encoding="utf-8")
    return bodies, stance_file


def test_reader_joins_headlines_to_bodies(tmp_path: Path) -> None:
    bodies, stances = _write_fnc(
        tmp_path, f"Headline,Body ID,Stance\n{HEADLINE},7,disagree\n{HEADLINE},9,Unrelated\n"
    )
    pairs = read_fnc(bodies, stances)
    assert [(p.body_id, p.stance) for p in pairs] == [("7", "disagree"), ("9", "unrelated")]
    assert pairs[0].body == REFUTING_BODY


def test_reader_accepts_unlabelled_stances(tmp_path: Path) -> None:
    bodies, stances = _write_fnc(tmp_path, f"Headline,Body ID\n{HEADLINE},9\n")
    assert read_fnc(bodies, stances)[0].stance is None


def test_reader_names_the_line_of_an_unknown_body(tmp_path: Path) -> None:
    bodies, stances = _write_fnc(tmp_path, f"Headline,Body ID,Stance\n{HEADLINE},8,agree\n")
    with pytest.raises(MalformedInputError, match=r"stances\.csv:2"):
        read_fnc(bodies, stances)


def test_reader_refuses_an_unknown_stance(tmp_path: Path) -> None:
    bodies, stances = _write_fnc(tmp_path, f"Headline,Body ID,Stance\n{HEADLINE},7,maybe\n")
    with pytest.raises(MalformedInputError, match="unknown stance"):
        read_fnc(bodies, stances)


def test_evaluate_files_scores_the_shipped_model(tmp_path: Path) -> None:
    bodies, stances = _write_fnc(
        tmp_path, f"Headline,Body ID,Stance\n{HEADLINE},7,disagree\n{HEADLINE},9,unrelated\n"
    )
    figures = evaluate_files(bodies, stances)
    assert figures["n"] == 2
    assert 0.0 <= figures["relative_score"] <= 100.0
    assert set(figures["f1"]) == set(LABELS)


@pytest.mark.shared
@pytest.mark.skipif(not FNC1.exists(), reason="needs ../shared/datasets/fnc1")
def test_shipped_model_keeps_its_score_on_bodies_it_never_saw() -> None:
    model = load_stance()
    pairs = read_fnc(FNC1 / "train_bodies.csv", FNC1 / "train_stances.csv")
    _, held_out = split_by_body(pairs, model.metadata["held_out_share"], model.metadata["seed"])
    sample_ids = sorted({p.body_id for p in held_out}, key=int)[:SAMPLE_BODIES]
    pairs = [p for p in held_out if p.body_id in sample_ids]
    pred = model.predict([(p.headline, p.body) for p in pairs])
    scores = fnc_scores([str(p.stance) for p in pairs], pred, n_boot=100)
    assert scores["relative_score"] >= SAMPLE_FLOOR
