"""Turn a Report into JSON, JSON Lines, Markdown, standalone HTML or terminal text."""

from __future__ import annotations

from newstrace.model import Report
from newstrace.render.html import render_html
from newstrace.render.json_render import render_json, render_jsonl
from newstrace.render.markdown import render_markdown
from newstrace.render.svg import score_gauge_svg, trace_svg
from newstrace.render.text import render_text, render_text_str

__all__ = [
    "FORMATS",
    "render",
    "render_html",
    "render_json",
    "render_jsonl",
    "render_markdown",
    "render_text",
    "render_text_str",
    "score_gauge_svg",
    "trace_svg",
]

FORMATS = ("json", "jsonl", "markdown", "html", "text")


def render(report: Report, fmt: str) -> str:
    """One report in `fmt`; "text" is the plain export (a TTY caller uses `render_text`)."""
    if fmt == "json":
        return render_json(report)
    if fmt == "jsonl":
        return next(render_jsonl([report]))
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "html":
        return render_html(report)
    if fmt == "text":
        return render_text_str(report)
    raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
