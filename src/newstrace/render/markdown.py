"""Markdown report for a person: sourcing, sources, claims, attributions, marked-up article."""

from __future__ import annotations

import re
from collections.abc import Sequence

from newstrace.model import Report
from newstrace.render.highlight import Layer, Run, report_layers, runs, segments
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

# The article's markup scheme. Emphasis markers are CommonMark (plus the common `==mark==`
# extension); claims and hedges get bracket glyphs because they often cross the other spans.
OPEN = {"source": "**", "cue": "*", "content": "==", "claim": "⟦", "hedge": "‹"}
CLOSE = {"source": "**", "cue": "*", "content": "==", "claim": "⟧", "hedge": "›"}
LEGEND = (
    "Legend: **source** · *attribution cue* · ==quoted or reported content== · "
    "⟦claim⟧ followed by its number · ‹hedge›"
)

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>=~|&])")
# Only at the start of a line: "# ", "- ", "+ ", "1. ", "1) " would start a block.
_BLOCK_START = re.compile(r"^([ \t]*)([-+#])|^([ \t]*\d+)([.)])", re.MULTILINE)
_PARAGRAPH_BREAK = re.compile(r"(\n[ \t]*\n\s*)")
_LINE_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)


def escape(text: str) -> str:
    """Backslash-escape what Markdown or inline HTML would interpret inside a line."""
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def escape_block_starts(text: str) -> str:
    """Backslash-escape line starts that would open a heading or a list."""
    return _BLOCK_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match[str]) -> str:
    lead, mark = (match[1], match[2]) if match[2] is not None else (match[3], match[4])
    return f"{lead}\\{mark}"


def inline(text: str) -> str:
    """Report text placed inside a line: escaped, its line breaks folded to spaces."""
    return escape(" ".join(text.split()))


def cell(text: str) -> str:
    return inline(text) or "–"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return lines


def _header(report: Report) -> list[str]:
    lines = [f"# {inline(title_of(report))}", ""]
    lines += [f"- **{label}:** {inline(value)}" for label, value in header_facts(report)]
    return [*lines, ""]


def _sourcing(report: Report) -> list[str]:
    lines = ["## Sourcing", ""]
    lines += [f"- **{label}:** {inline(value)}" for label, value in sourcing_facts(report)]
    if report.sourcing.components:
        lines.append(f"- **Components:** {inline(component_text(report))}")
    lines += ["", "Why:", ""] if report.sourcing.reasons else []
    lines += [f"- {inline(reason)}" for reason in report.sourcing.reasons]
    return [*lines, ""]


def _sources(report: Report) -> list[str]:
    rows = source_cells(report, " / ")
    header = ["Source", "Type", "Description", "Attributions", "Relay chain", "Ratings"]
    return ["## Sources", "", *(_table(header, rows) if rows else ["No sources found."]), ""]


def _claims(report: Report) -> list[str]:
    rows = [
        [row.ref, row.text, f"{row.checkworthiness:.2f}", ", ".join(row.hedges), row.rests_on]
        for row in claim_rows(report)
    ]
    header = ["#", "Claim", "Checkworthiness", "Hedges", "Rests on"]
    return ["## Claims", "", *(_table(header, rows) if rows else ["No claims found."]), ""]


def _prior_checks(report: Report) -> list[str]:
    """Only when the claims were matched against fact-checks and some were found."""
    rows = prior_check_cells(report)
    if not rows:
        return []
    return ["## Prior fact-checks", "", *_table(list(PRIOR_CHECK_COLUMNS), rows), ""]


def _attributions(report: Report) -> list[str]:
    lines = ["## Attributions", ""]
    for row in attribution_rows(report):
        details = [f"{row.kind}"]
        details += [f"cue *{inline(row.cue)}*"] if row.cue else ["no cue"]
        details += [f"told {inline(row.recipient)}"] if row.recipient else []
        details += [f"chain: {inline(row.chain)}"] if row.chain else []
        lines.append(f"- **{row.ref}** {inline(row.source)} — {'; '.join(details)}")
        lines.append(f"  > {inline(row.content)}")
    if not report.attributions:
        lines.append("No attributions found.")
    return [*lines, ""]


def _opening(layer: Layer) -> str:
    return OPEN[layer.name]


def _closing(layer: Layer) -> str:
    suffix = escape(f"[{layer.ref}]") if layer.name == "claim" and layer.ref else ""
    return CLOSE[layer.name] + suffix


def _marked_text(report: Report) -> str:
    """The article with markers; whitespace is kept outside markers, where CommonMark needs it."""
    text = report.article.text
    run_list, still_open = runs(segments(text, report_layers(report)))
    out: list[str] = []
    stack: list[Layer] = []
    pending_space = ""
    for run in _with_final(run_list, still_open, len(text)):
        piece = text[run.start : run.end]
        core = piece.strip()
        lead = piece[: len(piece) - len(piece.lstrip())] if core else piece
        trail = piece[len(piece.rstrip()) :] if core else ""
        out.append("".join(_closing(layer) for layer in run.closes))
        del stack[len(stack) - len(run.closes) :]
        out.append(pending_space + lead)
        out.append("".join(_opening(layer) for layer in run.opens))
        stack.extend(run.opens)
        out.append(_across_paragraphs(core, stack))
        pending_space = trail
    out.append(pending_space)
    # Indented lines would turn into code blocks.
    return escape_block_starts(_LINE_INDENT.sub("", "".join(out)))


def _across_paragraphs(core: str, stack: Sequence[Layer]) -> str:
    """Emphasis cannot span a blank line: close open markers before it and reopen them after."""
    closing = "".join(CLOSE[layer.name] for layer in reversed(stack))
    opening = "".join(_opening(layer) for layer in stack)
    parts = _PARAGRAPH_BREAK.split(core)
    return "".join(
        escape(part) if index % 2 == 0 else closing + part + opening
        for index, part in enumerate(parts)
    )


def _with_final(run_list: list[Run], still_open: tuple[Layer, ...], end: int) -> list[Run]:
    """Append an empty run that closes whatever is still open at the end of the text."""
    return [*run_list, Run(end, end, still_open, ())]


def render_markdown(report: Report) -> str:
    lines = [
        *_header(report),
        *_sourcing(report),
        *_sources(report),
        *_claims(report),
        *_prior_checks(report),
        *_attributions(report),
        "## Article",
        "",
        LEGEND,
        "",
        _marked_text(report),
        "",
    ]
    return "\n".join(lines)
