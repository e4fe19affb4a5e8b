"""The seed record's report passes ../shared/checks/seed_report.py (0 problems), run the way its
usage line says: the JSON that `newstrace analyze` prints, checked by the shared script."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newstrace.cli import app

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "examples" / "seed_2016-10-13.txt"
CHECK = SHARED / "checks" / "seed_report.py"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not (SEED.exists() and CHECK.exists()), reason="needs ../shared"),
]


def test_the_seed_report_passes_the_shared_check(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(
        app, ["analyze", str(SEED), "--outlet", "yournewswire.com", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    report = tmp_path / "seed.json"
    report.write_text(result.stdout, encoding="utf-8")
    check = subprocess.run(
        [sys.executable, str(CHECK), str(report)], capture_output=True, text=True, check=False
    )
    assert "seed report: 0 problems" in check.stdout, check.stdout + check.stderr
