"""JSON and JSON Lines renderings round-trip the Report."""

from __future__ import annotations

import json

from newstrace.model import Report
from newstrace.render.json_render import render_json, render_jsonl


def test_json_round_trips_to_an_equal_report(report: Report) -> None:
    assert Report.from_json(render_json(report)) == report


def test_json_indent_is_configurable(report: Report) -> None:
    assert render_json(report, indent=4).startswith('{\n    "schema_version"')


def test_jsonl_gives_one_compact_line_per_report(report: Report) -> None:
    other = report.model_copy(update={"claims": []})
    lines = list(render_jsonl([report, other]))
    assert len(lines) == 2
    assert all("\n" not in line for line in lines)
    assert [len(json.loads(line)["claims"]) for line in lines] == [3, 0]
