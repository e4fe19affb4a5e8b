"""The command line: a thin shell over the library that alone prints, with clean errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from newstrace.cli import app

ARTICLE = (
    "Mayor John Harper said on Tuesday that the city would spend 40 million euros on new "
    "flood barriers. A report by the city audit office found that the old barriers had failed "
    "twice in 2021.\n"
)
SECOND_ARTICLE = "The Pentagon said the naval drill would involve 4,000 sailors next month.\n"
REPORT_KEYS = {"article", "claims", "attributions", "sources", "sourcing"}
RATED_OUTLET = "fake-daily.test"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty data folder: no rating list of the user's leaks in."""
    path = tmp_path / "data"
    monkeypatch.setenv("NEWSTRACE_DATA_DIR", str(path))
    return path


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=stdin)


def analyze_json(*args: str) -> dict[str, Any]:
    result = run("analyze", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture
def article(tmp_path: Path) -> Path:
    return write(tmp_path / "harper.txt", ARTICLE)


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["analyze", "--help"],
        ["ratings", "--help"],
        ["ratings", "import", "--help"],
        ["ratings", "list", "--help"],
    ],
)
def test_help_works_for_every_command(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 0
    assert "Usage" in result.stdout


def test_json_of_one_file_is_one_object_with_the_report_fields(article: Path) -> None:
    data = analyze_json(str(article))
    assert set(data) >= REPORT_KEYS
    assert data["article"]["text"] == ARTICLE.strip()
    assert data["attributions"]


def test_json_of_several_files_is_json_lines_in_input_order(article: Path, tmp_path: Path) -> None:
    second = write(tmp_path / "pentagon.txt", SECOND_ARTICLE)
    result = run("analyze", str(article), str(second), "--format", "json")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    texts = [json.loads(line)["article"]["text"] for line in lines]
    assert texts == [ARTICLE.strip(), SECOND_ARTICLE.strip()]


def test_markdown_output(article: Path) -> None:
    result = run("analyze", str(article), "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# ")
    assert "Sourcing score" in result.stdout


def test_html_output_is_a_page_without_scripts_even_when_the_article_has_one(
    tmp_path: Path,
) -> None:
    hostile = write(
        tmp_path / "hostile.txt",
        ARTICLE + 'The mayor said "<script>alert(1)</script> is not a threat to anyone" today.\n',
    )
    result = run("analyze", str(hostile), "--format", "html")
    assert result.exit_code == 0, result.stderr
    assert "<html" in result.stdout
    assert "<script" not in result.stdout.lower()
    assert "&lt;script&gt;" in result.stdout


def test_text_output(article: Path) -> None:
    result = run("analyze", str(article), "--format", "text")
    assert result.exit_code == 0, result.stderr
    assert "Sourcing score" in result.stdout
    assert "John Harper" in result.stdout


def test_outlet_and_date_options_override_the_article_metadata(article: Path) -> None:
    data = analyze_json(str(article), "--outlet", "example-news.test", "--date", "2024-03-05")
    assert data["article"]["outlet"] == "example-news.test"
    assert data["article"]["date"] == "2024-03-05"
    assert data["attributions"][0]["chain"][0]["name"] == "example-news.test"


def test_dash_reads_the_article_from_stdin() -> None:
    result = run("analyze", "-", "--format", "json", stdin=ARTICLE)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["article"]["text"].strip() == ARTICLE.strip()


BAD_INPUTS = [
    pytest.param("empty.txt", b"", "empty", id="empty-file"),
    pytest.param("binary.dat", b"\x00\x01\x02\xff\xfe\x00" * 40, "binary", id="binary-file"),
    pytest.param(None, None, "no such file", id="nonexistent-file"),
    pytest.param(
        "table.csv", b"id,headline,score\n1,Storm hits coast,5\n", "no text column", id="csv"
    ),
    pytest.param(
        "lines.jsonl",
        b'{"text": "Officials said the bridge would reopen on Friday."}\n{"text": "broken\n',
        "lines.jsonl:2:",
        id="malformed-json-line",
    ),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_INPUTS)
def test_bad_input_exits_2_with_one_clear_line_on_stderr(
    tmp_path: Path, name: str | None, content: bytes | None, message: str
) -> None:
    path = tmp_path / (name or "missing.txt")
    if content is not None:
        write(path, content)
    result = run("analyze", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: [NT1")
    assert message in lines[0]
    assert "Traceback" not in result.stderr


def test_unknown_output_format_exits_2(article: Path) -> None:
    result = run("analyze", str(article), "--format", "pdf")
    assert result.exit_code == 2
    assert "unknown output format" in result.stderr


def test_skip_bad_goes_on_and_reports_the_skipped_line(tmp_path: Path) -> None:
    lines = write(
        tmp_path / "lines.jsonl",
        '{"text": "Officials said the northern bridge would reopen on Friday."}\n'
        '{"text": "broken\n'
        '{"text": "The Pentagon said the naval drill would involve 4,000 sailors."}\n',
    )
    result = run("analyze", str(lines), "--format", "jsonl", "--skip-bad")
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2
    (skipped,) = result.stderr.splitlines()
    assert skipped.startswith("skipped:") and "lines.jsonl:2:" in skipped


def _newstrace_command() -> list[str]:
    script = Path(sys.executable).with_name("newstrace")
    return [str(script)] if script.exists() else [sys.executable, "-m", "newstrace.cli"]


def test_installed_command_analyses_a_file(article: Path, data_dir: Path) -> None:
    done = subprocess.run(
        [*_newstrace_command(), "analyze", str(article), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert set(json.loads(done.stdout)) >= REPORT_KEYS


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    empty = write(tmp_path / "empty.txt", "")
    done = subprocess.run(
        [*_newstrace_command(), "--debug", "analyze", str(empty)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "Traceback (most recent call last)" in done.stderr
    assert "EmptyInputError" in done.stderr


def _opensources_list(tmp_path: Path) -> Path:
    blank = {"type": "", "2nd type": "", "3rd type": "", "Source Notes (things to know?)": ""}
    data = {
        RATED_OUTLET: {**blank, "type": "fake"},
        "fine-gazette.test": {**blank, "type": "reliable"},
    }
    return write(tmp_path / "opensources.json", json.dumps(data))


def test_imported_rating_list_is_listed(tmp_path: Path) -> None:
    imported = run("ratings", "import", str(_opensources_list(tmp_path)))
    assert imported.exit_code == 0, imported.stderr
    assert "imported 2 ratings" in imported.stdout
    listed = run("ratings", "list")
    assert listed.exit_code == 0
    assert listed.stdout.startswith("opensources\t")
    assert "2 domains" in listed.stdout


def test_ratings_list_without_imports_says_how_to_import() -> None:
    result = run("ratings", "list")
    assert result.exit_code == 0
    assert "no rating lists imported" in result.stdout


def test_outlet_rated_fake_gets_the_rating_and_a_lower_score(tmp_path: Path, article: Path) -> None:
    assert run("ratings", "import", str(_opensources_list(tmp_path))).exit_code == 0
    rated = analyze_json(str(article), "--outlet", RATED_OUTLET)
    unrated = analyze_json(str(article), "--outlet", RATED_OUTLET, "--no-ratings")
    assert [(r["list_name"], r["label"]) for r in rated["outlet_ratings"]] == [
        ("opensources", "fake")
    ]
    assert unrated["outlet_ratings"] == []
    assert rated["sourcing"]["score"] < unrated["sourcing"]["score"]
    assert any("rates the article's outlet low" in r for r in rated["sourcing"]["reasons"])
