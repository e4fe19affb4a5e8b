"""JSON renderings of a Report: one document, or one compact line per report (JSON Lines)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from newstrace.model import Report


def render_json(report: Report, indent: int = 2) -> str:
    return report.to_json(indent=indent)


def render_jsonl(reports: Iterable[Report]) -> Iterator[str]:
    """One line per report, without a trailing newline, so callers choose how to join them."""
    for report in reports:
        yield report.to_json(indent=None)
