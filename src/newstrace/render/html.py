"""Standalone HTML page for a Report: inline CSS, no scripts, every report string escaped."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from urllib.parse import urlsplit

from newstrace.model import Report
from newstrace.render.highlight import (
    LAYER_MEANINGS,
    LAYER_ORDER,
    Layer,
    report_layers,
    runs,
    segments,
)
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

CSP = "default-src 'none'; style-src 'unsafe-inline'"

CSS = """
body { font: 15px/1.55 system-ui, sans-serif; max-width: 62rem; margin: 2rem auto; padding: 0 1rem;
       color: #1d1d1f; }
h1 { font-size: 1.5rem; margin-bottom: .3rem; }
h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid #ddd; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f4f4f6; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.article { white-space: pre-wrap; background: #fcfcfd; border: 1px solid #e4e4e8; padding: 1rem; }
mark { background: none; color: inherit; }
mark.claim { text-decoration: underline 2px #555; }
mark.content { background: #dff3df; }
mark.source { font-weight: 700; color: #006b80; }
mark.cue { color: #9b1fa0; font-style: italic; }
mark.hedge { background: #fff1a8; }
.legend mark { margin-right: .8rem; }
"""


def _text(value: str) -> str:
    return escape(value, quote=True)


def _facts(pairs: Sequence[tuple[str, str]]) -> str:
    items = "".join(f"<dt>{_text(label)}</dt><dd>{_text(value)}</dd>" for label, value in pairs)
    return f'<dl class="facts">{items}</dl>'


def _table(columns: Sequence[str], rows: Sequence[Sequence[str]], empty: str) -> str:
    if not rows:
        return f"<p>{_text(empty)}</p>"
    head = "".join(f"<th>{_text(column)}</th>" for column in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_text(value)}</td>" for value in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _url(value: str) -> str:
    # Only web links become links: a "javascript:" URL from an article stays inert text.
    if urlsplit(value).scheme.lower() in {"http", "https"}:
        return f'<a href="{_text(value)}" rel="noreferrer noopener">{_text(value)}</a>'
    return _text(value)


def _header(report: Report) -> str:
    facts = header_facts(report)
    items = "".join(
        f"<dt>{_text(label)}</dt><dd>{_url(value) if label == 'URL' else _text(value)}</dd>"
        for label, value in facts
    )
    return f'<h1>{_text(title_of(report))}</h1><dl class="facts">{items}</dl>'


def _sourcing(report: Report) -> str:
    facts = sourcing_facts(report)
    if report.sourcing.components:
        facts.append(("Components", component_text(report)))
    reasons = "".join(f"<li>{_text(reason)}</li>" for reason in report.sourcing.reasons)
    return f'<h2>Sourcing</h2><p class="score">{report.sourcing.score:.2f}</p>{_facts(facts)}' + (
        f"<ul>{reasons}</ul>" if reasons else ""
    )


def _sources(report: Report) -> str:
    rows = source_cells(report, " / ")
    columns = ["Source", "Type", "Description", "Attributions", "Relay chain", "Ratings"]
    return "<h2>Sources</h2>" + _table(columns, rows, "No sources found.")


def _prior_checks(report: Report) -> str:
    rows = prior_check_cells(report)
    if not rows:
        return ""
    head = "".join(f"<th>{_text(column)}</th>" for column in PRIOR_CHECK_COLUMNS)
    # The url cell is a link only for web addresses (`_url`); every other cell is escaped text.
    body = "".join(
        "<tr>"
        + "".join(f"<td>{_text(value)}</td>" for value in row[:-1])
        + f"<td>{_url(row[-1])}</td></tr>"
        for row in rows
    )
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f"<h2>Prior fact-checks</h2>{table}"


def _claims(report: Report) -> str:
    rows = [
        [row.ref, row.text, f"{row.checkworthiness:.2f}", ", ".join(row.hedges), row.rests_on]
        for row in claim_rows(report)
    ]
    columns = ["#", "Claim", "Checkworthiness", "Hedges", "Rests on"]
    return "<h2>Claims</h2>" + _table(columns, rows, "No claims found.")


def _attributions(report: Report) -> str:
    rows = [
        [row.ref, row.source, row.cue, row.kind, row.chain, row.recipient, row.content]
        for row in attribution_rows(report)
    ]
    columns = ["#", "Source", "Cue", "Kind", "Chain", "Told", "Content"]
    return "<h2>Attributions</h2>" + _table(columns, rows, "No attributions found.")


def _open(layer: Layer) -> str:
    return f'<mark class="{layer.name}" title="{_text(layer.title)}">'


def marked_article(report: Report, open_tag: Callable[[Layer], str] = _open) -> str:
    """The article text, escaped, with nested `<mark>` elements; crossing spans are closed and
    reopened. `open_tag` writes each opening tag (and must escape what it puts there)."""
    text = report.article.text
    run_list, still_open = runs(segments(text, report_layers(report)))
    parts: list[str] = []
    for run in run_list:
        parts.append("</mark>" * len(run.closes))
        parts.append("".join(open_tag(layer) for layer in run.opens))
        parts.append(_text(text[run.start : run.end]))
    parts.append("</mark>" * len(still_open))
    return "".join(parts)


def _legend() -> str:
    marks = "".join(
        f'<mark class="{name}">{_text(LAYER_MEANINGS[name])}</mark>' for name in LAYER_ORDER
    )
    return f'<p class="legend">{marks}</p>'


def render_html(report: Report) -> str:
    body = "".join(
        [
            _header(report),
            _sourcing(report),
            _sources(report),
            _claims(report),
            _prior_checks(report),
            _attributions(report),
            "<h2>Article</h2>",
            _legend(),
            f'<div class="article">{marked_article(report)}</div>',
        ]
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_text(title_of(report))}</title><style>{CSS}</style></head>"
        f"<body>{body}</body></html>\n"
    )
