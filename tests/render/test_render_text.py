"""Terminal rendering: same sections, coloured article highlights, and rich markup kept inert."""

from __future__ import annotations

import io

from rich.console import Console

from newstrace.model import Report
from newstrace.render.text import STYLES, highlighted_article, render_text, render_text_str

from .render_fixtures import MARKUP


def styles_at(report: Report, needle: str) -> set[str]:
    text = highlighted_article(report)
    start = report.article.text.index(needle)
    end = start + len(needle)
    return {str(span.style) for span in text.spans if span.start <= start and end <= span.end}


def test_plain_export_has_every_section_and_no_colour_codes(report: Report) -> None:
    out = render_text_str(report, width=120)
    assert "\x1b[" not in out
    positions = [out.index(h) for h in ("Sourcing", "Sources", "Claims", "Attributions", "Legend")]
    assert positions == sorted(positions)
    assert "Sourcing score: 0.55" in out
    assert "the poisoning claim rests on one anonymous source" in out


def test_wide_export_keeps_the_relay_chain_on_one_line(report: Report) -> None:
    out = render_text_str(report, width=200)
    assert "yournewswire.test → Globe Wire → Northern Agency → anonymous source" in out


def test_colour_export_contains_ansi_styles(report: Report) -> None:
    assert "\x1b[" in render_text_str(report, color=True)


def test_article_highlights_use_one_style_per_layer(report: Report) -> None:
    assert styles_at(report, "Dana Whitfield") == {STYLES["source"]}
    assert styles_at(report, "told") == {STYLES["cue"]}
    assert styles_at(report, "may") == {STYLES["claim"], STYLES["content"], STYLES["hedge"]}
    assert styles_at(report, "deliberately") == {STYLES["claim"], STYLES["content"]}


def test_render_text_prints_to_the_given_console(report: Report) -> None:
    console = Console(file=io.StringIO(), width=100, record=True)
    render_text(report, console)
    assert console.export_text() == render_text_str(report, width=100)


def test_rich_markup_in_report_text_is_printed_literally(hostile_report: Report) -> None:
    assert MARKUP in render_text_str(hostile_report, width=300)
