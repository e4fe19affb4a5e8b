"""The self-written attribution gold set is well formed; newstrace.analyze stays above floors."""

from __future__ import annotations

from pathlib import Path

import pytest

import newstrace
from newstrace.ml.attribution.gold import AttributionScores, GoldDoc, load_gold, score_attribution

SOURCE_PARTIAL_PRECISION_FLOOR = 0.9
SOURCE_PARTIAL_RECALL_FLOOR = 0.9
SOURCE_TYPE_ACCURACY_FLOOR = 0.9

GOLD_DIR = Path(__file__).resolve().parent / "gold" / "attribution"

REQUIRED_PHENOMENA = {
    "named direct quote",
    "straight quotes",
    "curly quotes",
    "indirect speech",
    "according to",
    "anonymous",
    "sources close to",
    "document",
    "court filings",
    "multi-hop relay",
    "citing",
    "told an agency",
    "repost",
    "unattributed assertion",
    "unattributed passive",
    "two-paragraph quote",
    "pronoun reference",
    "she added",
    "nominal reference",
    "place name near cue",
    "person-like place name",
    "organization speaker",
    "government speaker",
    "hedge",
}


@pytest.fixture(scope="module")
def gold() -> list[GoldDoc]:
    return load_gold(GOLD_DIR)


def test_the_gold_set_has_at_least_fourteen_short_articles(gold: list[GoldDoc]) -> None:
    assert len(gold) >= 14
    for doc in gold:
        assert 120 <= len(doc.text.split()) <= 350, doc.id


def test_the_gold_set_covers_every_required_phenomenon(gold: list[GoldDoc]) -> None:
    covered = {label for doc in gold for label in doc.covers}
    assert REQUIRED_PHENOMENA - covered == set()


def test_every_chain_runs_from_the_outlet_to_the_source_entity(gold: list[GoldDoc]) -> None:
    for doc in gold:
        for attribution in doc.attributions:
            assert attribution.chain[0] == doc.outlet, doc.id
            if attribution.source is not None:
                assert attribution.chain[-1] == doc.entity(attribution.source.entity).name


def test_every_declared_source_is_mentioned(gold: list[GoldDoc]) -> None:
    for doc in gold:
        mentioned = {a.source.entity for a in doc.attributions if a.source is not None}
        assert mentioned == {source.id for source in doc.sources}, doc.id


@pytest.fixture(scope="module")
def scores(gold: list[GoldDoc]) -> AttributionScores:
    reports = [
        newstrace.analyze(doc.text, title=doc.title, date=doc.date, outlet=doc.outlet)
        for doc in gold
    ]
    return score_attribution(gold, reports)


def _issues(scores: AttributionScores, *kinds: str) -> str:
    return "\n".join(
        f"{issue.doc}: {issue.kind} {issue.text!r} expected={issue.expected} got={issue.got}"
        for issue in scores.issues
        if issue.kind in kinds
    )


def test_source_mentions_are_found_with_partial_precision_above_floor(
    scores: AttributionScores,
) -> None:
    assert scores.sources.partial.precision >= SOURCE_PARTIAL_PRECISION_FLOOR, _issues(
        scores, "spurious_source"
    )


def test_source_mentions_are_found_with_partial_recall_above_floor(
    scores: AttributionScores,
) -> None:
    assert scores.sources.partial.recall >= SOURCE_PARTIAL_RECALL_FLOOR, _issues(
        scores, "missed_source"
    )


def test_source_types_are_right_above_floor(scores: AttributionScores) -> None:
    assert scores.type_accuracy is not None
    assert scores.type_accuracy >= SOURCE_TYPE_ACCURACY_FLOOR, _issues(scores, "wrong_type")


# Real news (FakeNewsNet articles, offsets in newstrace/data/gold/real, texts read from
# ../shared): the dev half is what analyze is tuned on, so these floors only catch a
# regression; the figures to quote come from `newstrace eval attribution --real --split test`.
# Dev, measured 2026-12-04 (23 articles, 21 outlets): speaker F1 0.838, chain 0.858, content
# recall 0.928 (0.753, 0.700 and 0.906 before the rules were reworked on it). 2026-12-07, 77
# articles (27 added, read unseen first): speaker F1 0.885, chain 0.876, content recall 0.952.
# 2026-12-07 (second session), 177 articles (100 added, each batch read unseen first, harder
# outlets among them): speaker F1 0.855, chain 0.819, content recall 0.946. Stop 36 (339
# articles): speaker F1 0.878, type 0.939, chain 0.851, anonymous recall 0.83, count right 0.667.
# Stop 37: speaker F1 0.885, type 0.945, chain 0.857, anonymous recall 0.85, count right 0.693.
REAL_DEV_FLOORS = {
    "speaker_f1": 0.865,
    "type_accuracy": 0.925,
    "chain_accuracy": 0.835,
    "content_recall": 0.93,
    "anonymous_recall": 0.81,
    "source_count_right": 0.65,
}
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "datasets" / "fakenewsnet").exists(), reason="needs ../shared")
def test_analyze_keeps_its_floors_on_the_real_news_dev_half() -> None:
    from newstrace.ml.attribution.real_gold import load_real_gold, score_real

    articles = load_real_gold(SHARED, split="dev")
    figures = score_real(articles, newstrace.analyze_many(item.article for item in articles))
    below = {
        name: round(figures[name]["value"], 3)
        for name, floor in REAL_DEV_FLOORS.items()
        if figures[name]["value"] < floor
    }
    assert not below, f"below the floors {REAL_DEV_FLOORS}: {below}; errors: {figures['errors']}"
