"""Specification of the LIAR verdict model: reader, featurizer, parity with scikit-learn, floor."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newstrace.errors import MalformedInputError
from newstrace.ml.liar import train as train_liar
from newstrace.ml.liar.classifier import (
    LABELS,
    LiarModel,
    LiarStatement,
    binary_indices,
    evaluate_liar,
    load_liar,
    meta_terms,
    read_liar,
    text_terms,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared"
VALID = SHARED / "datasets" / "liar" / "valid.tsv"

STATEMENTS = [
    ("false", "The city spent 40 million dollars on a bridge to nowhere.", "jane-doe", "democrat"),
    ("true", "The state budget grew by 3 percent last year.", "john-roe", "republican"),
    ("half-true", "Crime fell in every district since 2010.", "jane-doe", "democrat"),
    ("pants-fire", "The mayor wants to ban all cars by next week.", "ann-poe", "none"),
    ("mostly-true", "Most new jobs in the county were part-time jobs.", "john-roe", "republican"),
    ("barely-true", "Taxes doubled under the last governor.", "ann-poe", "none"),
]


def row(number: int, label: str, text: str, speaker: str, party: str) -> str:
    counts = "\t".join(str(number + k) for k in range(5))
    fields = [f"{number}.json", label, text, "budget,taxes", speaker, "Mayor", "Ohio", party]
    return "\t".join([*fields, counts, "a TV ad"])


@pytest.fixture
def statements(tmp_path: Path) -> list[LiarStatement]:
    lines = [row(i, *values) for i, values in enumerate(STATEMENTS * 4)]
    path = tmp_path / "liar.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return read_liar(path)


def test_reader_parses_the_fourteen_columns(statements: list[LiarStatement]) -> None:
    first = statements[0]
    assert (first.id, first.label, first.speaker, first.party) == (
        "0.json",
        "false",
        "jane-doe",
        "democrat",
    )
    assert first.subjects == ("budget", "taxes")
    assert first.credit_history == (0, 1, 2, 3, 4)
    assert first.context == "a TV ad"


def test_an_unknown_verdict_is_rejected_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "liar.tsv"
    path.write_text(row(1, *STATEMENTS[0]) + "\n" + row(2, "maybe", "x", "y", "z") + "\n")
    with pytest.raises(MalformedInputError, match=r"liar\.tsv:2: label 'maybe'"):
        read_liar(path)


def test_text_terms_fold_numbers_and_add_bigrams() -> None:
    assert text_terms("Taxes rose 3.5% in 2019") == [
        "taxes",
        "rose",
        "<num>",
        "%",
        "in",
        "<num>",
        "taxes rose",
        "rose <num>",
        "<num> %",
        "% in",
        "in <num>",
    ]


def test_metadata_terms_never_include_the_credit_history(statements: list[LiarStatement]) -> None:
    terms = meta_terms(statements[0])
    assert "speaker=jane-doe" in terms and "party=democrat" in terms
    assert "context:ad" in terms
    assert not any(str(count) in term for term in terms for count in range(5))


def test_binary_task_puts_half_true_and_better_on_the_true_side() -> None:
    six_way = np.arange(len(LABELS), dtype=np.int64)
    assert binary_indices(six_way).tolist() == [0, 0, 0, 1, 1, 1]


def test_runtime_probabilities_equal_scikit_learns(statements: list[LiarStatement]) -> None:
    config = train_liar.LiarConfig(min_df=1)
    fitted = train_liar.fit(statements, config)
    runtime = LiarModel.from_dict(train_liar.export(fitted, {}))
    expected = train_liar.predict_proba(fitted, statements)
    np.testing.assert_allclose(runtime.probabilities(statements), expected, atol=1e-6)


def test_a_verdict_missing_from_training_gets_no_probability(
    statements: list[LiarStatement],
) -> None:
    without_true = [s for s in statements if s.label != "true"]
    fitted = train_liar.fit(without_true, train_liar.LiarConfig(min_df=1))
    runtime = LiarModel.from_dict(train_liar.export(fitted, {}))
    probabilities = runtime.probabilities(statements)
    assert probabilities[:, LABELS.index("true")].max() < 1e-9
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)


def test_shipped_model_gives_a_distribution_over_the_six_verdicts(
    statements: list[LiarStatement],
) -> None:
    model = load_liar()
    assert model is load_liar()
    probabilities = model.probabilities(statements)
    assert probabilities.shape == (len(statements), len(LABELS))
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)
    assert "no credit history" in model.metadata["features"]
    assert model.metadata["config"]["seed"] == 13


@pytest.mark.skipif(not VALID.exists(), reason="needs ../shared/datasets/liar")
def test_shipped_model_stays_above_its_floor_on_400_valid_statements() -> None:
    figures = evaluate_liar(read_liar(VALID)[:400], load_liar())
    # Measured 0.308 (6-way) and 0.615 (binary); chance is ~0.21 and ~0.55.
    assert figures["six_way"]["accuracy"]["value"] >= 0.27
    assert figures["binary"]["accuracy"]["value"] >= 0.58
