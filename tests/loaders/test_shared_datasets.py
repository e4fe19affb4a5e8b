"""Real datasets in ../shared load with their presets, with the row counts their READMEs state."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.loaders import LoadOptions, load

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
DATASETS = SHARED / "datasets"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not SHARED.exists(), reason="../shared is absent"),
]


def test_seed_record_loads_with_its_date() -> None:
    [article] = load(SHARED / "examples" / "seed_2016-10-13.txt")
    assert article.date == "2016-10-13"
    assert article.provenance.format == "record"
    assert not article.text.startswith("date")
    assert "\n\n" in article.text


@pytest.mark.parametrize(
    ("relative", "preset", "rows"),
    [
        ("fnc1/train_bodies.csv", "fnc1-bodies", 1_683),
        ("liar/train.tsv", "liar", 10_269),
        ("liar/valid.tsv", "liar", 1_284),
        ("fakenewsnet/politifact_train.jsonl", "politifact", 581),
    ],
)
def test_preset_loads_every_row(relative: str, preset: str, rows: int) -> None:
    articles = list(load(DATASETS / relative, LoadOptions(preset=preset)))
    assert len(articles) == rows
    assert all(article.text for article in articles)


def test_politifact_articles_carry_id_outlet_and_label() -> None:
    articles = list(
        load(DATASETS / "fakenewsnet" / "politifact_train.jsonl", LoadOptions(preset="politifact"))
    )
    assert all(article.outlet for article in articles)
    assert {article.metadata["label"] for article in articles} == {"fake", "real"}
    assert all(article.id.startswith("politifact") for article in articles)
