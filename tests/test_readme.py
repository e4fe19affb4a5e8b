"""The README is the first thing a user runs: its commands and generated reference must be true."""

from __future__ import annotations

import re
from pathlib import Path

from newstrace.reference import BEGIN, END, field_reference

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_field_reference_matches_the_model() -> None:
    generated = README.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    assert generated == field_reference(), "run: python -m newstrace.reference"


def test_readme_opens_with_the_demo_and_test_commands() -> None:
    blocks = re.findall(r"```bash\n(.*?)```", README, flags=re.S)
    assert blocks[0].startswith("bash scripts/demo.sh")
    assert blocks[1].startswith("bash scripts/test.sh")
    assert (ROOT / "scripts" / "demo.sh").exists()
    assert (ROOT / "scripts" / "test.sh").exists()


def test_ci_runs_the_readme_test_command() -> None:
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_demo_article_exists_and_is_named_in_the_demo_script() -> None:
    script = (ROOT / "scripts" / "demo.sh").read_text(encoding="utf-8")
    example = re.search(r"examples/\S+", script)
    assert example is not None and (ROOT / example.group()).exists()


def test_trace_json_reference_matches_the_model() -> None:
    from newstrace.corpus.trace import Trace

    doc = (ROOT / "docs" / "trace.md").read_text(encoding="utf-8")
    generated = doc.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    assert generated == field_reference(Trace), "run: python -m newstrace.reference"


def test_architecture_module_map_matches_the_package() -> None:
    from newstrace.reference import MAP_BEGIN, MAP_END, module_map

    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    generated = doc.split(MAP_BEGIN, 1)[1].split(MAP_END, 1)[0].strip()
    assert generated == module_map(), "run: python -m newstrace.reference"
