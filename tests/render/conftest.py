"""Fixtures for the renderer tests: a realistic report and one full of hostile markup."""

from __future__ import annotations

import pytest

from newstrace.model import Report

from .render_fixtures import make_hostile_report, make_report


@pytest.fixture
def report() -> Report:
    return make_report()


@pytest.fixture
def hostile_report() -> Report:
    """Every string a renderer shows carries markup that must come out as plain text."""
    return make_hostile_report()
