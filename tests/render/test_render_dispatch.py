"""`render(report, fmt)` dispatches to every format by name."""

from __future__ import annotations

import pytest

from newstrace.model import Report
from newstrace.render import FORMATS, render


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_names_the_main_source(report: Report, fmt: str) -> None:
    assert "Dana Whitfield" in render(report, fmt)


def test_text_format_is_plain_without_colour_codes(report: Report) -> None:
    assert "\x1b[" not in render(report, "text")


def test_unknown_format_is_refused_with_the_choices(report: Report) -> None:
    with pytest.raises(ValueError, match="markdown"):
        render(report, "pdf")
