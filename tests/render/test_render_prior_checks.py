"""Prior fact-checks in every report format: shown when found, absent otherwise, always inert."""

from __future__ import annotations

import io
import json

from rich.console import Console

from newstrace.model import PriorCheck, Report
from newstrace.render import render
from newstrace.render.text import render_text

PAYLOAD = '<script>alert("x")</script> | **bold** [link](javascript:alert(1))'


def with_checks(report: Report, prior: PriorCheck) -> Report:
    claims = [
        claim.model_copy(update={"prior_factchecks": [prior]}) if number == 1 else claim
        for number, claim in enumerate(report.claims)
    ]
    return report.model_copy(update={"claims": claims})


def prior(**fields: object) -> PriorCheck:
    values: dict[str, object] = {
        "id": "fc1",
        "claim_reviewed": "The port will close for three months.",
        "rating": "Mostly False",
        "verdict": "mostly-false",
        "publisher": "Harbour Checks",
        "date": "2024-03-01",
        "url": "https://checks.example/port",
        "score": 0.8123,
    }
    return PriorCheck.model_validate({**values, **fields})


def test_every_format_shows_the_check_beside_its_claim(report: Report) -> None:
    checked = with_checks(report, prior())
    markdown = render(checked, "markdown")
    assert "## Prior fact-checks" in markdown
    assert '| C2 | "Mostly False" (mostly-false) | Harbour Checks | 2024-03-01 | 0.81 |' in markdown
    html = render(checked, "html")
    assert "<h2>Prior fact-checks</h2>" in html
    assert '<a href="https://checks.example/port" rel="noreferrer noopener">' in html
    out = io.StringIO()
    render_text(checked, Console(file=out, width=200, color_system=None))
    assert "Prior fact-checks" in out.getvalue() and "Harbour Checks" in out.getvalue()
    data = json.loads(render(checked, "json"))
    assert data["claims"][1]["prior_factchecks"][0]["verdict"] == "mostly-false"


def test_no_section_without_prior_checks(report: Report) -> None:
    assert "Prior fact-checks" not in render(report, "markdown")
    assert "Prior fact-checks" not in render(report, "html")


def test_hostile_fact_check_fields_stay_text(report: Report) -> None:
    hostile = with_checks(
        report,
        prior(claim_reviewed=PAYLOAD, rating=PAYLOAD, publisher=PAYLOAD, url="javascript:alert(1)"),
    )
    html = render(hostile, "html")
    assert "<script>alert" not in html and 'href="javascript' not in html
    markdown = render(hostile, "markdown")
    assert "<script>" not in markdown
    assert "| **bold**" not in markdown
