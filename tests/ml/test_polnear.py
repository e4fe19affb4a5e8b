"""Specification of the PolNeAR reader and span scorer, on a tiny self-written BRAT fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.errors import MalformedInputError
from newstrace.ml.attribution.polnear import parse_ann, read_polnear, score_polnear
from newstrace.model import Attribution, SourceMention, SourceType, Span

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
POLNEAR_DEV = SHARED / "datasets" / "polnear" / "dev"

DOC_ID = "example_2016-10-01_pool-reopens"
TEXT = (
    "The council said the pool would reopen in May. "
    '"It is ready," Ann Holt said, "and it is safe." '
    "Residents believe the delay was avoidable.\n"
)


def at(needle: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(needle, start + 1)
    return start, start + len(needle)


def _bound(bound_id: str, label: str, *segments: tuple[int, int]) -> str:
    offsets = ";".join(f"{start} {end}" for start, end in segments)
    surface = " ".join(TEXT[start:end] for start, end in segments)
    return f"{bound_id}\t{label} {offsets}\t{surface}"


def _ann() -> str:
    first_quote, second_quote = at('"It is ready,"'), at('"and it is safe."')
    return "\n".join(
        [
            _bound("T1", "Source", at("The council")),
            _bound("T2", "Cue", at("said")),
            _bound("T3", "Content", at("the pool would reopen in May")),
            _bound("T4", "Attribution", at("said")),
            "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
            _bound("T5", "Source", at("Ann Holt")),
            _bound("T6", "Cue", at("said", 1)),
            _bound("T7", "Content", first_quote, second_quote),
            _bound("T8", "Attribution", at("said", 1)),
            "E2\tAttribution:T8 Cue:T6 Source:T5 Content:T7",
            _bound("T9", "Cue", at("believe")),
            _bound("T10", "Content", at("the delay was avoidable")),
            _bound("T11", "Attribution-no-source", at("believe")),
            "E3\tAttribution-no-source:T11 Content:T10 Cue:T9",
            "#1\tAnnotatorNotes T10\tthought, not speech",
        ]
    )


@pytest.fixture()
def split_dir(tmp_path: Path) -> Path:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / f"{DOC_ID}.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / f"{DOC_ID}_aaaa.ann").write_text(_ann(), encoding="utf-8")
    # A second annotator's file: ignored, the first by sorted name wins.
    (tmp_path / "attributions" / f"{DOC_ID}_zzzz.ann").write_text("", encoding="utf-8")
    return tmp_path


def _attribution(
    number: int,
    source: tuple[str, int] | None,
    source_type: SourceType,
    cue: tuple[str, int] | None,
    content: str,
) -> Attribution:
    def span(needle: str, occurrence: int = 0) -> Span:
        start, end = at(needle, occurrence)
        return Span(text=needle, start=start, end=end)

    if source is None:
        mention = SourceMention(text="", start=0, end=0, type="unattributed", name="")
    else:
        where = span(*source)
        mention = SourceMention(**where.model_dump(), type=source_type, name=where.text)
    return Attribution(
        id=f"a{number}",
        content=span(content),
        kind="indirect",
        cue=span(*cue) if cue else None,
        source=mention,
    )


def _predictions() -> list[Attribution]:
    return [
        # exact source and cue; content takes the full stop too, so it only overlaps
        _attribution(
            1, ("The council", 0), "government", ("said", 0), "the pool would reopen in May."
        ),
        # source shorter than gold; content is one half of the discontinuous gold quote
        _attribution(2, ("Holt", 0), "person", ("said", 1), '"It is ready,"'),
        # a source PolNeAR does not annotate; cue and content exact
        _attribution(3, ("Residents", 0), "anonymous", ("believe", 0), "the delay was avoidable"),
        # unattributed: no source mention, no cue, a spurious content
        _attribution(4, None, "unattributed", None, "The council"),
    ]


def test_reader_takes_the_first_annotator_and_parses_events(split_dir: Path) -> None:
    (doc,) = read_polnear(split_dir)
    assert (doc.id, doc.annotator, doc.publisher, doc.date) == (
        DOC_ID,
        "aaaa",
        "example",
        "2016-10-01",
    )
    assert len(doc.attributions) == 3
    assert doc.attributions[1].content == (at('"It is ready,"'), at('"and it is safe."'))
    assert doc.attributions[2].source is None


def test_scores_match_hand_computed_figures(split_dir: Path) -> None:
    docs = read_polnear(split_dir)
    result = score_polnear(docs, {DOC_ID: _predictions()})
    assert (result["n_articles"], result["n_gold"]) == (1, 3)

    source = result["source"]
    assert (source["exact"]["matched"], source["exact"]["n_gold"], source["exact"]["n_pred"]) == (
        1,
        2,
        3,
    )
    assert source["exact"]["precision"] == pytest.approx(1 / 3)
    assert source["exact"]["recall"] == pytest.approx(1 / 2)
    assert source["overlap"]["precision"] == pytest.approx(2 / 3)
    assert source["overlap"]["recall"] == 1.0

    assert result["cue"]["exact"]["f1"] == 1.0

    content = result["content"]
    assert content["exact"]["precision"] == pytest.approx(1 / 4)
    assert content["exact"]["recall"] == pytest.approx(1 / 3)
    assert content["overlap"]["precision"] == pytest.approx(3 / 4)
    assert content["overlap"]["recall"] == 1.0
    assert content["overlap"]["f1"] == pytest.approx(2 * 0.75 / 1.75)


def test_an_article_without_predictions_counts_as_all_missed(split_dir: Path) -> None:
    result = score_polnear(read_polnear(split_dir), {})
    assert result["content"]["overlap"]["recall"] == 0.0
    assert result["content"]["overlap"]["n_gold"] == 3


def test_a_second_content_argument_extends_the_content() -> None:
    ann = "\n".join(
        [
            _bound("T1", "Cue", at("said", 1)),
            _bound("T2", "Content", at('"It is ready,"')),
            _bound("T3", "Content", at('"and it is safe."')),
            _bound("T4", "Attribution", at("said", 1)),
            "E1\tAttribution:T4 Cue:T1 Content:T2 Content2:T3",
            "E2\tAttribution-no-source:T4 ",
        ]
    )
    (attribution,) = parse_ann(ann, len(TEXT))
    assert attribution.content == (at('"It is ready,"'), at('"and it is safe."'))


def test_offsets_beyond_the_text_are_rejected_with_the_line() -> None:
    with pytest.raises(MalformedInputError, match=r"x\.ann:1"):
        parse_ann("T1\tCue 5 9999\tsaid", len(TEXT), "x.ann")


@pytest.mark.shared
@pytest.mark.skipif(not POLNEAR_DEV.exists(), reason="PolNeAR not in ../shared")
def test_the_real_dev_split_reads_completely() -> None:
    docs = read_polnear(POLNEAR_DEV)
    assert len(docs) == 84
    assert sum(len(doc.attributions) for doc in docs) == 2192
    for doc in docs:
        for attribution in doc.attributions:
            for key in (attribution.source, attribution.cue, attribution.content):
                assert key is None or all(0 <= s < e <= len(doc.text) for s, e in key)
