"""Terminal report with rich: tables and the article text with coloured highlights."""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from newstrace.model import Report
from newstrace.render.highlight import LAYER_MEANINGS, LAYER_ORDER, report_layers, segments
from newstrace.render.view import (
    PRIOR_CHECK_COLUMNS,
    attribution_rows,
    claim_rows,
    component_text,
    header_facts,
    prior_check_cells,
    source_cells,
    sourcing_facts,
    title_of,
)

# Report text always goes through Text(...) so that "[bold]" in an article is shown, not obeyed.
STYLES = {
    "claim": "underline",
    "content": "green",
    "source": "bold cyan",
    "cue": "magenta",
    "hedge": "yellow",
}


def _heading(title: str) -> Text:
    return Text(f"\n{title}", style="bold")


def _facts(pairs: list[tuple[str, str]]) -> Text:
    lines = Text()
    for number, (label, value) in enumerate(pairs):
        lines.append(("\n" if number else "") + f"{label}: ", style="bold")
        lines.append(value)
    return lines


def _sourcing(report: Report) -> list[RenderableType]:
    parts: list[RenderableType] = [_heading("Sourcing"), _facts(sourcing_facts(report))]
    if report.sourcing.components:
        parts.append(_facts([("Components", component_text(report))]))
    parts += [Text(f"  • {reason}") for reason in report.sourcing.reasons]
    return parts


def _table(title: str, columns: list[str], rows: list[list[str]]) -> RenderableType:
    if not rows:
        return Text(f"No {title.lower()} found.")
    table = Table(title=None, show_lines=False, expand=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(Text(value) for value in row))
    return table


def _sources(report: Report) -> list[RenderableType]:
    rows = source_cells(report, "\n")
    columns = ["Source", "Type", "Description", "#", "Relay chain", "Ratings"]
    return [_heading("Sources"), _table("Sources", columns, rows)]


def _claims(report: Report) -> list[RenderableType]:
    rows = [
        [row.ref, row.text, f"{row.checkworthiness:.2f}", ", ".join(row.hedges), row.rests_on]
        for row in claim_rows(report)
    ]
    columns = ["#", "Claim", "Check", "Hedges", "Rests on"]
    return [_heading("Claims"), _table("Claims", columns, rows)]


def _prior_checks(report: Report) -> list[RenderableType]:
    rows = prior_check_cells(report)
    if not rows:
        return []
    return [
        _heading("Prior fact-checks"),
        _table("Prior fact-checks", list(PRIOR_CHECK_COLUMNS), rows),
    ]


def _attributions(report: Report) -> list[RenderableType]:
    rows = [
        [row.ref, row.source, row.cue, row.kind, row.chain, row.content]
        for row in attribution_rows(report)
    ]
    columns = ["#", "Source", "Cue", "Kind", "Chain", "Content"]
    return [_heading("Attributions"), _table("Attributions", columns, rows)]


def legend() -> Text:
    line = Text("Legend: ")
    for name in LAYER_ORDER:
        line.append(LAYER_MEANINGS[name], style=STYLES[name])
        line.append("  ")
    return line


def highlighted_article(report: Report) -> Text:
    text = Text(report.article.text)
    for segment in segments(report.article.text, report_layers(report)):
        # Outer layers first, so an inner style (a hedge's colour) wins where they clash.
        for layer in segment.layers:
            text.stylize(STYLES[layer.name], segment.start, segment.end)
    return text


def report_renderable(report: Report) -> RenderableType:
    return Group(
        Text(title_of(report), style="bold underline"),
        _facts(header_facts(report)),
        *_sourcing(report),
        *_sources(report),
        *_claims(report),
        *_prior_checks(report),
        *_attributions(report),
        _heading("Article"),
        legend(),
        Text(),
        highlighted_article(report),
    )


def render_text(report: Report, console: Console) -> None:
    console.print(report_renderable(report))


def render_text_str(report: Report, width: int = 100, color: bool = False) -> str:
    """The terminal report as a string; with `color` it keeps ANSI styles, else plain text."""
    console = Console(
        file=io.StringIO(),
        record=True,
        width=width,
        force_terminal=color,
        color_system="truecolor" if color else None,
        no_color=not color,
        highlight=False,
        soft_wrap=False,
    )
    render_text(report, console)
    return console.export_text(styles=color)
