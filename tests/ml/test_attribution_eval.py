"""Specification of the attribution gold format and of the scorer that compares Reports with it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace.errors import MalformedInputError
from newstrace.ml.attribution.gold import (
    GoldDoc,
    load_gold,
    match_overlap,
    normalise_chain,
    normalise_name,
    score_attribution,
)
from newstrace.model import (
    Attribution,
    ChainLink,
    Report,
    SourceMention,
    SourceType,
    Sourcing,
    Span,
)

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold" / "attribution"

TEXT = (
    'Mayor Ann Holt said the pool would reopen in May. "We are ready," she said. '
    "Officials said the budget was tight."
)


def _span(text: str, needle: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return Span(text=needle, start=start, end=start + len(needle))


def _gold_doc() -> GoldDoc:
    def span(needle: str, occurrence: int = 0) -> dict[str, object]:
        return _span(TEXT, needle, occurrence).model_dump()

    return GoldDoc.model_validate(
        {
            "id": "tiny",
            "outlet": "example-news.com",
            "text": TEXT,
            "sources": [
                {"id": "s1", "name": "Ann Holt", "type": "person"},
                {"id": "s2", "name": "officials", "type": "anonymous"},
            ],
            "attributions": [
                {
                    "source": {**span("Mayor Ann Holt"), "entity": "s1"},
                    "cue": span("said"),
                    "content": span("the pool would reopen in May"),
                    "kind": "indirect",
                    "chain": ["example-news.com", "Ann Holt"],
                },
                {
                    "source": {**span("she"), "entity": "s1"},
                    "cue": span("said", 1),
                    "content": span("We are ready,"),
                    "kind": "direct",
                    "chain": ["example-news.com", "Ann Holt"],
                },
                {
                    "source": {**span("Officials"), "entity": "s2"},
                    "cue": span("said", 2),
                    "content": span("the budget was tight"),
                    "kind": "indirect",
                    "chain": ["example-news.com", "officials"],
                },
            ],
        }
    )


def report_from_gold(doc: GoldDoc) -> Report:
    """The Report a perfect analyzer would return for `doc`."""
    attributions = []
    for number, gold in enumerate(doc.attributions):
        if gold.source is None:
            source = SourceMention(text="", start=0, end=0, type="unattributed", name="")
            chain_types: list[SourceType] = ["outlet"] * len(gold.chain)
        else:
            entity = doc.entity(gold.source.entity)
            source = SourceMention(
                text=gold.source.text,
                start=gold.source.start,
                end=gold.source.end,
                type=entity.type,
                name=entity.name,
                entity=entity.id,
            )
            relays: list[SourceType] = ["outlet"] * (len(gold.chain) - 1)
            chain_types = [*relays, entity.type]
        attributions.append(
            Attribution(
                id=f"a{number}",
                content=Span(**gold.content.model_dump()),
                kind=gold.kind,
                cue=Span(**gold.cue.model_dump()) if gold.cue else None,
                source=source,
                chain=[
                    ChainLink(name=name, type=kind)
                    for name, kind in zip(gold.chain, chain_types, strict=True)
                ],
            )
        )
    return Report(
        article=doc.article(),
        attributions=attributions,
        sourcing=Sourcing(score=0.0, independent_sources=0, named_sources=0, anonymous_sources=0),
    )


def test_a_report_built_from_the_gold_set_scores_perfectly() -> None:
    docs = load_gold(GOLD_DIR)
    scores = score_attribution(docs, [report_from_gold(doc) for doc in docs])
    for role in (scores.sources, scores.cues, scores.contents):
        assert role.exact.f1 == 1.0
        assert role.partial.f1 == 1.0
    assert scores.type_accuracy == 1.0
    assert scores.chain_accuracy == 1.0
    assert scores.issues == []


def test_a_source_mention_shared_by_two_quotes_counts_once() -> None:
    doc = _gold_doc()
    doc.attributions[0].source = doc.attributions[1].source.model_copy()  # type: ignore[union-attr]
    scores = score_attribution([doc], [report_from_gold(doc)])
    assert scores.sources.exact.n_gold == 2
    assert scores.sources.exact.n_pred == 2


def test_a_wider_source_span_matches_partially_but_not_exactly() -> None:
    doc = _gold_doc()
    report = report_from_gold(doc)
    report.attributions[0].source = report.attributions[0].source.model_copy(
        update={"text": "Mayor Ann Holt said", "end": report.attributions[0].source.end + 5}
    )
    scores = score_attribution([doc], [report])
    assert scores.sources.exact.matched == 2
    assert scores.sources.partial.matched == 3
    assert scores.sources.exact.precision == pytest.approx(2 / 3)


def test_unattributed_predictions_are_not_source_mentions() -> None:
    doc = _gold_doc()
    report = report_from_gold(doc)
    report.attributions[2].source = SourceMention(
        text="", start=0, end=0, type="unattributed", name=""
    )
    scores = score_attribution([doc], [report])
    assert scores.sources.partial.n_pred == 2
    assert scores.sources.partial.recall == pytest.approx(2 / 3)
    assert scores.sources.partial.precision == 1.0
    assert [issue.text for issue in scores.issues] == ["Officials"]


def test_a_wrong_type_lowers_type_accuracy_and_is_reported() -> None:
    doc = _gold_doc()
    report = report_from_gold(doc)
    report.attributions[2].source.type = "government"
    scores = score_attribution([doc], [report])
    assert scores.type_accuracy == pytest.approx(2 / 3)
    assert scores.issues[0].kind == "wrong_type"
    assert (scores.issues[0].expected, scores.issues[0].got) == ("anonymous", "government")


def test_chains_compare_names_lowercased_without_the() -> None:
    doc = _gold_doc()
    report = report_from_gold(doc)
    report.attributions[0].chain[1].name = "the ANN  Holt"
    report.attributions[2].chain[1].name = "Reuters"
    scores = score_attribution([doc], [report])
    assert scores.chain_matched == 3
    assert scores.chain_accuracy == pytest.approx(2 / 3)
    assert normalise_name("The Pentagon") == "pentagon"
    assert normalise_name("an unnamed diplomatic source") == "unnamed diplomatic source"


def test_an_unattributed_chain_link_names_no_one() -> None:
    links = [("example-news.com", "outlet"), ("unattributed", "unattributed")]
    assert normalise_chain(links) == ["example-news.com"]


def test_missing_attributions_lower_recall_not_precision() -> None:
    doc = _gold_doc()
    report = report_from_gold(doc)
    report.attributions = report.attributions[:1]
    scores = score_attribution([doc], [report])
    assert scores.contents.exact.recall == pytest.approx(1 / 3)
    assert scores.contents.exact.precision == 1.0
    assert scores.cues.exact.f1 == pytest.approx(0.5)


def test_overlap_matching_is_one_to_one_and_prefers_the_closer_span() -> None:
    gold = [((0, 10),), ((12, 20),)]
    predicted = [((0, 20),), ((12, 19),)]
    assert match_overlap(gold, predicted) == [(0, 0), (1, 1)]
    assert match_overlap([((0, 10),)], [((0, 5),), ((5, 10),)]) == [(0, 0)]
    assert match_overlap([((0, 10),)], [((10, 20),)]) == []


def test_reports_must_be_made_from_the_gold_text() -> None:
    doc = _gold_doc()
    report = report_from_gold(doc)
    report.article.text = TEXT.upper()
    with pytest.raises(ValueError, match="different text"):
        score_attribution([doc], [report])


def test_scores_dump_to_json() -> None:
    doc = _gold_doc()
    scores = score_attribution([doc], [report_from_gold(doc)])
    dumped = json.loads(scores.model_dump_json())
    assert dumped["sources"]["partial"]["f1"] == 1.0
    assert dumped["n_gold_attributions"] == 3


def test_a_span_that_disagrees_with_the_text_is_rejected(tmp_path: Path) -> None:
    record = _gold_doc().model_dump()
    record["attributions"][0]["content"]["start"] += 1
    (tmp_path / "bad.json").write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(MalformedInputError, match=r"bad\.json"):
        load_gold(tmp_path)


def test_a_source_pointing_to_an_unknown_entity_is_rejected(tmp_path: Path) -> None:
    record = _gold_doc().model_dump()
    record["attributions"][0]["source"]["entity"] = "s9"
    (tmp_path / "bad.json").write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(MalformedInputError, match="unknown entity"):
        load_gold(tmp_path)
