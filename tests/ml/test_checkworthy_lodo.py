"""Leave-one-debate-out estimate of check-worthiness: leakage-free folds, TF-IDF parity, floor."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("sklearn")

from sklearn.feature_extraction.text import TfidfVectorizer

from newstrace.errors import InputError
from newstrace.ml.checkworthy import evaluate as lodo
from newstrace.ml.checkworthy.scorer import analyze
from newstrace.ml.checkworthy.train import Example, Pool, TrainConfig, word_runs

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared"

DEBATE_A = [
    "The deficit grew by 40 percent in the last four years of this administration.",
    "Thank you, it is good to be here tonight.",
]
DEBATE_B = [
    "We created 2 million jobs in the state since 2010.",
    "I will fight for you every single day.",
]


def _examples(texts: list[str], source: str, group: str) -> list[Example]:
    return [Example(t, int(i == 0), source, group) for i, t in enumerate(texts)]


def _pool() -> Pool:
    clef2019 = _examples(DEBATE_A, "clef2019", "a") + _examples(DEBATE_B, "clef2019", "b")
    claimbuster = [
        # Debate A's first sentence again, other case and punctuation: the same text.
        Example(DEBATE_A[0].upper().replace(".", "!"), 1, "claimbuster", "cb0"),
        Example(
            "Our schools were rated the worst in the region two years ago.", 1, "claimbuster", "cb0"
        ),
    ]
    clef2020 = [
        # Split differently from debate A: shares an 8-word run, not the whole text.
        Example("Folks, the deficit grew by 40 percent in the last four years", 0, "clef2020", "x"),
        Example("Gas prices doubled over the summer in every county.", 1, "clef2020", "x"),
    ]
    return Pool(claimbuster, clef2019, clef2020, clef2020_total=2)


def test_fold_drops_copies_of_the_held_out_debate_by_text_and_by_8_word_run() -> None:
    fold = lodo.make_fold(_pool(), "a", TrainConfig(clef_weight=1.0))
    assert [e.text for e in fold.held_out] == DEBATE_A
    trained = {e.text for e in fold.train}
    assert not trained & set(DEBATE_A)
    assert set(DEBATE_B) <= trained
    assert "Gas prices doubled over the summer in every county." in trained
    assert fold.removed["claimbuster"] == {"same_text": 1, "shared_8_word_run": 0}
    assert fold.removed["clef2020"] == {"same_text": 0, "shared_8_word_run": 1}
    assert fold.removed["clef2019"] == {"same_text": 0, "shared_8_word_run": 0}


def test_fold_without_clef_weight_trains_on_claimbuster_only() -> None:
    fold = lodo.make_fold(_pool(), "b", TrainConfig(clef_weight=0.0))
    assert {e.source for e in fold.train} == {"claimbuster"}
    assert len(fold.train) == 2


def test_word_runs_need_eight_words() -> None:
    assert word_runs("one two three four five six seven") == set()
    assert word_runs("One, two three four five six seven eight!") == {
        "one two three four five six seven eight"
    }


def test_count_block_tfidf_equals_scikit_learn() -> None:
    texts = DEBATE_A + DEBATE_B + ["The deficit grew again.", "Jobs, jobs and more jobs in 2010."]
    block = lodo.CountBlock.of([analyze(t) for t in texts])
    rows = [0, 1, 2, 3, 4, 5, 4]  # a repeated sentence counts twice in document frequency
    fitted = block.fit(rows, min_df=2, max_features=None)
    reference = TfidfVectorizer(analyzer=analyze, sublinear_tf=True, min_df=2)
    expected = reference.fit([texts[r] for r in rows]).transform(texts).toarray()
    assert np.allclose(block.transform(list(range(len(texts))), fitted).toarray(), expected)
    assert np.allclose(fitted.idf, reference.idf_)


def test_count_block_keeps_the_most_frequent_terms_under_max_features() -> None:
    texts = ["tax tax tax cut cut", "tax cut jobs", "jobs plan"]
    block = lodo.CountBlock.of([t.split() for t in texts])
    fitted = block.fit([0, 1, 2], min_df=1, max_features=2)
    # Vocabulary cut, jobs, plan, tax; counted 3, 2, 1, 4 times: "tax" and "cut" stay.
    assert sorted(fitted.columns.tolist()) == [0, 3]
    assert len(fitted.idf) == 2


def test_unknown_recipe_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="recipe"):
        lodo.recipe_config("best")


def test_previous_recipe_is_claimbuster_only() -> None:
    assert lodo.recipe_config("previous").clef_weight == 0.0
