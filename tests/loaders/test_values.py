"""Date normalisation: every parseable form becomes YYYY-MM-DD, anything else None."""

from __future__ import annotations

import pytest

from newstrace.loaders.values import normalise_date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2016-10-13", "2016-10-13"),
        ("2016-10-13T23:15:00Z", "2016-10-13"),
        ("2016-10-13 08:00:00+03:00", "2016-10-13"),
        ("2016/10/13", "2016-10-13"),
        ("13 October 2016", "2016-10-13"),
        ("October 13, 2016", "2016-10-13"),
        ("Thu, 13 Oct 2016 08:00:00 +0000", "2016-10-13"),
    ],
)
def test_parseable_dates_become_iso_days(raw: str, expected: str) -> None:
    assert normalise_date(raw) == expected


@pytest.mark.parametrize("raw", ["", "yesterday", "2016-13-45", None, 20161013])
def test_unparseable_dates_are_none(raw: object) -> None:
    assert normalise_date(raw) is None
