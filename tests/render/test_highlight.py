"""Splitting article text into highlight segments and nesting them as markup."""

from __future__ import annotations

import itertools

from newstrace.model import Report
from newstrace.render.highlight import Layer, report_layers, runs, segments

TEXT = "Officials said the dam is safe."


def test_segments_cover_the_text_without_gaps_or_overlaps() -> None:
    layers = [Layer("source", 0, 9), Layer("cue", 10, 14), Layer("claim", 15, 30)]
    result = segments(TEXT, layers)
    assert result[0].start == 0
    assert result[-1].end == len(TEXT)
    assert all(left.end == right.start for left, right in itertools.pairwise(result))


def test_a_token_inside_two_spans_carries_both_layers() -> None:
    claim = Layer("claim", 15, 30)
    hedge = Layer("hedge", 23, 25)
    by_text = {TEXT[s.start : s.end]: s.names for s in segments(TEXT, [claim, hedge])}
    assert by_text["is"] == {"claim", "hedge"}
    assert by_text["the dam "] == {"claim"}
    assert by_text[" safe"] == {"claim"}


def test_empty_and_out_of_range_spans_are_dropped() -> None:
    result = segments(TEXT, [Layer("cue", 5, 5), Layer("claim", -4, 3), Layer("source", 25, 99)])
    assert [(s.start, s.end, s.names) for s in result] == [
        (0, 3, {"claim"}),
        (3, 25, frozenset()),
        (25, len(TEXT), {"source"}),
    ]


def test_crossing_spans_are_closed_and_reopened_so_markup_nests() -> None:
    outer = Layer("claim", 0, 14)
    crossing = Layer("content", 10, 20)
    run_list, still_open = runs(segments(TEXT, [outer, crossing]))
    stack: list[Layer] = []
    for run in run_list:
        for layer in run.closes:
            assert stack.pop() == layer  # always the innermost open layer
        stack.extend(run.opens)
    for layer in still_open:
        assert stack.pop() == layer
    assert stack == []
    reopened = [run for run in run_list if crossing in run.opens]
    assert [run.start for run in reopened] == [10, 14]


def test_nesting_puts_the_longer_span_outside() -> None:
    run_list, _ = runs(segments(TEXT, [Layer("hedge", 15, 18), Layer("claim", 15, 30)]))
    assert [layer.name for layer in run_list[1].opens] == ["claim", "hedge"]


def test_report_layers_mark_every_finding_with_its_reference(report: Report) -> None:
    layers = report_layers(report)
    names = {(layer.name, report.article.text[layer.start : layer.end]) for layer in layers}
    assert ("source", "Dana Whitfield") in names
    assert ("cue", "told") in names
    assert ("hedge", "may") in names
    assert ("claim", "There is no contamination of any kind") in names
    # A relay outlet is marked from its source mentions though no attribution names it.
    assert ("source", "yournewswire.test") in names
    content = next(layer for layer in layers if layer.name == "content" and layer.ref == "A3")
    assert "yournewswire.test → Globe Wire → Northern Agency → anonymous source" in content.title
