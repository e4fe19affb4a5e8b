"""Specification of the real-news gold set (offsets into ../shared) and of its scorer."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest

from newstrace.errors import InputError, MalformedInputError
from newstrace.ml.attribution.real_gold import (
    RealGoldDoc,
    gold_dir,
    load_real_gold,
    names_match,
    read_gold_files,
    score_doc,
    score_real,
)
from newstrace.model import (
    Article,
    Attribution,
    ChainLink,
    Report,
    Source,
    SourceMention,
    SourceType,
    Sourcing,
    Span,
)

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
FAKENEWSNET = SHARED / "datasets" / "fakenewsnet"

# A self-written article in the layout of the shared FakeNewsNet rows.
TEXT = (
    'Mayor Ann Holt said the pool would reopen in May. "We are ready," she said.\n\n'
    "Officials said the budget was tight. It was reported that the roof leaks."
)


def _at(needle: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(needle, start + 1)
    return start, start + len(needle)


def _gold(**changes: object) -> RealGoldDoc:
    def span(needle: str, occurrence: int = 0) -> dict[str, int]:
        start, end = _at(needle, occurrence)
        return {"start": start, "end": end}

    data: dict[str, object] = {
        "id": "row-1",
        "dataset": "fakenewsnet/politifact_train.jsonl",
        "split": "dev",
        "category": "national",
        "outlet": "example.com",
        "text_sha256": hashlib.sha256(TEXT.encode()).hexdigest(),
        "region": None,
        "sources": [
            {"id": "s1", "name": "Ann Holt", "type": "person", "original": True},
            {"id": "s2", "name": "Officials", "type": "anonymous", "original": True},
        ],
        "attributions": [
            {
                "source": {**span("Mayor Ann Holt"), "entity": "s1"},
                "cue": span("said"),
                "content": span("the pool would reopen in May"),
                "kind": "indirect",
                "chain": ["example.com", "Ann Holt"],
            },
            {
                "source": {**span("she"), "entity": "s1"},
                "cue": span("said", 1),
                "content": span("We are ready,"),
                "kind": "direct",
                "chain": ["example.com", "Ann Holt"],
            },
            {
                "source": {**span("Officials"), "entity": "s2"},
                "cue": span("said", 2),
                "content": span("the budget was tight"),
                "kind": "indirect",
                "chain": ["example.com", "Officials"],
            },
            {
                "source": None,
                "cue": span("reported"),
                "content": span("the roof leaks"),
                "kind": "indirect",
                "chain": ["example.com"],
                "doubtful": True,
            },
        ],
    }
    data.update(changes)
    return RealGoldDoc.model_validate(data)


def _attribution(
    number: int, content: str, mention: str, entity: str, kind: SourceType, chain: list[str]
) -> Attribution:
    return Attribution(
        id=f"a{number}",
        content=Span(text=content, start=_at(content)[0], end=_at(content)[1]),
        kind="indirect",
        cue=None,
        source=SourceMention(
            text=mention,
            start=_at(mention)[0],
            end=_at(mention)[1],
            type=kind,
            name="",
            entity=entity,
        ),
        chain=[ChainLink(name=name, type="outlet") for name in chain],
    )


def _source(sid: str, name: str, kind: SourceType, mentions: list[str]) -> Source:
    spans = [Span(text=m, start=_at(m)[0], end=_at(m)[1]) for m in mentions]
    return Source(id=sid, name=name, type=kind, mentions=spans, attributions=1)


def _report(attributions: list[Attribution], sources: list[Source]) -> Report:
    return Report(
        article=Article(text=TEXT, id="row-1", outlet="example.com"),
        attributions=attributions,
        sources=sources,
        sourcing=Sourcing(score=0.5, independent_sources=2, named_sources=1, anonymous_sources=1),
    )


def _perfect() -> Report:
    return _report(
        [
            _attribution(
                1,
                "the pool would reopen in May",
                "Mayor Ann Holt",
                "s1",
                "person",
                ["example.com", "Ann Holt"],
            ),
            _attribution(2, "We are ready,", "she", "s1", "person", ["example.com", "Ann Holt"]),
            _attribution(
                3,
                "the budget was tight",
                "Officials",
                "s2",
                "anonymous",
                ["example.com", "officials"],
            ),
        ],
        [
            _source("s1", "Ann Holt", "person", ["Mayor Ann Holt", "she"]),
            _source("s2", "officials", "anonymous", ["Officials"]),
        ],
    )


def test_a_perfect_report_scores_full_marks_and_a_doubtful_miss_costs_nothing() -> None:
    tally = score_doc(_gold(), _perfect())
    assert (tally.gold, tally.predicted, tally.speaker_right) == (3, 3, 3)
    assert tally.type_right == tally.type_total == 3
    assert tally.chain_right == tally.chain_total == 3
    assert (tally.anonymous_found, tally.anonymous_total) == (1, 1)
    assert tally.count_right == 1


def test_a_pronoun_resolved_to_the_wrong_speaker_is_a_wrong_speaker_and_chain() -> None:
    report = _perfect()
    report.attributions[1].source.entity = "s2"
    tally = score_doc(_gold(), report)
    assert tally.speaker_right == 2
    assert tally.chain_right == 2
    assert tally.errors["wrong speaker"] == 1


def test_a_speaker_split_in_two_keeps_speakers_right_but_miscounts_sources() -> None:
    report = _perfect()
    report.attributions[1].source.entity = "s3"
    report.sources[0].mentions = report.sources[0].mentions[:1]
    report.sources.append(_source("s3", "Holt", "person", ["she"]))
    tally = score_doc(_gold(), report)
    assert tally.speaker_right == 3
    assert (tally.predicted_sources, tally.count_right) == (3, 0)


def test_an_unflagged_anonymous_source_and_a_spurious_attribution_are_counted() -> None:
    report = _perfect()
    report.sources[1].type = "organization"
    report.attributions.append(
        _attribution(4, "Mayor Ann Holt said", "Officials", "s2", "organization", ["example.com"])
    )
    tally = score_doc(_gold(), report)
    assert (tally.anonymous_found, tally.anonymous_total) == (0, 1)
    assert tally.type_right == 2
    assert tally.errors["spurious attribution"] == 1
    (spurious,) = [e for e in tally.examples if e["kind"] == "spurious attribution"]
    assert spurious["got"] == "Officials" and spurious["expected"] == ""
    assert tally.predicted == 4


def test_a_report_on_the_doubtful_passage_is_neither_right_nor_wrong() -> None:
    report = _perfect()
    report.attributions.append(
        _attribution(4, "the roof leaks", "Officials", "s2", "anonymous", ["example.com"])
    )
    tally = score_doc(_gold(), report)
    assert tally.predicted == 3
    assert "spurious attribution" not in tally.errors


def test_the_region_limits_what_is_scored() -> None:
    end = TEXT.index("\n\n")
    gold = _gold(
        attributions=_gold().model_dump()["attributions"][:2],
        region=(0, end),
        sources=_gold().model_dump()["sources"][:1],
    )
    tally = score_doc(gold, _perfect())
    assert (tally.gold, tally.predicted, tally.speaker_right) == (2, 2, 2)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Donald Trump", "Trump", True),
        ("Mr. Trump", "Donald J. Trump", True),
        ("The Pentagon", "pentagon", True),
        ("Hillary Clinton", "Bill Clinton", False),
        ("RT", "rt.com", True),
        ("Reuters", "Associated Press", False),
    ],
)
def test_names_match_as_a_reader_would_take_them(a: str, b: str, same: bool) -> None:
    assert names_match(a, b) is same


def test_figures_come_with_intervals_over_outlets() -> None:
    gold = _gold()
    article = Article(text=TEXT, id="row-1", outlet="example.com")
    from newstrace.ml.attribution.real_gold import RealArticle

    figures = score_real([RealArticle(gold=gold, article=article)], [_perfect()])
    assert figures["speaker_f1"]["value"] == 1.0
    assert figures["speaker_f1"]["ci95"] == [1.0, 1.0]
    assert figures["source_count_right"]["value"] == 1.0


def _fake_shared(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "datasets" / "fakenewsnet"
    folder.mkdir(parents=True)
    row = {"id": "row-1", "domain": "example.com", "title": "Pool", "text": text}
    (folder / "politifact_train.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    with gzip.open(folder / "gossipcop.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("")
    return tmp_path


def test_articles_are_read_from_shared_and_checked_against_the_annotated_text(
    tmp_path: Path,
) -> None:
    golds = tmp_path / "gold"
    golds.mkdir()
    (golds / "row-1.json").write_text(_gold().model_dump_json(), encoding="utf-8")
    (item,) = load_real_gold(_fake_shared(tmp_path / "a", TEXT), directory=golds)
    assert item.article.text == TEXT and item.article.outlet == "example.com"
    with pytest.raises(MalformedInputError, match="differs"):
        load_real_gold(_fake_shared(tmp_path / "b", TEXT + " Edited."), directory=golds)
    with pytest.raises(InputError, match="FakeNewsNet"):
        load_real_gold(tmp_path / "none", directory=golds)


def test_a_malformed_gold_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"id": "x"}', encoding="utf-8")
    with pytest.raises(MalformedInputError):
        read_gold_files(tmp_path)


def test_the_shipped_gold_set_is_split_by_outlet_and_big_enough() -> None:
    docs = read_gold_files(gold_dir())
    assert len(docs) >= 40
    assert sum(len(doc.attributions) for doc in docs) >= 500
    outlets: dict[str, set[str]] = {}
    for doc in docs:
        outlets.setdefault(doc.outlet, set()).add(doc.split)
        for attribution in doc.attributions:
            assert attribution.chain[0] == doc.outlet
    assert all(len(splits) == 1 for splits in outlets.values()), "an outlet in both halves"
    assert {doc.split for doc in docs} == {"dev", "test"}


@pytest.mark.shared
@pytest.mark.skipif(not FAKENEWSNET.exists(), reason="needs ../shared/datasets/fakenewsnet")
def test_every_gold_span_lies_inside_its_shared_article() -> None:
    for item in load_real_gold(SHARED):
        text = item.article.text
        for attribution in item.gold.attributions:
            for span in (attribution.source, attribution.cue, attribution.content):
                if span is not None:
                    piece = text[span.start : span.end]
                    assert piece and piece == piece.strip(), (item.gold.id, span)


def test_the_same_outlet_twice_in_a_row_is_one_link_of_a_chain() -> None:
    from newstrace.ml.attribution.real_gold import _chain_right

    assert _chain_right(["people.com", "PEOPLE"], ["people.com"], None)
    assert not _chain_right(["people.com", "Reuters", "Ann Holt"], ["people.com", "Ann Holt"], True)
