"""Markdown report: sections in order, the documented marker scheme, and inert report text."""

from __future__ import annotations

from markdown_it import MarkdownIt

from newstrace.model import Report, Source
from newstrace.render.markdown import escape_block_starts, render_markdown

from .render_fixtures import ATTRIBUTE_BREAK


def to_html(markdown: str) -> str:
    """CommonMark with tables, as GitHub and most viewers render it."""
    html: str = MarkdownIt("commonmark").enable("table").render(markdown)
    return html


def test_sections_come_in_reading_order(report: Report) -> None:
    text = render_markdown(report)
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "# Officials say reservoir is safe",
        "## Sourcing",
        "## Sources",
        "## Claims",
        "## Attributions",
        "## Article",
    ]


def test_sourcing_section_lists_counts_and_reasons(report: Report) -> None:
    text = render_markdown(report)
    assert "- **Sourcing score:** 0.55" in text
    assert "- **Anonymous sources:** 1" in text
    assert "- the poisoning claim rests on one anonymous source" in text


def test_sources_table_shows_relay_chain_and_ratings(report: Report) -> None:
    html = to_html(render_markdown(report))
    assert "<td>yournewswire.test → Globe Wire → Northern Agency → anonymous source</td>" in html
    assert "<td>example-list (2024): fake</td>" in html


def test_claims_table_shows_checkworthiness_hedges_and_who_it_rests_on(report: Report) -> None:
    text = render_markdown(report)
    assert (
        "| C3 | the water may have been deliberately poisoned | 0.93 | may "
        "| an anonymous source (anonymous) |"
    ) in text


def test_article_marks_sources_bold_and_cues_italic(report: Report) -> None:
    html = to_html(render_markdown(report))
    assert "<strong>Dana Whitfield</strong>" in html
    assert "<em>told</em>" in html


def test_article_marks_content_claims_and_hedges_even_when_they_overlap(report: Report) -> None:
    text = render_markdown(report)
    assert '=="⟦There is no contamination of any kind⟧\\[C2\\],"==' in text
    assert "⟦==the water ‹may› have been deliberately poisoned==⟧\\[C3\\]" in text


def test_a_span_across_a_paragraph_break_is_reopened_in_the_next_paragraph(
    report: Report,
) -> None:
    text = report.article.text
    start = text.index("chief engineer")
    end = text.index("According") + len("According")
    relay = Source(id="s9", name="odd", type="person", mentions=[report.article.span(start, end)])
    crossing = report.model_copy(update={"sources": [*report.sources, relay]})
    html = to_html(render_markdown(crossing))
    assert "<strong>chief engineer.</strong></p>" in html
    assert "<p><strong>According</strong>" in html


def test_hostile_report_text_stays_literal(hostile_report: Report) -> None:
    html = to_html(render_markdown(hostile_report))
    assert "<script" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert ATTRIBUTE_BREAK.replace('"', "&quot;") in html
    assert "[bold red]loud[/] **strong** &lt;b&gt;" in html


def test_line_starts_that_would_open_blocks_are_escaped() -> None:
    assert escape_block_starts("- not a list\n2. nor this\n# nor a heading") == (
        "\\- not a list\n2\\. nor this\n\\# nor a heading"
    )
