"""Specification of the article credibility signal: outlets, reader, parity, honest splits."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from newstrace.errors import MalformedInputError
from newstrace.ml.credibility import train as train_credibility
from newstrace.ml.credibility.classifier import (
    UNKNOWN_OUTLET,
    CredibilityModel,
    LabelledArticle,
    load_credibility,
    outlet_group,
    read_fakenewsnet,
)

REAL = "The council approved the budget on Tuesday after a two-hour debate, officials said."
FAKE = "You won't believe what the president just did, share this before they delete it!"


def article(number: int, fake: bool, domain: str) -> LabelledArticle:
    text = f"{FAKE if fake else REAL} Story {number}."
    return LabelledArticle(id=str(number), fake=fake, domain=domain, title="", text=text)


@pytest.fixture
def articles() -> list[LabelledArticle]:
    """Twenty articles from ten outlets; each outlet publishes one kind only."""
    return [article(i, fake=i % 2 == 1, domain=f"www.outlet{i % 10}.com") for i in range(20)]


@pytest.mark.parametrize(
    ("domain", "outlet"),
    [
        ("transcripts.cnn.com", "cnn.com"),
        ("www.nytimes.com", "nytimes.com"),
        ("guardian.co.uk", "guardian.co.uk"),
        ("news.bbc.co.uk", "bbc.co.uk"),
        ("", UNKNOWN_OUTLET),
    ],
)
def test_subdomains_count_as_their_outlet(domain: str, outlet: str) -> None:
    assert outlet_group(domain) == outlet


def test_reader_keeps_label_domain_and_date(tmp_path: Path) -> None:
    record = {"id": "x1", "label": "fake", "domain": "a.example.com", "title": "T", "text": FAKE}
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps({**record, "publish_date": "2017-05-01"}) + "\n", encoding="utf-8")
    [read] = read_fakenewsnet(path)
    assert (read.id, read.fake, read.outlet, read.date) == ("x1", True, "example.com", "2017-05-01")
    assert read.content == f"T\n{FAKE}"


def test_a_record_without_a_fake_or_real_label_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps({"text": REAL, "label": "satire"}) + "\n", encoding="utf-8")
    with pytest.raises(MalformedInputError, match=r"news\.jsonl:1: label 'satire'"):
        read_fakenewsnet(path)


def test_domain_folds_never_put_an_outlet_on_both_sides(articles: list[LabelledArticle]) -> None:
    config = train_credibility.CredibilityConfig()
    for train, test in train_credibility.domain_folds(articles, config):
        assert not {articles[i].outlet for i in train} & {articles[i].outlet for i in test}


def test_outlet_lookup_only_helps_when_outlets_are_shared(articles: list[LabelledArticle]) -> None:
    config = train_credibility.CredibilityConfig()
    y = train_credibility.labels(articles)
    shared = train_credibility.outlet_lookup(
        articles, train_credibility.random_folds(articles, config)
    )
    disjoint = train_credibility.outlet_lookup(
        articles, train_credibility.domain_folds(articles, config)
    )
    assert np.mean(shared == y) == 1.0
    assert np.mean(disjoint == y) <= 0.6


def test_runtime_probabilities_equal_scikit_learns(articles: list[LabelledArticle]) -> None:
    config = train_credibility.CredibilityConfig(min_df=1)
    texts = [a.content for a in articles]
    pipeline = train_credibility.build_pipeline(config).fit(
        texts, train_credibility.labels(articles)
    )
    runtime = CredibilityModel.from_dict(train_credibility.export(pipeline, {}))
    np.testing.assert_allclose(
        runtime.probability_fake(texts), pipeline.predict_proba(texts)[:, 1], atol=1e-6
    )


def test_shipped_model_states_its_domain_disjoint_accuracy_next_to_it() -> None:
    model = load_credibility()
    evaluation = model.metadata["evaluation"]
    assert (
        model.metadata["domain_disjoint_accuracy"]
        == evaluation["domain_disjoint"]["text_model"]["accuracy"]
    )
    # Measured 0.904 [0.870, 0.933] (docs/models/credibility.md): a regression fails here.
    assert model.metadata["domain_disjoint_accuracy"]["value"] >= 0.85
    scores = model.probability_fake([REAL, FAKE, ""])
    assert all(0.0 <= s <= 1.0 for s in scores)
